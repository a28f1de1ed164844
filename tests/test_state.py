"""The review state database: round trips, undo, and files it must refuse and never touch."""

from __future__ import annotations

import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

from quiz.errors import StateError
from quiz.schedule import new_state, review
from quiz.state import (
    SCHEMA_VERSION,
    StateDB,
    default_state_path,
    read_snapshot,
    record_review,
)

NOW = datetime(2025, 8, 2, 12, 0, tzinfo=UTC)
SCHEDULER = Scheduler(enable_fuzzing=False)


def count_reviews(db: StateDB) -> int:
    return int(db.conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])


def rate(db: StateDB, card_id: str, rating: Rating, now: datetime = NOW) -> int:
    """Rate `card_id` from its stored state, as a session does; return the review id."""
    return record_review(db, card_id, rating, now, SCHEDULER, duration_ms=1200).id


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "state.sqlite3"


@pytest.fixture
def filled(path: Path) -> Path:
    """A state with two cards, one of them reviewed twice."""
    with StateDB(path) as db:
        rate(db, "ep:qa:a", Rating.Good)
        rate(db, "ep:qa:a", Rating.Good, NOW + timedelta(minutes=10))
        rate(db, "ep:who:b", Rating.Again)
    return path


def test_round_trip(filled: Path) -> None:
    with StateDB(filled) as db:
        states = db.load()
        assert set(states) == {"ep:qa:a", "ep:who:b"}
        assert states["ep:qa:a"].due == NOW + timedelta(minutes=10, days=2)
        assert states["ep:who:b"].due == NOW + timedelta(minutes=1)
        assert states["ep:qa:a"].card_id == new_state("ep:qa:a", NOW).card_id
        assert db.rating_counts() == {"ep:qa:a": {3: 2}, "ep:who:b": {1: 1}}
        assert count_reviews(db) == 3
        row = db.conn.execute("SELECT card_id, rating, reviewed_at, duration_ms FROM reviews"
                              " ORDER BY id LIMIT 1").fetchone()
    assert row == ("ep:qa:a", 3, "2025-08-02T12:00:00+00:00", 1200)
    snapshot = read_snapshot(filled)
    assert snapshot.ratings == {"ep:qa:a": {3: 2}, "ep:who:b": {1: 1}}
    assert set(snapshot.states) == {"ep:qa:a", "ep:who:b"}


def test_record_review_in_one_call(path: Path) -> None:
    first = record_review(path, "c", Rating.Good, NOW, SCHEDULER)  # a path: the file is made
    after = first.after
    assert first.before is None and first.rating is Rating.Good and first.reviewed_at == NOW
    assert after.due == NOW + timedelta(minutes=10)
    with StateDB(path) as db:
        later = NOW + timedelta(minutes=10)
        again = record_review(db, "c", 1, later, SCHEDULER)  # from the stored state
        assert again.before is not None and again.before.to_dict() == after.to_dict()
        assert again.after.to_dict() == review(after, Rating.Again, later, SCHEDULER).to_dict()
        assert db.load()["c"].to_dict() == again.after.to_dict()
        assert db.rating_counts() == {"c": {3: 1, 1: 1}}
        assert again.id == db.conn.execute("SELECT max(id) FROM reviews").fetchone()[0]
        assert db.undo_review(again.id).to_dict() == after.to_dict()  # type: ignore[union-attr]
    assert record_review(path, "d", Rating.Easy, NOW).after.due > NOW  # fsrs's default one


def test_a_rating_reads_the_card_inside_its_own_transaction(path: Path) -> None:
    """While `schedule` works out the new state, no other session can write: the state it
    was given is still the stored one when the rating is saved."""
    with StateDB(path) as mine, StateDB(path, timeout=0.1) as theirs:
        first = record_review(mine, "c", Rating.Good, NOW, SCHEDULER).after
        seen: list[object] = []

        def schedule(before: FsrsCard | None) -> FsrsCard:
            seen.append(before.to_dict() if before else None)
            with pytest.raises(StateError, match="locked by another program"):
                record_review(theirs, "c", Rating.Again, NOW, SCHEDULER)
            assert before is not None
            return review(before, Rating.Good, NOW + timedelta(minutes=10), SCHEDULER)

        saved = mine.rate("c", Rating.Good, NOW + timedelta(minutes=10), schedule)
        assert seen == [first.to_dict()]
        assert mine.load()["c"].to_dict() == saved.after.to_dict()
        assert mine.rating_counts() == {"c": {3: 2}}


