from __future__ import annotations

from typing import Any

import pytest
from fsrs import Rating
from hypothesis import given
from hypothesis import strategies as st

from quiz.grading import Unreadable, Verdict, grade_choice, grade_text, grade_time, normalize

AGAIN, HARD, GOOD = Rating.Again, Rating.Hard, Rating.Good

# answer, expected, accept, rating, a phrase the note must contain (None: no note)
TEXT_CASES = [
    # punctuation, spaces, width and case do not count
    ("水管工", "“水管工”", (), GOOD, None),
    ("“水管工”", "水管工", (), GOOD, None),
    ("万卡十万卡", "万卡、十万卡", (), GOOD, None),
    ("万卡,十万卡", "万卡、十万卡", (), GOOD, None),
    ("万卡，十万卡", "万卡,十万卡", (), GOOD, None),
    ("ＡＩ Ｉｎｆｒａ", "AI Infra", (), GOOD, None),
    ("ai infra", "AI Infra", (), GOOD, None),
    ("AIinfra!", "AI Infra", (), GOOD, None),
    ("  the Plumber. ", "the plumber", (), GOOD, None),
    ("C++", "c++", (), GOOD, None),
    ("C", "C++", (), AGAIN, "expected 'C++'"),
    # Chinese: a homophone slip is Hard, another sound is wrong
    ("供路", "公路", (), AGAIN, "expected '公路'"),  # four characters or fewer: exact
    ("高速供路网", "高速公路网", (), HARD, "供 should be 公 (same sound)"),
    ("高速供路", "高速公路", (), AGAIN, "expected '高速公路'"),
    ("高诉供路网", "高速公路网", (), HARD, "诉 should be 速, 供 should be 公"),
    ("招商银航卡", "招商银行卡", (), HARD, "航 should be 行"),  # 行 reads xing and hang
    ("低速", "高速", (), AGAIN, "expected '高速'"),
    ("低速公路", "高速公路", (), AGAIN, "expected '高速公路'"),
    ("高速公", "高速公路", (), AGAIN, "expected"),
    ("高速公路口", "高速公路", (), AGAIN, "expected"),
    ("gaosu", "高速", (), AGAIN, "expected"),
    # mixed scripts: per character, the Latin letters exactly
    ("ai基础设施", "AI基础设施", (), GOOD, None),
    ("AI基础设失", "AI基础设施", (), HARD, "失 should be 施 (same sound)"),
    ("AJ基础设施", "AI基础设施", (), AGAIN, "expected"),
    ("AI基础设施", "AI 基础设施", (), GOOD, None),
    # Latin: one edit off is Hard from five characters on
    ("plumbr", "plumber", (), HARD, "one letter off: 'plumbr' vs 'plumber'"),
    ("plumbber", "plumber", (), HARD, "one letter off"),
    ("plimber", "plumber", (), HARD, "one letter off"),
    ("recieve", "receive", (), HARD, "one letter off: 'recieve' vs 'receive'"),
    ("Plumbr", "The plumber", (), AGAIN, "expected 'The plumber'"),
    ("plmbr", "plumber", (), AGAIN, "expected 'plumber'"),
    ("rceieve", "receive", (), AGAIN, "expected"),
    ("cut", "cat", (), AGAIN, "expected 'cat'"),
    ("cats", "cat", (), AGAIN, "expected"),
    ("tset", "test", (), AGAIN, "expected"),
    ("AI-Infra", "A.I. infra", (), GOOD, None),
    ("aiinfa", "AI Infra", (), HARD, "one letter off"),
    # accept alternatives: the best rating wins, the main answer is shown
    ("ipa", "international phonetic alphabet", ("IPA",), GOOD, None),
    ("plumbr", "水管工", ("plumber",), HARD, "'plumbr' vs 'plumber'"),
    ("水管供", "plumber", ("水管工",), AGAIN, "expected 'plumber'"),  # short: exact
    ("水管供应商", "plumber", ("水管工应商",), HARD, "供 should be 工"),
    ("welder", "水管工", ("plumber",), AGAIN, "expected '水管工'"),
    # empty answers
    ("", "水管工", (), AGAIN, None),
    ("  \u3000", "水管工", (), AGAIN, None),
    ("。，!", "水管工", (), AGAIN, None),
]


