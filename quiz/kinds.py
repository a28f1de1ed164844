"""The names of the kinds of card, apart from what each kind is (quiz.cards), so that the
command line can offer them without loading the cards."""

from __future__ import annotations

from enum import Enum


class Kind(str, Enum):
    """The kinds of card, in the order they are listed."""

    QA = "qa"
    WHO = "who"
    CLOZE = "cloze"
    WHEN = "when"
    TOPIC = "topic"

    def __str__(self) -> str:
        return self.value


KIND_NAMES = tuple(kind.value for kind in Kind)
