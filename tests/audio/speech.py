"""A spoken test episode: espeak-ng speech at known times, and its transcripts in 4 formats.

The sentences are in episode.txt beside this file. Each phrase is synthesised on its own
and placed on a timeline with silences between; the episode is encoded as a stereo mp3 at
44.1 kHz (as podcasts are), and the times of the speech are then measured in the decoded
mp3 itself, by where its energy starts and ends: those are the known times the transcripts
are written from and the tests compare with.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
# Each speaker at their own level, so that normalising the clips' loudness has work to do.
LEVELS = {"Ann": 1.0, "Bob": 0.3, "朱亦博": 0.5, "曲凯": 0.7}
PHRASE_GAP = 0.18  # seconds of silence between the phrases of a sentence
SENTENCE_GAPS = (0.9, 1.4, 0.7, 2.0)  # between sentences, in turn
LEAD_IN = 1.5
RATE = 44100
WINDOW = 0.01  # seconds of the energy envelope's windows
QUIET = -40.0  # dB below the loudest window: where speech starts and ends


@dataclass(frozen=True)
class Phrase:
    """A phrase and where its speech is in the episode, in seconds."""

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Sentence:
    """One sentence of one speaker: a cue of the transcripts."""

    speaker: str
    phrases: tuple[Phrase, ...]
    chinese: bool

    @property
    def start(self) -> float:
        return self.phrases[0].start

    @property
    def end(self) -> float:
        return self.phrases[-1].end

    @property
    def text(self) -> str:
        return ("" if self.chinese else " ").join(p.text for p in self.phrases)


@dataclass(frozen=True)
class Episode:
    """The episode's audio file and its sentences at their measured times."""

    audio: Path
    sentences: tuple[Sentence, ...]

    def find(self, words: str) -> tuple[float, float]:
        """Return the times of the phrases spanning `words` (a run of whole phrases)."""
        for s in self.sentences:
            for i in range(len(s.phrases)):
                for j in range(i, len(s.phrases)):
                    run = s.phrases[i:j + 1]
                    if ("" if s.chinese else " ").join(p.text for p in run) == words:
                        return run[0].start, run[-1].end
        for i in range(len(self.sentences)):  # a run of whole sentences
            for j in range(i, len(self.sentences)):
                run = self.sentences[i:j + 1]
                if " ".join(s.text for s in run) == words:
                    return run[0].start, run[-1].end
        raise KeyError(words)


def read_script() -> list[tuple[str, str, list[str]]]:
    """Return the sentences of episode.txt: (speaker, voice, phrases)."""
    lines = (HERE / "episode.txt").read_text(encoding="utf-8").splitlines()
    script = []
    for line in lines:
        if line.strip() and not line.startswith("#"):
            speaker, voice, text = (part.strip() for part in line.split("|"))
            script.append((speaker, voice, [p.strip() for p in text.split(" / ")]))
    return script


def make_episode(folder: Path) -> Episode:
    """Synthesise the episode into `folder`/episode.mp3; return it with its measured times."""
    folder.mkdir(parents=True, exist_ok=True)
    placed: list[tuple[str, bool, list[tuple[float, float, str]]]] = []
    pieces: list[np.ndarray] = [np.zeros(int(LEAD_IN * 22050), np.float32)]
    t = LEAD_IN
    for n, (speaker, voice, phrases) in enumerate(read_script()):
        chinese = voice.startswith("cmn")
        spans = []
        for k, phrase in enumerate(phrases):
            samples, rate = synthesise(phrase, voice, folder / f"s{n}-{k}.wav")
            first, last = speech_bounds(samples, rate)
            speech = samples[int(first * rate):int(last * rate)] * LEVELS[speaker]
            spans.append((t, t + len(speech) / rate, phrase))
            pieces.append(speech)
            t += len(speech) / rate
            gap = PHRASE_GAP if k < len(phrases) - 1 else SENTENCE_GAPS[n % len(SENTENCE_GAPS)]
            pieces.append(np.zeros(int(gap * rate), np.float32))
            t += int(gap * rate) / rate
        placed.append((speaker, chinese, spans))
    audio = folder / "episode.mp3"
    write_mp3(np.concatenate(pieces), 22050, audio)
    # the known times: measured in the decoded mp3, near where each phrase was put
    decoded, rate = decode(audio)
    sentences = []
    for speaker, chinese, spans in placed:
        phrases = []
        for start, end, text in spans:
            lo, hi = int((start - 0.09) * rate), int((end + 0.09) * rate)
            first, last = speech_bounds(decoded[lo:hi], rate)
            phrases.append(Phrase(round(lo / rate + first, 3), round(lo / rate + last, 3), text))
        sentences.append(Sentence(speaker, tuple(phrases), chinese))
    return Episode(audio, tuple(sentences))