def test_a_failing_schedule_saves_nothing(filled: Path) -> None:
    before = filled.read_bytes()

    def schedule(state: FsrsCard | None) -> FsrsCard:
        raise ValueError("no")

    with StateDB(filled) as db, pytest.raises(ValueError):
        db.rate("ep:qa:a", Rating.Good, NOW, schedule)
    assert filled.read_bytes() == before


def test_two_connections_rating_one_card_build_on_each_other(path: Path) -> None:
    with StateDB(path) as mine, StateDB(path) as theirs:
        assert mine.load() == theirs.load() == {}  # both have seen the card new
        record_review(mine, "c", Rating.Good, NOW, SCHEDULER)
        second = record_review(theirs, "c", Rating.Good, NOW + timedelta(seconds=5), SCHEDULER)
    assert second.before is not None
    assert read_snapshot(path).states["c"].due >= NOW + timedelta(days=2)


def test_reviewed_since_tells_the_cards_first_reviewed(filled: Path) -> None:
    with StateDB(filled) as db:
        assert db.reviewed_since(NOW) == {"ep:qa:a": True, "ep:who:b": True}
        assert db.reviewed_since(NOW + timedelta(minutes=5)) == {"ep:qa:a": False}
        assert db.reviewed_since(NOW + timedelta(hours=1)) == {}
        # A time in another zone is the same instant: stored, and compared, in UTC.
        east = timezone(timedelta(hours=8))
        later = NOW + timedelta(hours=2)
        record_review(db, "ep:qa:c", Rating.Good, later.astimezone(east), SCHEDULER)
        assert db.reviewed_since((NOW + timedelta(hours=1)).astimezone(east)) == {
            "ep:qa:c": True}
        assert db.reviewed_since(NOW + timedelta(hours=3)) == {}
        stored = db.conn.execute("SELECT reviewed_at FROM reviews WHERE card_id = 'ep:qa:c'")
        assert stored.fetchone() == ("2025-08-02T14:00:00+00:00",)


def test_schema_version_is_recorded(filled: Path) -> None:
    conn = sqlite3.connect(filled)
    try:
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()
    assert tables == {"cards", "reviews", "anki_notes", "anki_syncs"}


def test_loading_is_one_query(filled: Path) -> None:
    statements: list[str] = []
    with StateDB(filled) as db:
        db.conn.set_trace_callback(statements.append)
        db.load()
    assert len(statements) == 1 and statements[0].startswith("SELECT")


def test_a_missing_state_is_empty_and_reading_it_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "state.sqlite3"
    snapshot = read_snapshot(path)
    assert snapshot.states == {} and snapshot.ratings == {}
    assert not (tmp_path / "no").exists()
    with pytest.raises(StateError, match="no such state file"):
        StateDB(path, readonly=True)


