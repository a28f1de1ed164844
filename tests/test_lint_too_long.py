"""The card lint: an answer too long to recall and grade."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lintsupport import warnings

from quiz.hanzi import HAN
from quiz.lint import LONGEST, answer_size


@pytest.mark.parametrize(("answer", "size"), [
    ("水管工", 3), ("大模型训练的分布式系统与服务", 14), ("the checkpoint interval", 6),
    ("硬核Infra项目", 6), ("SaaS、应用层", 5), ("two to three years or so of work", 16),
])
def test_the_size_of_an_answer(answer: str, size: int) -> None:
    assert answer_size(answer) == size


def test_an_answer_past_twelve_characters_or_six_words() -> None:
    found = warnings("""\
        ideas:
          - id: a
            title: A
            cards:
              - {q: What does the startup focus on?, a: 大模型训练的分布式系统与服务}
              - {q: What is it not?, a: one two three four five six seven}
              - {q: What is it?, a: one two three four five six}
              - {q: 什么?, a: 十二个字的答案刚好可以的}
        """)
    assert len(found) == 2 and LONGEST == 12
    assert found[0] == (
        "7:49: warning: ideas[0].cards[0].a: the answer '大模型训练的分布式系统与服务' is too long to"
        " recall and grade (size 14; at most 12 Chinese characters or 6 words): ask for the one"
        " thing that matters")
    assert found[1].startswith("8:33: warning: ideas[0].cards[1].a: the answer 'one two")


def test_a_long_cloze_phrase_too() -> None:
    found = warnings("""\
        quotes:
          - id: q1
            by: zhu
            text: 阶跃星辰聚焦于大模型训练的分布式系统与服务。
            cloze: [大模型训练的分布式系统与服务]
        """)
    assert len(found) == 1 and "quotes[0].cloze[0]: the answer '大模型训练" in found[0]


@given(st.text(alphabet=st.sampled_from("ab1 -,、中文𠀀豈é_")) | st.text())
def test_the_size_is_chinese_characters_and_twice_the_other_words(answer: str) -> None:
    words = re.findall(r"[^\W\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", HAN.sub(" ", answer))
    assert answer_size(answer) == len(HAN.findall(answer)) + 2 * len(words)
