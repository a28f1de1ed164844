"""Text laid out for a terminal by display width, so Chinese (two columns a character) and
English line up and wrap right."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

# Punctuation that must not start a line: it stays with the character before it.
_NO_BREAK_BEFORE = set(",。、;:!?)」』》〉】”’,.;:!?)]}…%")
# Punctuation that must not end a line: the character after it stays with it.
_NO_BREAK_AFTER = set("(「『《〈【“‘([{")
# Runs of spaces and runs of anything else: a line never breaks inside a run but next to a
# wide character, so most runs are units as they are, found at the speed of `re`.
_RUNS = re.compile(r"\s+|\S+")
# A paragraph of words that single spaces part: if it fits a line, the line is itself.
_PLAIN = re.compile(r"\S+(?: \S+)*")


@lru_cache(maxsize=1 << 16)  # a text has few distinct characters, each asked again and again
def char_width(char: str) -> int:
    """Return the columns `char` takes in a terminal: 2 for wide CJK, 0 for combining marks."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Return the columns `text` takes in a terminal."""
    if text.isascii():  # a flag of the string: no character to look at
        return len(text)
    widths = _widths(text)
    return sum(map(widths.__getitem__, text))


def _widths(text: str) -> dict[str, int]:
    """Return the width of each character of `text`, each asked once however often it
    occurs (a long text has few distinct characters)."""
    return {char: char_width(char) for char in set(text)}


def pad(text: str, width: int) -> str:
    """Return `text` padded with spaces to `width` columns."""
    return text + " " * max(0, width - display_width(text))


def _units(text: str) -> Iterator[tuple[str, int]]:
    """Yield the units a line may break between, each with its columns: words, runs of
    spaces, wide characters.

    Punctuation that must not start a line joins the unit before it, and the character
    after punctuation that must not end one joins that punctuation's unit.
    """
    for run in _RUNS.findall(text):
        if run.isascii() or run[0].isspace():
            yield run, len(run)  # (the columns of spaces do not count: they become one)
        else:
            widths = _widths(run)
            for unit in _split_run(run, widths):
                yield unit, sum(map(widths.__getitem__, unit))


def _split_run(run: str, widths: dict[str, int]) -> list[str]:
    """Return the units of `run`, characters that are not spaces, of the given widths: a
    line may break before or after a wide character, but not before closing punctuation
    nor after opening punctuation."""
    wide = "".join(char for char, width in widths.items() if width == 2)
    if not wide:
        return [run]
    # Only the places next to a wide character are looked at; in a long run, `re` finds
    # them (compiling a pattern costs more than looking at a few characters).
    places = (found.start() for found in re.finditer(f"[{re.escape(wide)}]", run)) if (
        len(run) > 256) else (n for n, char in enumerate(run) if widths[char] == 2)
    units: list[str] = []
    start = 0
    for place in places:
        for n in (place, place + 1):
            if (start < n < len(run) and run[n] not in _NO_BREAK_BEFORE
                    and run[n - 1] not in _NO_BREAK_AFTER):
                units.append(run[start:n])
                start = n
    units.append(run[start:])
    return units


def _cut(word: str, width: int) -> list[str]:
    """Return `word` cut into pieces of at most `width` columns, each as long as fits."""
    widths = _widths(word)
    if set(widths.values()) == {1}:  # a column a character: cut by counting
        return [word[n:n + width] for n in range(0, len(word), width)]
    pieces: list[str] = []
    start = taken = 0
    for n, char in enumerate(word):
        size = widths[char]
        if taken + size > width:
            pieces.append(word[start:n])
            start, taken = n, 0
        taken += size
    pieces.append(word[start:])
    return pieces


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Return `text` broken into lines of at most `width` columns (display width).

    Lines break at spaces and between wide characters, never before closing punctuation;
    a word longer than a line is cut. Every line starts with `indent`, within the width.
    The time taken grows as the text's length, however long its words.
    """
    if indent:
        room = max(width - display_width(indent), 10)
        return [indent + line for line in wrap(text, room)]
    width = max(width, 2)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        if _PLAIN.fullmatch(paragraph) and display_width(paragraph) <= width:
            lines.append(paragraph)
            continue
        line: list[str] = []  # the units of the line under way
        used = 0
        for unit, size in _units(paragraph):
            if unit[0].isspace():
                if line:
                    line.append(" ")
                    used += 1
                continue
            if used + size > width and line:
                lines.append("".join(line).rstrip())
                line, used = [], 0
            if size > width:  # a word longer than a whole line, on lines of its own
                *whole, unit = _cut(unit, width)
                lines.extend(whole)
                size = display_width(unit)
            line.append(unit)
            used += size
        lines.append("".join(line).rstrip())
    return lines
