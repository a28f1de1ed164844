"""The review state: one SQLite database of card states and the log of every rating.

Each rating is its own short transaction, so a session killed at any moment keeps every
answer already given, and two sessions on one state take turns instead of corrupting it.
StateDB stores and knows nothing of scheduling: what a rating does to a card comes from
quiz.schedule, through `record_review`, as a function of the card's stored state.
A file this module cannot vouch for (not SQLite, corrupt, from a newer version of quiz)
raises StateError and is never written to.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

from .errors import DiskFull, StateError
from .schedule import new_state, review

SCHEMA_VERSION = 2  # 2: what `quiz sync` remembers of Anki collections
HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT = 5.0  # seconds to wait for another session's write before giving up
_RATINGS = frozenset(int(r) for r in Rating)

_SCHEMA = """
CREATE TABLE cards (
    id TEXT PRIMARY KEY,          -- the stable card id of quiz.cards
    state TEXT NOT NULL           -- fsrs.Card.to_dict() as JSON
);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    card_id TEXT NOT NULL,
    rating INTEGER NOT NULL,      -- 1 Again, 2 Hard, 3 Good, 4 Easy
    reviewed_at TEXT NOT NULL,    -- ISO 8601, UTC (so that text order is time order)
    duration_ms INTEGER,
    before TEXT,                  -- the card's state before: what undo restores (NULL: new)
    after TEXT NOT NULL
);
CREATE INDEX reviews_card ON reviews (card_id);
"""

_SYNC_TABLES = """
CREATE TABLE anki_notes (         -- each note as `quiz sync` last left it in a collection
    collection TEXT NOT NULL,     -- the collection file's absolute path
    guid TEXT NOT NULL,           -- the note's GUID
    text TEXT NOT NULL,           -- a hash of its fields and tags as quiz made them then
    mod INTEGER NOT NULL,         -- Anki's modification time of the note then (seconds)
    PRIMARY KEY (collection, guid)
);
CREATE TABLE anki_syncs (
    collection TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,    -- of the collection file, the content and the reviews after it
    result TEXT NOT NULL          -- what that sync reported, as JSON
);
"""
_SCHEMA += _SYNC_TABLES

# What turns a state of version N into one of N + 1, in place, keeping every review.
_MIGRATIONS = {1: _SYNC_TABLES}

# A card's state saved, replacing the one stored (a rating's, or one a sync brought).
_SAVE_STATE = ("INSERT INTO cards (id, state) VALUES (?, ?)"
               " ON CONFLICT (id) DO UPDATE SET state = excluded.state")


def _utc(when: datetime) -> str:
    """Return `when` as the reviews table stores it: ISO 8601 in UTC."""
    return when.astimezone(UTC).isoformat()


def _read_card(text: object) -> FsrsCard:
    """Return the fsrs card stored as JSON `text`; raise ValueError, KeyError or TypeError for
    one quiz would not have written (fsrs accepts a time without a zone, then fails on it)."""
    card = FsrsCard.from_dict(json.loads(text))  # type: ignore[arg-type]
    last = card.last_review
    if card.due.tzinfo is None or (last is not None and last.tzinfo is None):
        raise ValueError(f"'{'due' if card.due.tzinfo is None else 'last_review'}' has no"
                         " time zone")
    if card.step is not None and type(card.step) is not int:
        raise ValueError("'step' is not a number")
    return card


def default_state_path() -> Path:
    """Return the state file in the user's data directory."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("quiz")) / "state.sqlite3"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything `quiz stats` needs: card states and per-card counts of each rating."""

    states: dict[str, FsrsCard]
    ratings: dict[str, dict[int, int]]


@dataclass(frozen=True, slots=True)
class Review:
    """One saved rating, with the card's state before it (None: the card was new) and after."""

    id: int
    card_id: str
    rating: Rating
    reviewed_at: datetime
    before: FsrsCard | None
    after: FsrsCard
    duration_ms: int | None = None


# Works out a card's state after a rating from its stored state (None: never reviewed).
Schedule = Callable[[FsrsCard | None], FsrsCard]


def read_snapshot(path: Path) -> Snapshot:
    """Return the states and rating counts in `path`; empty when the file does not exist."""
    if not path.exists():
        return Snapshot({}, {})
    with StateDB(path, readonly=True) as db:
        return Snapshot(db.load(), db.rating_counts())


