"""The content model (quiz.model): what a quote's cloze phrases blank, and what asks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quiz.model import Quote, cloze_occurrences, find_all


def test_cloze_occurrences_come_in_text_order_with_their_numbers() -> None:
    text = "ab ab cab b"
    assert list(cloze_occurrences(text, [("ab", 1), ("b", 2)])) == [
        (0, 2, 1), (1, 2, 2), (3, 5, 1), (4, 5, 2), (7, 9, 1), (8, 9, 2), (10, 11, 2)]
    assert list(cloze_occurrences(text, [])) == []


@given(st.text(alphabet="abc "), st.lists(st.text(alphabet="abc", min_size=1), max_size=4,
                                           unique=True))
def test_cloze_occurrences_are_every_phrase_s_sorted(text: str, phrases: list[str]) -> None:
    numbered = [(phrase, n) for n, phrase in enumerate(phrases, 1)]
    every = sorted((start, end, n) for phrase, n in numbered
                   for start, end in find_all(text, phrase))
    assert list(cloze_occurrences(text, numbered)) == every


def test_a_quote_blanks_what_the_checks_walk() -> None:
    quote = Quote("q", "a", "the plumber keeps the plumbing", cloze=("plumb", "keeps"))
    assert list(quote.cloze_spans()) == list(cloze_occurrences(quote.text, [("plumb", 1),
                                                                            ("keeps", 2)]))


def test_the_lint_asks_as_the_model_does() -> None:
    import quiz.lint
    import quiz.model

    assert quiz.lint.asks is quiz.model.asks  # one rule for "is a question", not two
