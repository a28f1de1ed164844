"""The checks every drafted episode passes, whichever reader drafted it.

A reader checks the shape of what it reads (a key where a key belongs, text where text
belongs, a time that is a time). What is checked here holds for a draft from any reader:
first each value on its own (a text is not empty, not past MAX_TEXT and holds no control
character; an id, a date, a language tag, a url are well formed; a quote's end comes after
its start, within MAX_QUOTE; a file it names is there), then what needs the whole episode
(ids unique in their list, every reference naming an existing id, every cloze phrase in its
quote once and apart from the others). A value refused on its own is set aside (None, or
left out of its list), so that nothing is reported twice.
"""

from __future__ import annotations

import heapq
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from .draft import Draft, DraftQuote, Located
from .errors import Problem
from .model import MAX_QUOTE, cloze_occurrences
from .text import CONTROL, printable
from .times import Seconds, format_seconds

# A text longer than this is no quote, answer or summary: the limit keeps a file from
# making a copy of a huge text for each of its many cloze phrases (docs/format.md, Limits).
MAX_TEXT = 100_000
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
# A page online (http, https) or a file of this machine (file): its links work only here.
_URL = re.compile(r"(?:https?|file)://[^\s\x00-\x1f\x7f-\x9f]+", re.IGNORECASE)


def suggest(word: str, known: Iterable[str],
            synonyms: Mapping[str, str] | None = None) -> str | None:
    """Return the known word closest to `word` in spelling, or in meaning (`synonyms`)."""
    known = list(known)
    synonym = (synonyms or {}).get(word.lower())
    if synonym in known:
        return synonym
    import difflib  # only a misspelling needs it: kept off the start-up of every command

    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return close[0] if close else None


def text_problem(text: str) -> str | None:
    """Return what makes `text` no text of an episode (empty, too long, holding a control
    character), or None."""
    if len(text) <= MAX_TEXT and not CONTROL.search(text) and text.strip():
        return None  # every text of a file passes here: the reasons only for a refused one
    if len(text) > MAX_TEXT:
        return (f"a text of {len(text):,} characters, past the limit of {MAX_TEXT:,}: a quote, "
                "an answer or a summary is shorter")
    control = CONTROL.search(text)
    if control is not None:
        return (f"the control character U+{ord(control.group()):04X} is not allowed in a "
                "text: a terminal would obey it; remove it")
    return "empty text"


def url_problem(url: str) -> str | None:
    """Return what makes `url` no link to an episode, or None."""
    if not _URL.fullmatch(url):
        return f"'{url}' is not a URL: write http://…, https://… or file://…"
    try:
        urlsplit(url)  # as the links into the audio will
    except ValueError as e:
        return f"'{url}' is not a URL ({e})"
    return None


def check_draft(draft: Draft) -> list[Problem]:
    """Return the problems of `draft`, each at its place in the file.

    The texts of `draft` are made NFC as they are checked, so that the model holds one form
    of each text whoever read it; a value with a problem is set aside (None, or out of its
    list).
    """
    checker = _Checker(draft)
    checker.values()
    checker.meaning()
    return checker.problems