def test_a_new_state_is_created_with_its_directory(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "dir" / "state.sqlite3"
    with StateDB(path) as db:
        assert db.load() == {}
    assert path.is_file()


def test_an_empty_file_becomes_a_state(path: Path) -> None:
    path.write_bytes(b"")
    with StateDB(path) as db:
        rate(db, "c", Rating.Good)
    assert read_snapshot(path).ratings == {"c": {3: 1}}


def test_reading_an_empty_file_writes_nothing(path: Path) -> None:
    path.write_bytes(b"")
    snapshot = read_snapshot(path)
    assert snapshot.states == {} and snapshot.ratings == {}
    with StateDB(path, readonly=True) as db:
        assert db.load() == {} and db.rating_counts() == {} and db.reviewed_since(NOW) == {}
    assert path.read_bytes() == b""
    assert os.listdir(path.parent) == [path.name]


def test_a_state_opened_read_only_is_never_written(filled: Path) -> None:
    before = filled.read_bytes()
    with StateDB(filled, readonly=True) as db:
        with pytest.raises(StateError, match="was opened read-only"):
            rate(db, "ep:qa:a", Rating.Good)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            db.conn.execute("DELETE FROM reviews")
    assert filled.read_bytes() == before


def test_undo_restores_the_state_before(path: Path) -> None:
    with StateDB(path) as db:
        rate(db, "c", Rating.Good)
        first = db.load()["c"].to_dict()
        last = rate(db, "c", Rating.Again, NOW + timedelta(minutes=10))
        restored = db.undo_review(last)
        assert restored is not None and restored.to_dict() == first
        assert db.load()["c"].to_dict() == first
        assert db.rating_counts() == {"c": {3: 1}}


def test_undoing_the_first_review_makes_the_card_new_again(path: Path) -> None:
    with StateDB(path) as db:
        rate(db, "other", Rating.Good)
        review_id = rate(db, "c", Rating.Good)
        assert db.undo_review(review_id) is None
        assert set(db.load()) == {"other"}
        assert count_reviews(db) == 1
        with pytest.raises(StateError, match=f"review {review_id} is not in the state"):
            db.undo_review(review_id)


def test_undo_keeps_a_newer_rating_from_another_session(path: Path) -> None:
    with StateDB(path) as mine, StateDB(path) as theirs:
        review_id = rate(mine, "c", Rating.Good)
        rate(theirs, "c", Rating.Easy, NOW + timedelta(minutes=5))
        newer = theirs.load()["c"].to_dict()
        assert mine.undo_review(review_id).to_dict() == newer  # type: ignore[union-attr]
        assert mine.load()["c"].to_dict() == newer
        assert mine.rating_counts() == {"c": {4: 1}}


# -- files that must be refused, and left exactly as they were ------------------------------

def refuse(path: Path, match: str) -> None:
    """Assert that opening `path` (to read and to write) fails with `match`, bytes unchanged."""
    before = path.read_bytes()
    names = set(os.listdir(path.parent))
    with pytest.raises(StateError, match=match):
        StateDB(path)
    with pytest.raises(StateError, match=match):
        read_snapshot(path)
    assert path.read_bytes() == before
    assert set(os.listdir(path.parent)) == names


def test_a_newer_version_is_refused(filled: Path) -> None:
    conn = sqlite3.connect(filled)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    refuse(filled, "written by a newer version of quiz .*Upgrade quiz")


def test_random_bytes_are_refused(path: Path) -> None:
    path.write_bytes(random.Random(1).randbytes(8192))
    refuse(path, f"{path} is not a usable quiz state .*not an SQLite database.*move it aside")


def test_a_text_file_is_refused(path: Path) -> None:
    path.write_text("format: 1\nepisode: {}\n")
    refuse(path, "not an SQLite database")


@pytest.mark.parametrize("keep", [0.25, 0.5, 0.75, 0.95])
def test_a_truncated_state_is_refused(tmp_path: Path, keep: float) -> None:
    path = tmp_path / "state.sqlite3"
    StateDB(path).close()
    after = json.dumps(new_state("c", NOW).to_dict())
    conn = sqlite3.connect(path)
    with conn:  # a state of some pages, written in one go
        conn.executemany("INSERT INTO cards VALUES (?, ?)",
                         [(f"ep:qa:card-{n}-{'x' * 40}", after) for n in range(300)])
        conn.executemany("INSERT INTO reviews (card_id, rating, reviewed_at, after)"
                         " VALUES (?, ?, ?, ?)",
                         [(f"ep:qa:card-{n}", n % 4 + 1, NOW.isoformat(), after)
                          for n in range(300)])
    conn.close()
    data = path.read_bytes()
    assert len(data) > 40_000
    path.write_bytes(data[:int(len(data) * keep)])
    refuse(path, "is not a usable quiz state .*malformed")


def test_a_scrambled_page_is_refused(filled: Path) -> None:
    data = bytearray(filled.read_bytes())
    data[100:4096] = random.Random(2).randbytes(4096 - 100)
    filled.write_bytes(bytes(data))
    refuse(filled, "is not a usable quiz state")


def test_another_sqlite_database_is_refused(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER)")
    conn.commit()
    conn.close()
    refuse(path, "is an SQLite database but not a quiz state")


@pytest.mark.parametrize(("sql", "why"), [
    ("DROP TABLE cards", "no such table: cards"),
    ("DROP TABLE reviews", "no such table: reviews"),
    ("ALTER TABLE reviews DROP COLUMN rating", "(no such column: |table reviews has no column named )rating"),
])
def test_a_state_missing_a_table_is_refused(filled: Path, sql: str, why: str) -> None:
    edit(filled, sql)
    before = filled.read_bytes()
    match = f"{re.escape(str(filled))} is not a usable quiz state \\({why}\\).*move it aside"
    with pytest.raises(StateError, match=match):
        read_snapshot(filled)
    with StateDB(filled) as db, pytest.raises(StateError, match=match):
        rate(db, "ep:qa:a", Rating.Good)
    assert filled.read_bytes() == before


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StateError, match="is a directory"):
        StateDB(tmp_path)


