"""Numbers in typed answers: digits, English words and Chinese numerals, ranges and
approximate numbers, each read to one value so that 两到三年, 两三年, 2-3年 and 2到3年 (or
"every two weeks" and "every 2 weeks") are the same answer.

`read_numbers` cuts a folded text (NFKC, case folded) into text and `Number`s. cn2an reads
Chinese numerals; it is imported on first use, as it is slow to load and only grading
needs it (so that `quiz --help` and `quiz check` stay fast).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

CN_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
CN_SCALES = "十拾百佰千仟万亿"
_SCALE = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10**4,
          "亿": 10**8}
_BIG_SCALES = "千仟万亿百佰"  # a range's upper end lends these to a lower end without them

# A single Chinese numeral is a number only before a measure word (三个, 一年, 万卡), after
# 第 (第一), or on its own. Elsewhere 一 and the rest are mostly parts of words (一样, 统一,
# 千篇一律).
MEASURE_WORDS = (
    "个", "位", "名", "人", "家", "款", "项", "种", "类", "次", "遍", "倍", "成", "层", "级",
    "步", "轮", "代", "届", "岁", "年", "月", "日", "天", "周", "星期", "小时", "分钟", "分",
    "秒", "点", "元", "块", "美元", "卡", "台", "张", "条", "部", "本", "篇", "件", "套", "份",
    "批", "组", "支", "只", "颗", "公里", "千米", "厘米", "毫米", "米", "千克", "公斤", "克",
    "斤", "吨", "度", "季", "集", "章", "节", "页", "题", "句", "段",
)

# One amount: digits (1,000 and 1.5 too) with any Chinese scale after them (10万, 1.5亿),
# or a run of Chinese numerals with a decimal part after 点 (一点五).
_AMOUNT = (rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?[{CN_SCALES}]*"
           rf"|[{CN_DIGITS}{CN_SCALES}]+(?:点[{CN_DIGITS}]+)?)")
# An amount, or a range of two (2-3, 2~3, 2到3, 两至三, 2 to 3), then maybe a percent sign.
# A range may say its measure word at both ends (两年到三年, 2 years to 3 years): the first
# is left out of the number, the last stays after it, as in 两到三年.
_MEASURES = "|".join(sorted(MEASURE_WORDS, key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?P<low>{_AMOUNT})(?:(?P<unit>{_MEASURES}|\s+[a-z]+)?\s*(?:-|–|—|~|〜|到|至|\bto\b)\s*"
    rf"(?P<high>{_AMOUNT})(?(unit)(?=(?P=unit))))?"
    rf"(?P<percent>\s*%)?")
# Two neighbouring numerals are an approximate number: 两三年 (2~3), 三四个, 七八, and 三五
# (three to five), then maybe a scale for both (二三十 is 20~30, 三四百 300~400).
_APPROXIMATE = re.compile(rf"([一二两三四五六七八九])([二两三四五六七八九])([{CN_SCALES}]*)")
_APPROXIMATE_PAIRS = {"一二", "一两", "二三", "两三", "三四", "四五", "五六", "六七", "七八",
                      "八九", "三五"}
_MEASURE = re.compile("|".join(MEASURE_WORDS))

# English number words; `_english_value` checks their order (two three is no number).
_UNITS = {w: n for n, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen"))}
_TENS = {w: 10 * n for n, w in enumerate((
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), start=2)}
_ENGLISH_SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9}
_WORD = "|".join(sorted([*_UNITS, *_TENS, *_ENGLISH_SCALES], key=len, reverse=True))
# A run of number words, joined by spaces or hyphens ("twenty-one"), with "and" after a
# scale ("one hundred and five", but "two and three" is a list); digits before a scale word
# too ("10 million").
_AFTER_A_SCALE = "|".join(f"(?<={scale})" for scale in _ENGLISH_SCALES)
_ENGLISH = re.compile(
    rf"\b(?:\d+(?:\.\d+)?\s+(?=(?:{'|'.join(_ENGLISH_SCALES)})\b))?(?:{_WORD})"
    rf"(?:(?:[\s-]+|(?:{_AFTER_A_SCALE})\s+and\s+)(?:{_WORD}))*\b")
_PERCENT = re.compile(r"(?<=\d)\s*(?:percent|per\s+cent)\b")
_CHINESE_PERCENT = re.compile(rf"百分之({_AMOUNT})")  # 百分之五十 is 五十%


@dataclass(frozen=True, slots=True)
class Number:
    """A number read from an answer: one value, or a range from `low` to `high`."""

    low: str
    high: str | None = None
    percent: bool = False

    @property
    def key(self) -> str:
        """Return the number as compared: private-use marks around it, which no one types
        and which are no punctuation, so no later step of grading strips them."""
        value = self.low if self.high is None else f"{self.low}\ue001{self.high}"
        return f"\ue000{value}{'%' if self.percent else ''}\ue000"


Segment = str | Number


def read_numbers(text: str) -> list[Segment]:
    """Return `text` (folded: NFKC, case folded) cut into text and the numbers in it."""
    text = _ENGLISH.sub(_english_digits, text)
    text = _CHINESE_PERCENT.sub(r"\1%", _PERCENT.sub("%", text))
    segments: list[Segment] = []
    start = 0
    for m in _NUMBER.finditer(text):
        number = _read_match(m, text)
        if number is None:
            continue
        if m.start() > start:
            segments.append(text[start:m.start()])
        segments.append(number)
        start = m.end()
    if start < len(text):
        segments.append(text[start:])
    return segments


def numbers_in(key: str) -> tuple[str, ...]:
    """Return the numbers of a compared text (see `Number.key`), in order."""
    return tuple(re.findall("\ue000([^\ue000]*)\ue000", key))


def _english_digits(m: re.Match[str]) -> str:
    """Return number words as digits: as one number where they make one, else the longest
    numbers they begin with in turn ("twenty one two" is 21 2)."""
    words = [w for w in m[0].replace("-", " ").split() if w != "and"]
    numbers = []
    while words:
        end = len(words)
        while end > 1 and _english_value(words[:end]) is None:
            end -= 1
        value = _english_value(words[:end])
        numbers.append(words[0] if value is None else _canonical(value))
        words = words[end:]
    return " ".join(numbers)


def _english_value(words: list[str]) -> Decimal | None:
    """Return the value of English number words in the order people write them, or None."""
    total, current = Decimal(0), Decimal(0)
    last = ""  # what came before: "unit" (one to nineteen), "tens", "hundred" or "scale"
    for word in words:
        if word[0].isdigit():
            current, last = Decimal(word), "unit"
        elif word in _UNITS:
            value = _UNITS[word]
            after_tens = last == "tens" and value >= 10  # "twenty eleven"
            if last == "unit" or after_tens or (value == 0 and last):  # "two three", "one zero"
                return None
            current, last = current + value, "unit"
        elif word in _TENS:
            if last in ("unit", "tens"):
                return None
            current, last = current + _TENS[word], "tens"
        elif word == "hundred":
            if last in ("hundred", "tens") or current >= 10:
                return None
            current, last = (current or Decimal(1)) * 100, "hundred"
        else:
            scale = _ENGLISH_SCALES[word]
            if last == "scale" and not current:
                return None
            total, current, last = total + (current or Decimal(1)) * scale, Decimal(0), "scale"
    return total + current


def _read_match(m: re.Match[str], text: str) -> Number | None:
    """Return the number that `_NUMBER` matched, or None where it is no number."""
    low, high, percent = m["low"], m["high"], bool(m["percent"])
    if high is not None:
        if not any(c in _BIG_SCALES for c in low) and high[-1] in _BIG_SCALES:
            low += high[-1]  # 两到三万 is 2万 to 3万
        low_value, high_value = _amount(low), _amount(high)
        if low_value is not None and high_value is not None:
            return Number(_canonical(low_value), _canonical(high_value), percent)
        # not a range after all (the words around 到 were no numbers): read the low end alone
    approximate = _APPROXIMATE.fullmatch(low)
    if approximate and approximate[1] + approximate[2] in _APPROXIMATE_PAIRS:
        scale = _scale(approximate[3])
        pair = (_amount(approximate[1]), _amount(approximate[2]))
        if pair[0] is not None and pair[1] is not None:
            return Number(_canonical(pair[0] * scale), _canonical(pair[1] * scale), percent)
    ordinal = text[m.start() - 1:m.start()] == "第"
    if low[0] in CN_DIGITS + CN_SCALES and len(low) == 1 and not (
            percent or ordinal or _stands_alone(text, m.start(), m.start() + 1)
            or _MEASURE.match(text, m.start() + 1)):
        return None
    value = _amount(low)
    return None if value is None else Number(_canonical(value), None, percent)


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Return whether text[start:end] has no letter or character right before or after it."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum())


def _amount(text: str) -> Decimal | None:
    """Return the value of one amount (digits, digits with a scale, Chinese numerals)."""
    digits = re.fullmatch(rf"([\d,.]+)([{CN_SCALES}]*)", text)
    try:
        if digits:
            return Decimal(digits[1].replace(",", "")) * _scale(digits[2])
        if text in _SCALE:  # 万 before a measure word (万卡) is ten thousand
            return Decimal(_SCALE[text])
        return _chinese(text)
    except InvalidOperation:
        return None


@lru_cache(maxsize=4096)
def _chinese(text: str) -> Decimal | None:
    import cn2an  # imported here: see the module's docstring

    with warnings.catch_warnings():
        # cn2an warns when it cuts a decimal part longer than 16 digits; that is no error
        warnings.simplefilter("ignore")
        try:
            return Decimal(str(cn2an.cn2an(text, "normal")))
        except (ValueError, KeyError, IndexError):
            return None


def _scale(units: str) -> Decimal:
    value = Decimal(1)
    for unit in units:
        value *= _SCALE[unit]
    return value


def _canonical(value: Decimal) -> str:
    """Return a value as digits: no exponent, no trailing zeros after the point."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")
