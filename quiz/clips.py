"""Cut each quote's clip out of the episode's audio: padded, faded, mono, at one loudness, mp3.

PyAV (FFmpeg, bundled in its wheel) does the work and is imported only here, inside the
functions, so that commands without audio never load it. Clips are cached in the user's
cache directory by the audio's content, the span and the settings: a rebuild with the same
audio and times encodes nothing.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import shutil
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import QuizError
from .files import replacing, write_text
from .model import MAX_QUOTE

if TYPE_CHECKING:
    from av.audio.frame import AudioFrame
    from av.audio.stream import AudioStream
    from av.container import InputContainer

# Bump when the way a clip is made changes, so that cached clips are made again.
CACHE_VERSION = 1
# Anki keeps media names to 120 bytes (rslib's media file name rules).
MAX_NAME_BYTES = 120
_SAFE_PUNCTUATION = "-_.()"
# A clip is held in memory while it is measured: a span longer than a quote may last (the
# content checks refuse one) is a mistake.
MAX_SPAN = float(MAX_QUOTE)
# libmp3lame scales what it encodes by 0.95 (measured: -0.445 dB at every frequency, rate
# and -q), so a clip is made this much louder, and its ceiling higher, before it.
_ENCODER_GAIN = 20 * math.log10(0.95)
# Decoding starts this long before a clip: an mp3 frame leans on the ones before it (the
# bit reservoir), and a seek lands on a packet, not on a sample.
_PREROLL = 0.5


class AudioError(QuizError):
    """The audio file cannot be used: missing, unreadable, not audio, or too short for a
    quote. `quote` is the quote whose clip could not be cut (its message names it too)."""

    def __init__(self, file: str | Path, message: str, quote: str | None = None) -> None:
        self.file, self.quote = str(file), quote
        super().__init__(f"{file}: {message}")


def _the_quote(quote: str | None) -> str:
    return f"the quote '{quote}'" if quote is not None else "the quote"


@dataclass(frozen=True, slots=True)
class ClipSettings:
    """How a clip is made; every field is part of the cache key."""

    pad: float = 0.25  # seconds of audio kept before and after the span
    fade: float = 0.06  # seconds of fade in and out, inside the padding
    loudness: float = -16.0  # LUFS integrated: what podcast platforms aim at
    ceiling: float = -1.0  # dBFS: no sample goes above (a limiter holds the peaks)
    max_gain: float = 30.0  # dB: a clip of near silence is not raised to a roar
    # mp3, which every Anki client plays (not ogg or opus), of mono speech at 24 kHz, the
    # rate of the speech services Anki's TTS add-ons use: sound up to 12 kHz, for half the
    # encoding of 44.1 kHz
    rate: int = 24_000
    bitrate: int = 64_000
    quality: int = 7  # LAME's -q (0 best, 9 fastest): 7 is no worse for speech (bench/README.md)


def clip_name(episode_id: str, quote_id: str) -> str:
    """Return the media file name of a quote's clip, as Anki keeps media names.

    NFC, only letters, digits and `-_.()` (anything else becomes `-`), at most 120 bytes
    with `.mp3`; a name cut short ends in a hash of the whole, so names stay distinct.
    """
    raw = f"{episode_id}_{quote_id}"
    stem = "".join(c if c.isalnum() or c in _SAFE_PUNCTUATION else "-"
                   for c in unicodedata.normalize("NFC", raw)).strip(".") or "clip"
    limit = MAX_NAME_BYTES - len(".mp3")
    if len(stem.encode("utf-8")) > limit:
        tag = "-" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:10]
        stem = stem.encode("utf-8")[:limit - len(tag)].decode("utf-8", "ignore") + tag
    return stem + ".mp3"


def cache_dir(cache: str | Path | None = None) -> Path:
    """Return the cache folder: `cache`, else $QUIZ_CACHE, else the user's cache directory."""
    if cache is not None:
        return Path(cache)
    if os.environ.get("QUIZ_CACHE"):
        return Path(os.environ["QUIZ_CACHE"])
    import platformdirs

    return Path(platformdirs.user_cache_dir("quiz"))


