"""A build that fails or is killed leaves the old deck whole and no work files."""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import genanki
import pytest
from click.testing import CliRunner
from support import ROOT, SMALL

from quiz.apkg import write_deck
from quiz.cards import make_cards
from quiz.cli import cli
from quiz.content import parse_content
from quiz.files import remove_stale_files

DECK = "small-ep.apkg"


def big_content(ideas: int, episode: str = "small-ep") -> str:
    """Return content of `ideas` ideas, 13 cards each, that takes a moment to build."""
    lines = [f"episode: {{id: {episode}, title: A long episode, kinds: [who, when, topic]}}",
             "speakers: [{id: ann, name: Ann}, {id: bob, name: Bob}]", "ideas:"]
    quotes = ["quotes:"]
    for i in range(ideas):
        t = i * 7
        lines.append(f"  - {{id: idea-{i}, at: '{t // 3600}:{t // 60 % 60:02d}:{t % 60:02d}', "
                     f"title: Idea number {i}, cards: [")
        lines.extend(f"      {{q: 'Question {k} of idea {i}?', a: 'answer {k}-{i}'}},"
                     for k in range(5))
        lines.append("    ]}")
        quotes.extend(f"  - {{id: q-{i}-{k}, by: {('bob', 'ann')[k]}, idea: idea-{i}, "
                      f"text: 'The plumber{i}x{k} keeps water{i}x{k} running.', "
                      f"cloze: [plumber{i}x{k}, water{i}x{k}]}}"
                      for k in range(2))
    return "\n".join(lines + quotes) + "\n"


def listing(directory: Path) -> set[str]:
    return {p.name for p in directory.iterdir()}


def notes_of(text: str) -> int:
    """Return how many notes the deck of content `text` has."""
    return len({(card.kind, card.note) for card in make_cards(parse_content(text.encode(), "c"))})