def edit(path: Path, sql: str) -> None:
    """Change the state at `path` behind quiz's back, as a person or another program might."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(sql)
    conn.close()


def set_field(name: str, value: str, card: str = "ep:qa:a") -> str:
    return f"UPDATE cards SET state = json_set(state, '$.{name}', {value}) WHERE id = '{card}'"


# A row the tables accept but quiz would never write, and the reason given for it.
BAD_ROWS = {
    "rating 7": ("UPDATE reviews SET rating = 7 WHERE card_id = 'ep:who:b'",
                 "a review of card 'ep:who:b' has the rating 7, not 1 to 4"),
    "rating as text": ("UPDATE reviews SET rating = 'good' WHERE card_id = 'ep:who:b'",
                       "a review of card 'ep:who:b' has the rating 'good', not 1 to 4"),
    "due without a zone": (set_field("due", "'2025-08-04T12:10:00'"),
                           "the state of card 'ep:qa:a' is unreadable: 'due' has no time zone"),
    "last review without a zone": (set_field("last_review", "'2025-08-02T12:10:00'"),
                                   "'last_review' has no time zone"),
    "a date for due": (set_field("due", "'2025-08-04'"), "'due' has no time zone"),
    "due missing": ("UPDATE cards SET state = json_remove(state, '$.due')",
                    "the state of card 'ep:qa:a' has no 'due'"),
    "unknown fsrs state": (set_field("state", "9"), "9 is not a valid State"),
    "step as text": (set_field("step", "'first'"), "'step' is not a number"),
    "stability as text": (set_field("stability", "'high'"), "could not convert string"),
    "a list": ("UPDATE cards SET state = '[1, 2]' WHERE id = 'ep:who:b'",
               "the state of card 'ep:who:b' is unreadable"),
    "not JSON": ("UPDATE cards SET state = '{card' WHERE id = 'ep:who:b'",
                 "the state of card 'ep:who:b' is unreadable"),
    "null": ("UPDATE cards SET state = 'null' WHERE id = 'ep:who:b'",
             "the state of card 'ep:who:b' is unreadable"),
}


@pytest.mark.parametrize(("sql", "why"), BAD_ROWS.values(), ids=BAD_ROWS)
def test_a_bad_row_is_refused_when_read_and_left_alone(filled: Path, sql: str, why: str) -> None:
    edit(filled, sql)
    before = filled.read_bytes()
    match = f"{re.escape(str(filled))} is not a usable quiz state \\(.*{re.escape(why)}.*move it aside"
    with pytest.raises(StateError, match=match):
        read_snapshot(filled)
    with StateDB(filled) as db, pytest.raises(StateError, match=match):
        db.load() if "rating" not in sql else db.rating_counts()
    assert filled.read_bytes() == before


def test_undo_refuses_a_state_before_it_cannot_restore(path: Path) -> None:
    with StateDB(path) as db:
        rate(db, "c", Rating.Good)
        last = rate(db, "c", Rating.Good, NOW + timedelta(minutes=10))
    edit(path, f"UPDATE reviews SET before = '{{\"due\": 1}}' WHERE id = {last}")
    before = path.read_bytes()
    with StateDB(path) as db, pytest.raises(StateError, match="card 'c' has no 'card_id'"):
        db.undo_review(last)
    assert path.read_bytes() == before


# -- two sessions at once ---------------------------------------------------------------------

@pytest.fixture
def locker(filled: Path) -> Iterator[sqlite3.Connection]:
    """Another connection holding a write transaction on the state."""
    conn = sqlite3.connect(filled, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("DELETE FROM reviews WHERE 0")
    yield conn
    conn.execute("ROLLBACK")
    conn.close()


def test_a_held_lock_gives_a_clear_message(filled: Path, locker: sqlite3.Connection) -> None:
    with StateDB(filled, timeout=0.1) as db:
        assert len(db.load()) == 2  # reading still works while another writes
        with pytest.raises(StateError, match="is locked by another program"):
            rate(db, "ep:qa:a", Rating.Good)
    locker.execute("ROLLBACK")
    locker.execute("BEGIN")  # for the fixture's own ROLLBACK
    with StateDB(filled) as db:
        rate(db, "ep:qa:a", Rating.Good)
        assert count_reviews(db) == 4
        assert db.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# -- a full disk ------------------------------------------------------------------------------

def test_a_full_disk_says_so_and_keeps_the_state(filled: Path) -> None:
    """SQLite undoes a transaction by itself when the disk fills; the message must still say
    what happened (it said "cannot rollback - no transaction is active"). The disk is made
    full for this connection only, with SQLite's max_page_count: the same error, SQLITE_FULL,
    as a full file system (tests/test_run_state.py fills a real one where it can)."""
    with StateDB(filled) as db:
        pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
        db.conn.execute(f"PRAGMA max_page_count = {pages}")
        big = "ep:qa:" + "x" * 8000  # a row that needs pages the file cannot have
        with pytest.raises(StateError, match="the disk is full") as caught:
            record_review(db, big, Rating.Good, NOW, SCHEDULER)
        assert "the rating of this answer was not saved in" in str(caught.value)
        assert "rollback" not in str(caught.value)
        assert not db.conn.in_transaction
        assert db.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert count_reviews(db) == 3 and set(db.load()) == {"ep:qa:a", "ep:who:b"}
        db.conn.execute(f"PRAGMA max_page_count = {pages * 10}")  # space again: it goes on
        rate(db, big, Rating.Good)
        assert count_reviews(db) == 4


WRITER = textwrap.dedent("""
    import sys
    from datetime import UTC, datetime
    from fsrs import Rating, Scheduler
    from quiz.state import StateDB, record_review
    path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    now = datetime(2025, 8, 2, tzinfo=UTC)
    scheduler = Scheduler(enable_fuzzing=False)
    # A long wait: this checks that no rating is lost, not how long a busy machine takes
    # to serve 450 back-to-back writes (a user's session writes once per answer).
    with StateDB(path, timeout=60) as db:
        db.load()  # what a session reads when it starts, long before it rates
        for n in range(count):
            record_review(db, f"card-{n % 7}", Rating.Good, now, scheduler)
