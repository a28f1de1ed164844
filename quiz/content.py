"""Read a content file (the YAML format of docs/format.md) into the model of an episode.

The reader checks the shape of the file (keys, texts, times, lists where lists belong)
while it fills a Draft; quiz.checks then checks its values and their meaning (a text holds no
control character, an id is an id, a reference names something), as for a draft from any
other reader, and quiz.lint looks for cards that teach badly. Every problem of a file is
reported at once, each at its line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from .checks import check_draft, suggest, text_problem
from .collector import paused_gc
from .draft import (
    Draft,
    DraftCard,
    DraftEpisode,
    DraftIdea,
    DraftQuote,
    DraftSpeaker,
    Located,
)
from .errors import ContentError, Problem
from .files import TooBig, read_limited
from .kinds import KIND_NAMES
from .lint import lint_cards
from .model import Content
from .text import printable
from .times import Seconds, parse_time
from .yamltree import Map, Node, Scalar, Seq, YamlFailure, read_tree

FORMAT = 1
_BARE_NUMBER = re.compile(r"[+-]?\d+(?:\.\d*)?")

# Keys people reach for by habit, and the key this format means by them.
SYNONYMS = {
    "speaker": "by", "author": "by", "who": "by", "said_by": "by",
    "time": "at", "timestamp": "at", "start": "at", "ts": "at", "stop": "end",
    "question": "q", "answer": "a", "answers": "accept", "alternatives": "accept",
    "quote": "text", "body": "text", "clozes": "cloze", "blanks": "cloze", "phrases": "cloze",
    "section": "idea", "topic": "idea", "alias": "aliases", "point": "points",
    "description": "summary", "link": "url", "lang": "language", "kind": "kinds",
    "version": "format", "name": "title", "slug": "id", "card": "cards",
    "subtitles": "transcript", "captions": "transcript", "sound": "audio", "mp3": "audio",
}

EPISODE_KEYS = ("id", "title", "show", "date", "language", "url", "audio", "transcript",
                "kinds")
SPEAKER_KEYS = ("id", "name", "aliases", "role", "bio")
IDEA_KEYS = ("id", "at", "title", "summary", "points", "cards")
CARD_KEYS = ("id", "q", "a", "accept")
QUOTE_KEYS = ("id", "by", "at", "end", "idea", "text", "cloze")
TOP_KEYS = ("format", "episode", "speakers", "ideas", "quotes")

L = TypeVar("L", bound=Located)


class _Reader:
    """Walks the YAML tree, filling a Draft and reporting what is misshapen."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.draft = Draft(path)
        self.problems: list[Problem] = []

    def problem(self, node: Node, where: str, message: str) -> None:
        self.problems.append(Problem(self.path, node.line, node.col, printable(where),
                                     printable(message)))

    def keys(self, node: Node, item: L, allowed: tuple[str, ...],
             required: tuple[str, ...] = ()) -> dict[str, Node] | None:
        """Return the values of the mapping `node` by key, noting where each stands in `item`.

        Duplicate, unknown and missing keys are reported; None when `node` is no mapping.
        """
        where = item.where
        item.places[""] = (node.line, node.col)
        if not isinstance(node, Map):
            self.problem(node, where, f"expected a mapping, found {node.describe()}")
            return None
        values: dict[str, Node] = {}
        first: dict[str, Node] = {}
        hinted: set[str] = set()  # keys suggested for a misspelt one: not missing twice over
        for key, value in node.pairs:
            if not isinstance(key, Scalar):
                self.problem(key, where, "a key must be plain text")
                continue
            text = key.text
            if text in first:
                self.problem(key, item.at_key(text), f"duplicate key '{text}' (first at line "
                             f"{first[text].line})")
                continue
            first[text] = key
            if text not in allowed:
                hint = suggest(text, allowed, SYNONYMS)
                if hint:
                    hinted.add(hint)
                self.problem(key, where or text, f"unknown key '{text}'"
                             + (f"; did you mean '{hint}'?" if hint else
                                f"; expected one of: {', '.join(allowed)}"))
                continue
            values[text] = value
            item.places[text] = (value.line, value.col)
        for name in required:
            given = values.get(name)
            if given is None:
                if name not in first and name not in hinted:
                    self.problem(node, where, f"missing required key '{name}'")
            elif given.is_null:
                self.problem(given, item.at_key(name), f"'{name}' needs a value")
        return values

    def sequence(self, node: Node | None, where: str) -> list[Node]:
        if node is None or node.is_null:
            return []
        if not isinstance(node, Seq):
            self.problem(node, where, f"expected a list, found {node.describe()}")
            return []
        return node.items

    def text(self, node: Node | None, where: str) -> str | None:
        """Return the text as written, or None when absent or null (reported if no text).

        What a text may hold is quiz.checks' to say, as for a text of any reader.
        """
        if node is None or node.is_null:
            return None
        if not isinstance(node, Scalar):
            self.problem(node, where, f"expected text, found {node.describe()}")
            return None
        return node.text

    def entries(self, node: Node | None, where: str) -> Iterator[tuple[int, Node, str]]:
        """Yield each text of the list `node` with its index in the list and its node;
        report the entries that are empty or no text."""
        for n, entry in enumerate(self.sequence(node, where)):
            value = self.text(entry, f"{where}[{n}]")
            if value is not None:
                yield n, entry, value
            elif entry.is_null:
                self.problem(entry, f"{where}[{n}]", "empty entry")

    def texts(self, node: Node | None, item: Located, key: str) -> list[str]:
        """Return the texts of the list `node`, the `key` of `item`, noting where an entry
        stands (as `key[n]`, by its place in the list returned) where quiz.checks may
        report on it: every cloze phrase, and any text it refuses.

        Noting every entry would take a mapping entry for each (2,000,000 in the largest
        file); a problem of an entry not noted would be placed at its item instead.
        """
        out: list[str] = []
        for _, entry, value in self.entries(node, item.at_key(key)):
            if key == "cloze" or text_problem(value) is not None:
                item.places[f"{key}[{len(out)}]"] = (entry.line, entry.col)
            out.append(value)
        return out

    def time(self, node: Node | None, where: str) -> Seconds | None:
        if node is None or node.is_null:
            return None
        if not isinstance(node, Scalar):
            self.problem(node, where, f"expected a time such as 15:07, found {node.describe()}")
            return None
        raw = node.text.strip()
        if _BARE_NUMBER.fullmatch(raw):
            self.problem(node, where, f"'{raw}' is a bare number: write times with a colon, "
                         "as m:ss, mm:ss or h:mm:ss (15:07)")
            return None
        try:
            return parse_time(raw)
        except ValueError as e:
            self.problem(node, where, str(e))
            return None

    def each(self, node: Node | None, where: str, read: Callable[[Node, str], L | None]
             ) -> list[L]:
        """Return the items of the list `node` read by `read`, leaving out unreadable ones."""
        out = []
        for n, item in enumerate(self.sequence(node, where)):
            value = read(item, f"{where}[{n}]")
            if value is not None:
                out.append(value)
        return out

    # The parts of the file, top-down.

    def content(self, root: Node) -> Draft:
        draft = self.draft
        top_item = Located()
        if not isinstance(root, Map):
            self.problem(root, "", f"expected a mapping at the top of the file, found "
                         f"{root.describe()}")
            return draft
        top = self.keys(root, top_item, TOP_KEYS, ("episode", "speakers"))
        assert top is not None
        self.format(top.get("format"))
        given = top.get("episode")  # a null one is reported by keys() as needing a value
        if given is not None and not given.is_null:
            draft.episode = self.episode(given)
        listed = top.get("speakers")
        draft.speakers = self.each(listed, "speakers", self.speaker)
        if isinstance(listed, Seq) and not listed.items:
            self.problem(listed, "speakers", "at least one speaker is needed")
        # a list with an entry not read is incomplete; one with an id not read or refused,
        # quiz.checks tells
        if (not isinstance(listed, Seq) or not listed.items
                or len(draft.speakers) < len(listed.items)):
            draft.complete.discard("speakers")
        ideas = top.get("ideas")
        draft.ideas = self.each(ideas, "ideas", self.idea)
        if (ideas is not None and not ideas.is_null and not isinstance(ideas, Seq)) or (
                isinstance(ideas, Seq) and len(draft.ideas) < len(ideas.items)):
            draft.complete.discard("ideas")
        draft.quotes = self.each(top.get("quotes"), "quotes", self.quote)
        return draft

    def format(self, node: Node | None) -> None:
        if node is None or node.is_null:
            return
        if not isinstance(node, Scalar) or not re.fullmatch(r"[0-9]+", node.text.strip()):
            self.problem(node, "format", f"the format version is a whole number, such as "
                         f"{FORMAT}")
        elif int(node.text) != FORMAT:
            self.problem(node, "format", f"unknown format version {node.text}; this quiz reads "
                         f"format {FORMAT}")

    def episode(self, node: Node) -> DraftEpisode | None:
        ep = DraftEpisode("episode")
        keys = self.keys(node, ep, EPISODE_KEYS, ("id", "title"))
        if keys is None:
            return None
        get = keys.get
        ep.id = self.text(get("id"), "episode.id")
        ep.title = self.text(get("title"), "episode.title")
        ep.show = self.text(get("show"), "episode.show")
        ep.date = self.text(get("date"), "episode.date")
        ep.language = self.text(get("language"), "episode.language")
        ep.url = self.text(get("url"), "episode.url")
        ep.audio = self.text(get("audio"), "episode.audio")
        ep.transcript = self.text(get("transcript"), "episode.transcript")
        if "kinds" in keys:
            ep.kinds = self.kinds(keys["kinds"], ep)
        return ep

    def kinds(self, node: Node, episode: DraftEpisode) -> tuple[str, ...] | None:
        where = episode.at_key("kinds")
        names: list[str] = []
        known = True
        for n, entry, name in self.entries(node, where):  # n as written: nulls counted
            if name not in KIND_NAMES:
                hint = suggest(name, KIND_NAMES)
                self.problem(entry, f"{where}[{n}]", f"unknown kind of card '{name}'" + (
                    f"; did you mean '{hint}'?" if hint else
                    f"; the kinds are: {', '.join(KIND_NAMES)}"))
                known = False
            names.append(name)
        return tuple(dict.fromkeys(names)) if known and isinstance(node, Seq) else None

    def speaker(self, node: Node, where: str) -> DraftSpeaker | None:
        speaker = DraftSpeaker(where)
        keys = self.keys(node, speaker, SPEAKER_KEYS, ("id", "name"))
        if keys is None:
            return None
        speaker.id = self.text(keys.get("id"), f"{where}.id")
        speaker.name = self.text(keys.get("name"), f"{where}.name")
        speaker.aliases = self.texts(keys.get("aliases"), speaker, "aliases")
        speaker.role = self.text(keys.get("role"), f"{where}.role")
        speaker.bio = self.text(keys.get("bio"), f"{where}.bio")
        return speaker

    def idea(self, node: Node, where: str) -> DraftIdea | None:
        idea = DraftIdea(where)
        keys = self.keys(node, idea, IDEA_KEYS, ("id", "title"))
        if keys is None:
            return None
        idea.id = self.text(keys.get("id"), f"{where}.id")
        idea.at = self.time(keys.get("at"), f"{where}.at")
        idea.title = self.text(keys.get("title"), f"{where}.title")
        idea.summary = self.text(keys.get("summary"), f"{where}.summary")
        idea.points = self.texts(keys.get("points"), idea, "points")
        idea.cards = self.each(keys.get("cards"), f"{where}.cards", self.card)
        return idea

    def card(self, node: Node, where: str) -> DraftCard | None:
        card = DraftCard(where)
        keys = self.keys(node, card, CARD_KEYS, ("q", "a"))
        if keys is None:
            return None
        card.id = self.text(keys.get("id"), f"{where}.id")
        card.q = self.text(keys.get("q"), f"{where}.q")
        card.a = self.text(keys.get("a"), f"{where}.a")
        card.accept = self.texts(keys.get("accept"), card, "accept")
        return card

    def quote(self, node: Node, where: str) -> DraftQuote | None:
        quote = DraftQuote(where)
        keys = self.keys(node, quote, QUOTE_KEYS, ("id", "by", "text"))
        if keys is None:
            return None
        quote.id = self.text(keys.get("id"), f"{where}.id")
        quote.by = self.text(keys.get("by"), f"{where}.by")
        quote.at = self.time(keys.get("at"), f"{where}.at")
        quote.end = self.time(keys.get("end"), f"{where}.end")
        quote.idea = self.text(keys.get("idea"), f"{where}.idea")
        quote.text = self.text(keys.get("text"), f"{where}.text")
        quote.cloze = self.texts(keys.get("cloze"), quote, "cloze")
        return quote


