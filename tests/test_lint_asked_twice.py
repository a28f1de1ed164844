"""The card lint: the same fact asked twice (one fact, one card)."""

from __future__ import annotations

from lintsupport import warnings


def test_a_qa_answer_that_is_a_cloze_phrase() -> None:
    assert warnings("""\
        ideas:
          - id: pipes
            title: Pipes
            cards: [{q: What trade is infrastructure like?, a: Plumber.}]
        quotes:
          - {id: q1, by: zhu, idea: pipes, text: It is like the plumber of the internet., cloze: [plumber]}
        """) == [
        "8:91: warning: quotes[0].cloze[0]: a qa card and a cloze ask the same fact ('plumber',"
        " also at ideas[0].cards[0].a, line 6): ask each fact once, and give different facts"
        " different answers"]


def test_an_accepted_form_that_is_a_cloze_phrase() -> None:
    found = warnings("""\
        ideas:
          - id: moat
            title: Moats
            cards: [{q: What do the hardest things become?, a: the deepest moat, accept: [moat]}]
        quotes:
          - {id: q1, by: zhu, idea: moat, text: Only the hardest things become a moat., cloze: [moat]}
        """)
    assert len(found) == 1 and "a qa card and a cloze ask the same fact ('moat'" in found[0]


def test_two_cards_with_one_answer() -> None:
    found = warnings("""\
        ideas:
          - id: a
            title: A
            cards:
              - {q: Which company leads in the US?, a: NVIDIA}
              - {q: Who makes the chips?, a: Nvidia}
        """)
    assert found == [
        "8:38: warning: ideas[0].cards[1].a: two cards have the same answer ('Nvidia', also at"
        " ideas[0].cards[0].a, line 7): ask each fact once, and give different facts different"
        " answers"]


def test_different_answers_say_nothing() -> None:
    assert warnings("""\
        ideas:
          - id: a
            title: A
            cards:
              - {q: Which company leads in the US?, a: NVIDIA}
              - {q: Who follows in China?, a: the catchers}
        quotes:
          - {id: q1, by: zhu, idea: a, text: China has catchers and chokepoints., cloze: [chokepoints]}
        """) == []
