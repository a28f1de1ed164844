"""Write the cards of an episode as an Anki package (SPEC section 3)."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import shutil
import sqlite3
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import genanki

from . import paused_gc
from .cards import Card, Kind, card_id
from .content import cloze_spans
from .files import remove_stale_files, replacing, work_path
from .model import Content, Quote
from .times import format_time


def stable_id(name: str) -> int:
    """Return a fixed id in Anki's range, derived from `name` (never random, never the clock)."""
    return (1 << 30) + int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big") % (1 << 30)


# genanki.guid_for's digits, by pairs: index 91 * a + b is digits a and b.
_DIGITS: list[str] = genanki.util.BASE91_TABLE
_DIGIT_PAIRS = [a + b for a in _DIGITS for b in _DIGITS]


def base91(n: int) -> str:
    """Return `n` (below 2**64) in the base 91 of genanki.guid_for, without leading zeros.

    genanki writes a digit at a time; here the digits go by pairs (five of them hold 8
    bytes, as 91**10 > 2**64), and the zeros (`a`) the first pair may add are stripped.
    """
    pairs = _DIGIT_PAIRS
    return (pairs[n // 8281**4] + pairs[n // 8281**3 % 8281] + pairs[n // 8281**2 % 8281]
            + pairs[n // 8281 % 8281] + pairs[n % 8281]).lstrip("a")


def guid_for(*values: str) -> str:
    """Return genanki.guid_for(*values) for texts: the same GUID, made faster.

    It is the first 8 bytes of the SHA-256 of the values joined by `__`, in base 91; making
    it was the largest cost of writing the notes.
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

# What html.escape(quote=True) escapes, then Anki's template braces and line breaks. A
# replace per character present is five times faster than str.translate on Chinese text.
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"),
            ("{", "&#123;"), ("}", "&#125;"), ("\n", "<br>"))


def escape(text: str | None) -> str:
    """Return `text` as inert HTML: markup shown as text, braces kept from Anki's templates."""
    if not text:
        return ""
    for char, entity in _ESCAPES:
        if char in text:
            text = text.replace(char, entity)
    return text


def cloze_text(quote: Quote) -> str:
    """Return the quote as Anki cloze markup: `{{cN::…}}` for every occurrence of phrase N."""
    out, pos = [], 0
    for start, end, n in cloze_spans(quote):
        out.append(escape(quote.text[pos:start]))
        # a colon inside a deletion would start Anki's hint (`{{c1::text::hint}}`)
        phrase = escape(quote.text[start:end]).replace(":", "&#58;")
        out.append(f"{{{{c{n}::{phrase}}}}}")
        pos = end
    out.append(escape(quote.text[pos:]))
    return "".join(out)


# A note as written: its note type, fields, tags and GUID.
_Note = tuple[genanki.Model, list[str], Sequence[str], str]

# Members looked up once: Kind.WHO and kind.value go through enum's descriptors, which cost
# more than all the rest of making a note's fields in Python 3.11.
_WHO, _CLOZE, _WHEN, _TOPIC = Kind.WHO, Kind.CLOZE, Kind.WHEN, Kind.TOPIC


class _Escaped(dict):  # type: ignore[type-arg]
    """escape() of texts that recur from note to note (links, ideas, speakers), each once."""

    def __missing__(self, text: str | None) -> str:
        value = self[text] = escape(text)
        return value


def _deck(content: Content) -> genanki.Deck:
    ep = content.episode
    about = " · ".join(p for p in (ep.show, ep.title, ep.date) if p)
    return genanki.Deck(stable_id(f"quiz/deck/{ep.id}"), ep.deck_name, description=escape(about))


def _notes(content: Content, cards: Sequence[Card], episode: str) -> list[_Note]:
    """Return the notes of `cards`: one per card, one cloze note per quote.

    The fields of a card's note are CARD_FIELDS, those of a cloze note CLOZE_FIELDS, in order.
    """
    quotes = {q.id: q for q in content.quotes}
    cloze_done: set[str] = set()
    notes: list[_Note] = []
    escaped = _Escaped()
    times: dict[int | None, str] = {None: ""}
    for card in cards:
        kind = card.kind
        if kind is _CLOZE:
            if card.note in cloze_done:
                continue
            cloze_done.add(card.note)
        at = card.at
        time = times.get(at)
        if time is None:
            time = times[at] = format_time(at)  # type: ignore[arg-type]
        if card.approximate:
            time = "~" + time
        if kind is _WHEN or kind is _TOPIC:
            # it shows its time already: again only as a link into the audio; and it asks
            # about the idea itself: naming it again adds nothing
            if not card.link:
                time = ""
            idea = ""
        else:
            idea = escaped[card.idea]
        link = escaped[card.link]
        if kind is _CLOZE:
            quote = quotes[card.note]
            notes.append((CLOZE_MODEL, [  # Text, Details, Speaker, Time, Link, Idea, Episode, Id
                cloze_text(quote), "", escaped[card.speaker], time, link, idea, episode,
                card_id(card.episode, _CLOZE, quote.id),
            ], card.tags, guid_for(card.episode, "cloze", quote.id)))
        else:
            value = kind._value_  # kind.value, without the descriptor
            asked = card.quote
            notes.append((CARD_MODEL, [  # Front, Ask, Back, Details, Speaker, Time, Link, Idea,
                escape(asked or card.ask), escaped[card.ask] if asked else "",
                escape(card.answer), escape(card.details),
                "" if kind is _WHO else escaped[card.speaker], time, link, idea, episode, value,
                card.id,  # Episode, Kind, Id
            ], card.tags, guid_for(card.episode, value, card.note)))
    return notes


@paused_gc()
def make_deck(content: Content, cards: Sequence[Card]) -> genanki.Deck:
    """Return the Anki deck of `cards`: one note per card, one cloze note per quote."""
    deck = _deck(content)
    for model, fields, tags, guid in _notes(content, cards, deck.description):
        deck.add_note(genanki.Note(model=model, fields=fields, tags=tags, guid=guid))
    return deck


_CLOZE_NUMBER = re.compile(r"{{c(\d+)::.+?}}", re.DOTALL)


def _card_ords(model: genanki.Model, fields: list[str]) -> Iterable[int]:
    """Return the cards of a note, as genanki's Note.cards makes them (and in its order)."""
    if model.model_type == genanki.Model.CLOZE:
        ords: set[int] = set()
        ords.update(int(n) - 1 for n in _CLOZE_NUMBER.findall(fields[0]) if int(n) > 0)
        return ords
    return [ord_ for ord_, how, required in model._req
            if (all if how == "all" else any)(map(fields.__getitem__, required))]


def previous_notes(deck: Path, scratch: Path) -> dict[str, tuple[str, str, int]]:
    """Return the notes of the deck at `deck` by GUID: their fields, tags and mod.

    `scratch` is where the deck's collection is unpacked to be read. A deck that is missing
    or unreadable has no notes: every note is then new.
    """
    try:
        with zipfile.ZipFile(deck) as z, open(scratch, "wb") as out:
            shutil.copyfileobj(z.open("collection.anki2"), out)
        conn = sqlite3.connect(scratch)
        try:
            # compared as they are: hashing them took longer than comparing them
            rows = conn.execute("SELECT guid, flds, tags, mod FROM notes")
            return {guid: (flds, tags, mod) for guid, flds, tags, mod in rows}
        finally:
            conn.close()
    except (OSError, KeyError, zipfile.BadZipFile, sqlite3.DatabaseError):
        return {}
    finally:
        scratch.unlink(missing_ok=True)


def _write_notes(cursor: sqlite3.Cursor, notes: list[_Note], timestamp: float, deck_id: int,
                 ids: Iterator[int], before: dict[str, tuple[str, str, int]]) -> None:
    """Insert `notes` and their cards with the rows genanki's Note.write_to_db inserts.

    genanki checks each note for what quiz makes sure of (escaped HTML, tags without spaces,
    its own note types) and inserts one row per statement; these are the same rows, in bulk.
    A note that is the same as `before` keeps its modification time, so that importing the
    rebuilt deck changes only the notes that changed (and not what the user edited in Anki).
    """
    mod = int(timestamp)
    cards: list[tuple[int, int, int, int, int]] = []
    add_card, old_note = cards.append, before.get

    # rows made as they are inserted: a list of them would hold every note's text twice
    def note_rows() -> Iterator[tuple[object, ...]]:
        for model, fields, tags, guid in notes:
            nid = next(ids)
            flds, tag_text = "\x1f".join(fields), f" {' '.join(tags)} "
            old = old_note(guid)
            kept = old[2] if old is not None and old[0] == flds and old[1] == tag_text else mod
            yield nid, guid, model.model_id, kept, tag_text, flds, fields[model.sort_field_index]
            for ord_ in _card_ords(model, fields):
                add_card((next(ids), nid, deck_id, ord_, mod))

    # the columns that are the same in every row are written into the statement: binding
    # fewer values per row is faster (usn -1, csum, flags and the card's scheduling 0)
    cursor.executemany("INSERT INTO notes VALUES(?,?,?,?,-1,?,?,?,0,0,'')", note_rows())
    cursor.executemany("INSERT INTO cards VALUES(?,?,?,?,?,-1,0,0,0,0,0,0,0,0,0,0,0,'')", cards)


@paused_gc()
def write_deck(content: Content, cards: Sequence[Card], path: str | Path,
               timestamp: float | None = None) -> Path:
    """Write the deck of `cards` to `path`, replacing the old file only once complete.

    Notes that differ from the deck being replaced are stamped with `timestamp` (default:
    now, and always later than that deck), because Anki applies an incoming note only when
    it is newer than its own; the others keep their time, and so any edits made in Anki.
    The work files sit beside the deck, named for this process, so that a build killed
    midway leaves the old deck whole and the next build clears what it left.
    """
    path = Path(path)
    if timestamp is None:
        timestamp = time.time()
        if path.exists():
            timestamp = max(timestamp, path.stat().st_mtime + 1)
    deck = _deck(content)
    notes = _notes(content, cards, deck.description)
    for model, *_ in notes:
        deck.add_model(model)
    package = genanki.Package(deck)
    remove_stale_files(path)
    db = work_path(path, "anki2")
    before = previous_notes(path, work_path(path, "before"))
    try:
        db.unlink(missing_ok=True)  # a leftover of an earlier process with this pid
        try:
            conn = sqlite3.connect(db)
            try:
                # a scratch database: no journal file beside the deck, no waiting for the disk
                conn.execute("PRAGMA journal_mode = MEMORY")
                conn.execute("PRAGMA synchronous = OFF")
                cursor, ids = conn.cursor(), itertools.count(int(timestamp * 1000))
                package.write_to_db(cursor, timestamp, ids)
                # genanki's indexes, made again from their own SQL once the rows are in:
                # faster than keeping them up to date row by row
                indexes = cursor.execute("SELECT name, sql FROM sqlite_master WHERE "
                                         "type = 'index' AND sql IS NOT NULL").fetchall()
                for name, _ in indexes:
                    cursor.execute(f'DROP INDEX "{name}"')
                _write_notes(cursor, notes, timestamp, deck.deck_id, ids, before)
                for _, sql in indexes:
                    cursor.execute(sql)
                conn.commit()
            finally:
                conn.close()
        except sqlite3.OperationalError as e:  # cannot open, disk full: the disk's fault
            raise OSError(str(e)) from e
        with replacing(path) as tmp, zipfile.ZipFile(tmp, "w") as out:
            # what out.write(db, "collection.anki2") does, copying by the megabyte rather
            # than by 8 KiB: half the time
            member = zipfile.ZipInfo.from_file(db, "collection.anki2")
            with open(db, "rb") as src, out.open(member, "w") as dest:
                shutil.copyfileobj(src, dest, 1 << 20)
            out.writestr("media", "{}")
        os.utime(path, (timestamp, timestamp))
    finally:
        db.unlink(missing_ok=True)
    return path
