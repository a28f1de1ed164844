"""Text laid out for a terminal by display width, so Chinese (two columns a character) and
English line up and wrap right."""

from __future__ import annotations

import unicodedata

# Punctuation that must not start a line: it stays with the character before it.
_NO_BREAK_BEFORE = set(",。、;:!?)」』》〉】”’,.;:!?)]}…%")
# Punctuation that must not end a line: the character after it stays with it.
_NO_BREAK_AFTER = set("(「『《〈【“‘([{")


def char_width(char: str) -> int:
    """Return the columns `char` takes in a terminal: 2 for wide CJK, 0 for combining marks."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Return the columns `text` takes in a terminal."""
    return sum(char_width(c) for c in text)


def pad(text: str, width: int) -> str:
    """Return `text` padded with spaces to `width` columns."""
    return text + " " * max(0, width - display_width(text))


def _tokens(text: str) -> list[str]:
    """Split `text` into units a line may break between: words, spaces, wide characters."""
    tokens: list[str] = []
    for char in text:
        wide = char_width(char) == 2
        if tokens and not tokens[-1].isspace() and (
                char in _NO_BREAK_BEFORE or (tokens[-1][-1] in _NO_BREAK_AFTER
                                             and not char.isspace())):
            tokens[-1] += char
        elif char.isspace():
            if tokens and tokens[-1].isspace():
                tokens[-1] += char
            else:
                tokens.append(char)
        elif (wide or not tokens or tokens[-1].isspace()
              or char_width(tokens[-1][-1]) == 2):
            tokens.append(char)
        else:
            tokens[-1] += char
    return tokens


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Return `text` broken into lines of at most `width` columns (display width).

    Lines break at spaces and between wide characters, never before closing punctuation;
    a word longer than a line is cut. Every line starts with `indent`, within the width.
    """
    if indent:
        room = max(width - display_width(indent), 10)
        return [indent + line for line in wrap(text, room)]
    width = max(width, 2)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line, used = "", 0
        for token in _tokens(paragraph):
            size = display_width(token)
            if token.isspace():
                if line:
                    line, used = line + " ", used + 1
                continue
            if used + size > width and line.strip():
                lines.append(line.rstrip())
                line, used = "", 0
            while size > width:  # a word longer than a whole line
                cut, taken = "", 0
                for char in token:
                    if taken + char_width(char) > width - used:
                        break
                    cut, taken = cut + char, taken + char_width(char)
                lines.append((line + cut).rstrip())
                token, line, used = token[len(cut):], "", 0
                size = display_width(token)
            line, used = line + token, used + size
        lines.append(line.rstrip())
    return lines
