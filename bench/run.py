"""Measure quiz's speed against its yardsticks, as ratios in one run.

Every figure is the median ratio of alternating runs (A, B, A, B, …), each run a fresh
subprocess, so that whatever else the machine does weighs on both sides alike. Beside the
ratio of wall-clock times (the one held to its target) the ratio of CPU times is shown: on a
busy machine it is the steadier of the two.

  1. build       `quiz build` on 10,000 cards / genanki alone writing the same notes (the
                 time the yardstick spends making up their texts is not counted); a first
                 build, then a rebuild over the deck it replaces
  2. start-up    `quiz --version` and `quiz --help` / a bare click program
  3. first question  `quiz run --limit 1` on 10,000 cards with 10,000 reviews / `quiz check`
  4. growth      `quiz build` on 100,000 cards / on 10,000 cards (rebuilds)
  5. memory      peak memory of `quiz build` on 100,000 cards (a rebuild) / genanki's
  6. listings    each listing command (cards as text and JSON, quotes, timeline, preview,
                 stats) on 100,000 cards / `quiz check` on them: time, and peak memory

    python bench/run.py            # all of it, a few minutes
    python bench/run.py --quick    # fewer runs, for a rough look
    python bench/run.py --only build,startup
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate

SMALL, LARGE = 10_000, 100_000
MEASURES = ("build", "startup", "run", "growth", "memory", "listings")


@dataclass
class Result:
    """One measure: the median ratio of A over B, and the target it is held to (None: a
    measure only shown)."""

    title: str
    a: list[float]
    b: list[float]
    target: float | None
    unit: str = "s"
    aim: float | None = None
    cpu_a: list[float] | None = None
    cpu_b: list[float] | None = None

    @property
    def ratios(self) -> list[float]:
        return [a / b for a, b in zip(self.a, self.b)]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def met(self) -> bool:
        return self.target is None or self.ratio <= self.target

    def line(self) -> str:
        def scale(v: float) -> str:
            return f"{v:7.3f} s" if self.unit == "s" else f"{v / 1024:6.0f} MB"

        aim = f", aim {self.aim}" if self.aim else ""
        verdict = "" if self.target is None else "PASS" if self.met else "FAIL"
        bound = "shown" if self.target is None else f"≤ {self.target}"
        spread = f"{min(self.ratios):.2f}–{max(self.ratios):.2f}"
        cpu = ""
        if self.cpu_a and self.cpu_b:
            ratio = statistics.median(a / b for a, b in zip(self.cpu_a, self.cpu_b) if b)
            cpu = f"  cpu {ratio:5.2f}×"
        return (f"{self.title:<44} {scale(statistics.median(self.a))} / "
                f"{scale(statistics.median(self.b))}  = {self.ratio:5.2f}×{cpu}  "
                f"({bound}{aim}; {len(self.a)} pairs, {spread})  {verdict}")


def compile_quiz() -> None:
    """Compile this tree's quiz to bytecode, as installing a package does.

    genanki's bytecode was compiled when it was installed; quiz, installed editable here,
    would otherwise be compiled from its source on every run where PYTHONDONTWRITEBYTECODE
    is set (about 0.01 s of a build), which a user's install never does.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(HERE.parent / "quiz")],
                   check=True)


def quiz_command() -> list[str]:
    """Return how to start quiz: its console script next to this Python, else `-m quiz`."""
    script = Path(sys.executable).parent / "quiz"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "quiz"]


@dataclass
class Run:
    """What one run of a command cost: wall-clock and CPU seconds, peak memory in KiB."""

    wall: float
    cpu: float
    rss: int


PREPARED = re.compile(rb"^prepared in ([0-9.]+) s wall, ([0-9.]+) s cpu$", re.MULTILINE)


