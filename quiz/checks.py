"""The checks of meaning every drafted episode passes, whichever reader drafted it.

A reader checks the shape of what it reads (a key where a key belongs, text where text
belongs, a time that is a time); what is checked here needs the whole episode: ids unique in
their list, every reference naming an existing id, every cloze phrase in its quote once and
apart from the others.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping

from .draft import Draft, DraftQuote, Located
from .errors import Problem
from .model import cloze_occurrences


def suggest(word: str, known: Iterable[str],
            synonyms: Mapping[str, str] | None = None) -> str | None:
    """Return the known word closest to `word` in spelling, or in meaning (`synonyms`)."""
    known = list(known)
    synonym = (synonyms or {}).get(word.lower())
    if synonym in known:
        return synonym
    import difflib  # only a misspelling needs it: kept off the start-up of every command

    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return close[0] if close else None


def check_draft(draft: Draft) -> list[Problem]:
    """Return the problems of meaning in `draft`, each at its place in the file."""
    return _Checker(draft).run()


class _Checker:
    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.problems: list[Problem] = []

    def problem(self, item: Located, key: str, message: str) -> None:
        self.problems.append(item.problem(self.draft.path, key, message))

    def run(self) -> list[Problem]:
        draft = self.draft
        self.unique(((s, s.id) for s in draft.speakers), "speaker id", "id")
        self.unique(((i, i.id) for i in draft.ideas), "idea id", "id")
        self.unique(((q, q.id) for q in draft.quotes), "quote id", "id")
        cards = [c for i in draft.ideas for c in i.cards]
        self.unique(((c, c.id) for c in cards if c.id is not None), "card id", "id")
        self.unique(((c, c.q) for c in cards if c.id is None), "question", "q")
        speakers = [s.id for s in draft.speakers if s.id is not None]
        ideas = [i.id for i in draft.ideas if i.id is not None]
        for quote in draft.quotes:
            if "speakers" in draft.complete:
                self.reference(quote, "by", quote.by, speakers, "speaker")
            if "ideas" in draft.complete:
                self.reference(quote, "idea", quote.idea, ideas, "idea")
            if quote.text is not None:
                self.cloze(quote, quote.text)
        return self.problems

    def unique(self, items: Iterable[tuple[Located, str | None]], what: str, key: str) -> None:
        first: dict[str, Located] = {}
        for item, value in items:
            if value is None:
                continue
            if value in first:
                self.problem(item, key, f"duplicate {what} '{value}' (first at line "
                             f"{first[value].place(key)[0]})")
            else:
                first[value] = item

    def reference(self, item: Located, key: str, value: str | None, known: list[str],
                  what: str) -> None:
        if value is None or value in known:
            return
        hint = suggest(value, known)
        self.problem(item, key, f"unknown {what} '{value}'" + (
            f"; did you mean '{hint}'?" if hint else
            f"; the {what}s are: {', '.join(known[:10]) or 'none'}"))

    def cloze(self, quote: DraftQuote, text: str) -> None:
        """Check that each cloze phrase occurs in the text, once in the list, overlapping
        none listed before it.

        A phrase may occur a great many times in a long text: the occurrences are walked in
        text order, holding only those still open, never a list of them all.
        """
        number: dict[str, int] = {}
        for n, phrase in enumerate(quote.cloze):
            key = f"cloze[{n}]"
            if phrase in number:
                self.problem(quote, key, f"duplicate cloze phrase '{phrase}'")
            elif phrase not in text:
                self.problem(quote, key, f"cloze phrase '{phrase}' does not occur in the text")
            else:
                number[phrase] = n
        overlapped: dict[int, int] = {}  # a phrase's number: the first before it it overlaps
        # the occurrences that reach past the current one's start, as (end, number): one a
        # phrase at most (its occurrences do not overlap each other), and none at all in
        # a quote whose phrases stand apart
        open_: list[tuple[int, int]] = []
        for start, end, n in cloze_occurrences(text, number.items()):
            while open_ and open_[0][0] <= start:
                heapq.heappop(open_)
            for _, other in open_:
                if other != n:
                    later, earlier = max(n, other), min(n, other)
                    overlapped[later] = min(overlapped.get(later, earlier), earlier)
            heapq.heappush(open_, (end, n))
        for n, other in sorted(overlapped.items()):
            self.problem(quote, f"cloze[{n}]", f"cloze phrase '{quote.cloze[n]}' overlaps "
                         f"'{quote.cloze[other]}'")
