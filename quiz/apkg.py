"""Write the cards of an episode as an Anki package (.apkg): a deck Anki imports, and
updates in place when the content changes (the rules are in docs/format.md, "In Anki")."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import re
import sqlite3
import time
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import genanki

from .cards import Card, card_id, make_cards, new_card_order
from .collector import paused_gc
from .files import remove_stale_files, replacing, work_path
from .model import Content, Quote
from .versions import NoteVersions, lock_path


def stable_id(name: str) -> int:
    """Return a fixed id in Anki's range, derived from `name` (never random, never the clock)."""
    return (1 << 30) + int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big") % (1 << 30)


_BASE91 = genanki.util.BASE91_TABLE


def base91(n: int) -> str:
    """Return `n` in the base 91 of genanki.guid_for (its digits, without leading zeros)."""
    digits = ""
    while n > 0:
        n, digit = divmod(n, 91)
        digits = _BASE91[digit] + digits
    return digits


def guid_for(*values: str) -> str:
    """Return genanki.guid_for(*values) for texts: the same GUID, the identity of a note.

    It is the first 8 bytes of the SHA-256 of the values joined by `__`, in base 91; made
    here from the digest's bytes, without genanki's detour through a hexadecimal string.
    """
    return base91(int.from_bytes(hashlib.sha256("__".join(values).encode()).digest()[:8], "big"))


# Released note types: their ids and field lists must never change, or Anki splits them and
# their notes stop updating. Templates and CSS may improve.
CARD_MODEL_ID = 1707950795  # stable_id("quiz/note-type/card/v1")
CLOZE_MODEL_ID = 1768640195  # stable_id("quiz/note-type/cloze/v1")
# Front holds the one thing a note asks about, as text (the question, or a who card's quote),
# so that it sorts and is unique as Anki's first field; Ask holds a who card's fixed question.
CARD_FIELDS = ("Front", "Ask", "Back", "Details", "Speaker", "Time", "Link", "Idea", "Episode",
               "Kind", "Id")
CLOZE_FIELDS = ("Text", "Details", "Speaker", "Time", "Link", "Idea", "Episode", "Id")

CSS = """\
.card {
  font-family: -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
    "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
  font-size: 22px; line-height: 1.6; text-align: left;
  color: #1f2328; background: #fdfdfc;
  max-width: 40em; margin: 0 auto; padding: 0.5em 1em;
}
.nightMode.card, .night_mode .card { color: #e6e6e6; background: #1e1f22; }
.mobile .card, .card.mobile { font-size: 20px; padding: 0.25em 0.5em; }
.ask, .front { font-weight: 600; }
.front.who { font-weight: normal; }
blockquote, .front.who {
  margin: 0.6em 0; padding: 0.2em 0 0.2em 0.8em;
  border-left: 4px solid #c9a227; font-size: 1.05em;
}
.cloze { font-weight: 700; color: #0b62c4; }
.nightMode .cloze, .night_mode .cloze { color: #7cb7ff; }
hr#answer { border: 0; border-top: 1px solid #d0d7de; margin: 0.8em 0; }
.nightMode hr#answer, .night_mode hr#answer { border-top-color: #444c56; }
.answer { font-size: 1.15em; font-weight: 700; }
.details { margin-top: 0.4em; }
.meta, .episode { margin-top: 0.6em; font-size: 0.75em; color: #656d76; }
.nightMode .meta, .nightMode .episode, .night_mode .meta, .night_mode .episode { color: #9da7b3; }
.meta span + span::before { content: " · "; }
.time a { color: inherit; }
.time a::before { content: "▶ "; }
"""

_META = (
    '<div class="meta">{{#Speaker}}<span class="speaker">{{Speaker}}</span>{{/Speaker}}'
    '{{#Time}}<span class="time">{{#Link}}<a href="{{Link}}">{{Time}}</a>{{/Link}}'
    "{{^Link}}{{Time}}{{/Link}}</span>{{/Time}}"
    '{{#Idea}}<span class="idea">{{Idea}}</span>{{/Idea}}</div>\n'
    '<div class="episode">{{Episode}}</div>'
)

