"""Load and validate a content file (SPEC section 1), reporting every problem at once."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import paused_gc
from .errors import ContentError, Problem
from .model import AuthoredCard, Content, Episode, Idea, Quote, Speaker
from .times import parse_time
from .yamltree import _NULLS, MAX_BYTES, Node, YamlFailure, read_tree, too_big

FORMAT = 1
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_URL = re.compile(r"(?:https?|file)://\S+", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"[+-]?\d+(?:\.\d*)?")
# Characters that would break a message's one line or reorder it on a terminal (line breaks,
# controls, bidirectional overrides): a message quotes the text they are in as escapes.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e"
                          "\u2066-\u2069]")

# Keys people reach for by habit, and the key this format means by them.
SYNONYMS = {
    "speaker": "by", "author": "by", "who": "by", "said_by": "by",
    "time": "at", "timestamp": "at", "start": "at", "ts": "at",
    "question": "q", "answer": "a", "answers": "accept", "alternatives": "accept",
    "quote": "text", "body": "text", "clozes": "cloze", "blanks": "cloze", "phrases": "cloze",
    "section": "idea", "topic": "idea", "alias": "aliases", "point": "points",
    "description": "summary", "link": "url", "audio": "url", "lang": "language",
    "version": "format", "name": "title", "slug": "id", "card": "cards",
}

EPISODE_KEYS = ("id", "title", "show", "date", "language", "url")
SPEAKER_KEYS = ("id", "name", "aliases", "role", "bio")
IDEA_KEYS = ("id", "at", "title", "summary", "points", "cards")
CARD_KEYS = ("id", "q", "a", "accept")
QUOTE_KEYS = ("id", "by", "at", "idea", "text", "cloze")
TOP_KEYS = ("format", "episode", "speakers", "ideas", "quotes")


def suggest(word: str, known: Iterable[str]) -> str | None:
    """Return the known word closest to `word` in spelling or meaning, if one is close."""
    known = list(known)
    synonym = SYNONYMS.get(word.lower())
    if synonym in known:
        return synonym
    import difflib  # only a misspelling needs it: kept off the start-up of every command

    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return close[0] if close else None


def _printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


_is_normalized = unicodedata.is_normalized


class _Reader:
    """Walks the node tree, turning it into the model and collecting problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        # lists ("speaker", "idea") with an entry whose id could not be read: references
        # into them go unchecked rather than be reported missing for the same mistake
        self.incomplete: set[str] = set()

    def problem(self, node: Node, where: str, message: str, key: str = "") -> None:
        """Report `message` at `node`, placed at `where`, or at its `key` when given.

        The place of a key is made only here, for a problem: most values have none.
        """
        if key:
            where = f"{where}.{key}"
        self.problems.append(Problem(self.path, node.line, node.col, _printable(where),
                                     _printable(message)))

    def mapping(self, node: Node, where: str, allowed: tuple[str, ...],
                required: tuple[str, ...] = ()) -> dict[str, Node] | None:
        """Return the mapping's values by key, reporting duplicates, unknown and missing keys."""
        if node.kind != "map":
            self.problem(node, where, f"expected a mapping, found {node.describe()}")
            return None
        values: dict[str, Node] = {}
        first: dict[str, Node] = {}
        hinted: set[str] = set()  # keys suggested for a misspelt one: not missing twice over
        items = iter(node.items)
        for key, value in zip(items, items):  # keys and values come in turn
            text = key.text
            if key.kind != "scalar":
                self.problem(key, where, "a key must be plain text")
                continue
            if text in first:
                self.problem(key, f"{where}.{text}" if where else text, f"duplicate key "
                             f"'{text}' (first at line {first[text].line})")
                continue
            first[text] = key
            if text not in allowed:
                hint = suggest(text, allowed)
                if hint:
                    hinted.add(hint)
                self.problem(key, where or text, f"unknown key '{text}'"
                             + (f"; did you mean '{hint}'?" if hint else
                                f"; expected one of: {', '.join(allowed)}"))
                continue
            values[text] = value
        for key in required:
            given = values.get(key)
            if given is None:
                if key not in first and key not in hinted:
                    self.problem(node, where, f"missing required key '{key}'")
            elif given.is_null:
                self.problem(given, f"{where}.{key}" if where else key, f"'{key}' needs a value")
        return values

    def sequence(self, node: Node | None, where: str) -> list[Node]:
        if node is None or node.is_null:
            return []
        if node.kind != "seq":
            self.problem(node, where, f"expected a list, found {node.describe()}")
            return []
        return node.items

    def text(self, node: Node | None, where: str, key: str = "") -> str | None:
        """Return the text as written, or None when absent or null (reported if malformed)."""
        if node is None:
            return None
        text = node.text
        if node.kind != "scalar":
            self.problem(node, where, f"expected text, found {node.describe()}", key)
            return None
        if node.plain and text in _NULLS:  # node.is_null, in the hottest path
            return None
        if not text.strip():
            self.problem(node, where, "empty text", key)
            return None
        return text if _is_normalized("NFC", text) else unicodedata.normalize("NFC", text)

    def texts(self, node: Node | None, where: str, key: str = "") -> tuple[str, ...]:
        if node is None:
            return ()
        if key:
            where = f"{where}.{key}"
        out = []
        for n, item in enumerate(self.sequence(node, where)):
            value = self.text(item, f"{where}[{n}]")
            if value is not None:
                out.append(value)
            elif item.is_null:
                self.problem(item, f"{where}[{n}]", "empty entry")
        return tuple(out)

    def slug(self, node: Node | None, where: str, key: str = "") -> str | None:
        value = self.text(node, where, key)
        if value is not None and not SLUG.fullmatch(value):
            assert node is not None
            self.problem(node, where, f"'{value}' is not a valid id: use lowercase letters, "
                         "digits and '-', starting with a letter or digit", key)
            return None
        return value

    def time(self, node: Node | None, where: str, key: str = "") -> int | None:
        if node is None or node.is_null:
            return None
        if node.kind != "scalar":
            self.problem(node, where, f"expected a time such as 15:07, found {node.describe()}",
                         key)
            return None
        raw = node.text.strip()
        if _BARE_NUMBER.fullmatch(raw):
            self.problem(node, where, f"'{raw}' is a bare number: write times with a colon, "
                         "as m:ss, mm:ss or h:mm:ss (15:07)", key)
            return None
        try:
            return parse_time(raw)
        except ValueError as e:
            self.problem(node, where, str(e), key)
            return None

    def unique(self, seen: dict[str, Node], value: str | None, node: Node | None, where: str,
               what: str, key: str = "") -> None:
        if value is None or node is None:
            return
        if value in seen:
            self.problem(node, where, f"duplicate {what} '{value}' (first at line "
                         f"{seen[value].line})", key)
        else:
            seen[value] = node

    def reference(self, value: str | None, known: dict[str, Node], node: Node | None,
                  where: str, what: str, key: str = "") -> None:
        if value is None or node is None or value in known or what in self.incomplete:
            return
        hint = suggest(value, known)
        self.problem(node, where, f"unknown {what} '{value}'" + (
            f"; did you mean '{hint}'?" if hint else
            f"; the {what}s are: {', '.join(list(known)[:10]) or 'none'}"), key)

    # The parts of the file, top-down.

    def content(self, root: Node) -> Content | None:
        if root.kind != "map":
            self.problem(root, "", f"expected a mapping at the top of the file, found "
                         f"{root.describe()}")
            return None
        top = self.mapping(root, "", TOP_KEYS, ("episode", "speakers"))
        assert top is not None
        self.format(top.get("format"))
        given = top.get("episode")  # a null one is reported by mapping() as needing a value
        episode = self.episode(given) if given is not None and not given.is_null else None
        speaker_ids: dict[str, Node] = {}
        speakers = self.each(top.get("speakers"), "speakers",
                             lambda n, w: self.speaker(n, w, speaker_ids))
        listed = top.get("speakers")
        if listed is not None and listed.kind == "seq" and not listed.items:
            self.problem(listed, "speakers", "at least one speaker is needed")
        if listed is None or listed.kind != "seq" or not listed.items:
            self.incomplete.add("speaker")
        if "ideas" in top and not top["ideas"].is_null and top["ideas"].kind != "seq":
            self.incomplete.add("idea")
        idea_ids: dict[str, Node] = {}
        card_ids: dict[str, Node] = {}
        ideas = self.each(top.get("ideas"), "ideas",
                          lambda n, w: self.idea(n, w, idea_ids, card_ids))
        quote_ids: dict[str, Node] = {}
        quotes = self.each(top.get("quotes"), "quotes",
                           lambda n, w: self.quote(n, w, quote_ids, speaker_ids, idea_ids))
        if self.problems or episode is None:
            return None
        return Content(self.path, episode, tuple(speakers), tuple(ideas), tuple(quotes), FORMAT)

    def each(self, node: Node | None, where: str, read: Callable[[Node, str], Any]) -> list[Any]:
        out = []
        for n, item in enumerate(self.sequence(node, where)):
            value = read(item, f"{where}[{n}]")
            if value is not None:
                out.append(value)
        return out

    def format(self, node: Node | None) -> None:
        if node is None or node.is_null:
            return
        if node.kind != "scalar" or not re.fullmatch(r"[0-9]+", node.text.strip()):
            self.problem(node, "format", f"the format version is a whole number, such as "
                         f"{FORMAT}")
        elif int(node.text) != FORMAT:
            self.problem(node, "format", f"unknown format version {node.text}; this quiz reads "
                         f"format {FORMAT}")

    def episode(self, node: Node) -> Episode | None:
        keys = self.mapping(node, "episode", EPISODE_KEYS, ("id", "title"))
        if keys is None:
            return None
        get = keys.get
        eid = self.slug(get("id"), "episode.id")
        title = self.text(get("title"), "episode.title")
        day = self.text(get("date"), "episode.date")
        if day is not None:
            try:
                date.fromisoformat(day)
                if not re.fullmatch(r"\d{4}-\d\d-\d\d", day):
                    raise ValueError
            except ValueError:
                self.problem(keys["date"], "episode.date", f"'{day}' is not a date; write "
                             "YYYY-MM-DD")
                day = None
        language = self.text(get("language"), "episode.language")
        if language is not None and not _LANGUAGE.fullmatch(language):
            self.problem(keys["language"], "episode.language", f"'{language}' is not a language "
                         "tag (BCP 47, such as en or zh-CN)")
        url = self.text(get("url"), "episode.url")
        if url is not None and not _URL.fullmatch(url):
            self.problem(keys["url"], "episode.url", f"'{url}' is not a URL: write http://… or "
                         "https://…")
        elif url is not None:
            try:
                urlsplit(url)  # as the links into the audio will
            except ValueError as e:
                self.problem(keys["url"], "episode.url", f"'{url}' is not a URL ({e})")
                url = None
        if eid is None or title is None:
            return None
        return Episode(eid, title, self.text(get("show"), "episode.show"), day,
                       language or "en", url)

    def speaker(self, node: Node, where: str, ids: dict[str, Node]) -> Speaker | None:
        keys = self.mapping(node, where, SPEAKER_KEYS, ("id", "name"))
        sid = self.slug(keys.get("id"), where, "id") if keys is not None else None
        if keys is None or sid is None:
            self.incomplete.add("speaker")
        if keys is None:
            return None
        self.unique(ids, sid, keys.get("id"), where, "speaker id", "id")
        name = self.text(keys.get("name"), where, "name")
        aliases = self.texts(keys.get("aliases"), where, "aliases")
        role = self.text(keys.get("role"), where, "role")
        bio = self.text(keys.get("bio"), where, "bio")
        if sid is None or name is None:
            return None
        return Speaker(sid, name, aliases, role, bio)

    def idea(self, node: Node, where: str, ids: dict[str, Node],
             card_ids: dict[str, Node]) -> Idea | None:
        keys = self.mapping(node, where, IDEA_KEYS, ("id", "title"))
        iid = self.slug(keys.get("id"), where, "id") if keys is not None else None
        if keys is None or iid is None:
            self.incomplete.add("idea")
        if keys is None:
            return None
        self.unique(ids, iid, keys.get("id"), where, "idea id", "id")
        at = self.time(keys.get("at"), where, "at")
        title = self.text(keys.get("title"), where, "title")
        summary = self.text(keys.get("summary"), where, "summary")
        points = self.texts(keys.get("points"), where, "points")
        cards = self.each(keys.get("cards"), f"{where}.cards",
                          lambda n, w: self.card(n, w, card_ids))
        if iid is None or title is None:
            return None
        return Idea(iid, title, at, summary, points, tuple(cards))

    def card(self, node: Node, where: str, ids: dict[str, Node]) -> AuthoredCard | None:
        keys = self.mapping(node, where, CARD_KEYS, ("q", "a"))
        if keys is None:
            return None
        cid = self.slug(keys.get("id"), where, "id")
        q = self.text(keys.get("q"), where, "q")
        a = self.text(keys.get("a"), where, "a")
        accept = self.texts(keys.get("accept"), where, "accept")
        if cid is not None:
            self.unique(ids, cid, keys.get("id"), where, "card id", "id")
        elif q is not None:
            self.unique(ids, q, keys.get("q"), where, "question", "q")
        if q is None or a is None:
            return None
        return AuthoredCard(q, a, cid, accept)

    def quote(self, node: Node, where: str, ids: dict[str, Node], speakers: dict[str, Node],
              ideas: dict[str, Node]) -> Quote | None:
        keys = self.mapping(node, where, QUOTE_KEYS, ("id", "by", "text"))
        if keys is None:
            return None
        qid = self.slug(keys.get("id"), where, "id")
        self.unique(ids, qid, keys.get("id"), where, "quote id", "id")
        by = self.text(keys.get("by"), where, "by")
        self.reference(by, speakers, keys.get("by"), where, "speaker", "by")
        at = self.time(keys.get("at"), where, "at")
        idea = self.text(keys.get("idea"), where, "idea")
        self.reference(idea, ideas, keys.get("idea"), where, "idea", "idea")
        text = self.text(keys.get("text"), where, "text")
        cloze = self.texts(keys.get("cloze"), where, "cloze")
        if text is not None:
            self.cloze(keys.get("cloze"), where, text, cloze)
        if qid is None or by is None or text is None:
            return None
        return Quote(qid, by, text, at, idea, cloze)

    def cloze(self, node: Node | None, where: str, text: str, phrases: tuple[str, ...]) -> None:
        """Check the cloze phrases of the quote at `where` against its text."""
        taken: list[tuple[int, int, str]] = []
        seen: set[str] = set()
        items = node.items if node is not None and node.kind == "seq" else []
        for n, (phrase, item) in enumerate(zip(phrases, items)):
            if phrase in seen:
                self.problem(item, f"{where}.cloze[{n}]", f"duplicate cloze phrase '{phrase}'")
                continue
            seen.add(phrase)
            spans = list(find_all(text, phrase))
            if not spans:
                self.problem(item, f"{where}.cloze[{n}]", f"cloze phrase '{phrase}' does not "
                             "occur in the text")
                continue
            for start, end, other in taken:
                if any(s < end and start < e for s, e in spans):
                    self.problem(item, f"{where}.cloze[{n}]", f"cloze phrase '{phrase}' "
                                 f"overlaps '{other}'")
                    break
            taken.extend((s, e, phrase) for s, e in spans)


