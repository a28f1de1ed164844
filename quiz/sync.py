"""One memory in Anki and the terminal: `quiz sync`.

A sync opens an Anki collection file with Anki's own backend (the `anki` package) while
Anki is closed, and brings it and the review state together:

- Notes. The episode's package, as `quiz build` writes it, is what the notes should be.
  Notes the collection lacks are imported through Anki's own importer, so that their deck
  and note types are the package's. A note whose text changed in the content is updated in
  the collection, unless it was edited in Anki since quiz last left it: that is a conflict,
  and Anki's text stays. The state remembers, per collection and note, a hash of the text
  quiz last left there and Anki's modification time of the note at that moment.
- Reviews. A rating in the state and an entry of Anki's review log are the same review when
  they are of the same card, with the same rating, at the same millisecond (or a few after
  it, where that millisecond was taken in the log). A review on one side only is carried to
  the other: one log entry, or one rating. The card's schedule is then the FSRS replay of
  both histories, and both sides get it.
- A fingerprint of the collection file, the content files and the reviews, taken after a
  sync, lets the next one see that nothing changed without loading Anki at all.
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

from . import __version__
from .cards import card_id, make_cards
from .collector import paused_gc
from .errors import QuizError
from .schedule import new_state
from .state import HEADER, Review, StateDB
from .wording import Words, language_of

if TYPE_CHECKING:
    from anki.collection import Collection
    from anki.dbproxy import DBProxy

    from .apkg import Note as PackageNote
    from .model import Content

INSTALL_ANKI = ("quiz sync needs Anki's own backend, the anki package: run pip install '.[anki]' "
                "in the folder of quiz's source")
DAY = 86400
MATCH_MS = 1000  # a log entry up to this long after a rating is that rating, moved to a free id
MAX_TAKEN_MS = 60_000  # what Anki logs of a longer answer (its deck option's default)
LEARN, REVIEW, RELEARN = 0, 1, 2  # the review log's types of reviews that schedule a card
_CHUNK = 500  # values bound in one SQL statement


class SyncError(QuizError):
    """The collection cannot be synced as it is; it was left as it was."""


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What a sync did: notes added, updated or left alone, conflicts and reviews carried."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: tuple[str, ...] = ()  # the id of the first card of each conflicting note
    reviews_to_anki: int = 0
    reviews_from_anki: int = 0
    backup: Path | None = None  # Anki's backup made before the first write, if any
    language: str = "en"  # the episodes' (quiz.wording): what the result is told in

    def to_dict(self) -> dict[str, object]:
        """Return the result as `quiz sync --format json` prints it."""
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "conflicts": list(self.conflicts), "reviews_to_anki": self.reviews_to_anki,
                "reviews_from_anki": self.reviews_from_anki}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SyncResult:
        """Return the result saved with `to_dict`."""
        return cls(data["added"], data["updated"], data["unchanged"], tuple(data["conflicts"]),
                   data["reviews_to_anki"], data["reviews_from_anki"],
                   language=data.get("language", "en"))

    def again(self) -> SyncResult:
        """Return what a sync reports when nothing changed since this one."""
        return SyncResult(unchanged=self.added + self.updated + self.unchanged,
                          conflicts=self.conflicts, language=self.language)

    def lines(self, collection: Path) -> list[str]:
        """Return the result as `quiz sync` prints it for people."""
        words = Words(self.language)
        lines = [words.say("synced_notes", path=collection, added=self.added,
                           updated=self.updated, unchanged=self.unchanged,
                           conflicts=len(self.conflicts)),
                 words.say("synced_reviews", to_anki=self.reviews_to_anki,
                           from_anki=self.reviews_from_anki)]
        if self.backup is not None:
            lines.append(words.say("synced_backup", path=self.backup))
        if self.conflicts:
            lines.append(words["synced_conflicts"])
            lines.extend(f"  {first_card}" for first_card in self.conflicts)
        return lines


# -- notes ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Note:
    """A note as the episode's package makes it, with the ids of its cards by ord."""

    guid: str
    fields: str  # joined by \x1f, as Anki stores them
    tags: str
    cards: tuple[tuple[int, str], ...]  # (ord, card id), lowest ord first

    @property
    def text(self) -> str:
        return note_text(self.fields, self.tags)