@pytest.mark.parametrize(("answer", "expected", "accept", "rating", "note"), TEXT_CASES)
def test_grade_text(
    answer: str, expected: str, accept: tuple[str, ...], rating: Rating, note: str | None
) -> None:
    verdict = grade_text(answer, expected, accept)
    assert verdict.rating == rating
    assert verdict.expected == expected
    assert verdict.correct is (rating != AGAIN)
    if note is None:
        assert verdict.note is None
    else:
        assert verdict.note is not None and note in verdict.note


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("“水管工”", "水管工"),
        ("万卡、十万卡", "万卡十万卡"),
        ("ＡＩ　Ｉｎｆｒａ", "aiinfra"),
        ("Straße", "strasse"),
        ("a~b|c^d`e", "abcde"),
        ("C++ $5", "c++$5"),
        ("zero\u200bwidth\ttab\nline", "zerowidthtabline"),
    ],
)
def test_normalize(text: str, normalised: str) -> None:
    assert normalize(text) == normalised


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(st.text())
def test_an_answer_equal_to_the_expected_one_is_good(text: str) -> None:
    verdict = grade_text(text, text)
    assert verdict.rating == (GOOD if normalize(text) else AGAIN)


TIME_CASES = [
    ("12:34", 754, GOOD, None),
    ("12:04", 754, GOOD, None),  # 30 s early: the edge of the tolerance
    ("13:04", 754, GOOD, None),
    ("12:03", 754, AGAIN, "00:31 earlier than 12:34"),
    ("13:05", 754, AGAIN, "00:31 later than 12:34"),
    ("１２：３４", 754, GOOD, None),
    ("1:02:03", 3723, GOOD, None),
    ("62:03", 3723, GOOD, None),
    ("1:05:00", 3723, AGAIN, "later than 1:02:03"),
    ("", 754, AGAIN, None),
    # Chinese times, as people write them
    ("12分34秒", 754, GOOD, None),
    ("12 分 34 秒", 754, GOOD, None),
    ("12分34", 754, GOOD, None),
    ("12分钟34秒", 754, GOOD, None),
    ("13分", 754, GOOD, None),
    ("12分", 754, AGAIN, "00:34 earlier than 12:34"),
    ("754秒", 754, GOOD, None),
    ("1小时2分3秒", 3723, GOOD, None),
    ("1时2分3秒", 3723, GOOD, None),
    ("1小时2分", 3723, GOOD, None),
    ("1小时", 3723, AGAIN, "02:03 earlier than 1:02:03"),
    ("１小时２分３秒", 3723, GOOD, None),
]


@pytest.mark.parametrize(("answer", "seconds", "rating", "note"), TIME_CASES)
def test_grade_time(answer: str, seconds: int, rating: Rating, note: str | None) -> None:
    verdict = grade_time(answer, seconds)
    assert verdict.rating == rating
    assert verdict.expected == ("12:34" if seconds == 754 else "1:02:03")
    if note is None:
        assert verdict.note is None
    else:
        assert verdict.note is not None and note in verdict.note


@pytest.mark.parametrize("answer", ["12", "754", "12:3", "soon", "12分72秒", "1小时62分",
                                    "12秒34分", "分", "小时", "4:12:", "12分34秒5"])
def test_an_answer_that_is_not_a_time_is_unreadable(answer: str) -> None:
    with pytest.raises(Unreadable) as caught:
        grade_time(answer, 754)
    assert caught.value.what == "time"


def test_grade_time_takes_a_tolerance() -> None:
    assert grade_time("12:44", 754, tolerance=5).rating == AGAIN
    assert grade_time("12:39", 754, tolerance=5).rating == GOOD


SPEAKERS = ["Jason", "Mason", "张小珺", "李广密"]

