"""Numbers in typed answers: what `read_numbers` reads, and what it leaves as text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.numbers import Number, numbers_in, read_numbers


def n(low: str, high: str | None = None, percent: bool = False) -> Number:
    return Number(low, high, percent)


@pytest.mark.parametrize(("text", "segments"), [
    # ranges, written every way (cn2an alone reads 两三年 as 23年)
    ("两到三年", [n("2", "3"), "年"]),
    ("两三年", [n("2", "3"), "年"]),
    ("2-3年", [n("2", "3"), "年"]),
    ("2到3年", [n("2", "3"), "年"]),
    ("2~3年", [n("2", "3"), "年"]),
    ("2 ~ 3年", [n("2", "3"), "年"]),
    ("2–3年", [n("2", "3"), "年"]),
    ("二至三年", [n("2", "3"), "年"]),
    ("2到三年", [n("2", "3"), "年"]),
    ("two to three years", [n("2", "3"), " years"]),
    ("三到四年", [n("3", "4"), "年"]),
    # the measure word at both ends, said once
    ("两年到三年", [n("2", "3"), "年"]),
    ("2年-3年", [n("2", "3"), "年"]),
    ("两个到三个", [n("2", "3"), "个"]),
    ("2公里到3公里", [n("2", "3"), "公里"]),
    ("三年到五个", [n("3"), "年到", n("5"), "个"]),  # other measures: no range
    # approximate numbers: two neighbouring numerals, a scale after them for both
    ("三四个", [n("3", "4"), "个"]),
    ("一两天", [n("1", "2"), "天"]),
    ("三五个", [n("3", "5"), "个"]),
    ("二三十人", [n("20", "30"), "人"]),
    ("三四百", [n("300", "400")]),
    # the upper end lends its scale to a lower end without one
    ("两到三万", [n("20000", "30000")]),
    ("2-3万", [n("20000", "30000")]),
    ("十到二十万", [n("100000", "200000")]),
    ("两千到三千", [n("2000", "3000")]),
    # Chinese numerals and digits with scales
    ("十万卡", [n("100000"), "卡"]),
    ("10万卡", [n("100000"), "卡"]),
    ("100,000卡", [n("100000"), "卡"]),
    ("1.5亿", [n("150000000")]),
    ("一点五倍", [n("1.5"), "倍"]),
    ("两百万", [n("2000000")]),
    ("三万五", [n("35000")]),
    ("二〇二五年", [n("2025"), "年"]),
    ("壹佰元", [n("100"), "元"]),
    ("百分之五十", [n("50", None, True)]),
    ("50%", [n("50", None, True)]),
    ("50 percent", [n("50", None, True)]),
    # English words
    ("every two weeks", ["every ", n("2"), " weeks"]),
    ("twenty-one", [n("21")]),
    ("one hundred and five", [n("105")]),
    ("a thousand", ["a ", n("1000")]),
    ("10 million", [n("10000000")]),
    ("two three", [n("2"), " ", n("3")]),  # no number as a whole: each word alone
    ("two and three", [n("2"), " and ", n("3")]),
    ("twenty-one and two", [n("21"), " and ", n("2")]),
    ("twenty one two", [n("21"), " ", n("2")]),
    ("percent", ["percent"]),
    ("2.50", [n("2.5")]),
    # a lone numeral is a number before a measure word, or on its own
    ("一公里", [n("1"), "公里"]),
    ("每一个环节", ["每", n("1"), "个环节"]),
    ("万卡", [n("10000"), "卡"]),
    ("三", [n("3")]),
    ("三、四", [n("3"), "、", n("4")]),
    ("第一", ["第", n("1")]),
    # … and a part of a word elsewhere
    ("一样", ["一样"]),
    ("统一", ["统一"]),
    ("唯一的", ["唯一的"]),
    ("大公司卷一卷", ["大公司卷一卷"]),
    ("万一", ["万一"]),  # two numerals that cn2an reads as no number
    ("someone", ["someone"]),
    ("android", ["android"]),
    ("gpt-4", ["gpt-", n("4")]),
])
def test_read_numbers(text: str, segments: list[object]) -> None:
    assert read_numbers(text) == segments


def test_number_keys_are_apart_from_the_text_and_read_back() -> None:
    keys = [n("2", "3").key, n("50", None, True).key, n("7").key]
    assert numbers_in("every" + "".join(keys) + "weeks") == ("2\ue0013", "50%", "7")
    assert all(not k.strip("\ue000\ue0010123456789%") for k in keys)


@given(st.text())
def test_read_numbers_keeps_every_other_character(text: str) -> None:
    """Whatever the text, reading numbers loses no text around them and never raises."""
    segments = read_numbers(text)
    rest = "".join(s for s in segments if isinstance(s, str))
    assert set(rest) <= set(text)


@given(st.integers(min_value=0, max_value=10**12))
def test_digits_read_as_themselves(value: int) -> None:
    assert read_numbers(str(value)) == [n(str(value))]
    assert read_numbers(f"{value:,}") == [n(str(value))]