@dataclass(frozen=True, slots=True)
class AnkiNote:
    """A note as the collection holds it."""

    id: int
    mod: int
    fields: str
    tags: str


def note_text(fields: str, tags: str) -> str:
    """Return a hash of a note's fields and tags (the tags in any order, as Anki keeps them)."""
    tag_text = " ".join(sorted(tags.split()))
    return hashlib.sha256(f"{fields}\x1e{tag_text}".encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class NotePlan:
    """What to do with each note: add, update (with its Anki id), leave, or report."""

    add: list[Note] = field(default_factory=list)
    update: list[tuple[Note, int]] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Note] = field(default_factory=list)
    remember: dict[str, tuple[str, int]] = field(default_factory=dict)  # guid: (text, mod)


def plan_notes(ours: Iterable[Note], theirs: Mapping[str, AnkiNote],
               synced: Mapping[str, tuple[str, int]]) -> NotePlan:
    """Return what a sync does with the notes `ours`, given the collection's notes `theirs`
    by GUID and what the last sync left there (`synced`: text hash and Anki's mod by GUID).

    A note is updated only when Anki's copy is still the one quiz left (same text, same
    mod): one edited in Anki keeps its text, and is a conflict when the content changed too. A note
    already in the collection before any sync, with another text, is a conflict as well:
    who changed it cannot be known.
    """
    plan = NotePlan()
    unchanged = 0
    for note in ours:
        anki = theirs.get(note.guid)
        if anki is None:
            plan.add.append(note)
            continue
        last = synced.get(note.guid)
        text, anki_text = note.text, note_text(anki.fields, anki.tags)
        if anki_text == text:
            unchanged += 1
            if last != (text, anki.mod):
                plan.remember[note.guid] = (text, anki.mod)
        elif last == (anki_text, anki.mod):  # as quiz left it (the text: mod counts seconds)
            plan.update.append((note, anki.id))
        elif last is not None and last[0] == text:
            unchanged += 1  # edited in Anki only: Anki's text stays
        else:
            plan.conflicts.append(note)
    return replace(plan, unchanged=unchanged)


# -- reviews ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class AnkiReview:
    """An entry of Anki's review log that schedules a card."""

    id: int  # the time of the review, in milliseconds
    ease: int  # 1 Again … 4 Easy
    time: int  # milliseconds taken

    @property
    def when(self) -> datetime:
        return datetime.fromtimestamp(self.id / 1000, UTC)


@dataclass(frozen=True, slots=True)
class CardSync:
    """What a sync carries for one card: reviews each way, and its schedule afterwards."""

    card_id: str
    to_anki: tuple[Review, ...]
    from_anki: tuple[Review, ...]
    final: FsrsCard


def millis(when: datetime) -> int:
    """Return `when` in milliseconds since the epoch, as Anki's review log ids count."""
    return math.floor(when.timestamp() * 1000)


def merge_reviews(card: str, ours: Sequence[Review], theirs: Sequence[AnkiReview],
                  scheduler: Scheduler) -> CardSync | None:
    """Return what to carry for card `card` given its ratings in the state (`ours`, oldest
    first) and its entries in Anki's log (`theirs`); None when both have the same reviews.

    With reviews from Anki, the card is replayed through `scheduler` from its last state
    both sides had, over both histories in time order; otherwise its state is ours.
    """
    unpaired = list(theirs)
    only_ours = []
    for mine in ours:
        at = millis(mine.reviewed_at)
        twin = next((t for t in unpaired if t.ease == mine.rating and 0 <= t.id - at < MATCH_MS),
                    None)
        if twin is None:
            only_ours.append(mine)
        else:
            unpaired.remove(twin)
    if not unpaired:
        return (CardSync(card, tuple(only_ours), (), ours[-1].after) if only_ours else None)
    start = min([r.reviewed_at for r in only_ours] + [t.when for t in unpaired])
    shared = [r for r in ours if r.reviewed_at < start]
    state = shared[-1].after if shared else new_state(card, start)
    events: list[tuple[datetime, int, Rating, int | None, Review | None]] = [
        (r.reviewed_at, r.id, Rating(r.rating), r.duration_ms, r)
        for r in ours if r.reviewed_at >= start]
    events += [(t.when, 0, Rating(t.ease), t.time, None) for t in unpaired]
    to_anki: list[Review] = []
    from_anki: list[Review] = []
    carried = {r.id for r in only_ours}
    for when, _, rating, ms, rated in sorted(events, key=lambda e: (e[0], e[1])):
        before = state if state.last_review is not None else None
        state = scheduler.review_card(state, rating, when, ms)[0]
        replayed = Review(0, card, rating, when, before, state, ms)
        if rated is None:
            from_anki.append(replayed)
        elif rated.id in carried:
            to_anki.append(replace(replayed, id=rated.id))
    return CardSync(card, tuple(to_anki), tuple(from_anki), state)