""")


def test_two_processes_writing_at_once_lose_nothing(path: Path) -> None:
    """Three processes rate the same seven cards at once: every review of a card builds on
    the one saved before it, whichever process gave it."""
    count = 150
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, str(count)])
               for name in ("left", "right", "third")]
    assert [w.wait(timeout=120) for w in writers] == [0, 0, 0]
    with StateDB(path) as db:
        assert count_reviews(db) == 3 * count
        assert len(db.load()) == 7
        assert db.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = db.conn.execute("SELECT card_id, before, after FROM reviews ORDER BY id")
        last: dict[str, str | None] = {}
        for card_id, before, after in rows:
            assert before == last.get(card_id), card_id
            last[card_id] = after
        assert {k: json.loads(v) for k, v in last.items() if v} == {
            k: v.to_dict() for k, v in db.load().items()}


def test_a_state_another_session_creates_meanwhile_is_used(path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Two sessions opening a new state at once: one creates the tables while the other is
    looking at the file, between its reads. The other must use them, not call the file
    'not a quiz state'."""
    from quiz import state as state_module

    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    for statement in state_module._SCHEMA.split(";")[:-1]:
        other.execute(statement)
    other.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    connect = sqlite3.connect

    def connect_and_race(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)  # type: ignore[arg-type]

        def trace(statement: str) -> None:
            if other.in_transaction and "quick_check" in statement:
                other.execute("COMMIT")  # the other session is done, right after our first read

        conn.set_trace_callback(trace)
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect_and_race)
    try:
        with StateDB(path) as db:
            assert db.load() == {}
            rate(db, "ep:qa:a", Rating.Good)
            assert count_reviews(db) == 1
    finally:
        other.close()


