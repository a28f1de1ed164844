"""Text as compared (folded, for the card lint, the card siblings and grading), the
characters a text may not hold (controls), and text as quoted in a message (printable)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Symbols that people type as punctuation; other symbols (+ in "C++", $, emoji) are content.
_PUNCTUATION_SYMBOLS = frozenset("~|¦`^´¨¯°")


def fold_case(text: str) -> str:
    """Return `text` with width and case folded (NFKC, then casefold), punctuation and
    spaces kept: `ＡＩ-Infra` is `ai-infra`."""
    if text.isascii():  # NFKC leaves ASCII as it is, and casefolding lowers it
        return text.lower()
    # Casefolding can produce text that NFKC changes again; repeat until nothing changes.
    while True:
        folded = unicodedata.normalize("NFKC", text).casefold()
        if folded == text:
            return folded
        text = folded


def fold(text: str) -> str:
    """Return `text` folded for comparison: NFKC, case folded, no punctuation or spaces."""
    # An answer or a phrase is folded for the lint, again for the card siblings, and again
    # when graded: short texts are remembered; a long quote is folded each time, not kept.
    return _fold_short(text) if len(text) <= _SHORT else _fold(text)


_SHORT = 160


def _fold(text: str) -> str:
    if text.isascii():
        # NFKC leaves ASCII as it is and casefolding lowers it: one pass drops the noise
        return text.lower().encode().translate(None, _ASCII_NOISE).decode()
    # Casefolding can produce text that NFKC changes again, and dropping a character can
    # bring combining marks together; repeating until nothing changes keeps this idempotent.
    while True:
        kept = unicodedata.normalize("NFKC", text).casefold().translate(_KEPT)
        folded = unicodedata.normalize("NFKC", kept)
        # another pass changes nothing once NFKC and casefolding leave the text as it is
        if folded == text or (folded == kept and folded.casefold() == folded):
            return folded
        text = folded


_fold_short = lru_cache(maxsize=1 << 15)(_fold)


def _is_noise(char: str) -> bool:
    category = unicodedata.category(char)
    return (
        category[0] in "PZ"
        or category in ("Cc", "Cf")
        or char.isspace()
        or char in _PUNCTUATION_SYMBOLS
    )


class _Kept(dict[int, str | None]):
    """What str.translate makes of each character: itself, or None (dropped) for noise.

    Filled as characters are met, so that each is classified once rather than at every
    occurrence: the card lint and the siblings of a deck fold every answer and quote.
    """

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        kept = None if _is_noise(char) else char
        self[code] = kept
        return kept


_KEPT = _Kept()
# The ASCII characters that fold drops: punctuation, spaces and controls.
_ASCII_NOISE = bytes(code for code in range(128) if _is_noise(chr(code)))


# Characters a text may not hold at all: controls (but tab and line break), which a terminal
# would obey as commands (clearing the screen, writing the clipboard, setting the window's
# title), and the overrides that reorder what is shown around them. Every reader keeps them
# out: the content checks refuse them, the summary and transcript readers drop them.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
CONTROL = re.compile(f"[{_CONTROLS}]")
# In a message, which is one line, also the characters that would break the line or that
# cannot be seen (tab, line breaks, the direction marks): it quotes them all as escapes.
_UNPRINTABLE = re.compile(f"[{_CONTROLS}\t\n\u2028\u2029\u200e\u200f\u061c]")


def printable(text: str) -> str:
    """Return `text` as a message may quote it: every control character as an escape."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode(), text)