@paused_gc()
def parse_content(data: bytes, path: str, *, lint: bool = True) -> Content:
    """Return the content in `data`, read from `path`; raise ContentError with every problem.

    Without `lint`, the card lint is not run and the content has no warnings: for a caller
    that never shows them (quiz sync).
    """
    try:
        root = read_tree(data, path)
    except YamlFailure as e:
        raise ContentError([e.problem]) from None
    reader = _Reader(path)
    draft = reader.content(root)
    del root  # the draft holds what is needed of the tree
    problems = reader.problems + check_draft(draft)
    if problems:
        raise ContentError(sorted(problems, key=lambda p: (p.line, p.col)))
    content = draft.to_content()
    if not lint:
        return content
    warnings = lint_cards(draft, content)
    return replace(content, warnings=tuple(warnings)) if warnings else content


def load_content(path: str | Path, *, lint: bool = True) -> Content:
    """Read and validate the content file at `path` (and lint its cards, unless not `lint`)."""
    name = str(path)
    try:
        data = read_limited(path)
    except TooBig as e:
        raise ContentError([Problem(name, 1, 1, "", str(e))]) from None
    except OSError as e:
        raise ContentError([Problem(name, 1, 1, "", f"cannot read the file: "
                                    f"{e.strerror or e}")]) from None
    return parse_content(data, name, lint=lint)