# answer, correct index, aliases of the right one, rating, a phrase the note must contain
CHOICE_CASES = [
    ("3", 2, (), GOOD, None),
    ("３", 2, (), GOOD, None),
    (" 3 ", 2, (), GOOD, None),
    ("2", 2, (), AGAIN, "2 is Mason"),
    ("张小珺", 2, (), GOOD, None),
    ("张小君", 2, (), AGAIN, "expected '张小珺'"),  # names of four characters or fewer: exact
    ("李广密", 2, (), AGAIN, "李广密 is choice 4"),
    ("王小珺", 2, (), AGAIN, "expected '张小珺'"),
    ("小珺", 2, ("小珺", "Xiaojun"), GOOD, None),
    ("xiaojun", 2, ("小珺", "Xiaojun"), GOOD, None),
    ("小君", 2, ("小珺", "Xiaojun"), AGAIN, "expected"),
    ("xiaojn", 2, ("小珺", "Xiaojun"), HARD, "one letter off"),
    ("Jasn", 0, (), HARD, "one letter off"),
    # a near miss of the right name that is exactly another choice was a wrong pick
    ("Mason", 0, (), AGAIN, "Mason is choice 2"),
    ("", 0, (), AGAIN, None),
]


@pytest.mark.parametrize(("answer", "correct", "names", "rating", "note"), CHOICE_CASES)
def test_grade_choice(
    answer: str, correct: int, names: tuple[str, ...], rating: Rating, note: str | None
) -> None:
    verdict = grade_choice(answer, SPEAKERS, correct, names)
    assert verdict.rating == rating
    assert verdict.expected == SPEAKERS[correct]
    if note is None:
        assert verdict.note is None
    else:
        assert verdict.note is not None and note in verdict.note


def test_grade_choice_takes_a_number_that_is_a_choice_text() -> None:
    years = ["2019", "2020", "2021"]
    assert grade_choice("2", years, 1).rating == GOOD
    assert grade_choice("2020", years, 1).rating == GOOD
    assert grade_choice("2021", years, 1) == Verdict(AGAIN, "2020", "2021 is choice 3")


@pytest.mark.parametrize("answer", ["0", "5", "５", "12"])
def test_a_number_that_is_no_choice_is_unreadable(answer: str) -> None:
    with pytest.raises(Unreadable) as caught:
        grade_choice(answer, SPEAKERS, 2)
    assert (caught.value.what, caught.value.choices) == ("choice", 4)


def test_grade_choice_rejects_a_bad_index() -> None:
    with pytest.raises(ValueError, match="correct=4"):
        grade_choice("1", SPEAKERS, 4)


def test_verdict_counts_hard_as_correct() -> None:
    assert Verdict(HARD, "x", "near").correct
    assert Verdict(GOOD, "x").correct
    assert not Verdict(AGAIN, "x").correct


@pytest.mark.parametrize(("grade", "english", "chinese"), [
    (lambda lang: grade_text("人工只能基础设施", "人工智能基础设施", language=lang),
     "只 should be 智 (same sound)", "只应为智,同音"),
    (lambda lang: grade_text("plumbin", "plumbing", language=lang),
     "one letter off: 'plumbin' vs 'plumbing'", "差一个字母:“plumbin”与“plumbing”"),
    (lambda lang: grade_text("x", "水管工", language=lang), "expected '水管工'", "应为「水管工」"),
    (lambda lang: grade_time("13:05", 754, language=lang),
     "00:31 later than 12:34", "比 12:34 晚了 00:31"),
    (lambda lang: grade_time("4分", 754, language=lang),
     "08:34 earlier than 12:34", "比 12:34 早了 08:34"),
    (lambda lang: grade_choice("2", SPEAKERS, 2, language=lang), "2 is Mason", "2 是Mason"),
    (lambda lang: grade_choice("李广密", SPEAKERS, 2, language=lang),
     "李广密 is choice 4", "李广密是第 4 项"),
])
def test_notes_in_the_episode_language(grade: Any, english: str, chinese: str) -> None:
    assert grade("en").note == english
    assert grade("zh").note == chinese
    assert grade("fr").note == english
