"""Make the question-and-answer cards of an episode (SPEC section 2)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any

from . import paused_gc
from .model import Content
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
    cards: list[Card] = []
    if Kind.QA in wanted:
        cards.extend(_qa_cards(content))
    if Kind.WHO in wanted or Kind.CLOZE in wanted:
        who, cloze = _quote_cards(content, Kind.WHO in wanted, Kind.CLOZE in wanted)
        cards.extend(who)
        cards.extend(cloze)
    for kind in (Kind.WHEN, Kind.TOPIC):
        if kind in wanted:
            cards.extend(_timed_idea_cards(content, kind))
    return cards


# Each card below is made with its fields at hand: ids and tags from prefixes made once per
# kind, what the cards of one idea or quote share worked out once for all of them (kind.value
# alone, through enum's descriptor, took a tenth of the time).

def _qa_cards(content: Content) -> list[Card]:
    ep = content.episode
    kind = Kind.QA
    prefix, tags = f"{ep.id}:{kind.value}:", (f"ep::{ep.id}", f"kind::{kind.value}")
    cards = []
    for idea in content.ideas:
        link, idea_tags = _link(ep.url, idea.at), (*tags, f"idea::{idea.id}")
        for authored in idea.cards:
            item = authored.id if authored.id is not None else _question_slug(authored.q)
            cards.append(Card(
                id=prefix + item, kind=kind, episode=ep.id,
                note=qa_key(authored.q, authored.id), ordinal=1, ask=authored.q,
                answer=authored.a, accept=authored.accept, idea=idea.title, idea_id=idea.id,
                at=idea.at, link=link, tags=idea_tags))
    return cards


def _quote_cards(content: Content, who: bool, cloze: bool) -> tuple[list[Card], list[Card]]:
    """Return the who cards and the cloze cards of the quotes (as asked), in one pass."""
    ep = content.episode
    ask = wording(ep.wording_language)["who"]
    who_id, cloze_id = f"{ep.id}:{Kind.WHO.value}:", f"{ep.id}:{Kind.CLOZE.value}:"
    who_tags = (f"ep::{ep.id}", f"kind::{Kind.WHO.value}")
    cloze_tags = (f"ep::{ep.id}", f"kind::{Kind.CLOZE.value}")
    who_cards, cloze_cards = [], []
    for quote in content.quotes:
        at, approximate = content.quote_time(quote)
        idea = content.quote_idea(quote)
        speaker = content.speaker(quote.by)
        label = speaker.label
        shared: dict[str, Any] = {
            "episode": ep.id, "note": quote.id, "speaker": label, "speaker_id": quote.by,
            "idea": idea.title if idea else None, "idea_id": idea.id if idea else None,
            "at": at, "approximate": approximate, "link": _link(ep.url, at),
        }
        more_tags = ((f"idea::{idea.id}",) if idea is not None else ()) + (
            f"speaker::{quote.by}",)
        if who:
            who_cards.append(Card(
                id=who_id + quote.id, kind=Kind.WHO, ordinal=1, ask=ask, quote=quote.text,
                answer=label, accept=(speaker.name, *speaker.aliases),
                tags=who_tags + more_tags, **shared))
        if cloze:
            tags = cloze_tags + more_tags
            for n, phrase in enumerate(quote.cloze, start=1):
                cloze_cards.append(Card(
                    id=f"{cloze_id}{quote.id}:{n}", kind=Kind.CLOZE, ordinal=n, ask="",
                    quote=blank(quote.text, phrase), answer=phrase, details=quote.text,
                    tags=tags, **shared))
    return who_cards, cloze_cards


def _timed_idea_cards(content: Content, kind: Kind) -> list[Card]:
    """Return the when or the topic cards: one for each idea with a time."""
    ep = content.episode
    ask = wording(ep.wording_language)[kind.value]
    prefix, tags = f"{ep.id}:{kind.value}:", (f"ep::{ep.id}", f"kind::{kind.value}")
    cards = []
    for idea in content.ideas:
        if idea.at is None:
            continue
        time = format_time(idea.at)
        if kind is Kind.WHEN:  # asks for the time of the title
            front, answer, details = ask.format(title=idea.title), time, None
        else:  # asks for the title at the time
            front, answer, details = ask.format(time=time), idea.title, idea.summary
        cards.append(Card(
            id=prefix + idea.id, kind=kind, episode=ep.id, note=idea.id, ordinal=1, ask=front,
            answer=answer, details=details, idea=idea.title, idea_id=idea.id, at=idea.at,
            link=_link(ep.url, idea.at), tags=(*tags, f"idea::{idea.id}")))
    return cards
