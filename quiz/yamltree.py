"""Read YAML into a tree of plain nodes that remember their line and column.

Nothing is constructed from the YAML: every scalar stays the text as written (so `15:07`,
`yes` and `3.10` keep their meaning), tags that would build objects are refused, aliases are
refused (no alias bomb can expand), and nesting and size are bounded. The events come from
libyaml where it is installed, and the tree is built without recursion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from .errors import Problem
from .files import MAX_BYTES, NotUtf8, TooBig, decode_utf8

MAX_DEPTH = 32
# The number of values bounds the tree's memory, which MAX_BYTES alone does not: a file of
# nothing but `[a,a,a,…` holds a value every two bytes. 100,000 cards take about 700,000.
MAX_NODES = 2_000_000

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STANDARD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {"!", *(_STANDARD + t for t in ("str", "int", "float", "bool", "null", "seq",
                                                 "map", "timestamp"))}
_NULLS = {"", "~", "null", "Null", "NULL"}
# What YAML refuses to read (as PyYAML's reader defines it); libyaml reports it at a byte offset.
NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD"
                           "\U00010000-\U0010FFFF]")


@dataclass(slots=True, eq=False)
class Node:
    """A value of the YAML tree at a 1-based line and column: a Scalar, a Seq or a Map."""

    line: int
    col: int

    @property
    def is_null(self) -> bool:
        return False

    def describe(self) -> str:
        """Return what the node is, in words for a message."""
        return "text"


@dataclass(slots=True, eq=False)
class Scalar(Node):
    """Text as written; `plain` tells a plain scalar (`yes`, `~`) from a quoted one."""

    text: str = ""
    plain: bool = False

    @property
    def is_null(self) -> bool:
        return self.plain and self.text in _NULLS

    def describe(self) -> str:
        return "nothing" if self.is_null else "text"


@dataclass(slots=True, eq=False)
class Seq(Node):
    """A list."""

    items: list[Node] = field(default_factory=list)

    def describe(self) -> str:
        return "a list"


@dataclass(slots=True, eq=False)
class Map(Node):
    """A mapping: its keys and values in the order written."""

    pairs: list[tuple[Node, Node]] = field(default_factory=list)

    def describe(self) -> str:
        return "a mapping"


class YamlFailure(Exception):
    """The file cannot be read as one YAML document; `problem` says where and why."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def _place(text: str, index: int) -> tuple[int, int]:
    """Return the 1-based line and column of `text[index]`."""
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def _decode(data: bytes, path: str) -> str:
    if len(data) > MAX_BYTES:
        raise YamlFailure(Problem(path, 1, 1, "", str(TooBig(len(data), MAX_BYTES))))
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise YamlFailure(Problem(path, 1, 1, "", "the file is UTF-16; save it as UTF-8"))
    try:
        return decode_utf8(data)
    except NotUtf8 as e:
        raise YamlFailure(Problem(path, e.line, e.col, "", str(e))) from None


def _fail(path: str, mark: Any, message: str) -> YamlFailure:
    return YamlFailure(Problem(path, mark.line + 1, mark.column + 1, "", message))


def _tag_failure(path: str, mark: Any, tag: str) -> YamlFailure:
    shown = "!!" + tag[len(_STANDARD):] if tag.startswith(_STANDARD) else tag
    return _fail(path, mark, f"the YAML tag '{shown}' is not allowed: content is plain data")


# What is left open when the file ends inside it, by the context YAML names: its name, and
# what closes it.
_UNCLOSED = {"while parsing a flow sequence": ("list", "a ']'"),
             "while parsing a flow mapping": ("mapping", "a '}'"),
             "while scanning a quoted scalar": ("quoted text", "its closing quote")}
_TAB_IN_INDENT = "malformed YAML: a tab in the indentation: tabs cannot indent YAML; use spaces"


def _malformed(path: str, text: str, e: yaml.MarkedYAMLError,
               quoted: tuple[int, int, int] | None) -> Problem:
    """Return the problem of a file YAML cannot parse, placed and worded for a person."""
    mark = e.problem_mark or e.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = " ".join(str(p) for p in (e.context, e.problem) if p)
    opened = e.context_mark
    unclosed = _UNCLOSED.get(str(e.context))
    lines = text.split("\n", line)
    source = lines[line - 1] if line <= len(lines) else ""
    indent = source[: len(source) - len(source.lstrip(" \t"))]
    if "\t" in indent and col <= len(indent) + 1:
        return Problem(path, line, indent.index("\t") + 1, "", _TAB_IN_INDENT)
    if "tab character" in message:
        return Problem(path, line, col, "", _TAB_IN_INDENT)
    if unclosed and opened is not None and not text[mark.index:].strip():
        # the file ends inside it: YAML places the end past the last line, the opening is
        # where the mistake can be seen
        what, closing = unclosed
        return Problem(path, opened.line + 1, opened.column + 1, "", f"malformed YAML: the "
                       f"{what} opened here is never closed: {closing} is missing")
    if unclosed and opened is not None and unclosed[0] != "quoted text":
        what, closing = unclosed
        message += (f" (the {what} opened at line {opened.line + 1}, column "
                    f"{opened.column + 1} is not closed: is {closing} missing?)")
    elif quoted is not None and quoted[2] == line:
        # an unclosed quote swallows the lines after it, and YAML trips only further on
        message += (f" (the quoted text from line {quoted[0]}, column {quoted[1]} runs to "
                    "here: is its closing quote missing?)")
    return Problem(path, line, col, "", f"malformed YAML: {message}")


