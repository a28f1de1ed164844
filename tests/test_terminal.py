"""What the tool prints on a terminal: the listings and the stats, laid out by width."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quiz.cards import Card
from quiz.kinds import Kind
from quiz.schedule import compute_stats, new_state, review
from quiz.terminal import render_stats
from quiz.wording import Words

NOW = datetime(2025, 8, 2, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def card(n: int) -> Card:
    return Card(id=f"ep:qa:{n}", kind=Kind.QA, episode="ep", note=str(n), ordinal=1,
                ask=f"q{n}", answer=f"a{n}", siblings=f"ep:qa:{n}")


def states_for(offsets: dict[int, timedelta]):  # type: ignore[no-untyped-def]
    from fsrs import Rating, Scheduler

    scheduler = Scheduler(enable_fuzzing=False)
    states = {}
    for n, offset in offsets.items():
        state = review(new_state(card(n).id, NOW), Rating.Good, NOW, scheduler)
        state.due = NOW + offset
        states[card(n).id] = state
    return states


ENGLISH = Words("en")


def lines(stats, words: Words = ENGLISH) -> list[str]:  # type: ignore[no-untyped-def]
    return render_stats(stats, NOW, Path("/nowhere/state.sqlite3"), words)


def test_stats_text_says_when_the_next_card_is_due(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        cards = [card(n) for n in range(3)]
        later = compute_stats(cards, states_for({1: DAY, 2: timedelta(minutes=10)}), {}, NOW)
        assert later.next_due == NOW + timedelta(minutes=10)
        assert "next due   in 10 min (12:10)" in lines(later)
        assert "next due   in 1 day (2025-08-03 12:00)" in lines(compute_stats(
            cards, states_for({1: DAY}), {}, NOW))
        now = compute_stats(cards, states_for({1: -DAY, 2: DAY}), {}, NOW)
        assert "next due      now" in lines(now)
        assert "next due        -" in lines(compute_stats(cards, {}, {}, NOW))
    finally:
        monkeypatch.undo()
        time.tzset()


def test_stats_before_any_review_and_in_chinese() -> None:
    stats = compute_stats([card(1)], {}, {}, NOW)
    assert "retention       -  (share of reviews not rated Again)" in lines(stats)
    chinese = lines(stats, Words("zh"))
    assert chinese[0] == "卡片           1" and "记住率" in chinese[6]
    assert chinese[-1] == "状态文件  /nowhere/state.sqlite3  （尚未创建）"