def find_all(text: str, phrase: str) -> Iterable[tuple[int, int]]:
    """Yield the start and end of every occurrence of `phrase` in `text`, left to right."""
    start = text.find(phrase)
    while start != -1:
        yield start, start + len(phrase)
        start = text.find(phrase, start + len(phrase))


@paused_gc()

def cloze_spans(quote: Quote) -> list[tuple[int, int, int]]:
    """Return where the quote's cloze phrases stand, in text order: (start, end, number).

    Every occurrence of phrase N is blanked as deletion N (numbered from 1, in list order).
    """
    return sorted((start, end, n) for n, phrase in enumerate(quote.cloze, start=1)
                  for start, end in find_all(quote.text, phrase))

def parse_content(data: bytes, path: str) -> Content:
    """Return the content in `data`, read from `path`; raise ContentError with every problem."""
    try:
        root = read_tree(data, path)
    except YamlFailure as e:
        raise ContentError([e.problem]) from None
    reader = _Reader(path)
    content = reader.content(root)
    if content is None:
        raise ContentError(sorted(reader.problems, key=lambda p: (p.line, p.col)))
    return content


def load_content(path: str | Path) -> Content:
    """Read and validate the content file at `path`."""
    name = str(path)
    try:
        with open(path, "rb") as f:
            # read no more than the limit: the path may be a huge file or a device
            data = f.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                size = os.fstat(f.fileno()).st_size
                raise ContentError([too_big(name, size if size > MAX_BYTES else None).problem])
    except OSError as e:
        raise ContentError([Problem(name, 1, 1, "", f"cannot read the file: "
                                    f"{e.strerror or e}")]) from None
    return parse_content(data, name)


def load_contents(paths: Iterable[str | Path]) -> list[Content]:
    """Read and validate content files, one episode each, all before raising any problem.

    Raise ContentError with the problems of every file, and when two files are one episode.
    """
    contents: list[Content] = []
    problems: list[Problem] = []
    first: dict[str, Content] = {}
    for path in paths:
        try:
            content = load_content(path)
        except ContentError as e:
            problems.extend(e.problems)
            continue
        other = first.setdefault(content.episode.id, content)
        if other is not content:
            problems.append(Problem(content.path, 1, 1, "episode.id", f"episode "
                                    f"'{content.episode.id}' is also {other.path}: one file is "
                                    "one episode, each with its own id"))
        contents.append(content)
    if problems:
        raise ContentError(problems)
    return contents
