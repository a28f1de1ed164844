"""Write quotes' times into a content file, changing only the lines that hold them.

ruamel.yaml's round-trip parser finds each quote's keys and values with their lines and
columns; the times are then written into the text at those places. Dumping the round-trip
tree instead would re-indent the file to one style, respace flow lists and drop a `---`,
so the text is edited and ruamel only reads: before the file is replaced, the edited text
is parsed again and must hold the same data but for the new times.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import QuizError
from .files import write_text
from .times import format_seconds

# What YAML counts as a line break (ruamel's line numbers count these).
_LINE = re.compile(r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029]|$)")


class EditError(QuizError):
    """The times cannot be written into the content file as it is laid out."""


@dataclass(frozen=True, slots=True)
class _Edit:
    """Replace columns [start, end) of a line with `text`."""

    line: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class _NewLines:
    """Insert whole lines after a line."""

    after: int
    lines: tuple[str, ...]


def write_times(path: str | Path, times: Mapping[str, tuple[float, float]]) -> None:
    """Set `at` and `end` of the quotes `{quote id: (at, end)}` in the content file at `path`.

    Only the lines of those keys change (a missing `end` gets a line after `at`, a missing
    `at` one after `by`); comments, order, quoting and layout stay. The file is replaced
    whole or not at all. Raise EditError when the file cannot be edited so, and
    ValueError for an id that is no quote of the file.
    """
    path = Path(path)
    try:  # bytes, not read_text: its newline translation would turn \r\n into \n
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise EditError(f"{path}: cannot read the content file to write times into it: "
                        f"{getattr(e, 'strerror', None) or e}") from e
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    write_text(path, bom + set_times(text.removeprefix("\ufeff"), times, str(path)))


def set_times(text: str, times: Mapping[str, tuple[float, float]],
              name: str = "<content>") -> str:
    """Return the YAML `text` with `at` and `end` set as `write_times` does."""
    data = _load(text, name)
    quotes = data.get("quotes") if isinstance(data, dict) else None
    found = {q.get("id"): q for q in quotes or [] if isinstance(q, dict)}
    unknown = sorted(set(times) - set(found))
    if unknown:
        raise ValueError(f"{name}: no quotes with the ids {', '.join(unknown)}")
    lines = _LINE.findall(text)[:-1] if text else []  # the pattern also matches at the end
    edits: list[_Edit | _NewLines] = []
    for i, quote in enumerate(quotes or []):
        if isinstance(quote, dict) and quote.get("id") in times:
            at, end = times[quote["id"]]
            edits += _quote_edits(lines, quote, format_seconds(at), format_seconds(end),
                                  f"{name}: quotes[{i}]")
    edited = _apply(lines, edits)
    _check(data, _load(edited, name), times, name)
    return edited


def _load(text: str, name: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="rt").load(text)
    except YAMLError as e:
        raise EditError(f"{name}: cannot read the YAML to write times into it: {e}") from e


def _quote_edits(lines: list[str], quote: Any, at: str, end: str,
                 where: str) -> list[_Edit | _NewLines]:
    flow = quote.fa.flow_style()
    edits: list[_Edit | _NewLines] = []
    for key, value in (("at", at), ("end", end)):
        if key in quote:
            edits.append(_replace(lines, quote, key, value, where))
    missing = [(k, v) for k, v in (("at", at), ("end", end)) if k not in quote]
    if not missing:
        return edits
    # after `at` for `end`; after `by` (or the first key) for both
    anchor = "at" if "at" in quote else "by" if "by" in quote else next(iter(quote))
    line, _, stop, _ = _value_span(lines, quote, anchor, where)
    if flow:
        text = "".join(f", {k}: {_quoted(v, None)}" for k, v in missing)
        edits.append(_Edit(line, stop, stop, text))
    else:
        indent = " " * quote.lc.key(anchor)[1]
        edits.append(_NewLines(line, tuple(f"{indent}{k}: {_quoted(v, None)}"
                                           for k, v in missing)))
    return edits


def _replace(lines: list[str], quote: Any, key: str, value: str, where: str) -> _Edit:
    line, start, stop, style = _value_span(lines, quote, key, where)
    if quote[key] is None:  # `at:` with nothing after it: the time goes after the colon
        return _Edit(line, start, stop, " " + _quoted(value, None))
    return _Edit(line, start, stop, _quoted(value, style))


def _value_span(lines: list[str], quote: Any, key: str,
                where: str) -> tuple[int, int, int, str | None]:
    """Return the line, start and end columns of a key's value, and its quote character.

    A value must be a scalar on one line (a time, an id); the end is found from its
    quoting: the closing quote, or the end of a plain scalar (before a comment, or a `,`
    or `}` in a flow mapping).
    """
    flow = quote.fa.flow_style()
    value = quote[key]
    if value is None:
        line, col = quote.lc.key(key)
        start = lines[line].index(":", col + len(key)) + 1
    elif isinstance(value, (dict, list)):
        raise EditError(f"{where}.{key}: a time cannot replace a list or mapping")
    else:
        line, start = quote.lc.value(key)
    body = lines[line].rstrip("\r\n\x85\u2028\u2029")
    first = body[start:start + 1]
    if value is not None and first in ("'", '"'):
        close = _closing_quote(body, start)
        if close is None:
            raise EditError(f"{where}.{key}: its value spans lines; write it on one line")
        return line, start, close + 1, first
    stops = [len(body)]
    comment = re.search(r"\s#", body[start:])
    if comment:
        stops.append(start + comment.start())
    if flow:
        stops += [i for i in (body.find(",", start), body.find("}", start)) if i >= 0]
    stop = min(stops)
    while stop > start and body[stop - 1] in " \t":
        stop -= 1
    if value is not None and line + 1 < len(lines) and _continues(lines[line + 1], quote, key):
        raise EditError(f"{where}.{key}: its value spans lines; write it on one line")
    return line, start, stop, None


def _continues(next_line: str, quote: Any, key: str) -> bool:
    """Tell whether a plain scalar goes on to the next line (indented deeper than its key)."""
    stripped = next_line.strip()
    if not stripped or stripped.startswith("#") or quote.fa.flow_style():
        return False
    indent: int = quote.lc.key(key)[1]
    return len(next_line) - len(next_line.lstrip(" ")) > indent


def _closing_quote(body: str, start: int) -> int | None:
    mark = body[start]
    i = start + 1
    while i < len(body):
        if mark == '"' and body[i] == "\\":
            i += 2
            continue
        if body[i] == mark:
            if mark == "'" and body[i + 1:i + 2] == "'":  # '' is a quote inside '…'
                i += 2
                continue
            return i
        i += 1
    return None


def _quoted(value: str, style: str | None) -> str:
    return f"'{value}'" if style == "'" else f'"{value}"'


def _apply(lines: list[str], edits: list[_Edit | _NewLines]) -> str:
    lines = list(lines)
    # from the end of the file backwards, so that earlier places stay where they were
    inline = sorted((e for e in edits if isinstance(e, _Edit)),
                    key=lambda e: (e.line, e.start), reverse=True)
    for e in inline:
        lines[e.line] = lines[e.line][:e.start] + e.text + lines[e.line][e.end:]
    added = sorted((e for e in edits if isinstance(e, _NewLines)), key=lambda e: -e.after)
    for new in added:
        ending = _ending(lines[new.after]) or _ending(lines[0]) or "\n"
        if not _ending(lines[new.after]):  # the last line had no line break
            lines[new.after] += ending
        lines[new.after + 1:new.after + 1] = [line + ending for line in new.lines]
    return "".join(lines)


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n\x85\u2028\u2029")):]


def _check(before: Any, after: Any, times: Mapping[str, tuple[float, float]],
           name: str) -> None:
    """Raise unless `after` is `before` with the new times: an edit must change nothing else."""
    expected = _plain(before)
    for quote in expected.get("quotes") or []:
        if isinstance(quote, dict) and quote.get("id") in times:
            at, end = times[quote["id"]]
            quote["at"], quote["end"] = format_seconds(at), format_seconds(end)
    got = _plain(after)
    if got != expected or list(_order(got)) != list(_order(expected)):
        raise EditError(f"{name}: writing the times would change more than the times; "
                        "the file is left as it was")


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _order(node: Any) -> list[str]:
    """Return the keys of every quote but the times, in order (dicts are equal in any order)."""
    quotes = node.get("quotes") if isinstance(node, dict) else None
    return [k for q in quotes or [] if isinstance(q, dict) for k in q if k not in ("at", "end")]