CARD_MODEL = genanki.Model(
    CARD_MODEL_ID, "quiz card", fields=[{"name": f} for f in CARD_FIELDS],
    templates=[{
        "name": "Card",
        "qfmt": '{{#Ask}}<div class="ask">{{Ask}}</div>{{/Ask}}'
                '<div class="front {{Kind}}">{{Front}}</div>',
        "afmt": '{{FrontSide}}\n<hr id="answer">\n<div class="answer">{{Back}}</div>\n'
                '{{#Details}}<div class="details">{{Details}}</div>{{/Details}}\n' + _META,
    }],
    css=CSS,
)

CLOZE_MODEL = genanki.Model(
    CLOZE_MODEL_ID, "quiz cloze", fields=[{"name": f} for f in CLOZE_FIELDS],
    templates=[{
        "name": "Cloze",
        "qfmt": "<blockquote>{{cloze:Text}}</blockquote>",
        "afmt": '<blockquote>{{cloze:Text}}</blockquote>\n<hr id="answer">\n'
                '{{#Details}}<div class="details">{{Details}}</div>{{/Details}}\n' + _META,
    }],
    css=CSS, model_type=genanki.Model.CLOZE,
)

# What html.escape(quote=True) escapes, then what Anki reads in a field's text: template
# braces, `[sound:…]` and `[[type:…]]` tags; and line breaks.
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"),
            ("{", "&#123;"), ("}", "&#125;"), ("[", "&#91;"), ("]", "&#93;"), ("\n", "<br>"))


def escape(text: str | None) -> str:
    """Return `text` as inert HTML: markup and Anki's own tags shown as text."""
    if not text:
        return ""
    for char, entity in _ESCAPES:
        if char in text:  # most texts hold none of them
            text = text.replace(char, entity)
    return text


def cloze_text(quote: Quote) -> str:
    """Return the quote as Anki cloze markup: `{{cN::…}}` for every occurrence of phrase N."""
    out, pos = io.StringIO(), 0  # written as it goes: a phrase may occur millions of times
    for start, end, n in quote.cloze_spans():
        out.write(escape(quote.text[pos:start]))
        # a colon inside a deletion would start Anki's hint (`{{c1::text::hint}}`)
        phrase = escape(quote.text[start:end]).replace(":", "&#58;")
        out.write(f"{{{{c{n}::{phrase}}}}}")
        pos = end
    out.write(escape(quote.text[pos:]))
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class Note:
    """A note as written into a package: its note type, fields, tags and GUID, and where its
    cards stand among the new cards (`due`, see cards.new_card_order)."""

    model: genanki.Model
    fields: list[str]
    tags: tuple[str, ...]
    guid: str
    due: int


def _deck(content: Content) -> genanki.Deck:
    ep = content.episode
    about = " · ".join(p for p in (ep.show, ep.title, ep.date) if p)
    return genanki.Deck(stable_id(f"quiz/deck/{ep.id}"), ep.deck_name, description=escape(about))


def make_notes(content: Content, cards: Sequence[Card],
               clips: Mapping[str, Path] | None = None) -> list[Note]:
    """Return the notes of `cards`: one per card, and one cloze note per quote.

    The fields of a card's note are CARD_FIELDS, those of a cloze note CLOZE_FIELDS, in order.
    A card that shows a quote with a clip in `clips` ({quote id: clip}) plays it on its
    back: the sound goes into Details, a field the notes of quotes leave empty, so that
    the note types (their fields are released) stay as they are.
    """
    clips = clips or {}
    quotes = {q.id: q for q in content.quotes}
    order = new_card_order(cards)
    episode = _deck(content).description
    # speakers, times, links and ideas recur from note to note: each is escaped once
    recurring = lru_cache(maxsize=None)(escape)
    notes: list[Note] = []
    for card in cards:
        cloze = card.spec.note_type == "cloze"
        if cloze and card.ordinal != 1:  # a quote's note is made with the card of its first phrase
            continue
        context = card.context()
        # the time links into the audio wherever it can, even on a card that asks for it
        time = context.get("time") or (card.time if card.link else None)
        clip = clips.get(card.note) if card.text is not None else None
        sound = f"[sound:{clip.name}]" if clip is not None else ""
        kind = card.kind.value
        if cloze:
            notes.append(Note(CLOZE_MODEL, [
                cloze_text(quotes[card.note]),  # Text
                sound,  # Details
                recurring(context.get("speaker")),  # Speaker
                recurring(time),  # Time
                recurring(card.link),  # Link
                recurring(context.get("idea")),  # Idea
                episode,  # Episode
                card_id(card.episode, card.kind, card.note),  # Id
            ], card.tags, guid_for(card.episode, kind, card.note), order[card.id]))
        else:
            notes.append(Note(CARD_MODEL, [
                escape(card.quote or card.ask),  # Front: what is asked about
                escape(card.ask) if card.quote else "",  # Ask: the question about it
                escape(card.answer),  # Back
                escape(card.details) + sound,  # Details
                recurring(context.get("speaker")),  # Speaker
                recurring(time),  # Time
                recurring(card.link),  # Link
                recurring(context.get("idea")),  # Idea
                episode,  # Episode
                kind,  # Kind
                card.id,  # Id
            ], card.tags, guid_for(card.episode, kind, card.note), order[card.id]))
    return notes