def synthesise(text: str, voice: str, path: Path) -> tuple[np.ndarray, int]:
    """Speak `text` with espeak-ng into a WAV file; return its samples (float) and rate."""
    if voice.startswith("cmn"):
        from pypinyin import Style, lazy_pinyin

        text = " ".join(lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True,
                                    errors="ignore"))
    subprocess.run(["espeak-ng", "-v", voice, "-s", "165", "-w", str(path), text], check=True)
    with wave.open(str(path), "rb") as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1
        data = np.frombuffer(w.readframes(w.getnframes()), np.int16)
        return data.astype(np.float32) / 32768, w.getframerate()


def write_mp3(samples: np.ndarray, rate: int, path: Path) -> None:
    """Encode mono samples as a 44.1 kHz stereo mp3, as a podcast is published."""
    import av

    frame = av.AudioFrame.from_ndarray(samples[None, :], format="flt", layout="mono")
    frame.sample_rate = rate
    resampler = av.AudioResampler(format="fltp", layout="stereo", rate=RATE)
    with av.open(str(path), "w", format="mp3") as out:
        stream = out.add_stream("libmp3lame", rate=RATE, layout="stereo")
        stream.bit_rate = 128_000
        for converted in [*resampler.resample(frame), *resampler.resample(None)]:
            converted.pts = None
            out.mux(stream.encode(converted))
        out.mux(stream.encode(None))


