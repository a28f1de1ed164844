"""Grading of typed answers: right is Good, a near miss is Hard, wrong or empty is Again."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from fsrs import Rating

from quiz.times import format_time, parse_time

# Symbols that people type as punctuation; other symbols (+ in "C++", $, emoji) are content.
_PUNCTUATION_SYMBOLS = frozenset("~|¦`^´¨¯°")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_SHORT = 4  # answers this long or shorter must match exactly
# A time as written in Chinese: 4分12秒, 4分12, 4分, 252秒, 1小时2分3秒, 1时2分3秒.
_CHINESE_TIME = re.compile(r"(?:(?P<h>\d+)(?:小时|时))?(?:(?P<m>\d+)分钟?)?"
                           r"(?:(?P<s>\d+)(?P<unit>秒钟?)?)?")


# The notes that say what differed, by language ("en", "zh"; English for any other).
NOTES = {
    "en": {"expected": "expected '{expected}'",
           "one_off": "one letter off: '{typed}' vs '{candidate}'",
           "slip": "{got} should be {want}", "slips": "{slips} (same sound)", "and": ", ",
           "later": "{off} later than {expected}", "earlier": "{off} earlier than {expected}",
           "number_is": "{number} is {choice}", "is_choice": "{choice} is choice {number}"},
    "zh": {"expected": "应为「{expected}」",
           "one_off": "差一个字母:“{typed}”与“{candidate}”",
           "slip": "{got}应为{want}", "slips": "{slips},同音", "and": "、",
           "later": "比 {expected} 晚了 {off}", "earlier": "比 {expected} 早了 {off}",
           "number_is": "{number} 是{choice}", "is_choice": "{choice}是第 {number} 项"},
}


def notes(language: str) -> dict[str, str]:
    """Return the notes in `language`, English where there are none in it."""
    return NOTES.get(language, NOTES["en"])


class Unreadable(ValueError):
    """An answer that cannot be graded, such as a time that is no time: ask again.

    `what` says what was expected: "time", or "choice" (a number from 1 to `choices`).
    """

    def __init__(self, what: str, choices: int = 0) -> None:
        super().__init__(f"not a {what}")
        self.what = what
        self.choices = choices


@dataclass(frozen=True, slots=True)
class Verdict:
    """The grade of one answer, the answer to show, and what differed."""

    rating: Rating
    expected: str
    note: str | None = None

    @property
    def correct(self) -> bool:
        """Whether the answer counts as remembered (Hard counts, as in FSRS)."""
        return self.rating != Rating.Again


def normalize(text: str) -> str:
    """Return `text` folded for comparison: NFKC, case folded, no punctuation or spaces."""
    # Casefolding can produce text that NFKC changes again, and dropping a character can
    # bring combining marks together; repeating until nothing changes keeps this idempotent.
    while True:
        folded = unicodedata.normalize("NFKC", text).casefold()
        folded = unicodedata.normalize("NFKC", "".join(c for c in folded if not _is_noise(c)))
        if folded == text:
            return folded
        text = folded


def grade_text(answer: str, expected: str, accept: Sequence[str] = (),
               language: str = "en") -> Verdict:
    """Grade `answer` against `expected` and each `accept` alternative, keeping the best.

    Notes say what differed in `language` (see `notes`); so do the other grade functions.
    """
    words = notes(language)
    given = normalize(answer)
    if not given:
        return Verdict(Rating.Again, expected)
    best: tuple[Rating, str | None] = (Rating.Again, words["expected"].format(expected=expected))
    for candidate in (expected, *accept):
        rating, note = _compare(answer.strip(), given, candidate, words)
        if rating > best[0]:
            best = (rating, note)
    return Verdict(best[0], expected, best[1])


def grade_time(answer: str, expected_seconds: float, tolerance: int = 30,
               language: str = "en") -> Verdict:
    """Grade a typed timestamp: Good within `tolerance` seconds of `expected_seconds`.

    The time is `m:ss`, `mm:ss` or `h:mm:ss`, or as written in Chinese (`4分12秒`, `4分`,
    `1小时2分3秒`). Raise Unreadable for an answer that is not a time.
    """
    expected = format_time(expected_seconds)
    text = unicodedata.normalize("NFKC", answer).strip()
    if not text:
        return Verdict(Rating.Again, expected)
    seconds = read_time(text)
    off = seconds - expected_seconds
    if abs(off) <= tolerance:
        return Verdict(Rating.Good, expected)
    side = notes(language)["later" if off > 0 else "earlier"]
    return Verdict(Rating.Again, expected, side.format(off=format_time(abs(off)),
                                                       expected=expected))


def read_time(text: str) -> float:
    """Return the seconds of a typed time, or raise Unreadable."""
    try:
        return parse_time(text)
    except ValueError:
        pass
    m = _CHINESE_TIME.fullmatch("".join(text.split()))
    if m is None or not (m["h"] or m["m"] or m["s"]):
        raise Unreadable("time")
    hours, minutes, seconds = (int(m[k] or 0) for k in ("h", "m", "s"))
    bare = m["s"] and not m["unit"]  # 4分12: seconds only after minutes
    if (bare and not m["m"]) or ((m["h"] or m["m"]) and seconds >= 60) or (
            m["h"] and minutes >= 60):
        raise Unreadable("time")
    return hours * 3600 + minutes * 60 + seconds


def grade_choice(
    answer: str, choices: Sequence[str], correct: int, names: Sequence[str] = (),
    language: str = "en",
) -> Verdict:
    """Grade a multiple-choice answer given as a 1-based number or as a name.

    `correct` is the 0-based index of the right choice; `names` are its aliases, graded
    like `grade_text` (so a homophone slip of a name is Hard). A number that is no choice
    (nor a choice's text) raises Unreadable.
    """
    if not 0 <= correct < len(choices):
        raise ValueError(f"correct={correct} is not an index into {len(choices)} choices")
    expected = choices[correct]
    words = notes(language)
    text = unicodedata.normalize("NFKC", answer).strip()
    if text.isdecimal() and 1 <= int(text) <= len(choices):
        number = int(text)
        if number - 1 == correct:
            return Verdict(Rating.Good, expected)
        return Verdict(Rating.Again, expected,
                       words["number_is"].format(number=number, choice=choices[number - 1]))
    verdict = grade_text(answer, expected, names, language)
    if verdict.rating == Rating.Good:
        return verdict
    # A near miss of the right name that is exactly another choice was a wrong pick.
    given = normalize(answer)
    for number, choice in enumerate(choices, start=1):
        if number - 1 != correct and normalize(choice) == given:
            return Verdict(Rating.Again, expected,
                           words["is_choice"].format(choice=choice, number=number))
    if verdict.rating == Rating.Again and text.isdecimal():
        raise Unreadable("choice", len(choices))
    return verdict


def _is_noise(char: str) -> bool:
    category = unicodedata.category(char)
    return (
        category[0] in "PZ"
        or category in ("Cc", "Cf")
        or char.isspace()
        or char in _PUNCTUATION_SYMBOLS
    )


def _compare(typed: str, given: str, candidate: str,
             words: dict[str, str]) -> tuple[Rating, str | None]:
    """Rate the normalised answer `given` against one candidate answer."""
    wanted = normalize(candidate)
    if given == wanted:
        return Rating.Good, None
    if not wanted:
        return Rating.Again, None
    if len(wanted) <= _SHORT:
        return Rating.Again, None  # short answers must be exact (SPEC 4)
    if _CJK.search(wanted):
        return _compare_chinese(given, wanted, words)
    if _one_edit_apart(given, wanted):
        return Rating.Hard, words["one_off"].format(typed=typed, candidate=candidate)
    return Rating.Again, None


def _compare_chinese(given: str, wanted: str,
                     words: dict[str, str]) -> tuple[Rating, str | None]:
    # A homophone slip is what a pinyin input method makes: the same syllables, another
    # character (answers of five characters or more; shorter ones must be exact).
    if len(given) != len(wanted):
        return Rating.Again, None
    slips: list[str] = []
    for got, want in zip(given, wanted):
        if got == want:
            continue
        if not (_CJK.match(got) and _CJK.match(want) and _readings(got) & _readings(want)):
            return Rating.Again, None
        slips.append(words["slip"].format(got=got, want=want))
    return Rating.Hard, words["slips"].format(slips=words["and"].join(slips))


@lru_cache(maxsize=4096)
def _readings(char: str) -> frozenset[str]:
    """Return the toneless pinyin readings of one character, every heteronym included."""
    from pypinyin import Style, pinyin  # imported here: it takes a tenth of a second to load

    return frozenset(pinyin(char, heteronym=True, style=Style.NORMAL)[0])


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether one insertion, deletion, substitution or adjacent swap turns `a` into `b`."""
    if len(a) < len(b):
        a, b = b, a
    if len(a) - len(b) > 1:
        return False
    i = 0
    while i < len(b) and a[i] == b[i]:
        i += 1
    if len(a) != len(b):
        return a[i + 1 :] == b[i:]
    if a[i + 1 :] == b[i + 1 :]:
        return True
    return a[i + 2 :] == b[i + 2 :] and a[i : i + 2] == b[i : i + 2][::-1]
