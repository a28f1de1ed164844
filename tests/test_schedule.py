"""FSRS scheduling with a fixed clock and no fuzz: golden intervals, card choice and stats."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
from fsrs import Rating, Scheduler, State
from hypothesis import given
from hypothesis import strategies as st

from quiz.cards import Card
from quiz.kinds import Kind
from quiz.schedule import (
    compute_stats,
    day_start,
    due_cards,
    fsrs_id,
    new_left,
    new_state,
    next_due,
    order_cards,
    review,
    sibling_group,
    spread_siblings,
)

NOW = datetime(2025, 8, 2, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
def scheduler() -> Scheduler:
    return Scheduler(enable_fuzzing=False)


def card(n: int, at: int | None = None) -> Card:
    return Card(id=f"ep:qa:c{n}", kind=Kind.QA, episode="ep", note=f"c{n}", ordinal=1,
                ask=f"q{n}", answer=f"a{n}", siblings=f"ep:qa:c{n}", at=at)


@pytest.mark.parametrize(("rating", "interval"), [
    (Rating.Again, timedelta(minutes=1)),
    (Rating.Hard, timedelta(minutes=5, seconds=30)),
    (Rating.Good, timedelta(minutes=10)),
    (Rating.Easy, timedelta(days=8)),
])
def test_first_rating_of_a_new_card(scheduler: Scheduler, rating: Rating,
                                    interval: timedelta) -> None:
    after = review(new_state("ep:qa:c1", NOW), rating, NOW, scheduler)
    assert after.due - NOW == interval
    assert after.last_review == NOW


def test_golden_intervals_of_a_card_learned_then_lapsed(scheduler: Scheduler) -> None:
    state, now, seen = new_state("ep:qa:c1", NOW), NOW, []
    for rating in (Rating.Good, Rating.Good, Rating.Good, Rating.Again, Rating.Good):
        state = review(state, rating, now, scheduler)
        seen.append((state.due - now, state.state))
        now = state.due
    assert seen == [
        (timedelta(minutes=10), State.Learning),
        (2 * DAY, State.Review),
        (11 * DAY, State.Review),
        (timedelta(minutes=10), State.Relearning),
        (2 * DAY, State.Review),
    ]


def test_review_leaves_the_given_state_alone(scheduler: Scheduler) -> None:
    before = new_state("ep:qa:c1", NOW)
    copy = before.to_dict()
    review(before, Rating.Good, NOW, scheduler)
    assert before.to_dict() == copy


def test_fsrs_ids_come_from_the_card_id_not_the_clock() -> None:
    assert fsrs_id("ai-infra-42:qa:plumber") == fsrs_id("ai-infra-42:qa:plumber")
    assert fsrs_id("ai-infra-42:qa:plumber") != fsrs_id("ai-infra-42:qa:plumbers")
    assert 0 < fsrs_id("x") < 2**63
    assert new_state("x", NOW).card_id == fsrs_id("x")
    assert new_state("x", NOW).due == NOW


def states_for(due: dict[int, timedelta]) -> dict[str, object]:
    """Return states of the cards numbered in `due`, each due at NOW plus its offset."""
    out = {}
    for n, offset in due.items():
        state = new_state(card(n).id, NOW)
        state.due = NOW + offset
        out[card(n).id] = state
    return out


def ids(cards: list[Card]) -> list[str]:
    return [c.id.rsplit(":", 1)[1] for c in cards]


def test_due_cards_most_overdue_first_then_new_ones() -> None:
    cards = [card(n) for n in range(6)]
    states = states_for({0: -DAY, 1: -3 * DAY, 2: DAY, 3: timedelta(0)})
    assert ids(due_cards(cards, states, NOW)) == ["c1", "c0", "c3", "c4", "c5"]
    assert ids(due_cards(cards, states, NOW, new=1)) == ["c1", "c0", "c3", "c4"]
    assert ids(due_cards(cards, states, NOW, new=0)) == ["c1", "c0", "c3"]
    assert ids(due_cards(cards, states, NOW, limit=2)) == ["c1", "c0"]
    assert ids(due_cards(cards, states, NOW + 2 * DAY, new=0)) == ["c1", "c0", "c3", "c2"]


def test_timeline_order_is_by_time_with_untimed_cards_last() -> None:
    cards = [card(0, 300), card(1), card(2, 100), card(3, 300), card(4)]
    assert ids(order_cards(cards, "timeline")) == ["c2", "c0", "c3", "c1", "c4"]
    # The new cards are the earliest in the episode; all are shown in episode order.
    states = states_for({0: -DAY})
    assert ids(due_cards(cards, states, NOW, new=2, order="timeline")) == ["c2", "c0", "c3"]


def test_new_cards_follow_the_episode_after_the_due_ones() -> None:
    cards = [card(0, 300), card(1), card(2, 100), card(3, 300), card(4, 50)]
    states = states_for({0: -DAY, 3: -2 * DAY})
    assert ids(due_cards(cards, states, NOW, new=2)) == ["c3", "c0", "c4", "c2"]


def test_timeline_order_deals_the_kinds_of_one_moment_in_turn() -> None:
    qa = [card(n, 60) for n in range(3)]
    who = [Card(id=f"ep:who:w{n}", kind=Kind.WHO, episode="ep", note=f"w{n}", ordinal=1,
                ask="who?", answer="Ann", siblings=f"quote:w{n}", at=60) for n in range(2)]
    assert ids(order_cards([*qa, *who, card(9, 30)], "timeline")) == [
        "c9", "c0", "w0", "c1", "w1", "c2"]


def test_random_order_is_reproducible_with_a_seed() -> None:
    cards = [card(n) for n in range(30)]
    first = due_cards(cards, {}, NOW, new=10, order="random", rng=random.Random(7))
    again = due_cards(cards, {}, NOW, new=10, order="random", rng=random.Random(7))
    other = due_cards(cards, {}, NOW, new=10, order="random", rng=random.Random(8))
    assert first == again and len(first) == 10
    assert first != other
    assert ids(first) != ids(cards[:10])


def test_an_unknown_order_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown order 'sideways'"):
        order_cards([card(1)], "sideways")


@given(due=st.dictionaries(st.integers(0, 19), st.integers(-5, 5), max_size=20),
       new=st.integers(0, 25), limit=st.none() | st.integers(1, 25),
       order=st.sampled_from(["due", "timeline", "random"]), seed=st.integers(0, 9))
def test_due_cards_properties(due: dict[int, int], new: int, limit: int | None, order: str,
                              seed: int) -> None:
    cards = [card(n, at=(n * 37) % 11 or None) for n in range(20)]
    states = states_for({n: d * DAY for n, d in due.items()})
    chosen = due_cards(cards, states, NOW, new=new, limit=limit, order=order,
                       rng=random.Random(seed))
    chosen_ids = [c.id for c in chosen]
    assert len(chosen_ids) == len(set(chosen_ids))
    due_now = {c.id for c in cards if c.id in states and states[c.id].due <= NOW}
    fresh = [i for i in chosen_ids if i not in states]
    assert all(i in due_now for i in chosen_ids if i in states)
    assert len(fresh) <= new
    assert limit is None or len(chosen) <= limit
    wanted = min(len(due_now) + min(new, 20 - len(states)), limit or 99)
    assert len(chosen) == wanted
    if order == "due":
        assert chosen_ids[:len(chosen) - len(fresh)] == [i for i in chosen_ids if i in states]


def quoted(kind: Kind, note: str, n: int = 1, at: int | None = None) -> Card:
    """Return a card of `kind` on the quote or idea `note`, numbered `n` among its cloze."""
    fact = f"quote:{note}" if kind in (Kind.WHO, Kind.CLOZE) else f"idea:{note}"
    return Card(id=f"ep:{kind.value}:{note}:{n}", kind=kind, episode="ep", note=note,
                ordinal=n, ask="?", answer="!", siblings=fact, at=at)


def test_sibling_groups() -> None:
    cloze1, cloze2, who = (quoted(Kind.CLOZE, "q1", 1), quoted(Kind.CLOZE, "q1", 2),
                           quoted(Kind.WHO, "q1"))
    when, topic = quoted(Kind.WHEN, "i1"), quoted(Kind.TOPIC, "i1")
    assert sibling_group(cloze1) == sibling_group(cloze2) == sibling_group(who)
    assert sibling_group(when) == sibling_group(topic) != sibling_group(quoted(Kind.WHEN, "i2"))
    assert sibling_group(quoted(Kind.WHEN, "q1")) != sibling_group(who)  # an idea, not a quote
    assert sibling_group(card(1)) != sibling_group(card(2))
    other = Card(id="ep2:who:q1", kind=Kind.WHO, episode="ep2", note="q1", ordinal=1, ask="?",
                 answer="!", siblings="quote:q1")
    assert sibling_group(other) != sibling_group(who)  # another episode's quote


def test_new_siblings_are_buried() -> None:
    cards = [quoted(Kind.WHO, "q1", at=5), quoted(Kind.CLOZE, "q1", 1, at=5),
             quoted(Kind.CLOZE, "q1", 2, at=5), quoted(Kind.CLOZE, "q2", 1, at=9),
             quoted(Kind.WHEN, "i1", at=1), quoted(Kind.TOPIC, "i1", at=1), card(0, at=3),
             card(1, at=3)]
    chosen = due_cards(cards, {}, NOW, new=20)
    assert [c.id for c in chosen] == ["ep:when:i1:1", "ep:qa:c0", "ep:qa:c1", "ep:who:q1:1",
                                      "ep:cloze:q2:1"]
    assert len(due_cards(cards, {}, NOW, new=3)) == 3
    randomly = due_cards(cards, {}, NOW, new=20, order="random", rng=random.Random(2))
    assert len({sibling_group(c) for c in randomly}) == len(randomly) == 5
    # A due card buries its new siblings too.
    states = {cards[1].id: new_state(cards[1].id, NOW - DAY)}
    chosen = due_cards(cards, states, NOW, new=20)
    assert [c.id for c in chosen][:2] == ["ep:cloze:q1:1", "ep:when:i1:1"]
    assert not {"ep:who:q1:1", "ep:cloze:q1:2"} & {c.id for c in chosen}


def test_due_siblings_are_not_buried_but_kept_apart() -> None:
    cards = [quoted(Kind.CLOZE, "q1", 1), quoted(Kind.CLOZE, "q1", 2), quoted(Kind.WHO, "q1"),
             card(0), card(1)]
    states = {c.id: new_state(c.id, NOW - (5 - n) * DAY) for n, c in enumerate(cards)}
    chosen = due_cards(cards, states, NOW, new=0)
    assert [c.id for c in chosen] == ["ep:cloze:q1:1", "ep:qa:c0", "ep:cloze:q1:2", "ep:qa:c1",
                                      "ep:who:q1:1"]


@given(st.lists(st.sampled_from(["a", "b", "c"]), max_size=12))
def test_spread_siblings_keeps_siblings_apart_where_it_can(notes: list[str]) -> None:
    cards = [quoted(Kind.CLOZE, note, n) for n, note in enumerate(notes)]
    spread = spread_siblings(cards)
    assert sorted(c.id for c in spread) == sorted(c.id for c in cards)
    for n in range(len(spread) - 1):
        if spread[n].note == spread[n + 1].note:  # only when nothing else is left
            assert {c.note for c in spread[n:]} == {spread[n].note}


@pytest.mark.parametrize(("zone", "now", "start"), [
    ("UTC", NOW, datetime(2025, 8, 2, tzinfo=UTC)),
    ("Asia/Shanghai", NOW, datetime(2025, 8, 1, 16, tzinfo=UTC)),  # 20:00 there
    ("Asia/Shanghai", NOW + timedelta(hours=4), datetime(2025, 8, 2, 16, tzinfo=UTC)),
    ("America/New_York", NOW, datetime(2025, 8, 2, 4, tzinfo=UTC)),  # summer time
    ("America/New_York", datetime(2025, 1, 2, 3, tzinfo=UTC), datetime(2025, 1, 1, 5, tzinfo=UTC)),
])
def test_day_start_is_local_midnight(monkeypatch: pytest.MonkeyPatch, zone: str,
                                     now: datetime, start: datetime) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        assert day_start(now) == start
    finally:
        monkeypatch.undo()
        time.tzset()


def test_new_left_subtracts_the_cards_introduced_today() -> None:
    today = {"a": True, "b": False, "c": True, "x": True}  # x: another episode's card
    assert new_left(20, today, {"a", "b", "c", "d"}) == 18
    assert new_left(2, today, {"a", "b", "c"}) == 0
    assert new_left(1, today, {"a", "c"}) == 0  # never below 0
    assert new_left(5, {}, {"a"}) == 5


def test_next_due_is_the_earliest_of_the_given_cards() -> None:
    states = states_for({0: DAY, 1: 2 * DAY, 2: timedelta(hours=1)})
    assert next_due(states, [card(0).id, card(1).id]) == NOW + DAY
    assert next_due(states, [card(2).id, card(5).id]) == NOW + timedelta(hours=1)
    assert next_due(states, [card(5).id]) is None


def test_stats_count_the_given_cards_only() -> None:
    cards = [card(n) for n in range(5)]
    states = states_for({0: -DAY, 1: DAY, 2: 2 * DAY, 9: -DAY})
    ratings = {card(0).id: {1: 2, 3: 1}, card(1).id: {2: 1, 4: 1}, card(9).id: {1: 5}}
    stats = compute_stats(cards, states, ratings, NOW)
    assert stats.to_dict() == {
        "cards": 5, "new": 2, "reviews": 5, "due_now": 1, "due_later": 2,
        "next_due": "2025-08-01T12:00:00+00:00", "retention": 0.6,
        "ratings": {"again": 2, "hard": 1, "good": 1, "easy": 1},
    }
    # A stable order, as the README documents them.
    assert list(stats.to_dict()) == ["cards", "new", "reviews", "due_now", "due_later",
                                     "next_due", "retention", "ratings"]


def test_stats_json_gives_the_next_due_time_in_utc() -> None:
    """`next_due` is the ISO 8601 UTC time the next card is due, or null; it was left
    out of the JSON before."""
    cards = [card(n) for n in range(3)]
    states = states_for({1: DAY, 2: timedelta(minutes=10)})
    east = timezone(timedelta(hours=8))
    states[card(2).id].due = states[card(2).id].due.astimezone(east)  # the same instant
    stats = compute_stats(cards, states, {}, NOW)
    assert stats.to_dict()["next_due"] == "2025-08-02T12:10:00+00:00"
    assert compute_stats(cards, {}, {}, NOW).to_dict()["next_due"] is None


def test_stats_before_any_review() -> None:
    stats = compute_stats([card(1)], {}, {}, NOW)
    assert stats.to_dict() == {
        "cards": 1, "new": 1, "reviews": 0, "due_now": 0, "due_later": 0, "next_due": None,
        "retention": None, "ratings": {"again": 0, "hard": 0, "good": 0, "easy": 0},
    }