def make_deck(content: Content, cards: Sequence[Card]) -> genanki.Deck:
    """Return the Anki deck of `cards` as genanki objects: one note per card, one cloze note
    per quote (what write_deck writes, row for row).

    The tool itself writes in bulk (write_notes); this is genanki's own way, kept for the
    tests that prove the two write the same rows (tests/test_bench.py, tests/test_apkg.py).
    """
    deck = _deck(content)
    for note in make_notes(content, cards):
        deck.add_note(genanki.Note(model=note.model, fields=note.fields, tags=note.tags,
                                   guid=note.guid, due=note.due))
    return deck


_CLOZE_NUMBER = re.compile(r"{{c(\d+)::.+?}}", re.DOTALL)


def _card_ords(model: genanki.Model, fields: list[str]) -> Iterable[int]:
    """Return the cards of a note, as genanki's Note.cards makes them (and in its order)."""
    if model.model_type == genanki.Model.CLOZE:
        return {int(n) - 1 for n in _CLOZE_NUMBER.findall(fields[0]) if int(n) > 0}
    return [ord_ for ord_, how, required in model._req
            if (all if how == "all" else any)([fields[i] for i in required])]


def _write_notes(cursor: sqlite3.Cursor, notes: Sequence[Note], versions: NoteVersions,
                 timestamp: int, deck_id: int, ids: Iterator[int]) -> None:
    """Insert `notes` and their cards: the rows genanki's Note.write_to_db inserts, in bulk.

    genanki checks each note for what quiz makes sure of (escaped HTML, tags without spaces,
    its own note types) and inserts a row per statement; a large deck is written much
    faster in bulk (bench/README.md; tests/test_apkg.py proves the rows the same).
    """
    cards: list[tuple[int, int, int, int, int, int]] = []

    def note_rows() -> Iterator[tuple[object, ...]]:  # made as inserted, not held in a list
        for note in notes:
            nid = next(ids)
            flds, tags = "\x1f".join(note.fields), f" {' '.join(note.tags)} "
            yield (nid, note.guid, note.model.model_id, versions.mod(note.guid, flds, tags),
                   tags, flds, note.fields[note.model.sort_field_index])
            for ord_ in _card_ords(note.model, note.fields):
                cards.append((next(ids), nid, deck_id, ord_, timestamp, note.due))

    # usn -1: not yet synced; csum, flags and data as genanki leaves them
    cursor.executemany("INSERT INTO notes (id, guid, mid, mod, usn, tags, flds, sfld, csum,"
                       " flags, data) VALUES (?, ?, ?, ?, -1, ?, ?, ?, 0, 0, '')", note_rows())
    # a new card: type 0, queue 0, its place among the new cards as due, no scheduling yet
    cursor.executemany("INSERT INTO cards (id, nid, did, ord, mod, usn, type, queue, due, ivl,"
                       " factor, reps, lapses, left, odue, odid, flags, data)"
                       " VALUES (?, ?, ?, ?, ?, -1, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0, '')", cards)


def _played(notes: Sequence[Note], media: Mapping[str, Path]) -> list[Path]:
    """Return the files of `media` that `notes` play, each once, in a stable order."""
    if not media:  # nothing to look for in every field of every note
        return []
    named = {file.name: file for file in media.values()}
    played = {name for note in notes for field in note.fields if "[sound:" in field
              for name in re.findall(r"\[sound:([^\]]+)\]", field)}
    return [named[name] for name in sorted(played) if name in named]


def _name_the_scheduler(cursor: sqlite3.Cursor) -> None:
    """Say in the collection's config that its scheduling is Anki's v2 scheduler's: without
    it, Anki reads a package's scheduling as v1's and turns a learning rating of 3 into 4."""
    (conf,) = cursor.execute("SELECT conf FROM col").fetchone()
    cursor.execute("UPDATE col SET conf = ?", (json.dumps({**json.loads(conf), "schedVer": 2}),))


