"""Write a Draft (quiz.draft) as a content file: keys in the order of the format, Chinese as
written, and `# TODO:` comments where a person must decide."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..draft import Draft, Located
from ..files import write_text
from ..text import CONTROL
from ..times import Seconds, format_time
from ..yamltree import NOT_PRINTABLE


@dataclass(frozen=True, slots=True)
class Drafted:
    """A drafted content file: its YAML text, what could not be placed, and the TODOs."""

    yaml: str
    warnings: tuple[str, ...] = ()
    todos: int = 0
    language: str = "en"  # the episode's, as drafted


_RESOLVER = yaml.resolver.Resolver()
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
# Numbers, dates and times in any YAML version (0o17, 1_000, 2025-08-02, 1:20), y and n.
_NUMBERISH = re.compile(r"[-+.]?[0-9][0-9a-fA-FxXoObB_.:eE+-]*|[-+]?\.[a-zA-Z]+|[yYnN]")


def _printable(c: str) -> bool:
    """Whether YAML may hold `c` as it is, and a terminal show it (no control, no override)."""
    return not NOT_PRINTABLE.match(c) and not CONTROL.match(c)


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or text[0] in _INDICATORS or text.startswith("..."):
        return False
    if ":" in text or "#" in text or (flow and any(c in text for c in ",[]{}?")):
        return False
    if any(not _printable(c) or c in "\t\r\n\x85\u2028\u2029\ufeff\\" for c in text):
        return False
    if _NUMBERISH.fullmatch(text):
        return False
    resolve = _RESOLVER.resolve
    tag = resolve(yaml.ScalarNode, text, (True, False))
    return bool(tag == "tag:yaml.org,2002:str")


def yaml_scalar(text: str, flow: bool = False) -> str:
    """Return `text` as a YAML scalar that every YAML reader reads back as that same text.

    Plain where that is safe (so Chinese stays readable), else double-quoted with escapes.
    `flow` is for items of a `[…]` list, where commas and brackets need quoting too.
    """
    if _plain_ok(text, flow):
        return text
    out = ['"']
    for c in text:
        if c in '\\"':
            out.append("\\" + c)
        elif c in "\n\t\r":
            out.append({"\n": "\\n", "\t": "\\t", "\r": "\\r"}[c])
        elif not _printable(c) or c in "\x85\u2028\u2029\ufeff":
            o = ord(c)
            out.append(f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}" if o < 0x10000
                       else f"\\U{o:08x}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


# The keys of each item as a drafted file writes them, in order, with how each is written.
SPEAKER_KEYS = (("id", "text"), ("name", "text"), ("aliases", "flow"), ("role", "text"),
                ("bio", "text"))
IDEA_KEYS = (("id", "text"), ("at", "time"), ("title", "text"), ("summary", "text"),
             ("points", "block"))
CARD_KEYS = (("id", "text"), ("q", "text"), ("a", "text"))
QUOTE_KEYS = (("id", "text"), ("by", "text"), ("at", "time"), ("idea", "text"),
              ("text", "text"), ("cloze", "flow"))


class _Writer:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.todos = 0

    def line(self, text: str) -> None:
        self.out.append(text)

    def notes(self, indent: int, item: Located) -> None:
        """Write the comments, then the TODOs, that go above `item`."""
        self.out.extend(" " * indent + "# " + comment for comment in item.comments)
        for message in item.todos:
            self.todos += 1
            self.out.append(" " * indent + "# TODO: " + " ".join(message.split()))

    def item(self, indent: int, item: Located, keys: Sequence[tuple[str, str]]) -> None:
        """Write `item` as an entry of a list: its comments and TODOs, then each of its
        `keys` that has a value, each written as its kind says (`text`, `time`, `flow`
        for a short list, `block` for a list of sentences)."""
        self.notes(indent, item)
        for n, (key, kind) in enumerate(keys):
            value = getattr(item, key)
            if kind == "text":
                self.field(indent + 2, key, value, first=n == 0)
            elif kind == "time":
                self.time(indent + 2, key, value)
            elif kind == "flow":
                self.flow(indent + 2, key, value)
            else:
                self.block(indent + 2, key, value)

    def field(self, indent: int, key: str, value: str | None, first: bool = False) -> None:
        if value is not None:
            lead = " " * (indent - 2) + "- " if first else " " * indent
            self.out.append(f"{lead}{key}: {yaml_scalar(value)}")

    def time(self, indent: int, key: str, value: Seconds | None) -> None:
        if value is not None:
            self.out.append(f'{" " * indent}{key}: "{format_time(value)}"')

    def flow(self, indent: int, key: str, values: Iterable[str]) -> None:
        values = list(values)
        if values:
            items = ", ".join(yaml_scalar(v, flow=True) for v in values)
            self.out.append(f"{' ' * indent}{key}: [{items}]")

    def block(self, indent: int, key: str, values: list[str]) -> None:
        if values:
            self.out.append(f"{' ' * indent}{key}:")
            self.out.extend(f"{' ' * (indent + 2)}- {yaml_scalar(v)}" for v in values)


def write_yaml(draft: Draft, warnings: Iterable[str] = ()) -> Drafted:
    """Return `draft` as the text of a content file, with its TODOs and `warnings`.

    A quote that no one is said to have said (`by` None) is written commented out.
    """
    w = _Writer()
    w.line("# Drafted by `quiz extract` from an episode summary: check it, and every TODO,")
    w.line("# before you build (`quiz check` validates it).")
    w.line("format: 1")
    w.line("episode:")
    ep = draft.episode
    assert ep is not None
    w.notes(2, ep)
    w.field(2, "id", ep.id)
    w.field(2, "title", ep.title)
    w.field(2, "show", ep.show)
    if ep.date is not None:
        w.line(f'  date: "{ep.date}"')
    w.field(2, "language", ep.language)
    w.field(2, "url", ep.url)
    w.line("speakers:")
    for s in draft.speakers:
        w.item(2, s, SPEAKER_KEYS)
    w.line("ideas:" if draft.ideas else "ideas: []")
    for idea in draft.ideas:
        w.item(2, idea, IDEA_KEYS)
        if idea.cards:
            w.line("    cards:")
        for card in idea.cards:
            w.item(6, card, CARD_KEYS)
    w.line("quotes:" if draft.quotes else "quotes: []")
    for quote in draft.quotes:
        start = len(w.out)
        w.item(2, quote, QUOTE_KEYS)
        if quote.by is None:  # not content until a person says who said it
            w.out[start:] = [line if line.lstrip().startswith("#") else "  # " + line[2:]
                             for line in w.out[start:]]
    return Drafted("\n".join(w.out) + "\n", tuple(warnings), w.todos, ep.language or "en")


def write_draft(drafted: Drafted, path: str | Path, replace: bool = False) -> None:
    """Write the drafted file to `path` whole or not at all: a temporary file, then a rename.

    Raise FileExistsError when `path` exists and `replace` is false.
    """
    write_text(path, drafted.yaml, replace=replace)