def make_clips(audio: str | Path, spans: Mapping[str, tuple[float, float]], episode_id: str,
               settings: ClipSettings = ClipSettings(),
               cache: str | Path | None = None) -> dict[str, Path]:
    """Return each quote's clip, `{quote id: path}`, for `spans` `{quote id: (start, end)}`.

    The clips are files in the cache, each named `clip_name(episode_id, quote id)`; only
    those not already there are cut and encoded, so a rebuild with the same audio, spans
    and settings encodes nothing. Raise AudioError, naming the file, when the audio is
    missing, unreadable or not audio, when a quote starts after it ends, and for a span
    that is no quote's (an end before its start, longer than MAX_SPAN); the error names
    the quote.
    """
    audio = Path(audio)
    for quote, (start, end) in spans.items():
        _check_span(audio, start, end, quote)
    root = cache_dir(cache)
    digest = audio_digest(audio, root)
    paths, todo = {}, []
    for quote, (start, end) in spans.items():
        folder = root / "clips" / _clip_key(digest, start, end, settings)
        path = paths[quote] = folder / clip_name(episode_id, quote)
        if not path.exists():
            todo.append((start, end, quote, path))
    if todo:
        with _open_audio(audio):  # one clear error for a bad file, before any work starts
            pass
        # PyAV lets go of the GIL while it decodes, filters and encodes, so the clips are
        # cut on every core at once. Each core takes a stretch of the episode and reads it
        # with one opening of the file, from its start on: an mp3 without an index is
        # sought by reading its frames up to the time asked for (as the ffmpeg program
        # does on each run), so a reader that only goes forward reads its stretch once.
        jobs = sorted(todo)
        size = -(-len(jobs) // min(len(jobs), _cores()))
        stretches = [jobs[i:i + size] for i in range(0, len(jobs), size)]

        def cut(stretch: list[tuple[float, float, str, Path]]) -> None:
            _make_clips_in_order(audio, stretch, settings)

        with ThreadPoolExecutor(max_workers=len(stretches)) as pool:
            for _ in pool.map(cut, stretches):  # raises the first error of any clip
                pass
    return paths


def cut_clip(audio: str | Path, start: float, end: float, out: str | Path,
             settings: ClipSettings = ClipSettings()) -> Path:
    """Write the clip of `audio` from `start` to `end` (seconds) to `out`, an mp3; return it.

    Only the span (and a little before it) is decoded. The clip is padded, faded in and
    out, mixed down to mono, brought to the settings' loudness with its peaks limited, and
    written whole or not at all. Raise AudioError, naming the file, on bad audio.
    """
    audio = Path(audio)
    _check_span(audio, start, end)
    with _open_audio(audio) as (container, stream), replacing(out) as tmp:
        _cut(container, stream, audio, start, end, tmp, settings)
    return Path(out)


def measure_loudness(path: str | Path) -> float:
    """Return the integrated loudness of an audio file in LUFS (EBU R128, FFmpeg's ebur128)."""
    with _open_audio(Path(path)) as (container, stream):
        frames = (f for packet in container.demux(stream) for f in packet.decode())
        _, loudness = _filter(frames, [("ebur128", "metadata=1")], keep=False)
    return loudness


def audio_digest(audio: Path, cache: Path) -> str:
    """Return the SHA-256 of the audio file's content, remembered by its size and mtime.

    Hashing a 2-hour episode takes a fraction of a second; the memo makes a rebuild skip
    even that, and a changed file (another size or mtime) is hashed again.
    """
    try:
        stat = audio.stat()
    except OSError as e:
        raise AudioError(audio, f"cannot read the audio file: {e.strerror}") from e
    who = f"{audio.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}"
    memo = cache / "digests" / hashlib.sha256(who.encode("utf-8")).hexdigest()
    try:
        known = memo.read_text(encoding="ascii").strip()
        if len(known) == 64:
            return known
    except (OSError, UnicodeDecodeError):
        pass
    digest = hashlib.sha256()
    try:
        with open(audio, "rb") as f:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
    except OSError as e:
        raise AudioError(audio, f"cannot read the audio file: {e.strerror}") from e
    memo.parent.mkdir(parents=True, exist_ok=True)
    write_text(memo, digest.hexdigest() + "\n")
    return digest.hexdigest()


def _check_span(audio: Path, start: float, end: float, quote: str | None = None) -> None:
    if not (math.isfinite(start) and math.isfinite(end) and 0 <= start < end
            and end - start <= MAX_SPAN):
        raise AudioError(audio, f"{_the_quote(quote)} is no clip: a clip needs 0 <= start < "
                                f"end, at most {MAX_SPAN:.0f} s long, not {start}-{end}", quote)


def _make_clips_in_order(audio: Path, jobs: list[tuple[float, float, str, Path]],
                         settings: ClipSettings) -> None:
    """Cut the clips `(start, end, quote, path)`, in time order, from one opening of `audio`."""
    with _open_audio(audio) as (container, stream):
        for start, end, quote, path in jobs:
            path.parent.mkdir(parents=True, exist_ok=True)
            # the same span of the same audio under another name is a copy, not an encode
            twin = next((p for p in path.parent.glob("*.mp3") if p != path), None)
            with replacing(path) as tmp:
                if twin is not None:
                    shutil.copyfile(twin, tmp)
                else:
                    _cut(container, stream, audio, start, end, tmp, settings, quote)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use
    except AttributeError:  # not on macOS or Windows
        return os.cpu_count() or 1


def _clip_key(digest: str, start: float, end: float, settings: ClipSettings) -> str:
    what = {"version": CACHE_VERSION, "audio": digest, "start": round(start, 3),
            "end": round(end, 3), "settings": asdict(settings)}
    return hashlib.sha256(json.dumps(what, sort_keys=True).encode("utf-8")).hexdigest()[:32]


@contextmanager
def _open_audio(audio: Path) -> Iterator[tuple[InputContainer, AudioStream]]:
    try:
        import av
    except ImportError:  # an optional extra: a base install reads no audio
        raise AudioError(audio, "reading audio needs PyAV: run pip install '.[audio]' in the "
                                "folder of quiz's source (PyAV's wheel bundles FFmpeg)") from None

    if not audio.is_file():
        raise AudioError(audio, "no such audio file" if not audio.exists() else "not a file")
    try:
        container = av.open(str(audio), "r")
    except (av.FFmpegError, OSError) as e:
        raise AudioError(audio, f"not an audio file FFmpeg can read ({_reason(e)})") from e
    with container:
        if not container.streams.audio:
            raise AudioError(audio, f"no audio in it (FFmpeg reads it as "
                                    f"{container.format.name})")
        yield container, container.streams.audio[0]


def _cut(container: InputContainer, stream: AudioStream, audio: Path, start: float,
         end: float, out: Path, settings: ClipSettings, quote: str | None = None) -> None:
    """Decode the padded span, make it one loudness, and encode it to `out`."""
    duration = _duration(container, stream)
    if duration is not None and start >= duration:
        raise AudioError(audio, f"{_the_quote(quote)} starts at {start:.2f} s, after the end "
                                f"of the audio ({duration:.2f} s)", quote)
    lo = max(start - settings.pad, 0.0)
    hi = end + settings.pad if duration is None else min(end + settings.pad, duration)
    # a player counts time from the stream's first sample, which need not be at pts 0
    origin = _origin(stream)
    frames = _decode_span(container, stream, audio, lo, hi, origin, quote)
    # trimmed and mono, measured on the way (ebur128 passes the audio through)
    frames, measured = _filter(frames, [
        ("atrim", f"start={origin + lo}:end={origin + hi}"), ("asetpts", "PTS-STARTPTS"),
        ("aformat", f"sample_fmts=fltp:channel_layouts=mono:sample_rates={settings.rate}"),
        ("ebur128", "metadata=1")])
    if not frames:  # the file said it was longer than it is: cut short, or damaged
        raise AudioError(audio, f"the audio ends before {_the_quote(quote)} at {start:.2f} s",
                         quote)
    length = sum(f.samples for f in frames) / frames[0].sample_rate
    fades = [("afade", f"t=in:d={settings.fade}"),
             ("afade", f"t=out:st={max(length - settings.fade, 0)}:d={settings.fade}")]
    _encode(_normalise(frames, measured, fades, settings), out, settings)


def _normalise(frames: list[AudioFrame], measured: float, fades: list[tuple[str, str]],
               settings: ClipSettings) -> list[AudioFrame]:
    """Return the frames at the settings' loudness, peaks held under the ceiling, faded.

    A limiter takes some loudness off the peaks it holds down, so the gain is corrected
    by what is measured after it, until it lands within half a LU (twice at most; speech
    that is mostly peaks needs it, a mastered podcast seldom does).
    """
    silent = not math.isfinite(measured) or measured <= -70  # nothing to bring up
    target = settings.loudness - _ENCODER_GAIN
    gain = 0.0 if silent else min(target - measured, settings.max_gain)
    ceiling = 10 ** ((settings.ceiling - _ENCODER_GAIN) / 20)
    for _ in range(3):
        # alimiter: `level=0` keeps it from raising the result to 0 dBFS on its own;
        # `latency=1` takes out the delay of its look-ahead, so the clip stays in time
        out, after = _filter(frames, [
            ("volume", f"{gain:.3f}dB"),
            ("alimiter", f"limit={ceiling:.4f}:level=0:latency=1"),
            *fades, ("ebur128", "metadata=1")])
        if silent or not math.isfinite(after) or abs(after - target) <= 0.5 \
                or gain >= settings.max_gain:
            break
        gain = min(gain + target - after, settings.max_gain)
    return out


def _decode_span(container: InputContainer, stream: AudioStream, audio: Path, lo: float,
                 hi: float, origin: float, quote: str | None) -> list[AudioFrame]:
    import av

    assert stream.time_base is not None
    try:
        container.seek(max(int((origin + lo - _PREROLL) / stream.time_base), 0), stream=stream)
        frames: list[AudioFrame] = []
        bad = 0
        for packet in container.demux(stream):  # its last packet flushes the decoder
            try:
                decoded = packet.decode()
            except av.InvalidDataError:
                bad += 1  # a damaged frame is skipped, as players do
                continue
            frames += decoded
            if decoded and decoded[-1].time is not None and decoded[-1].time > origin + hi:
                break
    except (av.FFmpegError, OSError) as e:
        raise AudioError(audio, f"cannot decode the audio near {lo:.2f} s, for "
                                f"{_the_quote(quote)}: damaged, or not audio (FFmpeg: "
                                f"{_reason(e)})", quote) from e
    if not frames:
        why = f"damaged frames: {bad}" if bad else "no audio there"
        raise AudioError(audio, f"cannot decode the audio near {lo:.2f} s, for "
                                f"{_the_quote(quote)} ({why})", quote)
    return frames


def _filter(frames: Iterable[AudioFrame], chain: list[tuple[str, str]],
            keep: bool = True) -> tuple[list[AudioFrame], float]:
    """Run frames through a chain of FFmpeg audio filters; return them and the loudness.

    The loudness is ebur128's integrated figure after the last frame, when the chain
    has an ebur128 (which passes the audio through); else -inf. With `keep` false the
    frames are measured and dropped, not returned.
    """
    import av
    import av.filter

    frames = iter(frames)
    first = next(frames, None)
    if first is None:
        return [], -math.inf
    graph = av.filter.Graph()
    nodes = [graph.add_abuffer(format=first.format.name, sample_rate=first.sample_rate,
                               layout=first.layout.name, time_base=first.time_base)]
    nodes += [graph.add(name, args) for name, args in chain]
    if any(name == "ebur128" for name, _ in chain):
        nodes.append(graph.add("aformat", "sample_fmts=fltp"))  # ebur128 gives doubles
    nodes.append(graph.add("abuffersink"))
    for a, b in itertools.pairwise(nodes):
        a.link_to(b)
    graph.configure()
    out: list[AudioFrame] = []
    loudness = -math.inf

    def drain() -> None:
        nonlocal loudness
        while True:
            try:
                frame = graph.pull()
            except (av.BlockingIOError, av.EOFError):
                return
            assert isinstance(frame, av.AudioFrame)
            value = frame.metadata.get("lavfi.r128.I")
            if value is not None:
                loudness = float(value)
            if keep:
                out.append(frame)

    for frame in itertools.chain([first], frames):
        graph.push(frame)
        drain()
    graph.push(None)
    drain()
    return out, loudness


def _encode(frames: list[AudioFrame], out: Path, settings: ClipSettings) -> None:
    import av

    with av.open(str(out), "w", format="mp3") as container:
        stream = container.add_stream("libmp3lame", rate=frames[0].sample_rate, layout="mono",
                                      options={"compression_level": str(settings.quality)})
        stream.bit_rate = settings.bitrate
        stream.format = "fltp"  # what the filters give: no conversion before the encoder
        for frame in frames:
            frame.pts = None  # the encoder counts samples itself
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))


def _origin(stream: AudioStream) -> float:
    if stream.start_time is None or stream.time_base is None:
        return 0.0
    return float(stream.start_time * stream.time_base)


def _duration(container: InputContainer, stream: AudioStream) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / 1_000_000  # av.time_base: microseconds
    return None


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error)