@dataclass(frozen=True, slots=True)
class AnkiClock:
    """Anki's days: numbered from the collection's creation, each starting at its rollover
    hour (a review card is due on a day, a learning card at a second)."""

    today: int
    next_day: int  # when day `today + 1` starts, in seconds since the epoch

    def day(self, when: datetime) -> int:
        """Return the number of the day of `when`."""
        return self.today + math.floor((when.timestamp() - self.next_day) / DAY) + 1


def interval(state: FsrsCard, since: datetime) -> int:
    """Return the interval of the review log from `since` to the card's due time: days for a
    review card, negative seconds for a learning one."""
    if state.state == State.Review:
        return max(1, round((state.due - since).total_seconds() / DAY))
    return -max(0, round((state.due - since).total_seconds()))


def revlog_row(review: Review, fsrs_enabled: bool, factor: int) -> list[int]:
    """Return Anki's review log columns ease, ivl, lastIvl, factor, time, type for a rating."""
    before, after = review.before, review.after
    kind = {None: LEARN, State.Learning: LEARN, State.Review: REVIEW,
            State.Relearning: RELEARN}[before.state if before is not None else None]
    last = 0 if before is None or before.last_review is None else interval(
        before, before.last_review)
    # Anki logs difficulty where FSRS schedules, and the ease factor (none while learning)
    # where SM-2 does
    if fsrs_enabled and after.difficulty is not None:
        factor = round(after.difficulty * 100)
    elif after.state == State.Learning:
        factor = 0
    return [review.rating, interval(after, review.reviewed_at), last, factor,
            min(review.duration_ms or 0, MAX_TAKEN_MS), kind]


def card_columns(state: FsrsCard, clock: AnkiClock, scheduler: Scheduler) -> dict[str, int]:
    """Return Anki's card columns type, queue, due, ivl and left for an FSRS state."""
    if state.state == State.Review:
        assert state.last_review is not None
        due = clock.day(state.due)
        return {"type": 2, "queue": 2, "due": due,
                "ivl": max(1, due - clock.day(state.last_review)), "left": 0}
    learning = state.state == State.Learning
    steps = scheduler.learning_steps if learning else scheduler.relearning_steps
    day = clock.day(state.due)
    # due later than today: Anki's day-learning queue, counted in days
    queue, due = (3, day) if day > clock.today else (1, math.floor(state.due.timestamp()))
    ivl = 0 if learning else max(1, round(state.stability or 1))
    return {"type": 1 if learning else 3, "queue": queue, "due": due, "ivl": ivl,
            "left": max(0, len(steps) - (state.step or 0))}


# -- the episode's notes and package (the one place quiz.apkg is called) ------------------

@dataclass(frozen=True, slots=True)
class EpisodeNotes:
    """An episode's notes as its package makes them (quiz.apkg's notes, and ours with the ids
    of their cards), without a package; not to be mistaken for quiz.model.Episode."""

    content: Content
    package_notes: Sequence[PackageNote]
    notes: list[Note]
    clips: Mapping[str, Path]  # the quotes' sounds, {quote id: clip}

    def write_package(self, guids: set[str], folder: Path) -> Path:
        """Write a package of this episode's notes in `guids` alone into `folder`, as
        `quiz build` writes it; return its path. What is imported carries nothing else."""
        from .apkg import write_notes

        return write_notes(self.content, [n for n in self.package_notes if n.guid in guids],
                           folder / f"{self.content.episode.id}.apkg", media=self.clips)


