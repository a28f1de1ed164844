"""Make the question-and-answer cards of an episode (SPEC section 2)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from . import paused_gc
from .model import Content, Idea, Quote
from .times import format_time, time_link

BLANK = "[...]"

# The cards of an idea or a quote share one time, and parsing the url again for each of them
# was a third of the time it takes to make the cards.
_link = lru_cache(maxsize=1 << 16)(time_link)


class Kind(str, Enum):
    """The five kinds of card, in the order they are listed."""

    QA = "qa"
    WHO = "who"
    CLOZE = "cloze"
    WHEN = "when"
    TOPIC = "topic"

    def __str__(self) -> str:
        return self.value


# The fixed wording of cards, by the episode's language.
WORDING = {
    "en": {
        "who": "Who said this?",
        "when": "When does the episode reach “{title}”?",
        "topic": "What is discussed at {time}?",
    },
    "zh": {
        "who": "这句话是谁说的?",
        "when": "节目什么时候讲到「{title}」?",
        "topic": "{time} 在讨论什么?",
    },
}


@dataclass(frozen=True, slots=True)
class Card:
    """One card: what is asked, what is expected, and where it stands in the episode.

    `note` and `ordinal` place it in Anki: the cards of one cloze note share `note` and are
    numbered from 1; every other note has one card.
    """

    id: str
    kind: Kind
    episode: str
    note: str
    ordinal: int
    ask: str
    answer: str
    quote: str | None = None
    accept: tuple[str, ...] = ()
    details: str | None = None
    speaker: str | None = None
    speaker_id: str | None = None
    idea: str | None = None
    idea_id: str | None = None
    at: int | None = None
    approximate: bool = False
    link: str | None = None
    tags: tuple[str, ...] = ()

    @property
    def time(self) -> str | None:
        """Return the time as shown: `mm:ss` (`h:mm:ss` past an hour), None without one."""
        return None if self.at is None else format_time(self.at)

    @property
    def front(self) -> str:
        """Return the front as plain text, `[...]` for a blank."""
        return "\n".join(p for p in (self.ask, self.quote) if p)

    @property
    def back(self) -> str:
        """Return the back as plain text: the answer, then its context."""
        context = []
        if self.speaker and self.kind is not Kind.WHO:
            context.append(self.speaker)
        if self.time and self.kind in (Kind.QA, Kind.WHO, Kind.CLOZE):
            context.append(("~" if self.approximate else "") + self.time)
        if self.idea and self.kind is not Kind.TOPIC and self.kind is not Kind.WHEN:
            context.append(self.idea)
        lines = [self.answer, self.details, " · ".join(context)]
        return "\n".join(line for line in lines if line)

    def to_dict(self) -> dict[str, object]:
        """Return the card as `quiz cards --format json` shows it."""
        return {
            "id": self.id, "kind": self.kind.value, "front": self.front, "back": self.back,
            "at": self.at, "time": self.time, "approximate": self.approximate,
            "tags": list(self.tags), "episode": self.episode,
        }


def wording(language: str) -> dict[str, str]:
    """Return the fixed wording of cards in `language` (Episode.wording_language), English
    where it has none."""
    return WORDING.get(language, WORDING["en"])


def qa_key(q: str, card_id: str | None) -> str:
    """Return the identity of an authored card: its id, else its question."""
    return card_id if card_id is not None else q


def card_id(episode: str, kind: Kind, item: str, ordinal: int | None = None) -> str:
    """Return the stable id of a card: episode, kind and the item's id."""
    suffix = f":{ordinal}" if ordinal is not None else ""
    return f"{episode}:{kind.value}:{item}{suffix}"


def _question_slug(q: str) -> str:
    return "q-" + hashlib.sha1(q.encode("utf-8")).hexdigest()[:12]


def blank(text: str, phrase: str) -> str:
    """Return `text` with every occurrence of `phrase` replaced by a blank."""
    return text.replace(phrase, BLANK)


