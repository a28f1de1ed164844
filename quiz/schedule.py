"""Spaced-repetition scheduling with FSRS: which cards are due, and what a rating does.

The state of one card is an `fsrs.Card`, keyed by our own stable card id (a string);
fsrs's integer `card_id` is derived from that id, never from the clock. Every function
here is pure: the time (`now`, a UTC datetime) and randomness (`rng`) are parameters.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

from .cards import Card
from .kinds import Kind
from .orders import ORDERS
from .times import Seconds

# A rating's name: a key of `quiz stats --format json`, and of the session's wording.
RATING_NAMES = {Rating.Again: "again", Rating.Hard: "hard", Rating.Good: "good",
                Rating.Easy: "easy"}


def fsrs_id(card_id: str) -> int:
    """Return a stable positive 63-bit integer for fsrs, derived from our card id."""
    return int.from_bytes(hashlib.sha1(card_id.encode("utf-8")).digest()[:8], "big") >> 1


def new_state(card_id: str, now: datetime) -> FsrsCard:
    """Return the state of a card never reviewed, due at `now`."""
    return FsrsCard(card_id=fsrs_id(card_id), due=now)


def review(state: FsrsCard, rating: Rating, now: datetime, scheduler: Scheduler,
           duration_ms: int | None = None) -> FsrsCard:
    """Return the state of a card after rating it at `now`; `state` itself is unchanged."""
    return scheduler.review_card(state, rating, now, duration_ms)[0]


def order_cards(cards: Iterable[Card], order: str = "due",
                rng: random.Random | None = None) -> list[Card]:
    """Return `cards` in `order`: as given (`due`), by episode time (`timeline`), or shuffled.

    Timeline order puts cards without a time last, and deals the cards of one moment out
    by kind (a qa card, a who card, a cloze card, …, then the second of each), so that a
    session does not ask every question of a section before any of its quotes.
    """
    listed = list(cards)
    if order == "timeline":
        dealt: dict[tuple[Seconds | None, Kind], int] = {}
        rank = {}
        for card in listed:
            n = rank[card.id] = dealt.get((card.at, card.kind), 0)
            dealt[(card.at, card.kind)] = n + 1
        listed.sort(key=lambda c: (c.at is None, c.at or 0, rank[c.id]))
    elif order == "random":
        (rng or random.Random()).shuffle(listed)
    elif order != "due":
        raise ValueError(f"unknown order {order!r}; choose one of {', '.join(ORDERS)}")
    return listed


def sibling_group(card: Card) -> tuple[str, str]:
    """Return what `card` shares with its siblings, the cards that give each other away:
    the cards of one fact (a quote, or an idea's time), whatever their kind."""
    return card.episode, card.siblings


def spread_siblings(cards: Iterable[Card]) -> list[Card]:
    """Return `cards` in the same order, but for a card that would follow its sibling: the
    next card of another group comes in between (when there is one)."""
    pending = list(cards)
    spread: list[Card] = []
    start = 0
    while start < len(pending):
        if spread and sibling_group(pending[start]) == sibling_group(spread[-1]):
            last = sibling_group(spread[-1])
            other = next((n for n in range(start + 1, len(pending))
                          if sibling_group(pending[n]) != last), None)
            if other is not None:
                pending.insert(start, pending.pop(other))
        spread.append(pending[start])
        start += 1
    return spread


def due_cards(cards: Sequence[Card], states: Mapping[str, FsrsCard], now: datetime,
              new: int = 20, limit: int | None = None, order: str = "due",
              rng: random.Random | None = None,
              buried: Collection[tuple[str, str]] = ()) -> list[Card]:
    """Return the cards to study at `now`: the due ones, then up to `new` never seen.

    Due cards come most overdue first; new ones are picked in episode order (for `due`
    and `timeline`) or at random. At most `limit` cards in all; the most overdue are kept.
    New siblings are buried, as in Anki: at most one new card of a sibling group, and none
    of a group that a chosen due card belongs to, nor of the `buried` groups (those of the
    cards studied today); the others stay new for a later session.
    With `order` other than `due`, the chosen cards are then presented in that order. Two
    siblings are not shown one after the other where another card can come in between.
    """
    rng = rng or random.Random()
    due = sorted((c for c in cards if c.id in states and states[c.id].due <= now),
                 key=lambda c: states[c.id].due)[:limit]
    room = max(new, 0) if limit is None else min(max(new, 0), limit - len(due))
    # New cards follow the episode by default, so a first session mixes the kinds of card
    # section by section instead of asking every qa card first.
    introduce = "timeline" if order == "due" else order
    taken = {*buried, *(sibling_group(c) for c in due)}
    fresh: list[Card] = []
    for card in order_cards((c for c in cards if c.id not in states), introduce, rng):
        if len(fresh) >= room:
            break
        group = sibling_group(card)
        if group not in taken:
            taken.add(group)
            fresh.append(card)
    chosen = due + fresh
    return spread_siblings(chosen if order == "due" else order_cards(chosen, order, rng))


def next_due(states: Mapping[str, FsrsCard], ids: Iterable[str]) -> datetime | None:
    """Return the earliest due time among the cards `ids` that have a state."""
    return min((states[i].due for i in ids if i in states), default=None)


@dataclass(frozen=True, slots=True)
class Stats:
    """The review figures of a set of cards, as `quiz stats` shows them."""

    cards: int
    new: int
    reviews: int
    due_now: int
    due_later: int
    ratings: dict[str, int] = field(default_factory=dict)
    next_due: datetime | None = None

    @property
    def retention(self) -> float | None:
        """Return the share of reviews not rated Again (Hard counts as remembered)."""
        return None if not self.reviews else 1 - self.ratings.get("again", 0) / self.reviews

    def to_dict(self) -> dict[str, object]:
        """Return the stats as `quiz stats --format json` prints them."""
        next_due = None if self.next_due is None else self.next_due.astimezone(UTC).isoformat()
        return {"cards": self.cards, "new": self.new, "reviews": self.reviews,
                "due_now": self.due_now, "due_later": self.due_later, "next_due": next_due,
                "retention": self.retention, "ratings": dict(self.ratings)}


def compute_stats(cards: Iterable[Card], states: Mapping[str, FsrsCard],
                  ratings: Mapping[str, Mapping[int, int]], now: datetime) -> Stats:
    """Return the stats of `cards`, given their states and per-card counts of each rating."""
    ids = {c.id for c in cards}
    seen = [states[i] for i in ids if i in states]
    totals: Counter[str] = Counter({name: 0 for name in RATING_NAMES.values()})
    for card_id in ids & ratings.keys():
        for rating, count in ratings[card_id].items():
            totals[RATING_NAMES[Rating(rating)]] += count
    due_now = sum(1 for s in seen if s.due <= now)
    return Stats(cards=len(ids), new=len(ids) - len(seen), reviews=sum(totals.values()),
                 due_now=due_now, due_later=len(seen) - due_now, ratings=dict(totals),
                 next_due=min((s.due for s in seen), default=None))


def day_start(now: datetime) -> datetime:
    """Return the start of the local day (midnight in the local time zone) of `now`, in UTC:
    from then on, cards first reviewed count against today's new cards."""
    local = now.astimezone()
    return datetime(local.year, local.month, local.day).astimezone().astimezone(UTC)


def new_left(new: int, reviewed_today: Mapping[str, bool], ids: Collection[str]) -> int:
    """Return how many new cards may still be introduced today: `new` a day, less the cards
    of `ids` that were first reviewed today (`reviewed_today` maps a card to whether it was
    new then), never below 0."""
    introduced = sum(1 for card_id, first in reviewed_today.items() if first and card_id in ids)
    return max(0, new - introduced)


def utc_now() -> datetime:
    """Return the current time in UTC (the one place the clock is read, for the CLI)."""
    return datetime.now(UTC)


__all__ = ["ORDERS", "Rating", "Scheduler", "Stats", "compute_stats", "day_start", "due_cards",
           "fsrs_id", "new_left", "new_state", "next_due", "order_cards", "review",
           "sibling_group", "spread_siblings", "utc_now"]
