"""Time the listing commands on a quote that is one unbroken word, against `quiz check`.

Wrapping a line used to be quadratic in the length of one word (issue 15, B4: `quiz quotes`
took 7.8 s at 50,000 characters, 111 s at 200,000). This measures, for words of the given
lengths, `quiz check`, `quiz quotes`, `quiz timeline` and `quiz cards` on a content file
holding one such quote (each the median of fresh subprocesses, alternating), and
`quiz.layout.wrap` alone against reading the word from disk.

    python bench/wrap.py                        # 200,000 and 10,000,000 characters
    python bench/wrap.py --sizes 50000 --runs 1 # one small size, once
    PYTHONPATH=/old/tree python bench/wrap.py --sizes 50000   # another tree's quiz
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = ("check", "quotes", "timeline", "cards")
WIDTH = 80


def content(word: str) -> str:
    """Return a content file whose only quote is `word`."""
    return ("format: 1\n"
            "episode: {id: long-word, title: One long word, language: en}\n"
            "speakers: [{id: ann, name: Ann}]\n"
            "ideas: [{id: words, at: '1:00', title: Words}]\n"
            f"quotes: [{{id: long, by: ann, at: '1:10', text: \"{word}\"}}]\n")


def timed(args: list[str]) -> float:
    """Return the wall-clock seconds of one run of `args`, which must succeed."""
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "COLUMNS": str(WIDTH)})
    return time.perf_counter() - start


def measure(path: Path, runs: int) -> dict[str, float]:
    """Return the median seconds of each command on `path`, runs alternating."""
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name in COMMANDS:
            times[name].append(timed([sys.executable, "-m", "quiz", name, str(path)]))
    return {name: statistics.median(values) for name, values in times.items()}


def wrap_alone(word: str, path: Path) -> tuple[float, float]:
    """Return the seconds of `wrap` on `word`, and of reading the content file."""
    from quiz.layout import wrap

    start = time.perf_counter()
    path.read_text(encoding="utf-8")
    read = time.perf_counter() - start
    start = time.perf_counter()
    lines = wrap(word, WIDTH)
    wrapped = time.perf_counter() - start
    assert len(lines) == -(-len(word) // WIDTH)
    return wrapped, read


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200000,10000000",
                        help="lengths of the word, comma-separated (default 200000,10000000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (default 3)")
    options = parser.parse_args(argv)
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"{'characters':>12} {'wrap s':>8} {'read s':>8} "
          + " ".join(f"{name + ' s':>11}" for name in COMMANDS) + "  (÷ check)")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in options.sizes.split(",")):
            word = "x" * size
            path = Path(tmp) / f"word-{size}.yaml"
            path.write_text(content(word), encoding="utf-8")
            wrapped, read = wrap_alone(word, path)
            median = measure(path, options.runs)
            ratios = " ".join(f"{median[n]:>6.2f} {median[n] / median['check']:>4.1f}"
                              for n in COMMANDS)
            print(f"{size:>12,} {wrapped:>8.3f} {read:>8.3f} {ratios}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
