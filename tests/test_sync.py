"""`quiz sync` in real Anki: notes and reviews both ways, and collections it must leave alone."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fsrs import Rating, Scheduler, State
from support import MULTI, SEED, SMALL, import_package

import quiz.content
from quiz.apkg import CARD_MODEL_ID, CLOZE_MODEL_ID, write_deck
from quiz.cards import make_cards
from quiz.cli import cli
from quiz.content import load_content, load_contents
from quiz.schedule import new_state, review
from quiz.state import Review, StateDB, record_review
from quiz.sync import (
    AnkiClock,
    AnkiNote,
    AnkiReview,
    Note,
    SyncError,
    SyncResult,
    episode_notes,
    merge_reviews,
    note_text,
    plan_notes,
    sync_collection,
    update_notes,
)

SCHEDULER = Scheduler(enable_fuzzing=False)
KEYS = ["added", "updated", "unchanged", "conflicts", "reviews_to_anki", "reviews_from_anki"]


# -- helpers ----------------------------------------------------------------------------

def new_collection(path: Path) -> Path:
    """Create an empty collection at `path` with Anki, and close it as Anki does."""
    from anki.collection import Collection

    path.parent.mkdir(parents=True, exist_ok=True)
    Collection(str(path)).close()
    return path


@contextmanager
def opened(path: Path) -> Iterator[Any]:
    """Open the collection at `path` with Anki's backend, closing it afterwards."""
    from anki.collection import Collection

    col = Collection(str(path))
    try:
        yield col
    finally:
        col.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def card_of(col: Any, card: str) -> Any:
    """Return Anki's card of our card id `card` (its note's Id field and, for cloze, ord)."""
    parts = card.split(":")
    if parts[1] == "cloze":
        note_id, ord_ = ":".join(parts[:-1]), int(parts[-1]) - 1
    else:
        note_id, ord_ = card, 0
    cids = col.find_cards(f'"Id:{note_id}" card:{ord_ + 1}')
    assert len(cids) == 1, card
    return col.get_card(cids[0])


_answered = [0]  # the last time an answer in Anki was given at, in milliseconds


def answered_at() -> int:
    """Return now in milliseconds, and always later than the answer before: Anki's review log
    is keyed by that time, so two answers need two of them, however fast they come."""
    _answered[0] = max(int(time.time() * 1000), _answered[0] + 1)
    return _answered[0]


def answer_in_anki(path: Path, card: str, *ratings: int) -> None:
    """Answer card `card` in Anki with `ratings` (1 Again … 4 Easy), now, as Anki's review
    screen does."""
    from anki.scheduler_pb2 import CardAnswer

    with opened(path) as col:
        cid = card_of(col, card).id
        for rating in ratings:
            states = col._backend.get_scheduling_states(cid)
            chosen = (states.again, states.hard, states.good, states.easy)[rating - 1]
            col.sched.answer_card(CardAnswer(
                card_id=cid, current_state=states.current, new_state=chosen,
                rating=rating - 1, answered_at_millis=answered_at(), milliseconds_taken=3000))


def rate_in_quiz(state: Path, card: str, rating: Rating, when: datetime) -> None:
    """Rate card `card` at `when` in the state, as `quiz run` does."""
    record_review(state, card, rating, when, SCHEDULER, duration_ms=2500)