@paused_gc()
def make_cards(content: Content, kinds: Iterable[Kind | str] | None = None) -> list[Card]:
    """Return the cards of `content` in a stable order: by kind, then as written.

    With `kinds`, return only cards of those kinds.
    """
    wanted = {Kind(k) for k in kinds} if kinds else set(Kind)
    makers = {Kind.QA: _qa_cards, Kind.WHO: _who_cards, Kind.CLOZE: _cloze_cards,
              Kind.WHEN: _when_cards, Kind.TOPIC: _topic_cards}
    cards: list[Card] = []
    for kind in Kind:
        if kind in wanted:
            cards.extend(makers[kind](content))
    return cards


def _tags(content: Content, kind: Kind, idea: Idea | None, speaker: str | None = None
          ) -> tuple[str, ...]:
    tags = [f"ep::{content.episode.id}", f"kind::{kind.value}"]
    if idea is not None:
        tags.append(f"idea::{idea.id}")
    if speaker is not None:
        tags.append(f"speaker::{speaker}")
    return tuple(tags)


def _qa_cards(content: Content) -> Iterable[Card]:
    ep = content.episode
    for idea in content.ideas:
        for authored in idea.cards:
            item = authored.id if authored.id is not None else _question_slug(authored.q)
            yield Card(
                id=card_id(ep.id, Kind.QA, item), kind=Kind.QA, episode=ep.id,
                note=qa_key(authored.q, authored.id), ordinal=1, ask=authored.q,
                answer=authored.a, accept=authored.accept, idea=idea.title, idea_id=idea.id,
                at=idea.at, link=_link(ep.url, idea.at),
                tags=_tags(content, Kind.QA, idea))


def _quote_card(content: Content, source: Quote, kind: Kind, **fields: object) -> Card:
    ep = content.episode
    at, approximate = content.quote_time(source)
    idea = content.quote_idea(source)
    return Card(
        kind=kind, episode=ep.id, note=source.id, speaker=content.speaker(source.by).label,
        speaker_id=source.by, idea=idea.title if idea else None, idea_id=idea.id if idea else None,
        at=at, approximate=approximate, link=_link(ep.url, at),
        tags=_tags(content, kind, idea, source.by), **fields)  # type: ignore[arg-type]


def _who_cards(content: Content) -> Iterable[Card]:
    ask = wording(content.episode.wording_language)["who"]
    for quote in content.quotes:
        speaker = content.speaker(quote.by)
        yield _quote_card(
            content, quote, Kind.WHO, id=card_id(content.episode.id, Kind.WHO, quote.id),
            ordinal=1, ask=ask, quote=quote.text, answer=content.speaker(quote.by).label,
            accept=(speaker.name, *speaker.aliases))


def _cloze_cards(content: Content) -> Iterable[Card]:
    for quote in content.quotes:
        for n, phrase in enumerate(quote.cloze, start=1):
            yield _quote_card(
                content, quote, Kind.CLOZE, id=card_id(content.episode.id, Kind.CLOZE, quote.id, n),
                ordinal=n, ask="", quote=blank(quote.text, phrase), answer=phrase,
                details=quote.text)


def _when_cards(content: Content) -> Iterable[Card]:
    ep = content.episode
    ask = wording(ep.wording_language)["when"]
    for idea in content.ideas:
        if idea.at is None:
            continue
        yield Card(
            id=card_id(ep.id, Kind.WHEN, idea.id), kind=Kind.WHEN, episode=ep.id, note=idea.id,
            ordinal=1, ask=ask.format(title=idea.title), answer=format_time(idea.at),
            idea=idea.title, idea_id=idea.id, at=idea.at, link=_link(ep.url, idea.at),
            tags=_tags(content, Kind.WHEN, idea))


def _topic_cards(content: Content) -> Iterable[Card]:
    ep = content.episode
    ask = wording(ep.wording_language)["topic"]
    for idea in content.ideas:
        if idea.at is None:
            continue
        yield Card(
            id=card_id(ep.id, Kind.TOPIC, idea.id), kind=Kind.TOPIC, episode=ep.id,
            note=idea.id, ordinal=1, ask=ask.format(time=format_time(idea.at)),
            answer=idea.title, details=idea.summary, idea=idea.title, idea_id=idea.id,
            at=idea.at, link=_link(ep.url, idea.at), tags=_tags(content, Kind.TOPIC, idea))