def quote_place(path: str | Path, n: int, key: str = "") -> tuple[int, int]:
    """Return the line and column of `key` of the quote `quotes[n]` in the content file at
    `path`, read again: for a problem found after loading (a quote the audio does not
    reach). (1, 1) when the file no longer reads so."""
    try:
        root = read_tree(read_limited(path), str(path))
        return _Reader(str(path)).content(root).quotes[n].place(key)
    except (OSError, ValueError, YamlFailure, IndexError):
        return 1, 1


def load_contents(paths: Iterable[str | Path], *, lint: bool = True) -> list[Content]:
    """Read and validate content files, one episode each, all before raising any problem
    (and lint their cards, unless not `lint`).

    Raise ContentError with the problems of every file, and when two files are one episode;
    the card lint's warnings of the files that loaded go with them, so that none is lost.
    """
    contents: list[Content] = []
    problems: list[Problem] = []
    failed = False
    first: dict[str, Content] = {}
    for path in paths:
        try:
            content = load_content(path, lint=lint)
        except ContentError as e:
            problems.extend(e.problems)
            failed = True
            continue
        other = first.setdefault(content.episode.id, content)
        found = list(content.warnings)
        if other is not content:
            found.insert(0, Problem(content.path, 1, 1, "episode.id", f"episode "
                                    f"'{content.episode.id}' is also {other.path}: one file is "
                                    "one episode, each with its own id"))
            failed = True
        problems.extend(found)
        contents.append(content)
    if failed:
        raise ContentError(problems)
    return contents