def revlog(col: Any, cid: int) -> list[list[Any]]:
    return list(col.db.all("SELECT * FROM revlog WHERE cid = ? ORDER BY id", cid))


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    """Return the rows of `sql` read straight from the file at `path` (never while open)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def col_path(tmp_path: Path) -> Path:
    return new_collection(tmp_path / "User 1" / "collection.anki2")


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state.sqlite3"


def small_card(kind: str, item: str) -> str:
    return f"small-ep:{kind}:{item}"


# -- the pure core ----------------------------------------------------------------------

def note(guid: str, text: str = "a\x1fb", tags: str = " ep::x ") -> Note:
    return Note(guid, text, tags, ((0, f"ep:qa:{guid}"),))


@pytest.mark.parametrize(("anki", "synced", "outcome"), [
    (None, None, "add"),
    (("a\x1fb", 5), None, "unchanged"),  # imported from the package before any sync
    (("a\x1fb", 9), ("old", 5), "unchanged"),  # both changed alike
    (("old", 5), (note_text("old", " ep::x "), 5), "update"),  # changed in the content only
    (("old", 6), (note_text("old", " ep::x "), 5), "conflict"),  # and touched in Anki
    (("edited", 5), (note_text("old", " ep::x "), 5), "conflict"),  # edited within a second
    (("edited", 9), (note_text("a\x1fb", " ep::x "), 5), "unchanged"),  # in Anki only
    (("edited", 9), ("old", 5), "conflict"),  # in both
    (("other", 5), None, "conflict"),  # in Anki before any sync, with another text
])
def test_plan_notes(anki: tuple[str, int] | None, synced: tuple[str, int] | None,
                    outcome: str) -> None:
    ours = note("g")
    theirs = {} if anki is None else {"g": AnkiNote(7, anki[1], anki[0], "ep::x")}
    plan = plan_notes([ours], theirs, {} if synced is None else {"g": synced})
    got = {"add": plan.add, "update": [n for n, _ in plan.update], "conflict": plan.conflicts}
    for name, listed in got.items():
        assert listed == ([ours] if name == outcome else []), name
    assert plan.unchanged == (outcome == "unchanged")


def test_tags_in_another_order_are_the_same_text() -> None:
    assert note_text("f", " b a ") == note_text("f", "a b")
    assert note_text("f", "a") != note_text("f", "a b")


T = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def stored(card: str, ratings: list[tuple[datetime, Rating]]) -> list[Review]:
    out, state = [], None
    for n, (when, rating) in enumerate(ratings, start=1):
        after = review(state or new_state(card, when), rating, when, SCHEDULER)
        out.append(Review(n, card, rating, when, state, after, 1000))
        state = after
    return out


def test_reviews_on_both_sides_are_paired_by_card_rating_and_millisecond() -> None:
    ours = stored("c", [(T, Rating.Good), (T + timedelta(minutes=10), Rating.Good)])
    # the first was carried to Anki before, at the next free millisecond
    theirs = [AnkiReview(int(T.timestamp() * 1000) + 1, 3, 1000)]
    merged = merge_reviews("c", ours, theirs, SCHEDULER)
    assert merged is not None
    assert [r.id for r in merged.to_anki] == [2] and merged.from_anki == ()
    assert merged.final == ours[-1].after
    both = [*theirs, AnkiReview(int((T + timedelta(minutes=10)).timestamp() * 1000), 3, 9)]
    assert merge_reviews("c", ours, both, SCHEDULER) is None


def test_a_review_from_anki_is_replayed_in_time_order_with_ours() -> None:
    ours = stored("c", [(T, Rating.Good), (T + timedelta(days=3), Rating.Good)])
    anki = AnkiReview(int((T + timedelta(minutes=10)).timestamp() * 1000), 3, 4000)
    merged = merge_reviews("c", ours, [AnkiReview(int(T.timestamp() * 1000), 3, 1), anki],
                           SCHEDULER)
    assert merged is not None
    expected = stored("c", [(T, Rating.Good), (anki.when, Rating.Good),
                            (T + timedelta(days=3), Rating.Good)])
    assert [(r.reviewed_at, r.before, r.after) for r in merged.from_anki] == [
        (anki.when, expected[0].after, expected[1].after)]
    assert [(r.id, r.after) for r in merged.to_anki] == [(2, expected[2].after)]
    assert merged.final == expected[2].after and merged.final.state == State.Review


def test_anki_days_start_at_the_rollover() -> None:
    clock = AnkiClock(today=100, next_day=int(T.timestamp()))
    assert clock.day(T - timedelta(seconds=1)) == 100
    assert clock.day(T - timedelta(hours=23, minutes=59)) == 100
    assert clock.day(T) == 101
    assert clock.day(T + timedelta(days=2, hours=3)) == 103


@pytest.mark.parametrize("path", [SEED, MULTI], ids=["seed", "multi"])
def test_the_notes_are_those_of_the_package(path: Path, tmp_path: Path) -> None:
    """The notes a sync compares and imports are made in memory: the same as those of the
    package `quiz build` writes, read back from it, with each card at its place."""
    content = load_content(path)
    cards = make_cards(content)
    with zipfile.ZipFile(write_deck(content, cards, tmp_path / "deck.apkg")) as package:
        (tmp_path / "deck.anki2").write_bytes(package.read("collection.anki2"))
    db = tmp_path / "deck.anki2"
    ords: dict[int, list[int]] = {}
    for nid, ord_ in rows(db, "SELECT nid, ord FROM cards ORDER BY nid, ord"):
        ords.setdefault(nid, []).append(ord_)
    written = {guid: (fields, sorted(tags.split()), ords[nid]) for nid, guid, fields, tags
               in rows(db, "SELECT id, guid, flds, tags FROM notes")}
    notes = episode_notes(content).notes
    assert {note.guid: (note.fields, sorted(note.tags.split()), [o for o, _ in note.cards])
            for note in notes} == written
    placed = [card for note in notes for _, card in note.cards]
    assert sorted(placed) == sorted(card.id for card in cards)
    for note in notes:  # a card's place: its note's Id field and, in a cloze note, its ord
        for ord_, card in note.cards:
            key = note.fields.rsplit("\x1f", 1)[-1]
            assert card == (key if ord_ == 0 and ":cloze:" not in card else f"{key}:{ord_ + 1}")


LINTED = """\
    episode: {id: lint-ep, title: Infra, language: en}
    speakers: [{id: zhu, name: Zhu Yibo}]
    ideas:
      - id: pipes
        title: Pipes
        cards: [{q: What trade is infrastructure like?, a: Plumber.}]
    quotes:
      - {id: q1, by: zhu, idea: pipes, text: It is like the plumber of the internet., cloze: [plumber]}
    """


def test_content_read_without_the_lint_is_the_same_without_its_warnings(
        write_content: Any) -> None:
    path = Path(write_content(LINTED))
    [linted], [unlinted] = load_contents([path]), load_contents([path], lint=False)
    assert linted.warnings and not unlinted.warnings
    assert unlinted == replace(linted, warnings=())
    assert episode_notes(unlinted).notes == episode_notes(linted).notes


def test_a_sync_reads_the_content_without_the_card_lint(
        write_content: Any, col_path: Path, state: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sync never shows the lint's warnings: it does not spend the time to make them."""
    path = Path(write_content(LINTED))
    monkeypatch.setattr(quiz.content, "lint_cards", lambda *_: pytest.fail("card lint run"))
    result = sync_collection([path], col_path, state)
    assert (result.added, result.conflicts) == (2, ())

