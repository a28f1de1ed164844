"""Text laid out by display width: Chinese takes two columns a character."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from quiz.layout import display_width, pad, wrap


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("Bob") == 3
    assert display_width("朱亦博") == 6
    assert display_width("AI 基础设施") == 3 + 8
    assert display_width("\uff21\uff22\uff0c\u3002") == 8  # full-width letters, punctuation
    assert display_width(unicodedata.normalize("NFD", "é")) == 1  # a combining accent takes none
    assert pad("朱亦博", 8) == "朱亦博  " and pad("Bob", 8) == "Bob     "


def test_wrap_breaks_between_wide_characters_but_not_before_closing_punctuation() -> None:
    assert wrap("中国有规模红利,但走的弯路也会更多。", 14) == ["中国有规模红", "利,但走的弯路", "也会更多。"]
    assert wrap("the quick brown fox", 10) == ["the quick", "brown fox"]
    assert wrap("AI Infra像马路", 10) == ["AI Infra像", "马路"]
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]  # a word longer than a line is cut
    assert wrap("", 10) == [""]


def test_wrap_with_an_indent_keeps_within_the_width() -> None:
    text = "它有点像早期互联网时代的‘水管工’,虽然低调,但没有AI Infra,一切AI应用、模型都跑不起来。"
    lines = wrap(text, 20, "  ")
    assert "".join(line[2:] for line in lines).replace(" ", "") == text.replace(" ", "")
    assert all(line.startswith("  ") and display_width(line) <= 20 for line in lines)
    assert all(line[2] not in ",、。’" for line in lines)
    assert len(lines) >= 5


_TEXT = st.lists(st.sampled_from([*"ab xyz中国人,。“”‘’!?", "\n", "Infra", "  "]),
                max_size=40).map("".join)


@given(_TEXT, st.integers(min_value=2, max_value=40))
def test_wrap_never_exceeds_the_width_and_loses_nothing(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert all(display_width(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())
