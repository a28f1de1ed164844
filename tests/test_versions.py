"""Note versions: a lock file beside the content keeps each note's modification time, so a
deck built anywhere (a fresh clone, an empty folder, another machine) updates in Anki only
the notes whose text changed. Proven by importing into real Anki."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import SMALL, import_package

from quiz.apkg import write_deck
from quiz.cards import make_cards
from quiz.cli import cli
from quiz.content import load_content
from quiz.versions import LockError, NoteVersions, lock_path

T0 = int(time.time())  # builds come later than the edits made in Anki: newer notes apply


def build_in(folder: Path, text: str, timestamp: float) -> Path:
    """Build the deck of the content `text`, written as folder/content.yaml, into a new
    folder of its own; the lock file sits beside the content."""
    content_file = folder / "content.yaml"
    content_file.write_text(text, encoding="utf-8")
    content = load_content(content_file)
    out = folder / f"decks-{int(timestamp)}"
    out.mkdir()
    return write_deck(content, make_cards(content), out / "d.apkg",
                      lock=lock_path(content_file), timestamp=timestamp)


def test_the_lock_file_sits_beside_the_content() -> None:
    assert lock_path("episodes/ep42.yaml") == Path("episodes/ep42.notes.lock")


def test_a_fresh_clone_built_later_updates_nothing(tmp_path: Path, collection) -> None:  # type: ignore[no-untyped-def]
    here, clone = tmp_path / "here", tmp_path / "clone"
    here.mkdir()
    import_package(collection, build_in(here, SMALL, T0))
    note = collection.get_note(collection.find_notes("tag:kind::who")[0])
    note["Details"] = "my own note, made in Anki"
    collection.update_note(note)
    # a fresh clone: the content and its lock file, no deck; built a day later
    clone.mkdir()
    shutil.copy(lock_path(here / "content.yaml"), lock_path(clone / "content.yaml"))
    log = import_package(collection, build_in(clone, SMALL, T0 + 86400))
    assert (len(log.new), len(log.updated)) == (0, 0)
    assert collection.get_note(note.id)["Details"] == "my own note, made in Anki"
    # an edit updates exactly its note, and the lock file records it
    before = lock_path(clone / "content.yaml").read_text(encoding="utf-8")
    edited = SMALL.replace("a: plumbing\n", "a: plumbing work\n")
    log = import_package(collection, build_in(clone, edited, T0 + 2 * 86400))
    assert (len(log.new), len(log.updated)) == (0, 1)
    after = lock_path(clone / "content.yaml").read_text(encoding="utf-8")
    changed = set(after.splitlines()) - set(before.splitlines())
    assert len(changed) == 1 and str(T0 + 2 * 86400) in changed.pop()
    assert collection.get_note(note.id)["Details"] == "my own note, made in Anki"


def test_without_a_lock_file_every_note_is_new_to_anki_again(tmp_path: Path, collection) -> None:  # type: ignore[no-untyped-def]
    # what the lock file prevents: the same content, built later without it
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = build_in(tmp_path / "a", SMALL, T0)
    import_package(collection, first)
    again = build_in(tmp_path / "b", SMALL, T0 + 60)
    assert len(import_package(collection, again).updated) == collection.note_count()


def test_an_unchanged_build_leaves_the_lock_file_alone(tmp_path: Path) -> None:
    build_in(tmp_path, SMALL, T0)
    lock = lock_path(tmp_path / "content.yaml")
    stamp = lock.stat().st_mtime_ns
    build_in(tmp_path, SMALL, T0 + 60)
    assert lock.stat().st_mtime_ns == stamp


def test_a_note_changed_within_the_second_is_still_newer() -> None:
    versions = NoteVersions(T0, {"g": ("0" * 16, T0)})
    assert versions.mod("g", "changed text", " tag ") == T0 + 1
    assert versions.changed


def test_a_note_dropped_from_the_content_leaves_the_lock_file(tmp_path: Path) -> None:
    build_in(tmp_path, SMALL, T0)
    lock = lock_path(tmp_path / "content.yaml")
    notes = len(json.loads(lock.read_text(encoding="utf-8"))["notes"])
    build_in(tmp_path, SMALL.replace("      - q: Who keeps the water running?\n"
                                     "        a: the plumber\n", ""), T0 + 60)
    assert len(json.loads(lock.read_text(encoding="utf-8"))["notes"]) == notes - 1


@pytest.mark.parametrize(("text", "message"), [
    ('{"format": 1, "notes": {\n<<<<<<< HEAD\n', "content.notes.lock:2:1: not a lock file:"),
    ('{"format": 7, "notes": {}}', "content.notes.lock:1:1: not a lock file of quiz: format 7"),
    ('[1, 2]', "content.notes.lock:1:1: not a lock file of quiz"),
])
def test_a_broken_lock_file_is_refused_with_its_place(runner: CliRunner, tmp_path: Path,
                                                       text: str, message: str) -> None:
    (tmp_path / "content.notes.lock").write_text(text, encoding="utf-8")
    (tmp_path / "content.yaml").write_text(SMALL, encoding="utf-8")
    with pytest.raises(LockError, match=message.replace("(", r"\(")):
        NoteVersions.read(tmp_path / "content.notes.lock", T0)
    result = runner.invoke(cli, ["build", str(tmp_path / "content.yaml"), "-o",
                                      str(tmp_path / "decks")])
    assert result.exit_code == 1 and message in result.output
    assert not (tmp_path / "decks" / "small-ep.apkg").exists()
    assert (tmp_path / "content.notes.lock").read_text(encoding="utf-8") == text  # kept


def test_packages_name_the_v2_scheduler(tmp_path: Path) -> None:
    deck = build_in(tmp_path, SMALL, T0)
    with zipfile.ZipFile(deck) as z:
        (tmp_path / "col.anki2").write_bytes(z.read("collection.anki2"))
    conn = sqlite3.connect(tmp_path / "col.anki2")
    try:
        (conf,) = conn.execute("SELECT conf FROM col").fetchone()
    finally:
        conn.close()
    assert json.loads(conf)["schedVer"] == 2


def test_build_writes_the_lock_file_beside_the_content(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "content.yaml").write_text(SMALL, encoding="utf-8")
    result = runner.invoke(cli, ["build", str(tmp_path / "content.yaml"), "-o",
                                      str(tmp_path / "decks")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content.notes.lock", "content.yaml",
                                                          "decks"]
    assert [p.name for p in (tmp_path / "decks").iterdir()] == ["small-ep.apkg"]