def read_tree(data: bytes, path: str, loader: type = _Parser) -> Node:
    """Return the root node of the one YAML document in `data`.

    Raise YamlFailure for what makes the file unreadable as content: bad encoding, size,
    number of values, YAML syntax, aliases, tags, nesting, more than one document, or no
    document at all.
    """
    text = _decode(data, path)
    nodes = 0
    # the open lists and mappings, each with what it holds so far (a mapping's keys and
    # values in turn, paired when it ends)
    stack: list[tuple[Node, list[Node]]] = []
    holds: list[Node] | None  # what the node read holds when it is a list or a mapping
    append: Any = None  # appends to what the innermost open node holds, None at the top
    root: Node | None = None
    quoted: tuple[int, int, int] | None = None  # the last quoted text spanning lines
    event: Any  # the parser's events, each class with its own attributes
    try:
        # the parser's own calls, rather than the generator yaml.parse wraps around them
        parser = loader(text)
        try:
            next_event = parser.get_event
            while True:
                event = next_event()
                cls = event.__class__
                if cls is ScalarEvent:
                    mark = event.start_mark
                    line = mark.line + 1
                    style = event.style
                    tag = event.tag
                    if style == "'" or style == '"':
                        end = event.end_mark.line + 1
                        quoted = (line, mark.column + 1, end) if end > line else None
                    if tag is not None and tag not in _ALLOWED_TAGS:
                        raise _tag_failure(path, mark, tag)
                    # libyaml gives a plain scalar the style '', the Python parser None
                    node: Node = Scalar(line, mark.column + 1, event.value,
                                        not style and tag is None)
                    holds = None
                elif cls is MappingStartEvent or cls is SequenceStartEvent:
                    mark = event.start_mark
                    tag = event.tag
                    if tag is not None and tag not in _ALLOWED_TAGS:
                        raise _tag_failure(path, mark, tag)
                    if len(stack) >= MAX_DEPTH:
                        raise _fail(path, mark, f"nesting deeper than {MAX_DEPTH} levels")
                    if cls is MappingStartEvent:
                        node, holds = Map(mark.line + 1, mark.column + 1), []
                    else:
                        node = Seq(mark.line + 1, mark.column + 1)
                        holds = node.items
                elif cls is MappingEndEvent or cls is SequenceEndEvent:
                    done, held = stack.pop()
                    if isinstance(done, Map):
                        pairs = iter(held)
                        done.pairs = list(zip(pairs, pairs))
                    append = stack[-1][1].append if stack else None
                    continue
                elif cls is AliasEvent:
                    raise _fail(path, event.start_mark, f"aliases (*{event.anchor}) are not "
                                "supported: write the value out")
                elif cls is DocumentStartEvent and root is not None:
                    raise _fail(path, event.start_mark, "a second YAML document: one file holds "
                                "one episode")
                elif event is None or cls is StreamEndEvent:
                    break
                else:
                    continue
                nodes += 1
                if nodes > MAX_NODES:
                    raise _fail(path, mark, f"more than {MAX_NODES:,} values: the limit of a "
                                "content file (100,000 cards take about 700,000)")
                if append is not None:
                    append(node)
                elif root is not None:
                    raise _fail(path, mark, "a second YAML document: one file holds one episode")
                else:
                    root = node
                if holds is not None:  # a list or a mapping: what follows goes into it
                    stack.append((node, holds))
                    append = holds.append
        finally:
            parser.dispose()
    except yaml.MarkedYAMLError as e:
        if "maximum nesting depth" in str(e.problem) and loader is not yaml.SafeLoader:
            # libyaml looks ahead and stops at its own depth limit (1,000) before the loop
            # sees ours; the Python parser does not, and so finds where ours is passed
            return read_tree(data, path, yaml.SafeLoader)
        raise YamlFailure(_malformed(path, text, e, quoted)) from None
    except yaml.reader.ReaderError as e:
        bad = NOT_PRINTABLE.search(text)
        line, col = _place(text, bad.start()) if bad else (1, 1)
        code = ord(bad.group()) if bad else e.character
        raise YamlFailure(Problem(path, line, col, "", f"the character U+{code:04X} is not "
                                  "allowed in YAML: remove it or write it as an escape "
                                  "in double quotes")) from None
    except yaml.YAMLError as e:
        raise YamlFailure(Problem(path, 1, 1, "", f"malformed YAML: {e}")) from None
    if root is None or root.is_null:
        raise YamlFailure(Problem(path, 1, 1, "", "the file is empty: expected an episode"))
    return root
