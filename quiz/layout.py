"""Text laid out for a terminal by display width, so Chinese (two columns a character) and
English line up and wrap right."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

# Punctuation that must not start a line: it stays with the character before it.
_NO_BREAK_BEFORE = set("，。、；：！？）」』》〉】”’,.;:!?)]}…%")
# Punctuation that must not end a line: the character after it stays with it.
_NO_BREAK_AFTER = set("（「『《〈【“‘([{")
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
    return sum(map(char_width, text))


def pad(text: str, width: int) -> str:
    """Return `text` padded with spaces to `width` columns."""
    return text + " " * max(0, width - display_width(text))


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Return `text` broken into lines of at most `width` columns (display width).

    Lines break at spaces (a run of spaces becomes one) and next to wide characters, never
    before closing punctuation nor after opening punctuation; a word longer than a line is
    cut. Every line starts with `indent`, within the width. The time taken grows as the
    text's length, however long its words.
    """
    if indent:
        room = max(width - display_width(indent), 10)
        return [indent + line for line in wrap(text, room)]
    width = max(width, 2)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        if _PLAIN.fullmatch(paragraph) and display_width(paragraph) <= width:
            lines.append(paragraph)
        else:
            lines.extend(_wrap_paragraph(" ".join(paragraph.split()), width))
    return lines


def _wrap_paragraph(text: str, width: int) -> list[str]:
    """Return `text`, single spaces between its words, in lines of at most `width` columns:
    each line as long as fits, up to the last place a line may break.

    Where a line may end is found from the columns before each character (`edge`), so a
    line of Chinese, where each character is a place to break, costs a few look-ups instead
    of a step per character.
    """
    edge = list(accumulate(map(char_width, text), initial=0))
    end = len(text)

    def breaks_at(n: int) -> bool:  # whether a line may end before text[n]
        before, after = text[n - 1], text[n]
        return " " in (before, after) or (
            (char_width(before) == 2 or char_width(after) == 2)
            and after not in _NO_BREAK_BEFORE and before not in _NO_BREAK_AFTER)

    lines = []
    start = 0
    while start < end:
        fits = bisect_right(edge, edge[start] + width, lo=start) - 1  # as far as fits
        stop = end if fits >= end else next(
            (n for n in range(fits, start, -1) if breaks_at(n)), fits)
        lines.append(text[start:stop].rstrip(" "))
        start = stop + (stop < end and text[stop] == " ")
    return lines or [""]
