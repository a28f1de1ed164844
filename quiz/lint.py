"""The card lint: warnings about cards that teach badly, each saying what to do.

A deck that asks one fact twice, gives its answer away or asks for a paragraph teaches less
than a smaller deck. The lint warns about the cards an author wrote (qa cards and cloze
phrases) and the generated cards made of them; it never drops a card.
"""

from __future__ import annotations

import re

from .cards import KINDS, made_kinds
from .draft import Draft, DraftCard, DraftQuote, Located
from .errors import Problem
from .hanzi import HAN_RANGES
from .model import Content, asks
from .text import fold, fold_case

# An answer past this size is too long to recall and grade: 12 Chinese characters, or 6 words
# (a word of Latin script counts as two characters).
LONGEST = 12
# What an answer's size counts: a Chinese character (the group `han`), or a word of other
# letters and digits
_COUNTED = re.compile(rf"(?P<han>[{HAN_RANGES}])|[^\W{HAN_RANGES}]+")


def answer_size(answer: str) -> int:
    """Return the size of an answer: its Chinese characters, and two for each other word."""
    return sum(1 if m["han"] else 2 for m in _COUNTED.finditer(answer))


def lint_cards(draft: Draft, content: Content) -> list[Problem]:
    """Return the warnings about the cards of `content` (read as `draft`), in file order."""
    linter = _Linter(draft)
    linter.run(content)
    return sorted(linter.warnings, key=lambda p: (p.line, p.col))


class _Linter:
    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.warnings: list[Problem] = []

    def warn(self, item: Located, key: str, message: str) -> None:
        self.warnings.append(item.problem(self.draft.path, key, message, warning=True))

    def run(self, content: Content) -> None:
        # every answer asked, a qa card's accepted forms too: (the forms, folded; the item and
        # key it is written at; its text)
        answers: list[tuple[set[str], Located, str, str]] = []
        for idea in self.draft.ideas:
            for card in idea.cards:
                self.qa_card(card)
                forms = {fold(text) for text in (card.a or "", *card.accept)} - {""}
                answers.append((forms, card, "a", card.a or ""))
            self.shown_by_another(idea.cards)
        for quote in self.draft.quotes:
            self.quote(quote)
            answers.extend(({fold(phrase)}, quote, f"cloze[{n}]", phrase)
                           for n, phrase in enumerate(quote.cloze))
        self.asked_twice(answers)
        self.uncovered_ideas(content)
        if any(KINDS[kind].answer == "speaker" for kind in made_kinds(content)):
            self.speaker_on_front(content)

    def qa_card(self, card: DraftCard) -> None:
        answer, question = card.a or "", card.q or ""
        # folded as `shown_by_another` folds: `AI Infra` is on a front that says `AI-Infra`
        folded = fold(answer)
        if folded and folded in fold(question):
            self.warn(card, "a", f"the answer '{answer}' is on the card's front: reword the "
                      "question so that it does not give the answer away")
        self.too_long(card, "a", answer)

    def shown_by_another(self, cards: list[DraftCard]) -> None:
        """Warn about each question of an idea that shows another of its cards' answers: the
        two give each other away when asked in one session. (A cloze whose blank a question
        shows is that question's sibling instead: quiz.cards keeps them on different days.)"""
        answers = [(fold(card.a or ""), card) for card in cards]
        for card in cards:
            question = fold(card.q or "")
            for answer, other in answers:
                if other is not card and len(answer) > 1 and answer in question:
                    self.warn(card, "q", f"the question shows the answer of another card "
                              f"('{other.a}', {other.at_key('a')}, line {other.place('a')[0]}):"
                              " the two give each other away; reword one of them")
                    break

    def quote(self, quote: DraftQuote) -> None:
        text = quote.text or ""
        if quote.cloze and asks(text):
            self.warn(quote, "cloze[0]", "a cloze in a question: blanking part of a question "
                      "teaches nothing; drop its cloze phrases, and ask what was answered")
            return
        loose = fold_case(text)
        for n, phrase in enumerate(quote.cloze):
            key = f"cloze[{n}]"
            if len(fold(phrase)) == 1:
                self.warn(quote, key, f"the cloze phrase '{phrase}' is one character: blank the "
                          "term that carries the meaning")
            # more of it, by width and case, than its occurrences that are blanked
            elif loose.count(fold_case(phrase)) > text.count(phrase):
                self.warn(quote, key, f"the cloze phrase '{phrase}' still shows around its "
                          "blank: blank a phrase that the rest of the quote does not repeat")
            self.too_long(quote, key, phrase)

    def too_long(self, item: Located, key: str, answer: str) -> None:
        size = answer_size(answer)
        if size > LONGEST:
            self.warn(item, key, f"the answer '{answer}' is too long to recall and grade "
                      f"(size {size}; at most {LONGEST} Chinese characters or {LONGEST // 2} "
                      "words): ask for the one thing that matters")

    def asked_twice(self, answers: list[tuple[set[str], Located, str, str]]) -> None:
        """Warn about each card with an answer (or accepted form) of a card before it."""
        first: dict[str, tuple[Located, str]] = {}
        for forms, item, key, answer in answers:
            earlier = [first[form] for form in forms if form in first]
            for form in forms:
                first.setdefault(form, (item, key))
            if not earlier:
                continue
            other, other_key = earlier[0]
            cloze = isinstance(other, DraftQuote) != isinstance(item, DraftQuote)
            what = ("a qa card and a cloze ask the same fact" if cloze else
                    "two cards have the same answer")
            self.warn(item, key, f"{what} ('{answer}', also at {other.at_key(other_key)}, line "
                      f"{other.place(other_key)[0]}): ask each fact once, and give different "
                      "facts different answers")

    def uncovered_ideas(self, content: Content) -> None:
        clozed = {idea.id for q in content.quotes if q.cloze
                  for idea in [content.quote_idea(q)] if idea is not None}
        for drafted, idea in zip(self.draft.ideas, content.ideas):
            if not idea.cards and idea.id not in clozed:
                self.warn(drafted, "id", "no card asks about this idea: add a qa card for its "
                          "claim, or a cloze phrase to one of its quotes")

    def speaker_on_front(self, content: Content) -> None:
        for drafted, quote in zip(self.draft.quotes, content.quotes):
            if quote.is_question:
                continue
            speaker = content.speaker(quote.by)
            if fold_case(speaker.name) in fold_case(quote.text):
                self.warn(drafted, "text", f"the quote names its speaker '{speaker.name}': "
                          "asking who said it gives the answer away")
