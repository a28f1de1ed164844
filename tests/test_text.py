"""Text folded for comparison: what the card lint and the card siblings compare."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.text import _is_noise, fold, fold_case


def fold_char_by_char(text: str) -> str:
    """Fold `text` the plain way, asking of each character in turn whether it is noise."""
    while True:
        folded = unicodedata.normalize("NFKC", text).casefold()
        folded = unicodedata.normalize("NFKC", "".join(c for c in folded if not _is_noise(c)))
        if folded == text:
            return folded
        text = folded


@pytest.mark.parametrize(("text", "folded"), [
    ("Ｃ++ ，Hello!", "c++hello"),
    ("“水管工”。", "水管工"),
    ("ﬁ  Straße\u200b", "fistrasse"),
    ("~^`", ""),
])
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_the_characters_fold_as_the_plain_way() -> None:
    """fold remembers what it makes of each character: that must change nothing."""
    bmp = [chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000]
    assert fold("".join(bmp)) == fold_char_by_char("".join(bmp))
    some = [chr(code) for code in range(0, sys.maxunicode + 1, 101) if not 0xD800 <= code < 0xE000]
    assert [fold(c) for c in some] == [fold_char_by_char(c) for c in some]


def test_ascii_folds_as_the_plain_way() -> None:
    """ASCII text is folded in one pass of its own: the same as any other text."""
    texts = [f"{a}Ab{b}" for a in map(chr, range(128)) for b in map(chr, range(128))]
    assert [fold(t) for t in texts] == [fold_char_by_char(t) for t in texts]


@given(st.text())
def test_fold_is_the_plain_fold(text: str) -> None:
    assert fold(text) == fold_char_by_char(text)


@pytest.mark.parametrize(("text", "folded"), [
    ("ＡＩ-Infra，２０２５", "ai-infra,2025"),  # width and case; punctuation and spaces stay
    ("：Ｑ ", ":q "),
    ("Straße", "strasse"),
])
def test_fold_case(text: str, folded: str) -> None:
    assert fold_case(text) == folded


@given(st.text())
def test_fold_case_is_idempotent_and_fold_goes_further(text: str) -> None:
    once = fold_case(text)
    assert fold_case(once) == once
    assert fold(once) == fold(text)


def test_ascii_folds_case_as_nfkc_and_casefold_do() -> None:
    texts = [f"{a}Zz{b}" for a in map(chr, range(128)) for b in map(chr, range(128))]
    assert [fold_case(t) for t in texts] == [
        unicodedata.normalize("NFKC", t).casefold() for t in texts]