def assert_complete_deck(path: Path, notes: int) -> None:
    """Check that `path` is a whole Anki package of `notes` notes."""
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None
        data = package.read("collection.anki2")
    db = path.with_name("check.anki2")
    db.write_bytes(data)
    try:
        conn = sqlite3.connect(db)
        assert conn.execute("select count(*) from notes").fetchone()[0] == notes
        conn.close()
    finally:
        db.unlink()


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Make an empty directory the system temp dir, to see whether anything is left there."""
    path = tmp_path / "scratch"
    path.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(path))
    monkeypatch.setenv("TMPDIR", str(path))
    yield path


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    """Return an output directory holding an old deck of SMALL."""
    out = tmp_path / "decks"
    out.mkdir()
    content = parse_content(SMALL.encode(), "small.yaml")
    write_deck(content, make_cards(content), out / DECK, timestamp=1_700_000_000)
    return out


def test_a_build_leaves_nothing_but_the_deck(decks: Path, scratch: Path) -> None:
    content = parse_content(SMALL.replace("A small episode", "Retitled").encode(), "c.yaml")
    old = (decks / DECK).read_bytes()
    write_deck(content, make_cards(content), decks / DECK)
    assert (decks / DECK).read_bytes() != old
    assert listing(decks) == {DECK}
    assert listing(scratch) == set()


def _fail_in_database(monkeypatch: pytest.MonkeyPatch) -> None:
    original = genanki.Package.write_to_db

    def half(self: genanki.Package, cursor: sqlite3.Cursor, *args: object) -> None:
        original(self, cursor, *args)
        raise RuntimeError("injected: killed while writing the database")

    monkeypatch.setattr(genanki.Package, "write_to_db", half)


def _fail_in_zip(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object, **kwargs: object) -> None:  # the database is in, the media not
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)


def _fail_in_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken)


def _fail_in_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)


FAULTS: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "database": _fail_in_database, "zip": _fail_in_zip, "sync": _fail_in_sync,
    "replace": _fail_in_replace,
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_failed_write_leaves_the_old_deck_whole(decks: Path, scratch: Path, fault: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    old = (decks / DECK).read_bytes()
    content = parse_content(SMALL.replace("A small episode", "Retitled").encode(), "c.yaml")
    FAULTS[fault](monkeypatch)
    with pytest.raises((OSError, RuntimeError), match="injected|error|denied|space"):
        write_deck(content, make_cards(content), decks / DECK)
    monkeypatch.undo()
    assert (decks / DECK).read_bytes() == old
    assert listing(decks) == {DECK}
    assert listing(scratch) == set()


@pytest.mark.parametrize(("fault", "reason"), [
    ("zip", "No space left on device"), ("sync", "Input/output error"),
    ("replace", "Permission denied"),
])
def test_a_failed_write_is_reported_without_a_traceback(
        runner: CliRunner, decks: Path, tmp_path: Path, fault: str, reason: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    old = (decks / DECK).read_bytes()
    path = tmp_path / "c.yaml"
    path.write_text(SMALL, encoding="utf-8")
    FAULTS[fault](monkeypatch)
    result = runner.invoke(cli, ["build", str(path), "-o", str(decks)])
    monkeypatch.undo()
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.stderr == f"Error: cannot write {decks / DECK}: {reason}\n"
    assert (decks / DECK).read_bytes() == old
    assert listing(decks) == {DECK}


def _build(content: Path, out: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "quiz", "build", str(content), "-o",
                             str(out)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def _kill_when(proc: subprocess.Popen[bytes], ready: Callable[[], bool]) -> bool:
    """SIGKILL `proc` as soon as `ready()`; return False if it finished first."""
    deadline = time.monotonic() + 60
    while not ready():
        if proc.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.001)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return True


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.yaml"
    path.write_text(big_content(1500), encoding="utf-8")
    return path


def test_a_killed_build_leaves_the_old_deck_and_the_next_build_clears_up(
        decks: Path, scratch: Path, big: Path, tmp_path: Path) -> None:
    old = (decks / DECK).read_bytes()
    env = {**os.environ, "TMPDIR": str(scratch)}
    with _build(big, decks, env) as proc:
        assert _kill_when(proc, lambda: len(listing(decks)) > 1), "the build ended unkilled"
    assert proc.returncode == -signal.SIGKILL
    assert (decks / DECK).read_bytes() == old
    left = listing(decks) - {DECK}
    assert left and all(name.startswith(f".{DECK}.{proc.pid}.") and name.endswith(".tmp")
                        for name in left)
    assert listing(scratch) == set()
    # the next build of that deck removes what the killed one left
    small = tmp_path / "c.yaml"
    small.write_text(SMALL.replace("A small episode", "Retitled"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "quiz", "build", str(small), "-o",
                           str(decks)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert listing(decks) == {DECK}
    assert_complete_deck(decks / DECK, notes_of(SMALL))
    assert listing(scratch) == set()


def test_a_build_killed_while_packing_leaves_a_whole_deck(decks: Path, scratch: Path,
                                                         big: Path) -> None:
    """Kill once the zip is begun: the deck is the old one or the whole new one, never half."""
    old = (decks / DECK).read_bytes()
    with _build(big, decks, {**os.environ, "TMPDIR": str(scratch)}) as proc:
        packing = f".{DECK}.{proc.pid}.tmp"
        killed = _kill_when(proc, lambda: (decks / packing).exists())
        errors = proc.communicate()[1].decode()
    assert listing(scratch) == set()
    if not killed:  # it finished between two looks: the new deck is whole, but untested here
        assert proc.returncode == 0, errors
        assert_complete_deck(decks / DECK, notes_of(big.read_text()))
        pytest.skip("the build finished before it could be killed while packing")
    assert proc.returncode == -signal.SIGKILL
    assert (decks / DECK).read_bytes() == old


def test_only_the_work_files_of_dead_builds_are_removed(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    names = [f".{DECK}.{dead.pid}.tmp", f".{DECK}.{dead.pid}.anki2.tmp",  # dead: removed
             f".{DECK}.{os.getppid()}.tmp", f".{DECK}.{os.getpid()}.tmp",  # running: kept
             f".other.apkg.{dead.pid}.tmp", f".{DECK}.notapid.tmp", DECK]  # not ours: kept
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    removed = remove_stale_files(tmp_path / DECK)
    assert sorted(p.name for p in removed) == sorted(names[:2])
    assert listing(tmp_path) == set(names[2:])


def test_an_output_path_under_a_file_is_reported(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("not a directory")
    content = tmp_path / "c.yaml"
    content.write_text(SMALL, encoding="utf-8")
    result = runner.invoke(cli, ["build", str(content), "-o", str(tmp_path / "afile/sub")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr == f"Error: cannot create {tmp_path / 'afile/sub'}: Not a directory\n"


def test_a_deck_path_taken_by_a_directory_is_reported(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "out" / DECK).mkdir(parents=True)
    content = tmp_path / "c.yaml"
    content.write_text(SMALL, encoding="utf-8")
    result = runner.invoke(cli, ["build", str(content), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr == f"Error: cannot write {tmp_path / 'out' / DECK}: Is a directory\n"
    assert listing(tmp_path / "out") == {DECK}
    assert listing(tmp_path / "out" / DECK) == set()


def _unwritable_dir(tmp_path: Path) -> Path | None:
    """Return a directory this process cannot write in: chmod 500, or for root sysfs."""
    if os.geteuid() != 0:
        path = tmp_path / "locked"
        path.mkdir(mode=0o500)
        return path
    path = Path("/sys/kernel")
    try:
        (path / "quiz-probe").write_bytes(b"")
    except OSError:
        return path
    return None


def test_an_unwritable_output_directory_is_reported(runner: CliRunner, tmp_path: Path) -> None:
    locked = _unwritable_dir(tmp_path)
    if locked is None:
        pytest.skip("no directory here that this user cannot write")
    content = tmp_path / "c.yaml"
    content.write_text(SMALL, encoding="utf-8")
    result = runner.invoke(cli, ["build", str(content), "-o", str(locked)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr.startswith(f"Error: cannot write {locked / DECK}: ")
    assert "Traceback" not in result.output