class _Checker:
    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.problems: list[Problem] = []
        self.cloze_refused: set[int] = set()  # quotes (by id()) with a cloze phrase set aside

    def problem(self, item: Located, key: str, message: str) -> None:
        self.problems.append(item.problem(self.draft.path, key, printable(message)))

    # Each value on its own.

    def values(self) -> None:
        draft = self.draft
        ep = draft.episode
        if ep is not None:
            ep.id = self.slug(ep, "id", ep.id)
            ep.title = self.text(ep, "title", ep.title)
            ep.show = self.text(ep, "show", ep.show)
            ep.date = self.date(ep, ep.date)
            ep.language = self.language(ep, ep.language)
            ep.url = self.url(ep, ep.url)
            ep.audio = self.local_file(ep, "audio", ep.audio)
            ep.transcript = self.local_file(ep, "transcript", ep.transcript)
        for speaker in draft.speakers:
            speaker.id = self.slug(speaker, "id", speaker.id)
            speaker.name = self.text(speaker, "name", speaker.name)
            speaker.aliases = self.texts(speaker, "aliases", speaker.aliases)
            speaker.role = self.text(speaker, "role", speaker.role)
            speaker.bio = self.text(speaker, "bio", speaker.bio)
        for idea in draft.ideas:
            idea.id = self.slug(idea, "id", idea.id)
            idea.title = self.text(idea, "title", idea.title)
            idea.summary = self.text(idea, "summary", idea.summary)
            idea.points = self.texts(idea, "points", idea.points)
            for card in idea.cards:
                card.id = self.slug(card, "id", card.id)
                card.q = self.text(card, "q", card.q)
                card.a = self.text(card, "a", card.a)
                card.accept = self.texts(card, "accept", card.accept)
        for quote in draft.quotes:
            quote.id = self.slug(quote, "id", quote.id)
            quote.by = self.text(quote, "by", quote.by)
            quote.idea = self.text(quote, "idea", quote.idea)
            quote.text = self.text(quote, "text", quote.text)
            given = len(quote.cloze)
            quote.cloze = self.texts(quote, "cloze", quote.cloze)
            if len(quote.cloze) < given:  # the numbers of the phrases after it have moved
                self.cloze_refused.add(id(quote))
            quote.end = self.end(quote)
        # a reference into a list with a refused id goes unchecked: it may name that one
        if any(s.id is None for s in draft.speakers):
            draft.complete.discard("speakers")
        if any(i.id is None for i in draft.ideas):
            draft.complete.discard("ideas")

    def text(self, item: Located, key: str, value: str | None) -> str | None:
        """Return `value` in NFC, or None (reported) when it is no text."""
        if value is None:
            return None
        problem = text_problem(value)
        if problem is not None:
            self.problem(item, key, problem)
            return None
        return unicodedata.normalize("NFC", value)

    def texts(self, item: Located, key: str, values: list[str]) -> list[str]:
        """Return the `values` that are texts, in NFC; report the others."""
        kept = []
        for n, value in enumerate(values):
            problem = text_problem(value)
            if problem is None:
                kept.append(unicodedata.normalize("NFC", value))
            else:
                self.problem(item, f"{key}[{n}]", problem)
        return kept

    def slug(self, item: Located, key: str, value: str | None) -> str | None:
        value = self.text(item, key, value)
        if value is not None and not SLUG.fullmatch(value):
            self.problem(item, key, f"'{value}' is not a valid id: use lowercase letters, "
                         "digits and '-', starting with a letter or digit")
            return None
        return value

    def date(self, item: Located, value: str | None) -> str | None:
        value = self.text(item, "date", value)
        if value is not None and not _is_date(value):
            self.problem(item, "date", f"'{value}' is not a date; write YYYY-MM-DD")
            return None
        return value

    def language(self, item: Located, value: str | None) -> str | None:
        value = self.text(item, "language", value)
        if value is not None and not _LANGUAGE.fullmatch(value):
            self.problem(item, "language", f"'{value}' is not a language tag (BCP 47, such as "
                         "en or zh-CN)")
            return None
        return value

    def url(self, item: Located, value: str | None) -> str | None:
        value = self.text(item, "url", value)
        problem = url_problem(value) if value is not None else None
        if problem is not None:
            self.problem(item, "url", problem)
            return None
        return value

    def local_file(self, item: Located, key: str, value: str | None) -> str | None:
        """Return a file named relative to the draft's file, reported when it is not there."""
        name = self.text(item, key, value)
        if name is None:
            return None
        found = Path(self.draft.path).parent / name
        if not found.is_file() or not os.access(found, os.R_OK):
            reason = ("is not readable" if found.is_file() else "is not a file"
                      if found.exists() else "does not exist")
            self.problem(item, key, f"the {key} file '{name}' {reason} (looked for {found}); "
                         "the path is relative to the content file")
            return None
        return name

    def end(self, quote: DraftQuote) -> Seconds | None:
        at, end = quote.at, quote.end
        if end is None:
            return None
        if at is None or end <= at:
            self.problem(quote, "end", "'end' needs an 'at' before it" if at is None else
                         "'end' must come after 'at'")
            return None
        if end - at > MAX_QUOTE:
            self.problem(quote, "end", f"a quote lasts at most {MAX_QUOTE // 60} minutes, and "
                         f"this one would last {format_seconds(end - at)} (from "
                         f"{format_seconds(at)} to {format_seconds(end)}): is its end right?")
            return None
        return end

    # What needs the whole episode.

    def meaning(self) -> None:
        draft = self.draft
        self.unique(((s, s.id) for s in draft.speakers), "speaker id", "id")
        self.unique(((i, i.id) for i in draft.ideas), "idea id", "id")
        self.unique(((q, q.id) for q in draft.quotes), "quote id", "id")
        cards = [c for i in draft.ideas for c in i.cards]
        self.unique(((c, c.id) for c in cards if c.id is not None), "card id", "id")
        self.unique(((c, c.q) for c in cards if c.id is None), "question", "q")
        # in file order, for the messages; looked up by key, not searched for in a list
        speakers = dict.fromkeys(s.id for s in draft.speakers if s.id is not None)
        ideas = dict.fromkeys(i.id for i in draft.ideas if i.id is not None)
        for quote in draft.quotes:
            if "speakers" in draft.complete:
                self.reference(quote, "by", quote.by, speakers, "speaker")
            if "ideas" in draft.complete:
                self.reference(quote, "idea", quote.idea, ideas, "idea")
            if quote.text is not None and id(quote) not in self.cloze_refused:
                self.cloze(quote, quote.text)

    def unique(self, items: Iterable[tuple[Located, str | None]], what: str, key: str) -> None:
        first: dict[str, Located] = {}
        for item, value in items:
            if value is None:
                continue
            if value in first:
                self.problem(item, key, f"duplicate {what} '{value}' (first at line "
                             f"{first[value].place(key)[0]})")
            else:
                first[value] = item

    def reference(self, item: Located, key: str, value: str | None, known: dict[str, None],
                  what: str) -> None:
        if value is None or value in known:
            return
        hint = suggest(value, known)
        self.problem(item, key, f"unknown {what} '{value}'" + (
            f"; did you mean '{hint}'?" if hint else
            f"; the {what}s are: {', '.join(list(known)[:10]) or 'none'}"))

    def cloze(self, quote: DraftQuote, text: str) -> None:
        """Check that each cloze phrase occurs in the text, once in the list, overlapping
        none listed before it.

        A phrase may occur a great many times in a long text: the occurrences are walked in
        text order, holding only those still open, never a list of them all.
        """
        number: dict[str, int] = {}
        for n, phrase in enumerate(quote.cloze):
            key = f"cloze[{n}]"
            if phrase in number:
                self.problem(quote, key, f"duplicate cloze phrase '{phrase}'")
            elif phrase not in text:
                self.problem(quote, key, f"cloze phrase '{phrase}' does not occur in the text")
            else:
                number[phrase] = n
        overlapped: dict[int, int] = {}  # a phrase's number: the first before it it overlaps
        # the occurrences that reach past the current one's start, as (end, number): one a
        # phrase at most (its occurrences do not overlap each other), and none at all in
        # a quote whose phrases stand apart
        open_: list[tuple[int, int]] = []
        for start, end, n in cloze_occurrences(text, number.items()):
            while open_ and open_[0][0] <= start:
                heapq.heappop(open_)
            for _, other in open_:
                if other != n:
                    later, earlier = max(n, other), min(n, other)
                    overlapped[later] = min(overlapped.get(later, earlier), earlier)
            heapq.heappush(open_, (end, n))
        for n, other in sorted(overlapped.items()):
            self.problem(quote, f"cloze[{n}]", f"cloze phrase '{quote.cloze[n]}' overlaps "
                         f"'{quote.cloze[other]}'")


def _is_date(text: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
