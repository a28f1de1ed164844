"""Measure `quiz sync` against Anki's own import of the same deck.

Both sides are whole processes, run in turn (A, B, A, B, …) as in bench/run.py, and the
figure is the median ratio:

  1. first sync   `quiz sync` of 10,000 cards into a new, empty collection (and a new state)
                  / a `python -c` that opens a new collection with Anki and imports the
                  deck `quiz build` wrote of the same content             target ≤ 1.5
  2. no-op sync   `quiz sync` again with nothing changed / the same import  target ≤ 0.5
  3. full no-op   the same, with the collection file touched, so that the sync must open it
                  in Anki to see that nothing changed (shown, not held to a target)
  4. build        `quiz build` of the same content into a new folder / the same import
                  (shown): a first sync does what a build does (reads the content, makes the
                  cards and notes, writes them as a package), then the import, so that 1.
                  cannot be far below 1 + this

    python bench/sync.py             # 10 pairs of runs of each
    python bench/sync.py --pairs 3   # a rough look
    python bench/sync.py --steps 3   # instead: where a first sync spends its CPU, step by step
    PYTHONPATH=/some/tree python bench/sync.py --quiz 'python -m quiz'   # another tree
"""

from __future__ import annotations

import argparse
import itertools
import json
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate
from run import Result, alternate, quiz_command, report, run_once, timed

CARDS = 10_000

IMPORT = """\
import sys
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
col = Collection(sys.argv[1])
col.import_anki_package(ImportAnkiPackageRequest(package_path=sys.argv[2],
                                                 options=ImportAnkiPackageOptions()))
col.close()
"""

# One first sync in a process of its own, through the command line, with the CPU time of
# each step taken around the functions that do it (none calls another of them).
STEPS = """\
import json, sys, time
cpu = time.process_time
spent = {}
def timed(owner, name, step):
    original = getattr(owner, name)
    def wrapper(*args, **kwargs):
        start = cpu()
        try:
            return original(*args, **kwargs)
        finally:
            spent[step] = spent.get(step, 0.0) + cpu() - start
    setattr(owner, name, wrapper)
import quiz.apkg, quiz.cli, quiz.content, quiz.state, quiz.sync
spent["Python, quiz and click imported"] = cpu()
timed(quiz.content, "load_contents", "the content read and checked")
timed(quiz.sync, "make_cards", "the cards made")
timed(quiz.apkg, "make_notes", "the notes made")
timed(quiz.sync, "_open", "Anki's backend imported, the collection opened")
timed(quiz.sync.EpisodeNotes, "write_package", "the package written")
timed(quiz.sync, "import_notes", "Anki's import")
timed(quiz.sync, "read_notes", "the notes looked up, before and after")
for name in ("save_sync", "save_sync_mark"):
    timed(quiz.state.StateDB, name, "the state saved")
try:
    quiz.cli.cli.main(sys.argv[2:], standalone_mode=False)
finally:
    spent["in all"] = cpu()
    with open(sys.argv[1], "w") as out:
        json.dump(spent, out)
"""

EMPTY = "import sys; from anki.collection import Collection; Collection(sys.argv[1]).close()"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=10, help="pairs of runs per measure")
    parser.add_argument("--quiz", metavar="COMMAND", type=shlex.split,
                        help="how to start quiz (default: its console script); to measure"
                             " another tree: PYTHONPATH=TREE python bench/sync.py"
                             " --quiz 'python -m quiz'")
    parser.add_argument("--steps", type=int, metavar="N",
                        help="instead of the ratios: where a first sync spends its CPU, step"
                             " by step (medians of N runs, each a process of its own)")
    args = parser.parse_args(argv)
    quiz, py = args.quiz or quiz_command(), sys.executable
    work = Path(tempfile.mkdtemp(prefix="quiz-bench-sync-"))
    started = time.perf_counter()
    try:
        print(f"generating {CARDS:,} cards …", file=sys.stderr)
        content = generate.write(work / "content.yaml", CARDS)
        run_once([*quiz, "build", str(content), "-o", str(work / "decks")], work)
        package = next((work / "decks").glob("*.apkg"))
        empty = work / "empty" / "collection.anki2"
        empty.parent.mkdir()
        run_once([py, "-c", EMPTY, str(empty)], work)
        runs = itertools.count()
        if args.steps:
            return steps(args.steps, work, content, empty)

        def fresh(name: str) -> Path:
            """Return a copy of the empty collection in a folder of its own."""
            folder = work / f"{name}-{next(runs)}"
            folder.mkdir()
            return Path(shutil.copy(empty, folder / "collection.anki2"))

        def first_sync() -> list[str]:
            col = fresh("sync")
            return [*quiz, "sync", str(content), "--collection", str(col),
                    "--state", str(col.parent / "state.sqlite3")]

        def anki_import() -> list[str]:
            return [py, "-c", IMPORT, str(fresh("import")), str(package)]

        synced = fresh("synced")
        again = [*quiz, "sync", str(content), "--collection", str(synced),
                 "--state", str(synced.parent / "state.sqlite3")]
        run_once(again, work)  # the first sync of the collection the no-op syncs read

        def touched() -> list[str]:
            synced.touch()
            return again

        def build() -> list[str]:
            return [*quiz, "build", str(content), "-o", str(work / f"build-{next(runs)}")]

        results: list[Result] = []
        for title, a, target in (
                (f"1. first sync of {CARDS:,} cards / Anki's import", first_sync, 1.5),
                ("2. sync with nothing changed / Anki's import", again, 0.5),
                ("3. the same, the collection file touched", touched, None),
                ("4. quiz build of the same content / Anki's import", build, None)):
            print(f"measuring {title} …", file=sys.stderr)
            command: list[str] | Callable[[], list[str]] = a
            results.append(timed(title, alternate(command, anki_import, args.pairs, work),
                                 target))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return report("quiz sync benchmark", results, started)


def steps(runs: int, work: Path, content: Path, empty: Path) -> int:
    """Print where a first sync of `content` into a copy of `empty` spends its CPU: the
    medians of `runs` runs, each a process of its own (this interpreter, its PYTHONPATH)."""
    found: list[dict[str, float]] = []
    for n in range(runs):
        folder = work / f"steps-{n}"
        folder.mkdir()
        col = Path(shutil.copy(empty, folder / "collection.anki2"))
        spent = folder / "spent.json"
        run_once([sys.executable, "-c", STEPS, str(spent), "sync", str(content),
                  "--collection", str(col), "--state", str(folder / "state.sqlite3")], work)
        found.append(json.loads(spent.read_text()))
        print(".", end="", flush=True, file=sys.stderr)
    print(file=sys.stderr)
    names = list(found[0])
    medians = {name: statistics.median(f.get(name, 0.0) for f in found) for name in names}
    medians["the rest"] = medians["in all"] - sum(v for k, v in medians.items() if k != "in all")
    print(f"where a first sync of {CARDS:,} cards spends its CPU (s, medians of {runs} runs):")
    for name in [*(n for n in names if n != "in all"), "the rest", "in all"]:
        print(f"  {name:50s} {medians[name]:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
