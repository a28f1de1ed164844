"""The card lint: an answer given away on its own card's front."""

from __future__ import annotations

from lintsupport import HEAD, warnings


def test_a_question_that_holds_its_answer() -> None:
    assert warnings("""\
        ideas:
          - id: a
            title: A
            cards: [{q: "Infra is like a highway; what does infra build?", a: a Highway}]
        """) == [
        "6:71: warning: ideas[0].cards[0].a: the answer 'a Highway' is on the card's front:"
        " reword the question so that it does not give the answer away"]


def test_a_cloze_phrase_that_shows_around_its_blank() -> None:
    found = warnings("""\
        quotes:
          - {id: q1, by: zhu, text: "Rockets, rockets: build the Rocket.", cloze: [rockets]}
        """)
    assert found == [
        "4:76: warning: quotes[0].cloze[0]: the cloze phrase 'rockets' still shows around its"
        " blank: blank a phrase that the rest of the quote does not repeat"]


def test_a_quote_that_names_its_speaker_on_a_who_card() -> None:
    head = HEAD.replace("{id: ann, name: Ann}", "{id: ann, name: Ann}, {id: bo, name: Bo}")
    found = warnings("""\
        quotes:
          - {id: q1, by: zhu, text: I am Zhu Yibo and infra is plumbing.}
          - {id: q2, by: ann, text: Plumbing is dull.}
          - {id: q3, by: bo, text: Dull but needed.}
        """, head)
    assert len(found) == 1 and "quotes[0].text: the quote names its speaker 'Zhu Yibo'" in found[0]


def test_a_fair_question_says_nothing() -> None:
    assert warnings("""\
        ideas:
          - id: a
            title: A
            cards: [{q: What does infrastructure resemble?, a: a highway}]
        quotes:
          - {id: q1, by: zhu, text: Build the rocket and sell tickets., cloze: [tickets]}
        """) == []


def test_a_question_that_shows_another_cards_answer() -> None:
    found = warnings("""\
        ideas:
          - id: chain
            title: The chain
            cards:
              - {q: What comes right after chips?, a: hardware clusters}
              - {q: What comes after hardware clusters?, a: training platforms}
              - {q: Who builds the chips?, a: vendors}
        """)
    assert found == [
        "8:13: warning: ideas[0].cards[1].q: the question shows the answer of another card"
        " ('hardware clusters', ideas[0].cards[0].a, line 7): the two give each other away;"
        " reword one of them"]


def test_a_question_may_show_an_answer_of_another_idea() -> None:
    # ideas are asked apart, and a term an idea defines is often the context of the next
    assert warnings("""\
        ideas:
          - id: a
            title: A
            cards: [{q: What does infra resemble?, a: plumbing}]
          - id: b
            title: B
            cards: [{q: Why is plumbing dull?, a: nobody sees it}]
        """) == []


def test_an_answer_on_its_own_front_is_found_as_on_another_cards_front() -> None:
    """Both warnings fold alike (quiz.text.fold): a front that says `AI-Infra` shows the
    answer `AI Infra`, to its own card as to another card of the idea."""
    found = warnings("""\
        ideas:
          - id: i
            title: I
            cards:
              - {id: c1, q: Is AI-Infra what AI is built on?, a: AI Infra}
              - {id: c2, q: What does AI-Infra resemble?, a: plumbing}
        """)
    assert [w.split(": the")[0] for w in found] == [
        "7:58: warning: ideas[0].cards[0].a",
        "8:21: warning: ideas[0].cards[1].q"]
    assert "the answer 'AI Infra' is on the card's front" in found[0]
    assert "the question shows the answer of another card ('AI Infra'" in found[1]