def record_review(state: StateDB | Path | str, card_id: str, rating: Rating | int,
                  now: datetime, scheduler: Scheduler | None = None,
                  duration_ms: int | None = None) -> Review:
    """Rate card `card_id` at `now` and save the rating; return the saved review, whose
    `after` is the card's new state.

    `state` is an open StateDB or the path of a state file (created when missing). The new
    state is worked out from the card's state as stored when the rating is saved, in the
    same transaction, so a rating that another session gave meanwhile is built on, never
    lost. `scheduler` is fsrs's default one unless given.
    """
    if not isinstance(state, StateDB):
        with StateDB(state) as db:
            return record_review(db, card_id, rating, now, scheduler, duration_ms)
    rating, now = Rating(rating), now.astimezone(UTC)  # fsrs schedules in UTC only
    fsrs = scheduler or Scheduler()

    def schedule(before: FsrsCard | None) -> FsrsCard:
        return review(before or new_state(card_id, now), rating, now, fsrs, duration_ms)

    return state.rate(card_id, rating, now, schedule, duration_ms)


class StateDB:
    """An open review state. Use as a context manager, or call `close()`.

    A missing file (and its directory) is created. With `readonly`, nothing is ever written:
    a missing file is an error, and an empty one reads as a state without reviews.
    """

    def __init__(self, path: Path | str, *, readonly: bool = False,
                 timeout: float = BUSY_TIMEOUT) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._empty = False  # read-only, and without tables yet: every read is empty
        self._conn: sqlite3.Connection | None = None
        self._conn = self._open(timeout)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; safe to call twice."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- reading ---------------------------------------------------------------------

    def load(self) -> dict[str, FsrsCard]:
        """Return the state of every card reviewed so far, by card id (one query)."""
        if self._empty:
            return {}
        with self._guard("read"):
            rows = self.conn.execute("SELECT id, state FROM cards").fetchall()
        cards: dict[str, FsrsCard] = {}
        for card_id, state in rows:
            cards[card_id] = self._card_state(card_id, state)
        return cards

    def rating_counts(self) -> dict[str, dict[int, int]]:
        """Return, for each reviewed card, how many times it got each rating."""
        counts: dict[str, dict[int, int]] = {}
        if self._empty:
            return counts
        with self._guard("read"):
            rows = self.conn.execute(
                "SELECT card_id, rating, COUNT(*) FROM reviews GROUP BY card_id, rating")
            for card_id, rating, count in rows:
                if rating not in _RATINGS:
                    raise self._corrupt(f"a review of card {card_id!r} has the rating"
                                        f" {rating!r}, not 1 to 4")
                counts.setdefault(card_id, {})[rating] = count
        return counts

    def reviewed_since(self, since: datetime) -> dict[str, bool]:
        """Return the cards reviewed at or after `since`, each with whether it was new then
        (first reviewed in that time), in one query."""
        if self._empty:
            return {}
        with self._guard("read"):
            rows = self.conn.execute(
                "SELECT card_id, MAX(before IS NULL) FROM reviews WHERE reviewed_at >= ?"
                " GROUP BY card_id", (_utc(since),)).fetchall()
        return {card_id: bool(first) for card_id, first in rows}

    # -- writing ---------------------------------------------------------------------

    def rate(self, card_id: str, rating: Rating, reviewed_at: datetime, schedule: Schedule,
             duration_ms: int | None = None) -> Review:
        """Save a rating of `card_id`; `schedule` works out the card's new state from its
        stored one (None: new). Return the saved review.

        The stored state is read inside the write transaction that saves the rating: no
        other session can rate the card in between, so each rating builds on the last.
        """
        with self._write(
                full="the rating of this answer was not saved in {path} (the ratings saved"
                     " before it are kept)") as conn:
            row = conn.execute("SELECT state FROM cards WHERE id = ?", (card_id,)).fetchone()
            before = self._card_state(card_id, row[0]) if row is not None else None
            after = schedule(before)
            review_id = self._insert(conn, card_id, rating, before, after, reviewed_at,
                                     duration_ms)
        return Review(review_id, card_id, Rating(rating), reviewed_at, before, after,
                      duration_ms)

    @staticmethod
    def _insert(conn: sqlite3.Connection, card_id: str, rating: Rating, before: FsrsCard | None,
                after: FsrsCard, reviewed_at: datetime, duration_ms: int | None) -> int:
        old = json.dumps(before.to_dict()) if before is not None else None
        new = json.dumps(after.to_dict())
        cursor = conn.execute(
            "INSERT INTO reviews (card_id, rating, reviewed_at, duration_ms, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (card_id, int(rating), _utc(reviewed_at), duration_ms, old, new))
        conn.execute(_SAVE_STATE, (card_id, new))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def undo_review(self, review_id: int) -> FsrsCard | None:
        """Remove review `review_id` and restore the card's state before it; return the
        card's state now (None: the card is new again).

        When another session has rated the card since, its newer state is kept (and
        returned) and only this review is removed.
        """
        with self._write(
                full="the rating was not taken back in {path}, which is as it was") as conn:
            row = conn.execute("SELECT card_id, before, after FROM reviews WHERE id = ?",
                               (review_id,)).fetchone()
            if row is None:
                raise StateError(f"{self.path}: review {review_id} is not in the state")
            card_id, before, after = row
            # Read before writing: a state that can't be restored leaves the file as it was.
            if before is not None:
                self._card_state(card_id, before)
            conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
            if before is None:
                conn.execute("DELETE FROM cards WHERE id = ? AND state = ?", (card_id, after))
            else:
                conn.execute("UPDATE cards SET state = ? WHERE id = ? AND state = ?",
                             (before, card_id, after))
            now = conn.execute("SELECT state FROM cards WHERE id = ?", (card_id,)).fetchone()
            return self._card_state(card_id, now[0]) if now is not None else None

    # -- what `quiz sync` remembers of a collection ------------------------------------

    def reviews_of(self, card_ids: Collection[str]) -> dict[str, list[Review]]:
        """Return the reviews of the cards `card_ids`, oldest first, by card."""
        with self._guard("read"):
            rows = self.conn.execute(
                "SELECT id, card_id, rating, reviewed_at, duration_ms, before, after"
                " FROM reviews ORDER BY reviewed_at, id").fetchall()
        found: dict[str, list[Review]] = {}
        for review_id, card_id, rating, at, ms, before, after in rows:
            if card_id in card_ids:
                try:
                    when = datetime.fromisoformat(at)
                except (TypeError, ValueError):
                    raise self._corrupt(f"review {review_id} has the time {at!r}") from None
                found.setdefault(card_id, []).append(Review(
                    review_id, card_id, Rating(rating), when,
                    None if before is None else self._card_state(card_id, before),
                    self._card_state(card_id, after), ms))
        return found

    def review_mark(self) -> tuple[int, int]:
        """Return how many reviews there are and the id of the last: what changes with any
        rating given or taken back."""
        with self._guard("read"):
            count, last = self.conn.execute("SELECT COUNT(*), MAX(id) FROM reviews").fetchone()
        return count, last or 0

    def synced_notes(self, collection: str) -> dict[str, tuple[str, int]]:
        """Return, by GUID, each note's text hash and Anki's mod as `quiz sync` last left
        them in `collection` (the collection file's absolute path)."""
        with self._guard("read"):
            rows = self.conn.execute("SELECT guid, text, mod FROM anki_notes WHERE collection = ?",
                                     (collection,)).fetchall()
        return {guid: (text, mod) for guid, text, mod in rows}

    def last_sync(self, collection: str) -> tuple[str, str] | None:
        """Return the fingerprint and the result (JSON) of the last sync with `collection`."""
        with self._guard("read"):
            row = self.conn.execute("SELECT fingerprint, result FROM anki_syncs"
                                    " WHERE collection = ?", (collection,)).fetchone()
        return None if row is None else (row[0], row[1])

    def save_sync(self, collection: str, reviews: Sequence[Review],
                  states: Mapping[str, FsrsCard], notes: Mapping[str, tuple[str, int]]) -> None:
        """Save what a sync with `collection` brought, in one transaction: `reviews` done in
        Anki (their ids are ignored), the cards' new `states`, and the notes as left there."""
        with self._write(full="what the sync brought from Anki was not saved in {path},"
                              " which is as it was before it") as conn:
            for r in reviews:
                self._insert(conn, r.card_id, r.rating, r.before, r.after, r.reviewed_at,
                             r.duration_ms)
            conn.executemany(_SAVE_STATE, [(card_id, json.dumps(state.to_dict()))
                                           for card_id, state in states.items()])
            conn.executemany(
                "INSERT INTO anki_notes (collection, guid, text, mod) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (collection, guid) DO UPDATE SET text = excluded.text,"
                " mod = excluded.mod",
                [(collection, guid, text, mod) for guid, (text, mod) in notes.items()])

    def save_sync_mark(self, collection: str, fingerprint: str, result: str) -> None:
        """Remember the fingerprint and the result of the sync with `collection` just done."""
        with self._write(full="the sync is done, but {path} could not note it: the next sync"
                              " checks everything again") as conn:
            conn.execute("INSERT INTO anki_syncs (collection, fingerprint, result)"
                         " VALUES (?, ?, ?) ON CONFLICT (collection) DO UPDATE SET"
                         " fingerprint = excluded.fingerprint, result = excluded.result",
                         (collection, fingerprint, result))

    # -- opening, guarding -----------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StateError(f"{self.path}: the state is closed")
        return self._conn

    def _open(self, timeout: float) -> sqlite3.Connection:
        path = self.path
        exists = path.exists()
        if not exists and self.readonly:
            raise StateError(f"{path}: no such state file")
        if exists:
            self._check_header()
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StateError(f"cannot create {path.parent}: {e.strerror or e}") from None
        mode = "rw" if exists else "rwc"
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True,
                                   timeout=timeout, isolation_level=None)
        except sqlite3.Error as e:
            raise StateError(f"cannot open the state {path}: {e}") from None
        self._conn = conn
        try:
            if self.readonly:  # a guard: no statement of this connection may write
                conn.execute("PRAGMA query_only = ON")
            self._check_contents(fresh=not exists)
        except BaseException:
            self.close()
            raise
        return conn

    def _check_header(self) -> None:
        try:
            if self.path.is_dir():
                raise StateError(f"{self.path} is a directory, not a state file;"
                                 " give --state a file path")
            with self.path.open("rb") as f:
                header = f.read(len(HEADER))
        except OSError as e:
            raise StateError(f"cannot read the state {self.path}: {e.strerror or e}") from None
        if header and header != HEADER:
            raise self._corrupt("it is not an SQLite database")

    def _check_contents(self, fresh: bool) -> None:
        conn = self.conn
        with self._guard("open"):
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            self._check_version(version)
            if not fresh:
                check = conn.execute("PRAGMA quick_check").fetchall()
                if check != [("ok",)]:
                    raise self._corrupt("; ".join(str(r[0]) for r in check[:3]))
            if version == SCHEMA_VERSION:
                return
            if self.readonly:
                # One statement, so that tables another session creates meanwhile are seen
                # with their version.
                version, tables = conn.execute(
                    "SELECT user_version, EXISTS (SELECT 1 FROM sqlite_master)"
                    " FROM pragma_user_version").fetchone()
                self._check_version(version)
                if version == 0 and tables:
                    raise self._not_ours()
                # an older version reads as it is: what its migration adds, reading never needs
                self._empty = version == 0
                return
        with self._write(full="cannot create the state {path}") as conn:
            # Look again under the write lock: another session may have created the tables
            # since the first look (they are then ours to use).
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            self._check_version(version)
            if version == SCHEMA_VERSION:
                return
            if version == 0 and conn.execute("SELECT name FROM sqlite_master").fetchall():
                raise self._not_ours()
            scripts = [_SCHEMA] if version == 0 else [
                _MIGRATIONS[v] for v in range(version, SCHEMA_VERSION)]
            for script in scripts:
                # One statement at a time: executescript() would commit our transaction.
                for statement in script.split(";")[:-1]:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _not_ours(self) -> StateError:
        return StateError(f"{self.path} is an SQLite database but not a quiz state;"
                          " choose another file with --state")

    def _check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise StateError(
                f"{self.path} was written by a newer version of quiz (state version"
                f" {version}; this one reads up to {SCHEMA_VERSION}). Upgrade quiz, or"
                " use another file with --state; the file was left as it is.")

    @contextmanager
    def _write(self, full: str) -> Iterator[sqlite3.Connection]:
        """Run one short write transaction, taking the write lock up front. `full` says
        what was not done, should the disk be full ({path}: the state's)."""
        if self.readonly:
            raise StateError(f"{self.path} was opened read-only: nothing can be written")
        conn = self.conn
        with self._guard("write", full):
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                # After some errors (a full disk among them) SQLite has already rolled the
                # transaction back; a ROLLBACK then fails and would hide the error itself.
                if conn.in_transaction:
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise

    @contextmanager
    def _guard(self, doing: str, full: str = "") -> Iterator[None]:
        """Turn SQLite's errors into StateError messages that say what to do."""
        try:
            yield
        except sqlite3.OperationalError as e:
            text = str(e)
            if getattr(e, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
                done = f": {full.format(path=self.path)}" if full else f" ({self.path})"
                raise DiskFull(f"the disk is full{done}. Free some space and try again."
                               ) from None
            if "locked" in text or "busy" in text:
                raise StateError(
                    f"{self.path} is locked by another program (another quiz session?);"
                    " finish or close it and try again") from None
            if "readonly" in text or "read-only" in text:
                raise StateError(f"cannot {doing} {self.path}: the file is read-only") from None
            if "no such table" in text or "no such column" in text or "has no column" in text:
                raise self._corrupt(text) from None  # tables changed by another program
            raise StateError(f"cannot {doing} the state {self.path}: {text}") from None
        except sqlite3.DatabaseError as e:
            raise self._corrupt(str(e)) from None

    def _card_state(self, card_id: str, text: object) -> FsrsCard:
        """Return the fsrs card stored as `text` for `card_id`; StateError if unreadable."""
        try:
            return _read_card(text)
        except KeyError as e:
            raise self._corrupt(f"the state of card {card_id!r} has no {e}") from None
        except (ValueError, TypeError, ArithmeticError, RecursionError) as e:
            raise self._corrupt(f"the state of card {card_id!r} is unreadable: {e}") from None

    def _corrupt(self, why: str) -> StateError:
        return StateError(
            f"{self.path} is not a usable quiz state ({why}). It was left as it is: move it"
            " aside (to keep it) or choose another file with --state, and quiz starts a new"
            " one.")
