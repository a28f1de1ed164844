"""Text laid out by display width: Chinese takes two columns a character."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
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


def test_full_width_punctuation_never_starts_a_line_nor_an_opening_one_ends_it() -> None:
    # as `quiz timeline` printed an idea's summary: "…吃技术的苦头" then "，站到…"
    assert wrap("切入点是吃技术的苦头，站到最重最难的事情上", 20) == [
        "切入点是吃技术的苦", "头，站到最重最难的事", "情上"]
    for mark in "，；：！？）":
        assert all(not line.startswith(mark) for line in wrap(f"一二三四五{mark}六七", 10))
    assert wrap("一二三四（五六七", 10) == ["一二三四", "（五六七"]


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


# -- long words: the same lines as before, in time linear in the text -----------------------

def quadratic_wrap(text: str, width: int) -> list[str]:
    """The wrap of quiz 0.1 (quadratic in the length of one word), kept as the reference
    that the linear one must equal."""
    from quiz.layout import _NO_BREAK_AFTER, _NO_BREAK_BEFORE, char_width

    def tokens_of(text: str) -> list[str]:
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

    width = max(width, 2)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line, used = "", 0
        for token in tokens_of(paragraph):
            size = display_width(token)
            if token.isspace():
                if line:
                    line, used = line + " ", used + 1
                continue
            if used + size > width and line.strip():
                lines.append(line.rstrip())
                line, used = "", 0
            while size > width:
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


# Pieces of text that exercise every rule: long words, wide characters, punctuation that
# must not start or end a line, zero-width marks, several kinds of space, line breaks.
_PIECE = st.one_of(
    st.sampled_from([*"ab xyz中国人,。“”‘’!?()「」", "\n", "\r\n", "\t", "\u3000", "\u00a0",
                     "\u0301", "\u200b", "Infra", "  ", "AI Infra像马路"]),
    st.builds(lambda c, n: c * n, st.sampled_from(["x", "中", "a\u0301", "“x", "x,"]),
              st.integers(1, 200)))
_LONG_TEXT = st.lists(_PIECE, max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_LONG_TEXT, st.text(max_size=300)), st.integers(min_value=0, max_value=50))
def test_wrap_gives_the_lines_it_gave_before(text: str, width: int) -> None:
    assert wrap(text, width) == quadratic_wrap(text, width)


@pytest.mark.parametrize("text", [
    "x" * 300 + "中" + "x" * 300,  # runs long enough to be searched by pattern
    "中国,“有”(规模)红利。" * 40,
    "“" * 200 + "中" * 100 + "。" * 100 + "x\u0301" * 100,
    "ｘ" * 500 + "，x" * 100,  # full-width letters: wide
    "(" + "中" * 600 + ")",
])
@pytest.mark.parametrize("width", [2, 3, 17, 80])
def test_long_runs_with_wide_characters_wrap_as_before(text: str, width: int) -> None:
    assert wrap(text, width) == quadratic_wrap(text, width)


@settings(max_examples=200, deadline=None)
@given(_LONG_TEXT, st.integers(min_value=2, max_value=50), st.sampled_from(["", "  ", "中 "]))
def test_every_line_fits_and_no_text_is_lost(text: str, width: int, indent: str) -> None:
    lines = wrap(text, width, indent)
    room = max(width, display_width(indent) + 10) if indent else width
    assert all(line.startswith(indent) and display_width(line) <= room for line in lines)
    body = "".join(line[len(indent):] for line in lines)
    assert "".join(body.split()) == "".join(text.split())


def char_width_calls(monkeypatch: pytest.MonkeyPatch, text: str, width: int = 40) -> int:
    """Return how many times wrapping `text` asks a character's width: its work, untimed."""
    from quiz import layout

    calls = 0
    measure = layout.char_width

    def counted(char: str) -> int:
        nonlocal calls
        calls += 1
        return measure(char)

    monkeypatch.setattr(layout, "char_width", counted)
    wrap(text, width)
    monkeypatch.setattr(layout, "char_width", measure)
    return calls


@pytest.mark.parametrize("word", ["x", "中", "a\u0301"])
def test_the_work_of_wrapping_one_long_word_grows_with_its_length(
        monkeypatch: pytest.MonkeyPatch, word: str) -> None:
    """It asked each character's width again for every line cut off a word: 16 times the
    work for 4 times the word. Now a few times per character, whatever the length."""
    short, long = (char_width_calls(monkeypatch, word * n) for n in (2_000, 8_000))
    assert long <= 4.5 * short  # linear: quadratic work would be 16 times
    assert long <= 4 * len(word * 8_000)


def test_a_word_of_200_000_characters_is_cut_into_lines() -> None:
    lines = wrap("x" * 200_000 + " end", 80)
    assert lines == ["x" * 80] * 2_500 + ["end"]
