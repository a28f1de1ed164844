"""The cards of an episode, and the kinds of card, each kind in one place.

A kind (KindSpec, named in quiz.kinds) says everything the rest of the tool needs to know: its name and
question in each language, which context its back shows, the note type it is written as in
Anki, how its answer is typed and graded, whether it is made by default, and how its cards
are made from the content. The writers (quiz.apkg, quiz.preview), the session and the
command line read the spec; none of them names a kind.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .collector import paused_gc
from .kinds import Kind
from .model import AuthoredCard, Content, Idea, Quote
from .text import fold
from .times import Seconds, format_time, time_link
from .wording import words_for

BLANK = "[...]"


@dataclass(frozen=True, slots=True)
class Card:
    """One card: what is asked, what is expected, and where it stands in the episode.

    `note` and `ordinal` place it in Anki: the cards of one cloze note share `note` and are
    numbered from 1; every other note has one card. `siblings` names the fact the card asks
    about (`quote:<id>`, `idea:<id>`, or the card's own id for a fact of its own): cards of
    one fact give each other away, and are not asked in one session.
    """

    id: str
    kind: Kind
    episode: str
    note: str
    ordinal: int
    ask: str
    answer: str
    siblings: str
    text: str | None = None  # the quote the card shows, as said
    blank: str = ""  # the phrase of `text` the card blanks, if any
    accept: tuple[str, ...] = ()
    details: str | None = None
    speaker: str | None = None
    speaker_id: str | None = None
    quote_id: str | None = None  # the quote the card is made of (who and cloze cards)
    idea: str | None = None
    idea_id: str | None = None
    at: Seconds | None = None
    approximate: bool = False
    link: str | None = None
    tags: tuple[str, ...] = ()

    @property
    def spec(self) -> KindSpec:
        """Return the spec of the card's kind."""
        return KINDS[self.kind]

    @property
    def time(self) -> str | None:
        """Return the time as shown: `mm:ss` (`h:mm:ss` past an hour), None without one."""
        return None if self.at is None else format_time(self.at)

    @property
    def quote(self) -> str | None:
        """Return the quote as the front shows it: every occurrence of its blank `[...]`.

        Worked out when asked rather than held: a long quote blanked for each of its many
        phrases would hold a copy of it per card.
        """
        if self.text is None or not self.blank:
            return self.text
        return self.text.replace(self.blank, BLANK)

    @property
    def front(self) -> str:
        """Return the front as plain text, `[...]` for a blank."""
        return "\n".join(p for p in (self.ask, self.quote) if p)

    def context(self) -> dict[str, str]:
        """Return the context the back shows, by part ("speaker", "time", "idea"), in order."""
        shows = self.spec.shows
        shown = {}
        if "speaker" in shows and self.speaker:
            shown["speaker"] = self.speaker
        if self.time and "time" in shows:
            shown["time"] = ("~" if self.approximate else "") + self.time
        if "idea" in shows and self.idea:
            shown["idea"] = self.idea
        return shown

    @property
    def back(self) -> str:
        """Return the back as plain text: the answer, then its context."""
        lines = [self.answer, self.details, " · ".join(self.context().values())]
        return "\n".join(line for line in lines if line)

    def to_dict(self) -> dict[str, object]:
        """Return the card as `quiz cards --format json` shows it."""
        return {
            "id": self.id, "kind": self.kind.value, "front": self.front, "back": self.back,
            "answer": self.answer, "at": self.at, "time": self.time,
            "approximate": self.approximate, "tags": list(self.tags), "episode": self.episode,
        }


# The context a card's back shows, in this order.
Shown = Literal["speaker", "time", "idea"]
# The note type a kind is written as in Anki: a card's own note, or a quote's cloze note.
NoteType = Literal["card", "cloze"]
# What a kind's answer is: text, a time, or a speaker (any of the speaker's names).
Answer = Literal["text", "time", "speaker"]
# What a multiple-choice kind offers: the episode's speakers, or its ideas' titles.
Choices = Literal["speakers", "titles"]


@dataclass(frozen=True, slots=True, kw_only=True)
class KindSpec:
    """A kind of card: how it is worded, shown, written for Anki, asked, graded and made."""

    kind: Kind
    labels: Mapping[str, str]  # the kind's name as the session and the preview show it
    asks: Mapping[str, str]  # its fixed question, a template of the card's fields; {}: none
    shows: tuple[Shown, ...]  # the context on its back
    note_type: NoteType
    answer: Answer  # what is typed
    choices: Choices | None  # None: the answer is typed, not chosen
    # whether a generated kind is made when the episode lists no kinds; None: the kind is
    # written by the author (qa cards, cloze phrases), and always made
    made_by_default: Callable[[Content], bool] | None
    make: Callable[[Content, KindSpec], list[Card]]
    # when a generated kind is made by default, in words for an episode that makes none
    made_when: Mapping[str, str] = field(default_factory=dict)

    def label(self, language: str) -> str:
        """Return the kind's name in `language` (English where it has none)."""
        return self.labels.get(language, self.labels["en"])

    def question(self, language: str, **fields: str) -> str:
        """Return the kind's fixed question in `language`, filled with `fields`."""
        template = self.asks.get(language, self.asks.get("en", ""))
        return template.format(**fields)


def card_id(episode: str, kind: Kind, item: str, ordinal: int | None = None) -> str:
    """Return the stable id of a card: episode, kind and the item's id."""
    suffix = f":{ordinal}" if ordinal is not None else ""
    return f"{episode}:{kind.value}:{item}{suffix}"


def _question_slug(q: str) -> str:
    return "q-" + hashlib.sha1(q.encode("utf-8")).hexdigest()[:12]


def _tags(content: Content, kind: Kind, idea: Idea | None, speaker: str | None = None
          ) -> tuple[str, ...]:
    tags = [f"ep::{content.episode.id}", f"kind::{kind.value}"]
    if idea is not None:
        tags.append(f"idea::{idea.id}")
    if speaker is not None:
        tags.append(f"speaker::{speaker}")
    return tuple(tags)


# How each kind's cards are made.

def _make_qa(content: Content, spec: KindSpec) -> list[Card]:
    ep = content.episode
    answered = _quotes_answering(content)
    cards = []
    for idea in content.ideas:
        link, tags = time_link(ep.url, idea.at), _tags(content, spec.kind, idea)
        for authored in idea.cards:
            item = authored.id if authored.id is not None else _question_slug(authored.q)
            own = card_id(ep.id, spec.kind, item)
            quote = answered(idea, authored)
            # the note is the card's identity in Anki: its id, else its question
            note = authored.id if authored.id is not None else authored.q
            cards.append(Card(
                id=own, kind=spec.kind, episode=ep.id, note=note, ordinal=1, ask=authored.q,
                answer=authored.a, siblings=f"quote:{quote}" if quote else own,
                accept=authored.accept, idea=idea.title, idea_id=idea.id, at=idea.at, link=link,
                tags=tags))
    return cards


def _quotes_answering(content: Content) -> Callable[[Idea, AuthoredCard], str | None]:
    """Return a function telling which quote, if any, a qa card of an idea is about: any
    quote that blanks its answer, or one of the idea's quotes that says its answer or
    whose blank its question shows (the card and the quote's would give each other away)."""
    by_idea: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
    blanked: dict[str, str] = {}
    for quote in content.quotes:
        phrases = tuple(fold(phrase) for phrase in quote.cloze)
        idea = content.quote_idea(quote)
        if idea is not None:
            by_idea.setdefault(idea.id, []).append((quote.id, fold(quote.text), phrases))
        for phrase in phrases:
            blanked.setdefault(phrase, quote.id)

    def answering(idea: Idea, card: AuthoredCard) -> str | None:
        answer, question = fold(card.a), fold(card.q)
        if answer in blanked:
            return blanked[answer]
        for qid, text, phrases in by_idea.get(idea.id, ()):
            if (answer and answer in text) or any(p and p in question for p in phrases):
                return qid
        return None

    return answering


def _quote_context(content: Content, quote: Quote, kind: Kind) -> dict[str, Any]:
    """Return the fields the cards of `quote` share: its time, idea, speaker and tags."""
    at, approximate = content.quote_time(quote)
    idea = content.quote_idea(quote)
    return {
        "episode": content.episode.id, "note": quote.id, "siblings": f"quote:{quote.id}",
        "speaker": content.speaker(quote.by).labelled(content.episode.wording_language),
        "speaker_id": quote.by, "quote_id": quote.id,
        "idea": idea.title if idea else None, "idea_id": idea.id if idea else None,
        "at": at, "approximate": approximate, "link": time_link(content.episode.url, at),
        "tags": _tags(content, kind, idea, quote.by),
    }


def _make_who(content: Content, spec: KindSpec) -> list[Card]:
    ask = spec.question(content.episode.wording_language)
    cards = []
    for quote in content.quotes:
        if quote.is_question:  # its question mark tells it is the host's
            continue
        speaker = content.speaker(quote.by)
        shared = _quote_context(content, quote, spec.kind)
        cards.append(Card(
            id=card_id(content.episode.id, spec.kind, quote.id), kind=spec.kind, ordinal=1,
            ask=ask, text=quote.text, answer=shared["speaker"],
            accept=(speaker.name, *speaker.aliases), **shared))
    return cards


def _tells_speakers_apart(content: Content) -> bool:
    """Whether asking who said a quote teaches: three speakers or more share the quotes,
    and none said 70 % of them or more (else the answer is almost always the same)."""
    said = Counter(q.by for q in content.quotes if not q.is_question)
    total = sum(said.values())
    return len(said) >= 3 and max(said.values()) < 0.7 * total


def _make_cloze(content: Content, spec: KindSpec) -> list[Card]:
    cards = []
    for quote in content.quotes:
        shared = _quote_context(content, quote, spec.kind)
        for n, phrase in enumerate(quote.cloze, start=1):
            cards.append(Card(
                id=card_id(content.episode.id, spec.kind, quote.id, n), kind=spec.kind,
                ordinal=n, ask="", text=quote.text, blank=phrase, answer=phrase,
                details=quote.text, **shared))
    return cards


def _make_idea_timed(content: Content, spec: KindSpec) -> list[Card]:
    """Make the cards of each idea with a time: asking its time, or what it is about."""
    ep = content.episode
    cards = []
    for idea in content.ideas:
        if idea.at is None:
            continue
        time = format_time(idea.at)
        ask = spec.question(ep.wording_language, title=idea.title, time=time)
        asks_time = spec.answer == "time"
        cards.append(Card(
            id=card_id(ep.id, spec.kind, idea.id), kind=spec.kind, episode=ep.id, note=idea.id,
            ordinal=1, ask=ask, answer=time if asks_time else idea.title,
            siblings=f"idea:{idea.id}", details=None if asks_time else idea.summary,
            idea=idea.title, idea_id=idea.id, at=idea.at, link=time_link(ep.url, idea.at),
            tags=_tags(content, spec.kind, idea)))
    return cards


def _never(content: Content) -> bool:
    return False


_ONLY_LISTED = {"en": "they are made only when asked for", "zh": "只在指定时生成"}


KINDS: dict[Kind, KindSpec] = {spec.kind: spec for spec in (
    KindSpec(
        kind=Kind.QA, labels={"en": "question", "zh": "问答"}, asks={},
        shows=("time", "idea"), note_type="card", answer="text", choices=None,
        made_by_default=None, make=_make_qa),
    KindSpec(
        kind=Kind.WHO, labels={"en": "who said it", "zh": "谁说的"},
        asks={"en": "Who said this?", "zh": "这句话是谁说的？"},
        shows=("time", "idea"), note_type="card", answer="speaker", choices="speakers",
        made_by_default=_tells_speakers_apart, make=_make_who,
        made_when={
            "en": "they need three speakers or more sharing the quotes, none with 70 % of them",
            "zh": "需要三位以上说话人分担引语，且没有人占七成以上"}),
    KindSpec(
        kind=Kind.CLOZE, labels={"en": "fill the blank", "zh": "填空"}, asks={},
        shows=("speaker", "time", "idea"), note_type="cloze", answer="text", choices=None,
        made_by_default=None, make=_make_cloze),
    KindSpec(
        kind=Kind.WHEN, labels={"en": "when", "zh": "什么时候"},
        asks={"en": "When does the episode reach “{title}”?", "zh": "节目什么时候讲到「{title}」？"},
        shows=(), note_type="card", answer="time", choices=None,
        made_by_default=_never, make=_make_idea_timed, made_when=_ONLY_LISTED),
    KindSpec(
        kind=Kind.TOPIC, labels={"en": "topic", "zh": "讲什么"},
        asks={"en": "What is discussed at {time}?", "zh": "{time} 在讨论什么？"},
        shows=(), note_type="card", answer="text", choices="titles",
        made_by_default=_never, make=_make_idea_timed, made_when=_ONLY_LISTED),
)}


def made_kinds(content: Content) -> list[Kind]:
    """Return the kinds of card made for `content`: the authored kinds always; of the
    generated ones, those its episode lists, else those that teach by default for it."""
    listed = content.episode.kinds

    def made(spec: KindSpec) -> bool:
        if spec.made_by_default is None:
            return True
        return spec.kind.value in listed if listed is not None else spec.made_by_default(content)

    return [kind for kind, spec in KINDS.items() if made(spec)]


def not_made(contents: Sequence[Content], kinds: Iterable[Kind | str]) -> dict[Kind, str]:
    """Return each of `kinds` that none of `contents` makes, with why not, in their language
    (quiz.wording): a filter of such a kind matches nothing, however the cards are due."""
    words = words_for(contents)
    made = {kind for content in contents for kind in made_kinds(content)}
    listing = all(content.episode.kinds is not None for content in contents)
    why: dict[Kind, str] = {}
    for kind in dict.fromkeys(Kind(k) for k in kinds):
        if kind in made:
            continue
        spec = KINDS[kind]
        reason = (words["kind_not_listed"] if listing else
                  spec.made_when.get(words.language, spec.made_when["en"]))
        why[kind] = words.say("not_made" if len(contents) == 1 else "not_made_any",
                              kind=kind.value, why=reason)
    return why


@paused_gc()
def make_cards(content: Content, kinds: Iterable[Kind | str] | None = None) -> list[Card]:
    """Return the cards of `content` in a stable order: by kind, then as written.

    The kinds made are those of `made_kinds`; with `kinds`, only the cards of those of them.
    """
    wanted = {Kind(k) for k in kinds} if kinds else None
    cards: list[Card] = []
    for kind in made_kinds(content):
        if wanted is None or kind in wanted:
            spec = KINDS[kind]
            cards.extend(spec.make(content, spec))
    return cards


def new_card_order(cards: Sequence[Card]) -> dict[str, int]:
    """Return the place of each card (by id) in the order new cards are first shown.

    Anki shows new cards in that order and keeps apart only the cards of one note, not a qa
    card and the cloze of its quote: the first note of each fact that has other notes comes
    first, then the notes of a fact of their own, then the second note of each fact, and so
    on, each in the order of `cards`, so that siblings are as far apart as the deck allows.
    """
    notes: dict[str, list[tuple[Kind, str]]] = {}  # a fact's notes, in the order of `cards`
    for card in cards:
        fact = notes.setdefault(card.siblings, [])
        if (card.kind, card.note) not in fact:
            fact.append((card.kind, card.note))

    def place(n: int) -> tuple[int, bool, int]:
        fact = notes[cards[n].siblings]
        return fact.index((cards[n].kind, cards[n].note)), len(fact) == 1, n

    return {cards[n].id: at for at, n in enumerate(sorted(range(len(cards)), key=place))}


def count_kinds(cards: Sequence[Card]) -> dict[Kind, int]:
    """Return how many of `cards` are of each kind, in the order of the kinds."""
    counts = Counter(card.kind for card in cards)
    return {kind: counts[kind] for kind in KINDS if counts[kind]}
