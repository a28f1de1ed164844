"""Measure the clips of an episode: 100 quotes in 2 hours of audio.

  A   `make_clips` in a fresh process with an empty cache: the first build
  A'  the same with the cache it filled: a rebuild (target: at most a tenth of A)
  B   the `ffmpeg` program cutting and encoding the same clips (mono mp3, 24 kHz, 64 kb/s,
      LAME -q 7, as quiz makes them), one process each, as a script calling it would
      (target: A at most B); B+ the same with fades, a gain and a limiter in its filter
      graph, the nearest ffmpeg comes in one pass to what A does

Runs alternate (A, B, B+, A', A, B, …), each a fresh process (B: 100 of them), and the
ratios are medians. The episode (espeak-ng speech tiled with silence, a 44.1 kHz stereo
mp3 at 128 kb/s, as podcasts are published) is made once into --work and kept there.
Alignment is timed too (not a ratio): 100 quotes over a transcript of 2 hours, by cues
and by words.

    python bench/clips.py                 # 3 pairs of runs, about 5 minutes here
    python bench/clips.py --pairs 5 --work /tmp/clips-bench
Needs Debian's ffmpeg for B (`apt-get install ffmpeg`; quiz itself never uses it).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Self

import numpy as np

HOURS = 2.0
QUOTES = 100
RATE = 44100
SENTENCES = [
    ("en-us", "It is like the plumber of the early internet. Quiet, but nothing runs "
              "without it."),
    ("en+f3", "So where does a newcomer start today, when the big companies own the "
              "hardware?"),
    ("en-us", "Go to a big company first, see how the hard systems are really built, and "
              "then start your own."),
    ("en+f3", "Build the rocket and sell the tickets at the same time."),
]


def make_episode(path: Path) -> float:
    """Write HOURS of speech and silence to `path` as mp3; return its length in seconds."""
    import av

    with tempfile.TemporaryDirectory() as tmp:
        pieces = []
        for n, (voice, text) in enumerate(SENTENCES):
            wav = Path(tmp) / f"{n}.wav"
            subprocess.run(["espeak-ng", "-v", voice, "-w", str(wav), text], check=True)
            with av.open(str(wav)) as container:
                pieces += [f.to_ndarray().reshape(-1).astype(np.float32) / 32768
                           for f in container.decode(audio=0)]
                pieces.append(np.zeros(22050 * 2, np.float32))  # two seconds of silence
    block = np.concatenate(pieces)
    blocks = int(HOURS * 3600 * 22050 / len(block)) + 1
    resampler = av.AudioResampler(format="fltp", layout="stereo", rate=RATE)
    with av.open(str(path), "w", format="mp3") as out:
        stream = out.add_stream("libmp3lame", rate=RATE, layout="stereo")
        stream.bit_rate = 128_000
        for _ in range(blocks):
            frame = av.AudioFrame.from_ndarray(block[None, :], format="flt", layout="mono")
            frame.sample_rate = 22050
            for chunk in resampler.resample(frame):
                chunk.pts = None
                out.mux(stream.encode(chunk))
        out.mux(stream.encode(None))
    return blocks * len(block) / 22050


def spans(duration: float) -> dict[str, tuple[float, float]]:
    """Return 100 spans of 4 to 20 s spread over the episode, the same on every run."""
    rng = random.Random(42)
    step = (duration - 30) / QUOTES
    starts = [n * step + rng.uniform(0, step / 2) for n in range(QUOTES)]
    return {f"q{n:03d}": (round(start, 2), round(start + rng.uniform(4, 20), 2))
            for n, start in enumerate(starts)}


QUIZ = """\
import json, sys
from quiz.clips import make_clips
spans = {{k: tuple(v) for k, v in json.load(open({spans!r})).items()}}
make_clips({audio!r}, spans, "bench-ep", cache={cache!r})
"""


class Timer:
    """The wall-clock and CPU time (of the children, on all cores) of a block."""

    def __enter__(self) -> Self:
        self.wall = time.perf_counter()
        self.cpu = self._children()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = self._children() - self.cpu

    @staticmethod
    def _children() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime


def run_quiz(audio: Path, spans_file: Path, cache: Path) -> Timer:
    code = QUIZ.format(spans=str(spans_file), audio=str(audio), cache=str(cache))
    with Timer() as timer:
        subprocess.run([sys.executable, "-c", code], check=True)
    return timer


def run_ffmpeg(audio: Path, clip_spans: dict[str, tuple[float, float]], out: Path,
               filters: bool) -> Timer:
    """Cut and encode every clip with one ffmpeg process each; time them all."""
    out.mkdir(exist_ok=True)
    with Timer() as timer:
        for quote, (at, end) in clip_spans.items():
            _ffmpeg(audio, at, end, out / f"{quote}.mp3", filters)
    return timer


def _ffmpeg(audio: Path, at: float, end: float, out: Path, filters: bool) -> None:
    lo = max(at - 0.25, 0)
    length = end + 0.25 - lo
    chain = ["-af", f"afade=t=in:d=0.06,volume=6dB,alimiter=limit=0.891:level=0:latency=1,"
                    f"afade=t=out:st={length - 0.06:.3f}:d=0.06"] if filters else []
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-ss", f"{lo:.3f}", "-t", f"{length:.3f}",
                    "-i", str(audio), "-ac", "1", "-ar", "24000", *chain, "-c:a", "libmp3lame",
                    "-b:a", "64k", "-compression_level", "7", str(out)], check=True)


def time_alignment() -> dict[str, float]:
    """Time align() for 100 quotes over 2 hours of transcript, by cues and by words."""
    from quiz.align import align
    from quiz.transcript import Cue, Transcript, Word

    source = Path("/usr/share/common-licenses/GPL-3")
    text = source.read_text() if source.exists() else " ".join(t for _, t in SENTENCES) * 200
    words = re.sub(r"\s+", " ", text).split()
    pace = HOURS * 3600 / len(words)  # the words spread over the two hours
    by_cues, by_words = [], []
    for i in range(0, len(words), 12):
        chunk = words[i:i + 12]
        timed = tuple(Word((i + k) * pace, (i + k + 0.8) * pace, " " + w)
                      for k, w in enumerate(chunk))
        by_cues.append(Cue(timed[0].start, timed[-1].end, " ".join(chunk)))
        by_words.append(Cue(timed[0].start, timed[-1].end, " ".join(chunk), None, timed))
    rng = random.Random(7)
    quotes = []
    for n in range(QUOTES):
        first = rng.randrange(len(words) - 30)
        quote = words[first:first + rng.randint(8, 25)]
        if n % 3 == 0:  # a paraphrase: a word dropped, one changed
            del quote[len(quote) // 2]
            quote[0] = quote[0].upper()
        quotes.append((f"q{n}", " ".join(quote), None))
    figures = {"characters": float(sum(len(w) for w in words))}
    for name, cues in (("cues", by_cues), ("words", by_words)):
        transcript = Transcript("bench", "whisper-json", tuple(cues))
        times = []
        for _ in range(3):
            start = time.perf_counter()
            found = align(quotes, transcript)
            times.append(time.perf_counter() - start)
        figures[name] = statistics.median(times)
        figures[f"{name} matched"] = sum(a.matched for a in found)
    return figures


def compare_quality(audio: Path) -> list[tuple[int, float, float]]:
    """Encode 60 s of the episode's speech as the clips are, at LAME -q 2, 5 and 7.

    Return (q, the seconds it took, the signal-to-noise ratio of the decoded mp3 in dB):
    what -q 7 (quiz's choice) gives up against LAME's default 5 and its careful 2.
    """
    import av

    with av.open(str(audio)) as container:
        container.seek(600 * 1_000_000)
        resampler = av.AudioResampler(format="fltp", layout="mono", rate=24_000)
        chunks = []
        for frame in container.decode(audio=0):
            chunks += [f.to_ndarray()[0] for f in resampler.resample(frame)]
            if sum(map(len, chunks)) >= 60 * 24_000:
                break
    speech = np.concatenate(chunks)[:60 * 24_000].astype(np.float32)
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        for quality in (2, 5, 7):
            out = Path(tmp) / f"q{quality}.mp3"
            start = time.perf_counter()
            with av.open(str(out), "w", format="mp3") as container:
                stream = container.add_stream("libmp3lame", rate=24_000, layout="mono",
                                              options={"compression_level": str(quality)})
                stream.bit_rate = 64_000
                frame = av.AudioFrame.from_ndarray(speech[None, :], format="fltp",
                                                   layout="mono")
                frame.sample_rate = 24_000
                container.mux(stream.encode(frame))
                container.mux(stream.encode(None))
            took = time.perf_counter() - start
            with av.open(str(out)) as container:
                decoded = np.concatenate([f.to_ndarray()[0] for f in container.decode(audio=0)])
            n = min(len(speech), len(decoded))
            noise = speech[:n] - decoded[:n]
            snr = 10 * np.log10(np.sum(speech[:n] ** 2) / np.sum(noise ** 2))
            figures.append((quality, took, float(snr)))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=3, help="rounds of runs (default 3)")
    parser.add_argument("--work", type=Path, help="keep the episode here (default: a temp dir)")
    args = parser.parse_args()
    if shutil.which("ffmpeg") is None:
        sys.exit("the yardstick needs the ffmpeg program: apt-get install ffmpeg")
    work = args.work or Path(tempfile.mkdtemp(prefix="quiz-clips-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        audio = work / "episode.mp3"
        if not audio.exists():
            start = time.perf_counter()
            make_episode(audio)
            print(f"made {audio} in {time.perf_counter() - start:.0f} s")
        import av

        with av.open(str(audio)) as container:
            duration = (container.duration or 0) / 1_000_000
        clip_spans = spans(duration)
        spans_file = work / "spans.json"
        spans_file.write_text(json.dumps(clip_spans))
        print(f"{duration / 3600:.2f} h of audio, {audio.stat().st_size / 2**20:.0f} MB, "
              f"{len(clip_spans)} clips of {min(e - s for s, e in clip_spans.values()):.0f}-"
              f"{max(e - s for s, e in clip_spans.values()):.0f} s; "
              f"{platform.machine()}, Python {platform.python_version()}")
        first, rebuild, plain, filtered = [], [], [], []
        for n in range(args.pairs):
            cache = work / f"cache-{n}"
            shutil.rmtree(cache, ignore_errors=True)
            first.append(run_quiz(audio, spans_file, cache))
            plain.append(run_ffmpeg(audio, clip_spans, work / "ffmpeg", filters=False))
            filtered.append(run_ffmpeg(audio, clip_spans, work / "ffmpeg+", filters=True))
            rebuild.append(run_quiz(audio, spans_file, cache))
            shutil.rmtree(cache)
            print(f"  round {n + 1}: " + ", ".join(
                f"{name} {t.wall:.2f} s (cpu {t.cpu:.2f} s)" for name, t in (
                    ("first build", first[-1]), ("rebuild", rebuild[-1]),
                    ("ffmpeg", plain[-1]), ("ffmpeg with filters", filtered[-1]))))

        def ratio(a: list[Timer], b: list[Timer]) -> str:
            wall = statistics.median(x.wall / y.wall for x, y in zip(a, b, strict=True))
            cpu = statistics.median(x.cpu / y.cpu for x, y in zip(a, b, strict=True))
            return f"{wall:6.3f}  cpu {cpu:6.3f}"

        print(f"first build / ffmpeg               {ratio(first, plain)}  (target <= 1)")
        print(f"first build / ffmpeg with filters  {ratio(first, filtered)}")
        print(f"rebuild / first build              {ratio(rebuild, first)}  (target <= 0.1)")
        for quality, took, snr in compare_quality(audio):
            print(f"LAME -q {quality}: 60 s of speech encoded in {took:.3f} s, SNR {snr:.1f} dB")
        figures = time_alignment()
        print(f"align 100 quotes over {figures['characters']:.0f} characters: "
              f"{figures['cues']:.3f} s by cues ({figures['cues matched']:.0f} matched), "
              f"{figures['words']:.3f} s by words ({figures['words matched']:.0f} matched)")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