@paused_gc()
def write_deck(content: Content, cards: Sequence[Card], path: str | Path,
               lock: str | Path | None = None, timestamp: float | None = None,
               clips: Mapping[str, Path] | None = None) -> Path:
    """Write the deck of `cards` to `path`, replacing the old file only once complete.

    The deck is that of write_notes(content, make_notes(content, cards, clips), …, clips):
    see there; `clips` ({quote id: clip}) are the sounds of the quotes.
    """
    return write_notes(content, make_notes(content, cards, clips), path, lock, timestamp,
                       media=clips)


@paused_gc()
def write_notes(content: Content, notes: Sequence[Note], path: str | Path,
                lock: str | Path | None = None, timestamp: float | None = None,
                media: Mapping[str, Path] | None = None) -> Path:
    """Write the deck of `notes` (made by make_notes for `content`) to `path`, replacing the
    old file only once complete. The `media` files the notes play go into the package.

    Anki applies an incoming note only when its modification time is newer than its own:
    `lock` (a file beside the content, see quiz.versions) keeps each note's time until its
    text changes, so a rebuild anywhere changes in Anki only the notes that changed, and
    edits made in Anki to the others survive. Without `lock`, every note is stamped with
    `timestamp` (default: now). The work files sit beside the deck, named for this process,
    so that a build killed midway leaves the old deck whole and the next build clears them.
    """
    path = Path(path)
    stamp = time.time() if timestamp is None else timestamp
    now = int(stamp)
    versions = NoteVersions.read(lock, now)
    deck = _deck(content)
    for note in notes:
        deck.add_model(note.model)
    remove_stale_files(path)
    db = work_path(path, "anki2")
    try:
        db.unlink(missing_ok=True)  # a leftover of an earlier process with this pid
        try:
            conn = sqlite3.connect(db)
            try:
                # a scratch database: no journal file beside the deck, no waiting for the disk
                conn.execute("PRAGMA journal_mode = MEMORY")
                conn.execute("PRAGMA synchronous = OFF")
                cursor, ids = conn.cursor(), itertools.count(int(stamp * 1000))
                genanki.Package(deck).write_to_db(cursor, stamp, ids)
                _name_the_scheduler(cursor)
                # genanki's indexes, made again from their own SQL once the rows are in
                # rather than kept up to date row by row
                indexes = cursor.execute("SELECT name, sql FROM sqlite_master WHERE "
                                         "type = 'index' AND sql IS NOT NULL").fetchall()
                for name, _ in indexes:
                    cursor.execute(f'DROP INDEX "{name}"')
                _write_notes(cursor, notes, versions, now, deck.deck_id, ids)
                for _, sql in indexes:
                    cursor.execute(sql)
                conn.commit()
            finally:
                conn.close()
        except sqlite3.OperationalError as e:  # cannot open, disk full: the disk's fault
            raise OSError(str(e)) from e
        played = _played(notes, media or {})
        with replacing(path) as tmp, zipfile.ZipFile(tmp, "w") as out:
            out.write(db, "collection.anki2")
            # a package holds its media as files named 0, 1, …, and a map to their names
            for n, file in enumerate(played):
                out.write(file, str(n))
            out.writestr("media", json.dumps({str(n): f.name for n, f in enumerate(played)}))
    finally:
        db.unlink(missing_ok=True)
    if lock is not None:
        versions.write(lock)
    return path


@dataclass(frozen=True, slots=True)
class Built:
    """A deck `quiz build` wrote: where, its cards, and how many notes and clips it holds."""

    path: Path
    cards: tuple[Card, ...]
    notes: int
    clips: int


def build_deck(content: Content, folder: str | Path) -> Built:
    """Write the deck of `content` into `folder`, as `quiz build` does: `<episode id>.apkg`
    with its cards and the clips of its quotes, its note versions kept in the lock file
    beside the content file (quiz.versions)."""
    from .audio import episode_clips

    cards = make_cards(content)
    clips = episode_clips(content)  # before the deck: bad audio leaves the old deck alone
    notes = make_notes(content, cards, clips)
    path = write_notes(content, notes, Path(folder) / f"{content.episode.id}.apkg",
                       lock=lock_path(content.path), media=clips)
    return Built(path, tuple(cards), len(notes), len(_played(notes, clips)))