def decode(path: Path) -> tuple[np.ndarray, int]:
    """Return the samples of an audio file, mixed down to mono float, and its rate."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=stream.rate)
        chunks = [f.to_ndarray().reshape(-1) for frame in container.decode(stream)
                  for f in resampler.resample(frame)]
        chunks += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
        return np.concatenate(chunks), stream.rate


def channels(path: Path) -> int:
    import av

    with av.open(str(path)) as container:
        return container.streams.audio[0].channels


def envelope(samples: np.ndarray, rate: int) -> np.ndarray:
    """Return the RMS level of each WINDOW of the samples, in dB."""
    size = max(int(WINDOW * rate), 1)
    count = len(samples) // size
    frames = samples[:count * size].reshape(count, size).astype(np.float64)
    return 10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-12)


def speech_bounds(samples: np.ndarray, rate: int) -> tuple[float, float]:
    """Return where the speech energy starts and ends, in seconds from the samples' start.

    Speech is every window within QUIET dB of the loudest one.
    """
    levels = envelope(samples, rate)
    loud = np.nonzero(levels >= levels.max() + QUIET)[0]
    return loud[0] * WINDOW, (loud[-1] + 1) * WINDOW


def loudness(path: Path) -> tuple[float, float]:
    """Return a file's integrated loudness (LUFS) and true peak (dBTP), by FFmpeg's ebur128.

    Measured here with its own filter graph, apart from quiz.clips, which it checks.
    """
    import av
    import av.filter

    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        graph = av.filter.Graph()
        nodes = [graph.add_abuffer(template=stream),
                 graph.add("ebur128", "metadata=1:peak=true"), graph.add("abuffersink")]
        nodes[0].link_to(nodes[1])
        nodes[1].link_to(nodes[2])
        graph.configure()
        found: dict[str, str] = {}

        def drain() -> None:
            while True:
                try:
                    found.update(graph.pull().metadata)
                except (av.BlockingIOError, av.EOFError):
                    return

        for frame in container.decode(stream):
            graph.push(frame)
            drain()
        graph.push(None)
        drain()
    peak = float(found["lavfi.r128.true_peak"])
    return float(found["lavfi.r128.I"]), 20 * np.log10(max(peak, 1e-9))


# ---- transcripts, written from the known times ------------------------------------------
# As a person or a recogniser times a transcript: a little off, one way or the other (up to
# 0.12 s at cue bounds, 0.05 s at words), the same way on every run.

def _off(n: int, most: float) -> float:
    return ((n * 7919) % 13 - 6) / 6 * most


def cue_times(episode: Episode) -> list[tuple[float, float]]:
    """Return the start and end each transcript gives each sentence."""
    return [(round(max(s.start + _off(2 * n, 0.12), 0), 3), round(s.end + _off(2 * n + 1, 0.12), 3))
            for n, s in enumerate(episode.sentences)]


def _stamp(seconds: float, comma: bool = False) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{',' if comma else '.'}{ms:03d}"


def write_vtt(episode: Episode, path: Path) -> Path:
    cues = [f"{n}\n{_stamp(start)} --> {_stamp(end)}\n<v {s.speaker}>{s.text}"
            for n, (s, (start, end)) in enumerate(zip(episode.sentences, cue_times(episode)), 1)]
    path.write_text("WEBVTT\n\n" + "\n\n".join(cues) + "\n", encoding="utf-8")
    return path


def write_srt(episode: Episode, path: Path) -> Path:
    cues = [f"{n}\n{_stamp(start, True)} --> {_stamp(end, True)}\n{s.text}"
            for n, (s, (start, end)) in enumerate(zip(episode.sentences, cue_times(episode)), 1)]
    path.write_text("\n\n".join(cues) + "\n", encoding="utf-8")
    return path


def write_podcasting_json(episode: Episode, path: Path) -> Path:
    segments = [{"speaker": s.speaker, "startTime": start, "endTime": end, "body": s.text}
                for s, (start, end) in zip(episode.sentences, cue_times(episode))]
    path.write_text(json.dumps({"version": "1.0.0", "segments": segments},
                               ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def word_times(episode: Episode) -> list[list[tuple[float, float]]]:
    """Return the start and end the Whisper transcript gives each phrase of each sentence."""
    times, n = [], 0
    for s in episode.sentences:
        times.append([(round(p.start + _off(n, 0.05), 3), round(p.end + _off(n + 1, 0.05), 3))
                      for p in s.phrases])
        n += 2
    return times


def write_whisper_json(episode: Episode, path: Path) -> Path:
    segments = []
    for n, (s, times) in enumerate(zip(episode.sentences, word_times(episode))):
        space = "" if s.chinese else " "
        words = [{"word": space + p.text, "start": start, "end": end, "probability": 0.9}
                 for p, (start, end) in zip(s.phrases, times)]
        segments.append({"id": n, "start": times[0][0], "end": times[-1][1],
                         "text": space + s.text, "words": words})
    text = "".join(seg["text"] for seg in segments)  # type: ignore[misc]
    path.write_text(json.dumps({"text": text, "segments": segments, "language": "en"},
                               ensure_ascii=False, indent=2), encoding="utf-8")
    return path


WRITERS = {"vtt": write_vtt, "srt": write_srt, "podcasting-json": write_podcasting_json,
           "whisper-json": write_whisper_json}


_shared: dict[str, Episode] = {}


def shared_episode(factory: object) -> Episode:
    """Return the episode made once per test session (`factory`: pytest's tmp_path_factory).

    Without espeak-ng the tests that hear it are skipped, but fail on CI.
    """
    if shutil.which("espeak-ng") is None:
        import pytest

        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("espeak-ng is not installed, and CI must run the audio tests")
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng); CI runs these tests")
    if "episode" not in _shared:
        _shared["episode"] = make_episode(factory.mktemp("episode"))  # type: ignore[attr-defined]
    return _shared["episode"]


def transcode(source: Path, target: Path, codec: str) -> Path:
    """Write `source` again as `target` with `codec` (pcm_s16le for WAV, aac for m4a)."""
    samples, rate = decode(source)
    import av

    frame = av.AudioFrame.from_ndarray(np.stack([samples, samples]), format="fltp",
                                       layout="stereo")
    frame.sample_rate = rate
    with av.open(str(target), "w") as out:
        stream = out.add_stream(codec, rate=rate, layout="stereo")
        for chunk in av.AudioResampler(format=stream.format.name, layout="stereo",
                                       rate=rate, frame_size=stream.frame_size or 1024
                                       ).resample(frame) + [None]:  # type: ignore[operator]
            if chunk is not None:
                chunk.pts = None
            out.mux(stream.encode(chunk))
    return target