def episode_notes(content: Content) -> EpisodeNotes:
    """Return the episode's notes, made as `quiz build` makes them, without writing them."""
    from .apkg import make_notes
    from .audio import episode_clips

    cards = make_cards(content)
    clips = episode_clips(content)
    # A note's Id field (the last of both note types) names its card, or for a cloze note
    # the quote's cloze cards without their number: their ord is that number less one.
    by_place: dict[str, list[tuple[int, str]]] = {}
    for card in cards:
        if card.spec.note_type == "cloze":
            by_place.setdefault(card_id(card.episode, card.kind, card.note), []).append(
                (card.ordinal - 1, card.id))
        else:
            by_place[card.id] = [(0, card.id)]
    package_notes = make_notes(content, cards, clips)
    notes = [Note(note.guid, "\x1f".join(note.fields), " ".join(note.tags),
                  tuple(sorted(by_place[note.fields[-1]]))) for note in package_notes]
    return EpisodeNotes(content, package_notes, notes, clips)


# -- the collection ---------------------------------------------------------------------

def check_collection(path: Path) -> None:
    """Raise SyncError unless `path` is an Anki collection file, reading it without a lock
    and without writing anything (not even the files SQLite may put beside it)."""
    where = ("Anki keeps it in its profile folder: ~/.local/share/Anki2/<profile>/collection.anki2"
             " on Linux, ~/Library/Application Support/Anki2/<profile>/ on macOS,"
             " %APPDATA%\\Anki2\\<profile>\\ on Windows")
    if path.is_dir():
        inside = path / "collection.anki2"
        hint = f"; did you mean {inside}?" if inside.is_file() else f" ({where})"
        raise SyncError(f"{path} is a folder, not an Anki collection file{hint}")
    try:
        with path.open("rb") as f:
            header = f.read(len(HEADER))
    except FileNotFoundError:
        raise SyncError(f"no Anki collection at {path} ({where})") from None
    except OSError as e:
        raise SyncError(f"cannot read {path}: {e.strerror or e}") from None
    if header != HEADER:
        what = ("a package to import in Anki (File > Import), not a collection"
                if header.startswith(b"PK") else "not an Anki collection")
        raise SyncError(f"{path} is {what}; give the collection file: {where}")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            tables = {name for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise SyncError(f"{path} is not a usable Anki collection ({e}); it was left as it"
                        " was") from None
    if not {"col", "notes", "cards", "revlog"} <= tables:
        raise SyncError(f"{path} is an SQLite database but not an Anki collection; give the"
                        f" collection file: {where}")


def _open(path: Path) -> Collection:
    """Open the collection with Anki's backend; SyncError when it is open elsewhere."""
    try:
        from anki.collection import Collection
        from anki.errors import BackendError, DBError
    except ImportError:
        raise SyncError(INSTALL_ANKI) from None
    try:
        return Collection(str(path))
    except DBError as e:
        raise SyncError(f"{path} is open in Anki or another program ({e}): close Anki, then"
                        " run quiz sync again; the collection was left as it was") from None
    except BackendError as e:
        raise SyncError(f"Anki cannot open {path}: {e}; it was left as it was") from None


def _db(col: Collection) -> DBProxy:
    assert col.db is not None, "the collection is closed"
    return col.db


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


def read_notes(col: Collection, guids: Iterable[str], text: bool = True
               ) -> dict[str, AnkiNote]:
    """Return the collection's notes of `guids`, by GUID (without their fields and tags
    unless `text`)."""
    # Anki has no index on guid: one pass over the notes finds them all, where a query per
    # chunk of GUIDs would read the whole table again for each chunk.
    wanted = set(guids)
    places = {nid: (guid, mod) for nid, guid, mod in _db(col).all(
        "SELECT id, guid, mod FROM notes") if guid in wanted}
    if not text:
        return {guid: AnkiNote(nid, mod, "", "") for nid, (guid, mod) in places.items()}
    found = {}
    for chunk in _chunks(list(places)):
        for nid, fields, tags in _db(col).all(
                f"SELECT id, flds, tags FROM notes WHERE id IN ({_marks(chunk)})", *chunk):
            guid, mod = places[nid]
            found[guid] = AnkiNote(nid, mod, fields, tags)
    return found


def read_reviews(col: Collection, note_ids: Sequence[int]
                 ) -> tuple[dict[tuple[int, int], int], dict[int, list[AnkiReview]]]:
    """Return the cards of the notes `note_ids` (card id by note id and ord) and their
    reviews that schedule them (by card id, oldest first)."""
    cards = {}
    for chunk in _chunks(note_ids):
        for cid, nid, ord_ in _db(col).all(
                f"SELECT id, nid, ord FROM cards WHERE nid IN ({_marks(chunk)})", *chunk):
            cards[(nid, ord_)] = cid
    reviews: dict[int, list[AnkiReview]] = {}
    ids = list(cards.values())
    for chunk in _chunks(ids):
        for rid, cid, ease, taken in _db(col).all(
                f"SELECT id, cid, ease, time FROM revlog WHERE cid IN ({_marks(chunk)})"
                f" AND ease BETWEEN 1 AND 4 AND type IN ({LEARN}, {REVIEW}, {RELEARN})"
                " ORDER BY id", *chunk):
            reviews.setdefault(cid, []).append(AnkiReview(rid, ease, taken))
    return cards, reviews


def start_backup(col: Collection, collection: Path) -> Callable[[], Path | None]:
    """Start backing the collection up as Anki does, into `backups` beside it (Anki's own
    backup folder for a profile's collection; Anki can restore from it); return a function
    that waits until the backup is on disk and returns its file.

    Anki reads the collection at once and writes the backup out on a thread of its own, most
    of it waiting for the disk: work that writes nothing into the collection can go on
    meanwhile. Raise SyncError when the backup cannot be made.
    """
    from anki.errors import BackendError

    folder = collection.parent / "backups"

    def failed(e: Exception) -> SyncError:
        why = e.strerror if isinstance(e, OSError) and e.strerror else e
        return SyncError(f"cannot back {collection} up into {folder}: {why}; nothing was"
                         " written into the collection")

    try:
        folder.mkdir(exist_ok=True)
        before = set(folder.iterdir())
        col.create_backup(backup_folder=str(folder), force=True, wait_for_completion=False)
    except (OSError, BackendError) as e:
        raise failed(e) from None

    def wait() -> Path | None:
        try:
            col.await_backup_completion()
        except BackendError as e:
            raise failed(e) from None
        made = sorted(set(folder.iterdir()) - before)
        return made[-1] if made else None

    return wait


def backup(col: Collection, collection: Path) -> Path | None:
    """Back the collection up as start_backup does, and return the file once on disk."""
    return start_backup(col, collection)()


def import_notes(col: Collection, package: Path) -> None:
    """Import a package's notes with Anki's own importer and its default options."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col.import_anki_package(ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions()))


def update_notes(col: Collection, updates: Sequence[tuple[Note, int]]) -> None:
    """Give the collection's notes the fields and tags of ours."""
    notes = []
    for ours, nid in updates:
        note = col.get_note(nid)  # type: ignore[arg-type]
        fields = ours.fields.split("\x1f")
        if len(fields) == len(note.fields):
            note.fields = fields
            note.tags = ours.tags.split()
            notes.append(note)
    if notes:  # Anki commits even an empty update, waiting for the disk
        col.update_notes(notes, skip_undo_entry=True)


def write_reviews(col: Collection, syncs: Sequence[tuple[int, CardSync]],
                  scheduler: Scheduler) -> None:
    """Add a log entry per review carried to Anki and give each card its schedule, in one
    transaction. Nothing goes through Anki's scheduler, which would log manual entries."""
    from anki.cards import FSRSMemoryState

    clock = AnkiClock(col.sched.today, col.sched.day_cutoff)
    fsrs_enabled = bool(col.get_config("fsrs", False))
    times = [millis(r.reviewed_at) for _, s in syncs for r in s.to_anki]
    taken = set(_db(col).list("SELECT id FROM revlog WHERE id BETWEEN ? AND ?",
                            min(times), max(times) + MATCH_MS)) if times else set()
    rows, cards = [], []
    for cid, sync in syncs:
        card = col.get_card(cid)  # type: ignore[arg-type]
        factor = card.factor or 2500
        for review in sync.to_anki:
            at = millis(review.reviewed_at)
            while at in taken:  # the log's ids are unique: the next free millisecond
                at += 1
            taken.add(at)
            rows.append([at, cid, *revlog_row(review, fsrs_enabled, factor)])
        final = sync.final
        columns = card_columns(final, clock, scheduler)
        card.type, card.ivl, card.left = columns["type"], columns["ivl"], columns["left"]  # type: ignore[assignment]
        if card.odid:  # in a filtered deck: its schedule applies once it returns home
            card.odue = columns["due"]
        else:
            card.due = columns["due"]
            if card.queue >= 0:  # a suspended or buried card stays so
                card.queue = columns["queue"]  # type: ignore[assignment]
        if final.state != State.Learning:
            card.factor = factor
        card.reps += len(sync.to_anki)
        card.lapses += sum(1 for r in sync.to_anki if r.rating == Rating.Again
                           and r.before is not None and r.before.state == State.Review)
        if final.stability is not None and final.difficulty is not None:
            card.memory_state = FSRSMemoryState(stability=final.stability,
                                                difficulty=final.difficulty)
            card.desired_retention = scheduler.desired_retention
        if final.last_review is not None:
            card.last_review_time = math.floor(final.last_review.timestamp())
        cards.append(card)

    def write() -> None:
        _db(col).executemany("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor,"
                           " time, type) VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)", rows)
        col.update_cards(cards, skip_undo_entry=True)

    _db(col).transact(write)


# -- the sync ---------------------------------------------------------------------------

def content_digests(paths: Sequence[Path]) -> list[str] | None:
    """Return each content file's path and a hash of its bytes, or None when one cannot be
    read."""
    try:
        return [part for path in paths
                for part in (str(path.resolve()), hashlib.sha256(path.read_bytes()).hexdigest())]
    except OSError:
        return None


def fingerprint(collection: Path, contents: Sequence[str] | None, mark: tuple[int, int]
                ) -> str | None:
    """Return a fingerprint of the collection file, the content files (`contents`: their
    content_digests) and the reviews (`mark`: StateDB.review_mark), or None when the
    collection may be open in Anki (its write-ahead log is there) or a file cannot be read."""
    if contents is None or collection.with_name(collection.name + "-wal").exists():
        return None
    try:
        stat = collection.stat()
        with collection.open("rb") as f:
            header = f.read(100)  # SQLite's header: page size, change counter, schema cookie
    except OSError:
        return None
    parts: list[object] = [__version__, str(collection.resolve()), stat.st_size,
                           stat.st_mtime_ns, stat.st_ino, header.hex(), list(mark), *contents]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


@paused_gc()
def sync_collection(paths: Sequence[Path], collection: Path, state: Path, *,
                    load: Callable[[Sequence[Path]], Sequence[Content]] | None = None,
                    scheduler: Scheduler | None = None) -> SyncResult:
    """Sync the episodes of the content files `paths` with the Anki collection file
    `collection` and the review state `state`; return what was done.

    `load` reads the content files (default: quiz.content.load_contents without the card
    lint); it is called only when something may have changed since the last sync. It is a
    seam for the tests (an unchanged sync must read no content); the default is what the
    command line needs.
    `scheduler` replays the reviews brought from Anki (default: FSRS without fuzz, so that a
    replay is the same each time).
    Raise SyncError, leaving the collection as it was, when it is missing, not a collection,
    open in Anki, or the anki package is not installed.
    """
    check_collection(collection)
    key = str(collection.resolve())
    # the content as this sync reads it, hashed once: a file edited while the sync runs
    # differs from it, and is synced next time
    digests = content_digests(paths)
    with StateDB(state) as db:
        last = db.last_sync(key)
        if last is not None and last[0] == fingerprint(collection, digests, db.review_mark()):
            return SyncResult.from_dict(json.loads(last[1])).again()
        if load is None:
            from .content import load_contents

            # a sync never shows the card lint's warnings: not worth making them
            load = partial(load_contents, lint=False)
        contents = load(paths)
        episodes = [episode_notes(content) for content in contents]
        col = _open(collection)
        try:
            result, saved = _sync_open(col, collection, episodes, db, key,
                                       scheduler or Scheduler(enable_fuzzing=False))
        finally:
            col.close()
        result = replace(result, language=language_of(contents))
        db.save_sync(key, saved.reviews, saved.states, saved.notes)
        mark = fingerprint(collection, digests, db.review_mark())
        if mark is not None:
            db.save_sync_mark(key, mark, json.dumps({**result.to_dict(),
                                                     "language": result.language}))
    return result


@dataclass(frozen=True, slots=True)
class _Saved:
    """What a sync leaves for the state to save (StateDB.save_sync)."""

    reviews: list[Review]  # done in Anki, to be added
    states: dict[str, FsrsCard]  # our card id: its state after those reviews
    notes: dict[str, tuple[str, int]]  # GUID: the note's text and mod as left in Anki


def _sync_open(col: Collection, collection: Path, episodes: Sequence[EpisodeNotes], db: StateDB,
               key: str, scheduler: Scheduler) -> tuple[SyncResult, _Saved]:
    """Sync with the open collection `col`; return the result and what the state must save
    (reviews from Anki, card states, notes as left in Anki)."""
    ours = [note for episode in episodes for note in episode.notes]
    guids = [note.guid for note in ours]
    theirs = read_notes(col, guids)
    had = set(theirs)
    plan = plan_notes(ours, theirs, db.synced_notes(key))
    made: Path | None = None
    remember = dict(plan.remember)
    if plan.add or plan.update:
        new = {note.guid for note in plan.add}
        backed_up = start_backup(col, collection)
        with tempfile.TemporaryDirectory(prefix="quiz-sync-") as scratch:
            try:  # the packages are written while Anki writes the backup out
                packages = [episode.write_package(new, Path(scratch)) for episode in episodes
                            if any(note.guid in new for note in episode.notes)]
            except OSError as e:
                raise SyncError(f"cannot write the notes to import into {scratch}:"
                                f" {e.strerror or e}; nothing was written into the collection"
                                ) from None
            finally:
                made = backed_up()
            for package in packages:
                import_notes(col, package)
        update_notes(col, plan.update)
        written = [note for note in plan.add] + [note for note, _ in plan.update]
        after = read_notes(col, [note.guid for note in written], text=False)
        theirs = {**theirs, **after}
        remember.update((note.guid, (note.text, after[note.guid].mod))
                        for note in written if note.guid in after)

    # The cards whose reviews may differ: those of the notes Anki had before, and those
    # with reviews in the state (a note just added has none in Anki).
    stored = db.reviews_of({card for note in ours for _, card in note.cards})
    places: dict[str, tuple[int, int]] = {}  # our card id: (note id, ord) in Anki
    for note in ours:
        if note.guid in theirs and (note.guid in had or any(c in stored for _, c in note.cards)):
            places.update((card, (theirs[note.guid].id, o)) for o, card in note.cards)
    cards, logs = read_reviews(col, sorted({nid for nid, _ in places.values()}))
    syncs = []
    for card, place in places.items():
        cid = cards.get(place)
        if cid is None:
            continue
        merged = merge_reviews(card, stored.get(card, []), logs.get(cid, []), scheduler)
        if merged is not None:
            syncs.append((cid, merged))
    if syncs:
        made = made or backup(col, collection)
        write_reviews(col, syncs, scheduler)
    conflicts = tuple(note.cards[0][1] if note.cards else note.guid for note in plan.conflicts)
    result = SyncResult(
        added=len(plan.add), updated=len(plan.update), unchanged=plan.unchanged,
        conflicts=conflicts, reviews_to_anki=sum(len(s.to_anki) for _, s in syncs),
        reviews_from_anki=sum(len(s.from_anki) for _, s in syncs), backup=made)
    from_anki = [r for _, s in syncs for r in s.from_anki]
    states = {s.card_id: s.final for _, s in syncs if s.from_anki}
    return result, _Saved(from_anki, states, remember)