def run_once(cmd: Sequence[str], cwd: Path) -> Run:
    """Run `cmd` with stdin at end of input; return what it cost.

    The time a yardstick says it spent preparing (`prepared in W s wall, C s cpu` on its
    output) is not counted.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        # wait4 gives this child's own resource usage, not that of every child so far
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n"
                             f"{err.read().decode(errors='replace')}")
        out.seek(0)
        prepared = PREPARED.search(out.read())
    cpu = usage.ru_utime + usage.ru_stime
    if prepared:
        elapsed -= float(prepared.group(1))
        cpu -= float(prepared.group(2))
    return Run(elapsed, cpu, usage.ru_maxrss)


# A command, or what makes it anew for each run (to write somewhere new each time).
Command = Sequence[str] | Callable[[], Sequence[str]]


def alternate(a: Command, b: Command, pairs: int, cwd: Path) -> tuple[list[Run], list[Run]]:
    """Run `a` and `b` in turn `pairs` times after one unmeasured warm-up of each."""
    def argv(cmd: Command) -> Sequence[str]:
        return cmd() if callable(cmd) else cmd

    run_once(argv(a), cwd)
    run_once(argv(b), cwd)
    out_a: list[Run] = []
    out_b: list[Run] = []
    for _ in range(pairs):
        out_a.append(run_once(argv(a), cwd))
        out_b.append(run_once(argv(b), cwd))
        print(".", end="", flush=True, file=sys.stderr)
    print(file=sys.stderr)
    return out_a, out_b


def timed(title: str, runs: tuple[list[Run], list[Run]], target: float | None,
          aim: float | None = None) -> Result:
    """Return the measure of time of `runs`: wall clock, with CPU time beside it."""
    a, b = runs
    return Result(title, [r.wall for r in a], [r.wall for r in b], target, aim=aim,
                  cpu_a=[r.cpu for r in a], cpu_b=[r.cpu for r in b])


class Bench:
    """The generated content, the commands and the measures, in one temporary directory."""

    def __init__(self, work: Path, pairs: int, large_pairs: int,
                 quiz: list[str] | None = None) -> None:
        self.work = work
        self.pairs = pairs
        self.large_pairs = large_pairs
        self.quiz = quiz or quiz_command()
        self.py = sys.executable
        self.content: dict[int, Path] = {}

    def content_of(self, cards: int) -> Path:
        if cards not in self.content:
            print(f"generating {cards:,} cards …", file=sys.stderr)
            self.content[cards] = generate.write(self.work / f"content-{cards}.yaml", cards)
        return self.content[cards]

    def quiz_build(self, cards: int, into: str = "decks") -> list[str]:
        """Return `quiz build` of `cards` cards: a rebuild over the deck of the run before."""
        return [*self.quiz, "build", str(self.content_of(cards)), "-o", str(self.work / into)]

    def first_build(self, cards: int) -> Callable[[], list[str]]:
        """Return what makes `quiz build` into a new, empty directory for each run."""
        runs = itertools.count()
        return lambda: self.quiz_build(cards, f"first-{next(runs)}")

    def genanki_build(self, cards: int) -> list[str]:
        return [self.py, str(HERE / "baseline_genanki.py"), str(cards), "-o",
                str(self.work / f"genanki-{cards}.apkg")]

    def build(self) -> list[Result]:
        # a rebuild also reads the deck it replaces, to keep the times of unchanged notes
        first = alternate(self.first_build(SMALL), self.genanki_build(SMALL), self.pairs,
                          self.work)
        again = alternate(self.quiz_build(SMALL), self.genanki_build(SMALL), self.pairs,
                          self.work)
        return [timed(f"1. build {SMALL:,} cards / genanki", first, 1.5, aim=1.15),
                timed("1. rebuild over the deck it replaces / genanki", again, 1.5, aim=1.15)]

    def startup(self) -> list[Result]:
        bare = [self.py, str(HERE / "bare_click.py")]
        results = []
        for option in ("--version", "--help"):
            runs = alternate([*self.quiz, option], [*bare, option], self.pairs * 2, self.work)
            results.append(timed(f"2. quiz {option} / bare click", runs, 1.3))
        return results

    def run(self) -> list[Result]:
        probe = subprocess.run([*self.quiz, "run", "--help"], capture_output=True, check=False)
        if probe.returncode != 0:
            print("3. first question: SKIPPED, `quiz run` is not available", file=sys.stderr)
            return []
        content = self.content_of(SMALL)
        state = self.work / "state.sqlite3"
        if not state.exists():
            fill_state(content, state, SMALL)
        run = [*self.quiz, "run", str(content), "--state", str(state), "--limit", "1"]
        runs = alternate(run, [*self.quiz, "check", str(content)], self.pairs, self.work)
        return [timed("3. run: first question / check", runs, 1.5)]

    def growth(self) -> list[Result]:
        runs = alternate(self.quiz_build(LARGE), self.quiz_build(SMALL), self.large_pairs,
                         self.work)
        return [timed(f"4. build {LARGE:,} / {SMALL:,} cards (linear: 10)", runs, 11)]

    def memory(self) -> list[Result]:
        a, b = alternate(self.quiz_build(LARGE), self.genanki_build(LARGE), self.large_pairs,
                         self.work)
        return [Result(f"5. peak memory, build {LARGE:,} / genanki", [r.rss for r in a],
                       [r.rss for r in b], 2, unit="KiB")]


    def listings(self) -> list[Result]:
        content = str(self.content_of(LARGE))
        check = [*self.quiz, "check", content]
        commands = {
            "cards": ["cards", content], "cards --format json": ["cards", content, "--format",
                                                                 "json"],
            "quotes": ["quotes", content], "timeline": ["timeline", content],
            "preview": ["preview", content, "-o", str(self.work / "preview.html")],
            "stats": ["stats", content, "--state", str(self.work / "none.sqlite3")],
        }
        results = []
        for name, args in commands.items():
            a, b = alternate([*self.quiz, *args], check, self.large_pairs, self.work)
            results.append(timed(f"6. {name} / check, {LARGE:,} cards", (a, b), 2))
            results.append(Result(f"6. {name} / check: peak memory", [r.rss for r in a],
                                  [r.rss for r in b], 2, unit="KiB"))
        return results


def fill_state(content: Path, state: Path, reviews: int) -> None:
    """Give every card of `content` one review, through quiz's own state API, up to `reviews`.

    The reviews are spread over the last 60 days, so some cards are due now and some later.
    """
    import random
    from datetime import UTC, datetime, timedelta

    from fsrs import Rating, Scheduler

    from quiz.cards import make_cards
    from quiz.content import load_content
    from quiz.state import StateDB, record_review

    print(f"filling the state with {reviews:,} reviews …", file=sys.stderr)
    rng = random.Random(0)
    scheduler = Scheduler(enable_fuzzing=False)
    now = datetime.now(UTC)
    cards = make_cards(load_content(content))[:reviews]
    with StateDB(state) as db:
        for card in cards:
            at = now - timedelta(days=rng.uniform(0, 60))
            rating = rng.choices(list(Rating), weights=(1, 1, 6, 2))[0]
            record_review(db, card.id, rating, at, scheduler)


def machine() -> str:
    return (f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}, "
            f"{date.today().isoformat()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 pairs, 1 at 100,000 cards")
    parser.add_argument("--pairs", type=int, default=15, help="pairs of runs per measure "
                        "(twice as many for start-up; default 15)")
    parser.add_argument("--large-pairs", type=int, default=4,
                        help="pairs of runs at 100,000 cards (default 4)")
    parser.add_argument("--only", default=",".join(MEASURES),
                        help=f"comma-separated measures among {', '.join(MEASURES)}")
    parser.add_argument("--keep", type=Path, help="work in this directory and keep it")
    parser.add_argument("--quiz", type=shlex.split, metavar="COMMAND",
                        help="how to start quiz (default: its console script); to measure "
                        "another tree: PYTHONPATH=TREE python bench/run.py --quiz "
                        "'python -m quiz' (compile that tree first: python -m compileall)")
    args = parser.parse_args(argv)
    wanted = [m.strip() for m in args.only.split(",") if m.strip()]
    unknown = set(wanted) - set(MEASURES)
    if unknown:
        parser.error(f"unknown measure {', '.join(sorted(unknown))}")
    pairs, large = (3, 1) if args.quick else (args.pairs, args.large_pairs)

    if args.quiz is None:
        compile_quiz()
    work = args.keep or Path(tempfile.mkdtemp(prefix="quiz-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(work, pairs, large, args.quiz)
    started = time.perf_counter()
    results: list[Result] = []
    try:
        for name in MEASURES:
            if name in wanted:
                measure: Callable[[], list[Result]] = getattr(bench, name)
                print(f"measuring {name} …", file=sys.stderr)
                results.extend(measure())
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return report("quiz benchmarks", results, started)


def report(title: str, results: Sequence[Result], started: float) -> int:
    """Print `results` under `title`; return the exit status: 0 when every target is met."""
    print(f"{title}: {machine()}; {time.perf_counter() - started:.0f} s in all")
    print("measure (quiz / yardstick)                     median A     median B    ratio")
    for result in results:
        print(result.line())
    return 0 if all(r.met for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
