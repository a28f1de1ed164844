"""The content model of one episode: frozen dataclasses, as checked by `quiz.checks`.

The format they are read from is documented in docs/format.md.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import Problem
from .times import Seconds
from .wording import Words, role_in

# Seconds: the longest a quote may last. A quote is a few sentences, and its clip is held in
# memory while it is measured (quiz.clips): an end further on is a mistake.
MAX_QUOTE = 600


@dataclass(frozen=True, slots=True)
class Speaker:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    role: str | None = None
    bio: str | None = None

    @property
    def label(self) -> str:
        """Return the name with the role as written: `name (role)`."""
        return self.labelled("en")

    def labelled(self, language: str) -> str:
        """Return the name with the role, as cards in `language` show who spoke:
        `Bob (guest)`, `朱亦博（嘉宾）` (quiz.wording translates the common roles)."""
        if not self.role:
            return self.name
        return _labelled(self.name, self.role, language)


@lru_cache(maxsize=256)  # a speaker is labelled on every card of every one of their quotes
def _labelled(name: str, role: str, language: str) -> str:
    words = Words(language)
    return words.say("with_role", name=name, role=role_in(role, words.language))


@dataclass(frozen=True, slots=True)
class AuthoredCard:
    """A question and answer written by the author under an idea."""

    q: str
    a: str
    id: str | None = None
    accept: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Idea:
    id: str
    title: str
    at: Seconds | None = None
    summary: str | None = None
    points: tuple[str, ...] = ()
    cards: tuple[AuthoredCard, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    by: str
    text: str
    at: Seconds | None = None
    end: Seconds | None = None
    idea: str | None = None
    cloze: tuple[str, ...] = ()

    @property
    def is_question(self) -> bool:
        """Whether the quote asks something (see `asks`)."""
        return asks(self.text)

    def cloze_spans(self) -> Iterator[tuple[int, int, int]]:
        """Yield where the cloze phrases stand, in text order: (start, end, number).

        Every occurrence of phrase N is blanked as deletion N (numbered from 1, in list order).
        """
        return cloze_occurrences(self.text, ((p, n) for n, p in enumerate(self.cloze, 1)))


def cloze_occurrences(text: str, phrases: Iterable[tuple[str, int]]
                      ) -> Iterator[tuple[int, int, int]]:
    """Yield (start, end, number) of every occurrence in `text` of the `(phrase, number)`
    pairs, in text order (then by end, then by number).

    Only the next occurrence of each phrase is held, the first of them taken in turn, never
    a list of them all: a phrase may occur millions of times in a long quote.
    """
    ahead = [(start, start + len(phrase), n, phrase) for phrase, n in phrases
             if (start := text.find(phrase)) != -1]
    heapq.heapify(ahead)
    while ahead:
        start, end, n, phrase = ahead[0]
        yield start, end, n
        following = text.find(phrase, end)
        if following == -1:
            heapq.heappop(ahead)
        else:
            heapq.heapreplace(ahead, (following, following + len(phrase), n, phrase))


def asks(text: str) -> bool:
    """Whether a quote of `text` asks something (it ends in ?, ？ or 吗): asking who said it,
    or blanking part of it, teaches nothing."""
    return text.rstrip().endswith(("?", "？", "吗"))


def find_all(text: str, phrase: str) -> Iterator[tuple[int, int]]:
    """Yield the start and end of every occurrence of `phrase` in `text`, left to right."""
    start = text.find(phrase)
    while start != -1:
        yield start, start + len(phrase)
        start = text.find(phrase, start + len(phrase))


@dataclass(frozen=True, slots=True)
class Episode:
    id: str
    title: str
    show: str | None = None
    date: str | None = None
    language: str = "en"
    url: str | None = None
    audio: str | None = None  # the episode's audio file, relative to the content file
    transcript: str | None = None  # its transcript (WebVTT, SRT or JSON), likewise
    kinds: tuple[str, ...] | None = None  # the kinds of card to make; None: the default

    @property
    def deck_name(self) -> str:
        """Return `show::title`, so the episodes of one show gather under one parent deck."""
        return f"{self.show}::{self.title}" if self.show else self.title

    @property
    def is_chinese(self) -> bool:
        return self.language.lower().split("-")[0] in ("zh", "yue", "cmn")

    @property
    def wording_language(self) -> str:
        """Return the language of the tool's own words about it: "zh" for any Chinese,
        else the primary tag ("en", "fr", …), for which a table may fall back to English."""
        return "zh" if self.is_chinese else self.language.lower().split("-")[0]


@dataclass(frozen=True, slots=True)
class Content:
    """One episode with its speakers, ideas and quotes, read from `path`."""

    path: str
    episode: Episode
    speakers: tuple[Speaker, ...]
    ideas: tuple[Idea, ...] = ()
    quotes: tuple[Quote, ...] = ()
    # what the card lint found (quiz.lint): reported by `quiz check` and `quiz build`
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    # Look-up tables, derived once so that large episodes stay linear.
    _speakers: dict[str, Speaker] = field(init=False, repr=False, compare=False)
    _ideas: dict[str, Idea] = field(init=False, repr=False, compare=False)
    _starts: tuple[tuple[Seconds, int], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "_speakers", {s.id: s for s in self.speakers})
        set_(self, "_ideas", {i.id: i for i in self.ideas})
        timed = sorted((i.at, n) for n, i in enumerate(self.ideas) if i.at is not None)
        set_(self, "_starts", tuple(timed))

    def speaker(self, speaker_id: str) -> Speaker:
        return self._speakers[speaker_id]

    def idea(self, idea_id: str | None) -> Idea | None:
        return self._ideas.get(idea_id) if idea_id else None

    def idea_at(self, seconds: Seconds | None) -> Idea | None:
        """Return the idea under way at `seconds`: the last one starting at or before it."""
        if seconds is None:
            return None
        n = bisect_right(self._starts, (seconds, len(self.ideas)))
        return self.ideas[self._starts[n - 1][1]] if n else None

    def quote_idea(self, quote: Quote) -> Idea | None:
        """Return the quote's idea: the one it names, else the one under way at its time."""
        return self.idea(quote.idea) if quote.idea else self.idea_at(quote.at)

    def quote_time(self, quote: Quote) -> tuple[Seconds | None, bool]:
        """Return the quote's time in seconds and whether it is approximate (its idea's time)."""
        if quote.at is not None:
            return quote.at, False
        idea = self.idea(quote.idea)
        if idea is not None and idea.at is not None:
            return idea.at, True
        return None, False