# -- a collection in real Anki ----------------------------------------------------------

def test_a_fresh_collection_gets_the_notes_as_the_package_makes_them(
        col_path: Path, state: Path, tmp_path: Path) -> None:
    content = load_content(SEED)
    cards = make_cards(content)
    notes = len({(c.kind, c.note) for c in cards})
    result = sync_collection([SEED], col_path, state)
    assert (result.added, result.updated, result.unchanged, result.conflicts) == (notes, 0, 0, ())
    assert result.backup is not None and result.backup.parent == col_path.parent / "backups"
    assert result.backup.stat().st_size > 0
    with opened(col_path) as col:
        assert col.note_count() == notes and col.card_count() == len(cards)
        types = {m.name: m.id for m in col.models.all_names_and_ids()}
        assert (types["quiz card"], types["quiz cloze"]) == (CARD_MODEL_ID, CLOZE_MODEL_ID)
        # Anki's importer finds a deck by its name (the package's deck id is not kept)
        names = [d.name for d in col.decks.all_names_and_ids()]
        assert names.count("42章经::关于 AI Infra 的一切") == 1
        assert col.db.scalar("SELECT COUNT(*) FROM revlog") == 0
        decks = len(names)
        # and importing the package afterwards finds everything there already (it may
        # update them in place: a deck built in a later second has newer notes)
        log = import_package(col, write_deck(content, cards, tmp_path / "seed.apkg"))
        assert len(log.new) == 0  # type: ignore[attr-defined]
        assert (col.note_count(), len(col.decks.all_names_and_ids())) == (notes, decks)
        assert len(col.models.all_names_and_ids()) == len(types)


def test_importing_the_package_first_makes_no_duplicates(col_path: Path, state: Path,
                                                        tmp_path: Path) -> None:
    content = load_content(SEED)
    deck = write_deck(content, make_cards(content), tmp_path / "seed.apkg")
    with opened(col_path) as col:
        import_package(col, deck)
        notes, types = col.note_count(), len(col.models.all_names_and_ids())
    result = sync_collection([SEED], col_path, state)
    assert (result.added, result.updated, result.unchanged) == (0, 0, notes)
    assert result.backup is None  # nothing was written
    with opened(col_path) as col:
        assert (col.note_count(), len(col.models.all_names_and_ids())) == (notes, types)