def test_default_path_is_in_the_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_data_dir

    monkeypatch.delenv("QUIZ_STATE", raising=False)
    assert default_state_path() == Path(user_data_dir("quiz")) / "state.sqlite3"
    # QUIZ_STATE is the command line's (click reads it for --state), not the library's.
    monkeypatch.setenv("QUIZ_STATE", "/tmp/elsewhere.db")
    assert default_state_path() == Path(user_data_dir("quiz")) / "state.sqlite3"


V1_SCHEMA = """
CREATE TABLE cards (id TEXT PRIMARY KEY, state TEXT NOT NULL);
CREATE TABLE reviews (id INTEGER PRIMARY KEY, card_id TEXT NOT NULL, rating INTEGER NOT NULL,
    reviewed_at TEXT NOT NULL, duration_ms INTEGER, before TEXT, after TEXT NOT NULL);
CREATE INDEX reviews_card ON reviews (card_id);
PRAGMA user_version = 1;
"""


def version_1_state(path: Path) -> Path:
    """Write a state as quiz wrote it before `quiz sync` (version 1), with two reviews."""
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    first = review(new_state("ep:qa:a", NOW), Rating.Good, NOW, SCHEDULER)
    second = review(first, Rating.Good, NOW + timedelta(minutes=10), SCHEDULER)
    with conn:
        for before, after, at in ((None, first, NOW), (first, second, NOW + timedelta(minutes=10))):
            conn.execute(
                "INSERT INTO reviews (card_id, rating, reviewed_at, before, after)"
                " VALUES ('ep:qa:a', 3, ?, ?, ?)",
                (at.isoformat(), before and json.dumps(before.to_dict()),
                 json.dumps(after.to_dict())))
        conn.execute("INSERT INTO cards VALUES ('ep:qa:a', ?)", (json.dumps(second.to_dict()),))
    conn.close()
    return path


def test_a_version_1_state_is_read_as_it_is(path: Path) -> None:
    before = version_1_state(path).read_bytes()
    assert read_snapshot(path).ratings == {"ep:qa:a": {3: 2}}
    assert path.read_bytes() == before


def test_a_version_1_state_is_migrated_in_place_keeping_every_review(path: Path) -> None:
    version_1_state(path)
    with StateDB(path) as db:
        assert count_reviews(db) == 2
        rate(db, "ep:qa:a", Rating.Again, NOW + timedelta(days=3))
        assert db.rating_counts() == {"ep:qa:a": {3: 2, 1: 1}}
        assert db.conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert db.conn.execute("SELECT COUNT(*) FROM anki_notes").fetchone() == (0,)