def test_nothing_to_update_leaves_the_collection_alone(col_path: Path) -> None:
    """Anki commits even an empty update, marking the collection modified: none is made."""
    before = digest(col_path)
    with opened(col_path) as col:
        update_notes(col, [])
    assert digest(col_path) == before

@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A collection of 10,000 notes in decks of its own, some of them reviewed."""
    from anki.collection import AddNoteRequest

    path = new_collection(tmp_path_factory.mktemp("crowded") / "collection.anki2")
    with opened(path) as col:
        basic = col.models.by_name("Basic")
        decks = [col.decks.id(f"Spanish::{n}") for n in range(3)]
        requests = []
        for n in range(10_000):
            other = col.new_note(basic)
            other["Front"], other["Back"] = f"palabra {n}", f"word {n}"
            requests.append(AddNoteRequest(note=other, deck_id=decks[n % 3]))
        col.add_notes(requests)
        first = col.find_cards("deck:Spanish::0")[:3]
    for cid in first:
        answer_in_anki_cid(path, cid)
    return path


def answer_in_anki_cid(path: Path, cid: int) -> None:
    from anki.scheduler_pb2 import CardAnswer

    with opened(path) as col:
        states = col._backend.get_scheduling_states(cid)
        col.sched.answer_card(CardAnswer(
            card_id=cid, current_state=states.current, new_state=states.good, rating=2,
            answered_at_millis=answered_at(), milliseconds_taken=2000))


OTHERS = {
    "notes": "SELECT * FROM notes WHERE mid NOT IN ({types}) ORDER BY id",
    "cards": "SELECT * FROM cards WHERE nid IN (SELECT id FROM notes WHERE mid NOT IN ({types}))"
             " ORDER BY id",
    "revlog": "SELECT * FROM revlog ORDER BY id",
    "notetypes": "SELECT * FROM notetypes WHERE id NOT IN ({types}) ORDER BY id",
    "decks": "SELECT id, name, mtime_secs, common, kind FROM decks WHERE name NOT LIKE '42%'"
             " ORDER BY id",
}


def test_other_decks_come_out_untouched(crowded: Path, tmp_path: Path, state: Path) -> None:
    path = tmp_path / "collection.anki2"
    shutil.copyfile(crowded, path)
    types = f"{CARD_MODEL_ID}, {CLOZE_MODEL_ID}"
    before = {name: rows(path, sql.format(types=types)) for name, sql in OTHERS.items()}
    assert len(before["notes"]) == 10_000 and len(before["revlog"]) == 3
    rate_in_quiz(state, "ai-infra-42:qa:plumber-meaning", Rating.Good,
                 datetime.now(UTC) - timedelta(hours=1))
    result = sync_collection([SEED], path, state)
    assert result.added > 0 and result.reviews_to_anki == 1
    after = {name: rows(path, sql.format(types=types)) for name, sql in OTHERS.items()}
    assert set(before["revlog"]) < set(after["revlog"]) and len(after["revlog"]) == 4
    for name in ("notes", "cards", "notetypes", "decks"):
        assert after[name] == before[name], name


def test_reviews_travel_both_ways_and_both_sides_agree(col_path: Path, state: Path) -> None:
    sync_collection([SEED], col_path, state)
    now = datetime.now(UTC)
    only_quiz, only_anki, both = ("ai-infra-42:qa:plumber-meaning",
                                  "ai-infra-42:qa:definition-middle",
                                  "ai-infra-42:cloze:plumber:1")
    rate_in_quiz(state, only_quiz, Rating.Good, now - timedelta(hours=3))
    rate_in_quiz(state, only_quiz, Rating.Good, now - timedelta(hours=2))
    rate_in_quiz(state, both, Rating.Again, now - timedelta(hours=1))
    answer_in_anki(col_path, only_anki, 3)
    answer_in_anki(col_path, both, 3, 3)

    result = sync_collection([SEED], col_path, state)
    assert (result.reviews_to_anki, result.reviews_from_anki) == (3, 3)
    with StateDB(state) as db:
        counts = db.rating_counts()
        states = db.load()
    with opened(col_path) as col:
        clock = AnkiClock(col.sched.today, col.sched.day_cutoff)
        assert col.db.scalar("SELECT COUNT(*) FROM revlog") == 6
        assert col.db.scalar("SELECT COUNT(*) FROM revlog WHERE type > 3 OR ease = 0") == 0
        for card in (only_quiz, only_anki, both):
            anki_card = card_of(col, card)
            entries = revlog(col, anki_card.id)
            assert sum(counts[card].values()) == len(entries) == anki_card.reps, card
            assert sorted(counts[card].items()) == sorted(
                {e: sum(1 for r in entries if r[3] == e) for e in {r[3] for r in entries}}.items())
            ours = states[card]
            if ours.state == State.Review:
                assert anki_card.queue == 2 and abs(anki_card.due - clock.day(ours.due)) <= 1
            else:
                assert anki_card.queue in (1, 3)
                assert abs(anki_card.due - ours.due.timestamp()) <= 86400
            assert anki_card.memory_state.stability == pytest.approx(ours.stability, rel=1e-3)
            assert anki_card.memory_state.difficulty == pytest.approx(ours.difficulty, rel=1e-3)
        # the card reviewed on both sides: Again in quiz, then Good twice in Anki, all
        # while it was learning; replayed in that order, it graduated
        both_reviews = [(r[3], r[8]) for r in revlog(col, card_of(col, both).id)]
    assert both_reviews == [(1, 0), (3, 0), (3, 0)]  # (ease, type)
    assert states[both].state == State.Review

    again = sync_collection([SEED], col_path, state)
    assert (again.reviews_to_anki, again.reviews_from_anki, again.added, again.updated) == (
        0, 0, 0, 0)


def test_a_review_in_anki_after_a_sync_comes_back(col_path: Path, state: Path) -> None:
    card = "ai-infra-42:qa:plumber-meaning"
    rate_in_quiz(state, card, Rating.Good, datetime.now(UTC) - timedelta(minutes=30))
    sync_collection([SEED], col_path, state)
    answer_in_anki(col_path, card, 3)
    result = sync_collection([SEED], col_path, state)
    assert (result.reviews_to_anki, result.reviews_from_anki) == (0, 1)
    with StateDB(state) as db:
        assert db.rating_counts()[card] == {3: 2}
    with opened(col_path) as col:
        assert len(revlog(col, card_of(col, card).id)) == 2


def edited(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


def edit_in_anki(path: Path, card: str, field: str, text: str) -> None:
    with opened(path) as col:
        note = card_of(col, card).note()
        note[field] = text
        col.update_note(note)


def field_of(path: Path, card: str, field: str) -> str:
    with opened(path) as col:
        return str(card_of(col, card).note()[field])


def test_edits_on_either_side(write_content: Any, col_path: Path, state: Path) -> None:
    content = Path(write_content(SMALL))
    sync_collection([content], col_path, state)
    plumber, water = small_card("qa", "plumber"), "small-ep:who:plumber-quote"
    edit_in_anki(col_path, water, "Details", "my own note")
    # our edit updates the note Anki did not touch; theirs stays
    write_content(edited(SMALL, "a: plumbing", "a: plumbing work"))
    result = sync_collection([content], col_path, state)
    assert (result.updated, result.conflicts) == (1, ())
    assert field_of(col_path, plumber, "Back") == "plumbing work"
    assert field_of(col_path, water, "Details") == "my own note"
    # edited on both sides: a conflict, listed, and Anki's text stays
    edit_in_anki(col_path, plumber, "Back", "plumbing, as in pipes")
    write_content(edited(SMALL, "a: plumbing", "a: the plumbing"))
    result = sync_collection([content], col_path, state)
    assert (result.updated, result.conflicts) == (0, (plumber,))
    assert field_of(col_path, plumber, "Back") == "plumbing, as in pipes"
    assert sync_collection([content], col_path, state).conflicts == (plumber,)  # until resolved
    # resolved by taking the content back: Anki's edit stays, nothing is in conflict
    write_content(edited(SMALL, "a: plumbing", "a: plumbing work"))
    result = sync_collection([content], col_path, state)
    assert (result.updated, result.conflicts) == (0, ())
    assert field_of(col_path, plumber, "Back") == "plumbing, as in pipes"


def test_a_second_sync_changes_nothing(write_content: Any, col_path: Path, state: Path) -> None:
    content = Path(write_content(SMALL))
    rate_in_quiz(state, small_card("qa", "plumber"), Rating.Good,
                 datetime.now(UTC) - timedelta(minutes=5))
    first = sync_collection([content], col_path, state)
    notes = first.added
    assert notes == 10 and first.reviews_to_anki == 1
    answer_in_anki(col_path, "small-ep:cloze:plumber-quote:2", 3)
    assert sync_collection([content], col_path, state).reviews_from_anki == 1
    backups = sorted((col_path.parent / "backups").iterdir())
    collection, kept = digest(col_path), digest(state)
    # without loading Anki: the fingerprint says nothing changed
    again = sync_collection([content], col_path, state, load=lambda _: pytest.fail("content loaded"))
    assert again == SyncResult(unchanged=notes)
    assert (digest(col_path), digest(state)) == (collection, kept)
    # and through Anki too, when the file looks touched (as after Anki opened and closed it)
    tables = "SELECT * FROM reviews ORDER BY id", "SELECT * FROM anki_notes ORDER BY guid"
    before = [rows(state, sql) for sql in tables]
    stat = col_path.stat()
    os.utime(col_path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert sync_collection([content], col_path, state) == SyncResult(unchanged=notes)
    assert digest(col_path) == collection
    assert sorted((col_path.parent / "backups").iterdir()) == backups
    with StateDB(state) as db:
        assert db.review_mark()[0] == 2
    assert [rows(state, sql) for sql in tables] == before


def test_content_edited_during_a_sync_is_synced_next_time(write_content: Any, col_path: Path,
                                                          state: Path) -> None:
    content = Path(write_content(SMALL))

    def load_then_edit(paths: Any) -> Any:
        read = load_contents(paths, lint=False)
        write_content(edited(SMALL, "a: plumbing", "a: plumbing work"))  # saved meanwhile
        return read

    assert sync_collection([content], col_path, state, load=load_then_edit).added == 10
    assert sync_collection([content], col_path, state).updated == 1
    assert field_of(col_path, small_card("qa", "plumber"), "Back") == "plumbing work"


# -- collections to leave alone ---------------------------------------------------------

HOLD = textwrap.dedent("""\
    import sys
    from anki.collection import Collection
    col = Collection(sys.argv[1])
    col.db.scalar("SELECT COUNT(*) FROM notes")
    print("held", flush=True)
    sys.stdin.readline()
    col.close()
""")

LOCK = textwrap.dedent("""\
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    print("held", flush=True)
    sys.stdin.readline()
    conn.close()
""")


@pytest.mark.parametrize("holder", [HOLD, LOCK], ids=["anki", "sqlite"])
def test_a_collection_open_elsewhere_is_refused_untouched(col_path: Path, state: Path,
                                                           holder: str) -> None:
    sync_collection([SEED], col_path, state)
    rate_in_quiz(state, "ai-infra-42:qa:plumber-meaning", Rating.Good, datetime.now(UTC))
    before = digest(col_path)
    other = subprocess.Popen([sys.executable, "-c", holder, str(col_path)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline() == "held\n"
        with pytest.raises(SyncError, match="is open in Anki or another program.*close Anki"):
            sync_collection([SEED], col_path, state)
        assert digest(col_path) == before
    finally:
        other.communicate("\n", timeout=30)
    assert digest(col_path) == before
    assert sync_collection([SEED], col_path, state).reviews_to_anki == 1  # once Anki is closed


def test_a_collection_that_cannot_be_backed_up_is_left_as_it_was(col_path: Path,
                                                                   state: Path) -> None:
    (col_path.parent / "backups").write_text("a file where the backups folder goes\n")
    before = digest(col_path)
    with pytest.raises(SyncError, match="cannot back .* up into .*backups.*nothing was written"):
        sync_collection([SEED], col_path, state)
    assert digest(col_path) == before


def test_a_package_that_cannot_be_written_leaves_the_collection_as_it_was(
        col_path: Path, state: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)  # the package's, the one Python writes
    before = digest(col_path)
    with pytest.raises(SyncError, match="cannot write the notes to import.*No space left"):
        sync_collection([SEED], col_path, state)
    assert digest(col_path) == before


def not_collections(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    text = tmp_path / "notes.txt"
    text.write_text("not a collection\n")
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (id INTEGER)")
    conn.commit()
    conn.close()
    package = tmp_path / "deck.apkg"
    content = load_content(SEED)
    write_deck(content, make_cards(content), package)
    quiz_state = tmp_path / "quiz-state.sqlite3"
    rate_in_quiz(quiz_state, "x:qa:y", Rating.Good, T)
    empty = tmp_path / "empty.anki2"
    empty.write_bytes(b"")
    return {
        "text": (text, "is not an Anki collection"),
        "sqlite": (other, "is an SQLite database but not an Anki collection"),
        "state": (quiz_state, "is an SQLite database but not an Anki collection"),
        "package": (package, "is a package to import in Anki"),
        "empty": (empty, "is not an Anki collection"),
    }


@pytest.mark.parametrize("kind", ["text", "sqlite", "state", "package", "empty"])
def test_a_file_that_is_not_a_collection_is_refused_untouched(tmp_path: Path, state: Path,
                                                               kind: str) -> None:
    path, message = not_collections(tmp_path)[kind]
    before, beside = digest(path), sorted(tmp_path.iterdir())
    with pytest.raises(SyncError, match=message):
        sync_collection([SEED], path, state)
    assert digest(path) == before and sorted(tmp_path.iterdir()) == beside


def test_a_missing_collection_is_not_created(tmp_path: Path, state: Path) -> None:
    with pytest.raises(SyncError, match="no Anki collection at .*Anki2/<profile>"):
        sync_collection([SEED], tmp_path / "nowhere" / "collection.anki2", state)
    assert not (tmp_path / "nowhere").exists()


def test_a_profile_folder_points_to_its_collection(col_path: Path, state: Path) -> None:
    with pytest.raises(SyncError, match="is a folder.*did you mean .*collection.anki2"):
        sync_collection([SEED], col_path.parent, state)


# -- the command ------------------------------------------------------------------------

def test_sync_command_prints_json(runner: CliRunner, col_path: Path, state: Path) -> None:
    args = ["sync", str(SEED), "--collection", str(col_path), "--state", str(state)]
    result = runner.invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == KEYS and data["added"] > 0 and data["conflicts"] == []
    text = runner.invoke(cli, args)
    assert text.exit_code == 0
    # about a Chinese episode, in Chinese (from the last sync's result, Anki not loaded)
    assert f"{col_path}：笔记新增 0 条，更新 0 条，未变 {data['added']} 条" in text.stdout


def test_sync_command_refuses_a_missing_collection(runner: CliRunner, tmp_path: Path,
                                                   state: Path) -> None:
    result = runner.invoke(cli, ["sync", str(SEED), "--collection",
                                      str(tmp_path / "c.anki2"), "--state", str(state)])
    assert result.exit_code == 1
    assert "Error: no Anki collection at" in result.stderr and "Traceback" not in result.output


def test_without_anki_the_command_says_how_to_install_it(
        runner: CliRunner, col_path: Path, state: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "anki" or m.startswith("anki.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "anki", None)
    before = digest(col_path)
    result = runner.invoke(cli, ["sync", str(SEED), "--collection", str(col_path),
                                      "--state", str(state)])
    assert result.exit_code == 1
    # the extra of this clone: 'quiz[anki]' would fetch another project named quiz from PyPI
    assert "pip install '.[anki]'" in result.stderr and result.exception is not None
    assert not isinstance(result.exception, ImportError)
    assert digest(col_path) == before


def test_a_conflict_settled_by_deleting_the_note_in_anki(write_content: Any, col_path: Path,
                                                         state: Path) -> None:
    content = Path(write_content(SMALL))
    plumber = small_card("qa", "plumber")
    rate_in_quiz(state, plumber, Rating.Good, datetime.now(UTC) - timedelta(hours=1))
    sync_collection([content], col_path, state)
    answer_in_anki(col_path, plumber, 3)
    edit_in_anki(col_path, plumber, "Back", "pipes")
    write_content(edited(SMALL, "a: plumbing", "a: the plumbing"))
    assert sync_collection([content], col_path, state).conflicts == (plumber,)
    with opened(col_path) as col:
        col.remove_notes([card_of(col, plumber).nid])
    result = sync_collection([content], col_path, state)
    assert (result.added, result.conflicts, result.reviews_to_anki) == (1, (), 2)
    assert field_of(col_path, plumber, "Back") == "the plumbing"
    with opened(col_path) as col:
        assert card_of(col, plumber).reps == 2
