"""The quiz session without a terminal: scripted input lines, a fixed clock, a seeded rng."""

from __future__ import annotations

import random
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
import pytest
from fsrs import Rating, Scheduler
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import seed_of_every_kind

from quiz.cards import Card, make_cards
from quiz.content import parse_content
from quiz.errors import DiskFull
from quiz.kinds import Kind
from quiz.layout import display_width
from quiz.model import Content
from quiz.session import (
    AGAIN_GAP,
    Session,
    Summary,
    join_parts,
    language_of,
    make_question,
    run_quiz,
    select_cards,
)
from quiz.state import StateDB, read_snapshot, record_review

NOW = datetime(2025, 8, 2, 12, 0, tzinfo=UTC)


def every_kind() -> Content:
    """The seed episode, making every kind of card."""
    return parse_content(seed_of_every_kind().encode(), "content.yaml")


def count_reviews(db: StateDB) -> int:
    return int(db.conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])

EPISODE = """\
episode: {id: ep, title: Small talk, language: en, kinds: [who, when, topic]}
speakers:
  - {id: ann, name: Ann, aliases: [Annie], role: host}
  - {id: bob, name: Bob}
  - {id: cy, name: Cy}
ideas:
  - id: pipes
    at: "4:12"
    title: Pipes and plumbers
    cards:
      - {id: trade, q: What trade is infrastructure like?, a: plumbing, accept: [plumber]}
      - {id: color, q: What colour are the pipes?, a: green}
      - {id: count, q: How many pipes?, a: "12"}
  - {id: rockets, at: "10:00", title: Building rockets}
  - {id: money, at: "20:00", title: Making money}
quotes:
  - {id: q1, by: bob, at: "5:01", text: It is like the plumber of the internet., cloze: [plumber]}
"""


class Clock:
    """A clock that moves on five seconds each time it is read."""

    def __init__(self, start: datetime = NOW) -> None:
        self.time = start

    def __call__(self) -> datetime:
        self.time += timedelta(seconds=5)
        return self.time


class Script:
    """Input lines to read (KeyboardInterrupt raises it), and every text written."""

    def __init__(self, *lines: object) -> None:
        self.lines = list(lines)
        self.out: list[str] = []

    def read(self, prompt: str) -> str:
        self.out.append(prompt)
        if not self.lines:
            raise EOFError
        line = self.lines.pop(0)
        if line is KeyboardInterrupt:
            raise KeyboardInterrupt
        assert isinstance(line, str)
        self.out.append(line)
        return line

    @property
    def text(self) -> str:
        return "\n".join(self.out)

    def asked(self) -> list[str]:
        """Return the questions shown, in order."""
        return [self.out[n + 1] for n, line in enumerate(self.out) if line.startswith("── ")]


@pytest.fixture
def content() -> Content:
    return parse_content(EPISODE.encode(), "ep.yaml")


@pytest.fixture
def qa(content: Content) -> list[Card]:
    return make_cards(content, ["qa"])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StateDB]:
    with StateDB(tmp_path / "state.sqlite3") as db:
        yield db


def session(cards: list[Card], script: Script, store: StateDB | None = None,
            content: Content | None = None, **options: object) -> Session:
    contents = {content.episode.id: content} if content else {}
    states = store.load() if store else {}
    return Session(cards, script.read, script.out.append, Clock(), random.Random(1), contents,
                   store, states, Scheduler(enable_fuzzing=False), **options)  # type: ignore[arg-type]


# -- questions and grading -------------------------------------------------------------------

def test_who_is_multiple_choice_among_the_episode_speakers(content: Content) -> None:
    card = make_cards(content, ["who"])[0]
    question = make_question(card, content, random.Random(3))
    assert sorted(question.choices) == ["Ann", "Bob", "Cy"]
    assert question.choices[question.correct] == "Bob"
    assert question.grade(str(question.correct + 1)).rating == Rating.Good
    assert question.grade("bob").rating == Rating.Good
    wrong = next(n for n, c in enumerate(question.choices, 1) if c == "Ann")
    assert question.grade(str(wrong)).rating == Rating.Again
    assert question.grade("Annie").rating == Rating.Again
    assert make_question(card, content, random.Random(3)) == question


def test_who_with_one_speaker_is_typed() -> None:
    one = parse_content(textwrap.dedent("""\
        episode: {id: solo, title: Solo, kinds: [who]}
        speakers: [{id: ann, name: Ann, aliases: [Annie], role: host}]
        quotes: [{id: q, by: ann, text: Hello there.}]
        """).encode(), "solo.yaml")
    question = make_question(make_cards(one, ["who"])[0], one, random.Random(1))
    assert question.choices == ()
    assert question.grade("annie").rating == Rating.Good
    assert question.grade("Ann").rating == Rating.Good
    assert question.grade("Bob").rating == Rating.Again


def test_topic_offers_four_idea_titles_at_most(content: Content) -> None:
    card = make_cards(content, ["topic"])[1]
    question = make_question(card, content, random.Random(5))
    assert sorted(question.choices) == ["Building rockets", "Making money", "Pipes and plumbers"]
    assert question.grade("building rockets").rating == Rating.Good
    seed = every_kind()
    question = make_question(make_cards(seed, ["topic"])[0], seed, random.Random(5))
    assert len(question.choices) == 4 and len(set(question.choices)) == 4
    assert question.choices[question.correct] == seed.ideas[0].title


def test_typed_cards_are_graded_by_kind(content: Content) -> None:
    rng = random.Random(1)
    by_kind = {card.kind: card for card in reversed(make_cards(content))}  # first of each
    assert make_question(by_kind[Kind.QA], content, rng).grade("plumber").rating == Rating.Good
    assert make_question(by_kind[Kind.QA], content, rng).grade("plumbin").rating == Rating.Hard
    cloze = make_question(by_kind[Kind.CLOZE], content, rng)
    assert cloze.grade("Plumber").rating == Rating.Good
    when = make_question(by_kind[Kind.WHEN], content, rng)
    assert when.choices == ()
    assert when.grade("4:40").rating == Rating.Good
    assert when.grade("4:50").rating == Rating.Again


# -- the session with a state --------------------------------------------------------------

def test_right_answers_are_recorded_as_good(qa: list[Card], store: StateDB) -> None:
    script = Script("plumbing", "", "green", "", "12", "")
    summary = session(qa, script, store).run()
    assert (summary.answered, summary.right, summary.wrong, summary.cards) == (3, 3, 0, 3)
    assert store.rating_counts() == {c.id: {3: 1} for c in qa}
    assert summary.next_due == NOW + timedelta(seconds=10 + 10 * 60)
    assert "✓ Right" in script.text and "Good · next in 10 min" in script.text


def test_enter_takes_the_suggestion_and_digits_override_it(qa: list[Card],
                                                            store: StateDB) -> None:
    script = Script("plumbin", "", "", "3", "12", "4")
    session(qa, script, store).run()
    counts = store.rating_counts()
    assert [counts[c.id] for c in qa] == [{2: 1}, {3: 1}, {4: 1}]
    assert "≈ Nearly (one letter off: 'plumbin' vs 'plumbing')" in script.text
    assert "Enter = Again · 1 Again" in script.text  # an empty answer suggests Again


def test_a_card_rated_again_comes_back_later(content: Content, store: StateDB) -> None:
    cards = make_cards(content, ["qa", "when"])
    assert len(cards) == AGAIN_GAP + 3
    script = Script("wrong", "", *["", "3"] * AGAIN_GAP, "plumbing", "", *["", "3"] * 2)
    summary = session(cards, script, store).run()
    asked = script.asked()
    assert asked[0] == asked[AGAIN_GAP + 1] == "What trade is infrastructure like?"
    assert len(asked) == AGAIN_GAP + 4
    assert (summary.answered, summary.right, summary.wrong, summary.cards) == (7, 6, 1, 6)
    assert store.rating_counts()[cards[0].id] == {1: 1, 3: 1}
    assert "1/6 · question · again" in script.text
    assert script.text.count("Again · back in a few cards") == 1


def test_undo_takes_back_the_last_rating_and_asks_again(qa: list[Card],
                                                        store: StateDB) -> None:
    script = Script("nope", "", ":u", "plumbing", "", "green", "", ":u", ":u", "plumbing", "4")
    summary = session(qa, script, store).run()
    a, b, c = (card.ask for card in qa)
    assert script.asked() == [a, b, a, b, c, b, a, b]
    assert store.rating_counts() == {qa[0].id: {4: 1}}
    assert (summary.answered, summary.right, summary.wrong, summary.cards) == (1, 1, 0, 1)
    assert script.text.count("↶ took back") == 3


def test_undoing_again_cancels_the_comeback(qa: list[Card], store: StateDB) -> None:
    script = Script("nope", "", ":u", "plumbing", "", "green", "", "12", "")
    session(qa, script, store).run()
    a, b, c = (card.ask for card in qa)
    assert script.asked() == [a, b, a, b, c]


def test_undo_of_an_again_card_asked_right_back(qa: list[Card], store: StateDB) -> None:
    script = Script("nope", "", ":u", "plumbing", "")
    summary = session(qa[:1], script, store).run()
    assert script.asked() == [qa[0].ask] * 3
    assert store.rating_counts() == {qa[0].id: {3: 1}}
    assert (summary.answered, summary.cards) == (1, 1)


def test_a_full_disk_ends_the_session_in_its_language(store: StateDB) -> None:
    """The rating that the disk has no room for is not saved, and the session says so in the
    episode's language (the disk is made full with SQLite's max_page_count, as in
    tests/test_state.py: a card id too long for the pages left)."""
    card = Card(id="ep:qa:" + "x" * 8000, kind=Kind.QA, episode="ep", note="x", ordinal=1,
                ask="基础设施像什么？", answer="水管", siblings="ep:qa:x")
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFull) as caught:
        session([card], Script("水管", ""), store, language="zh").run()
    assert str(caught.value) == (f"磁盘已满：这次回答的评分没有保存到 {store.path}（之前的都已保存）。"
                                 "请腾出空间后再试。")
    assert store.rating_counts() == {}


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["plumbing", "green", "", "", "1", "2", "4", ":u", ":u", "x"]),
                max_size=40))
def test_any_mix_of_answers_ratings_and_undos_keeps_state_and_summary_in_step(
        content: Content, lines: list[str]) -> None:
    cards = make_cards(content, ["qa"])
    with tempfile.TemporaryDirectory() as tmp, StateDB(Path(tmp) / "s.db") as db:
        states = db.load()
        run = Session(cards, Script(*lines).read, lambda text: None, Clock(), random.Random(1),
                      {}, db, states, Scheduler(enable_fuzzing=False))
        summary = run.run()
        stored = db.load()
        counts = db.rating_counts()
        assert count_reviews(db) == summary.answered == summary.right + summary.wrong
    assert summary.wrong == sum(c.get(1, 0) for c in counts.values())
    assert {k: v.to_dict() for k, v in stored.items()} == {k: v.to_dict() for k, v in states.items()}
    assert summary.cards == len(stored) <= len(cards)


def test_undo_before_any_rating_says_so(qa: list[Card], store: StateDB) -> None:
    script = Script(":u", "plumbing", ":u", "")
    session(qa, script, store).run()
    assert script.text.count("Nothing to take back yet.") == 2
    assert store.rating_counts() == {qa[0].id: {3: 1}}


def test_undo_at_the_rating_prompt(qa: list[Card], store: StateDB) -> None:
    script = Script("plumbing", "", "green", ":u")
    session(qa, script, store).run()
    assert count_reviews(store) == 0
    assert script.asked() == [qa[0].ask, qa[1].ask, qa[0].ask]


def test_two_sessions_rating_one_card_build_on_each_other(qa: list[Card],
                                                           tmp_path: Path) -> None:
    """Both sessions loaded the card as new; the second rating must build on the first
    (two Goods: about 2 days), not on what the second session read when it started."""
    path = tmp_path / "state.sqlite3"
    with StateDB(path) as mine, StateDB(path) as theirs:
        first = session(qa[:1], Script("", "3"), mine)
        second = session(qa[:1], Script("", "3"), theirs)
        first.run()
        second.run()
        assert count_reviews(mine) == 2
    stored = read_snapshot(path).states[qa[0].id]
    assert stored.due >= NOW + timedelta(days=1)
    assert second.states[qa[0].id].to_dict() == stored.to_dict()


def test_undo_after_another_session_rated_keeps_its_state(qa: list[Card],
                                                          tmp_path: Path) -> None:
    """Taking back a rating that another session has built on keeps that session's state,
    in the file and in the session's own view of it."""
    path = tmp_path / "state.sqlite3"
    with StateDB(path) as mine, StateDB(path) as theirs:
        other = session(qa[:1], Script("", "3"), theirs)
        lines = ["", "3", ":u", ":q"]

        def read(prompt: str) -> str:
            if lines[0] == ":u":  # the other session rates the card in between
                other.run()
            return lines.pop(0)

        first = Session(qa[:2], read, lambda text: None, Clock(), random.Random(1), {}, mine,
                        mine.load(), Scheduler(enable_fuzzing=False))
        first.run()
        assert mine.rating_counts() == {qa[0].id: {3: 1}}
    stored = read_snapshot(path).states[qa[0].id]
    assert stored.to_dict() == other.states[qa[0].id].to_dict()
    assert first.states[qa[0].id].to_dict() == stored.to_dict()


@pytest.mark.parametrize("stop", [":q", " :Q ", KeyboardInterrupt, None])
def test_quitting_keeps_every_rating_given(qa: list[Card], store: StateDB,
                                           stop: object) -> None:
    lines = ["plumbing", "", "green", ""] + ([stop] if stop is not None else [])
    script = Script(*lines)
    summary = session(qa, script, store).run()
    assert count_reviews(store) == 2
    assert (summary.answered, summary.cards) == (2, 2)
    assert script.asked() == [qa[0].ask, qa[1].ask, qa[2].ask]


def test_quitting_says_how_many_cards_were_not_rated(qa: list[Card], store: StateDB) -> None:
    summary = session(qa, Script("plumbing", "", ":q"), store).run()
    assert summary.left == len(qa) - 1
    assert f"Not rated: {len(qa) - 1} cards, kept for the next session." in summary.lines(
        datetime.now(UTC))
    finished = session(qa[:1], Script("plumbing", ""), store).run()
    assert finished.left == 0 and not any("Not rated" in line
                                          for line in finished.lines(datetime.now(UTC)))
    # a card answered but quit at its rating is among them, as the line before says
    unrated = session(qa, Script("plumbing", "", "green", ":q"), store).run()
    assert (unrated.unrated, unrated.left) == (True, len(qa) - 1)


def test_quit_at_the_rating_prompt_does_not_rate(qa: list[Card], store: StateDB) -> None:
    script = Script("plumbing", ":q")
    assert session(qa, script, store).run().answered == 0
    assert count_reviews(store) == 0


def test_a_bad_rating_is_asked_again(qa: list[Card], store: StateDB) -> None:
    script = Script("plumbing", "7", "hard")
    session(qa, script, store).run()
    assert ("Type 1, 2, 3 or 4, or press Enter for Good; :u takes back the last rating, :q "
            "quits.") in " ".join(script.text.split())  # wrapped to the terminal's width
    assert store.rating_counts() == {qa[0].id: {2: 1}}


def test_full_width_commands_and_digits_are_read_as_typed_half_width(
        qa: list[Card], store: StateDB) -> None:
    # what a Chinese input method types: a full-width colon, letters and digits
    script = Script("plumbing", "３", "green", "：ｕ", "x", "４", "green", "２", "：Q")
    summary = session(qa, script, store).run()
    assert "↶ took back Good" in script.text  # the first card's 3, taken back and asked again
    assert store.rating_counts() == {qa[0].id: {4: 1}, qa[1].id: {2: 1}}
    assert summary.answered == 2 and not summary.unrated


@pytest.mark.parametrize("prompt", ["answer", "rating"])
def test_an_unknown_command_is_refused_not_graded(qa: list[Card], store: StateDB,
                                                 prompt: str) -> None:
    lines = [":h", "plumbing", ""] if prompt == "answer" else ["plumbing", "：help", ""]
    script = Script(*lines)
    session(qa, script, store).run()
    assert ("Unknown command ':help'. :u takes back the last rating, :q quits." if prompt ==
            "rating" else "Unknown command ':h'") in " ".join(script.text.split())
    assert "Wrong" not in script.text
    assert store.rating_counts() == {qa[0].id: {3: 1}}


def test_input_ending_at_the_rating_prompt_says_the_answer_was_not_rated(
        qa: list[Card], store: StateDB) -> None:
    script = Script("plumbing")
    summary = session(qa, script, store).run()
    assert summary.lines(NOW) == ["No rating given: the answer was not rated, so nothing was "
                                  "saved."]
    script = Script("plumbing", "", "green")
    assert session(qa, script, store).run().lines(NOW)[:2] == [
        "1 card: 1 right, 0 wrong.", "The last answer was not rated, and not saved."]
    assert count_reviews(store) == 1


def test_multiple_choice_by_number(content: Content, store: StateDB) -> None:
    cards = make_cards(content, ["topic"])[:1]
    script = Script("9", "", ":q")
    session(cards, script, store, content).run()
    assert "number or title · Enter to reveal · :u undo · :q quit" in script.text
    assert "› \n9\nchoose 1 to 3\n› \n\nRevealed" in script.text  # asked again, not graded
    lines = [line for line in script.out if line[:4] in ("  1.", "  2.", "  3.")][:3]
    assert sorted(line[5:] for line in lines) == sorted(i.title for i in content.ideas)


def test_an_unreadable_time_is_asked_again(content: Content, store: StateDB) -> None:
    cards = make_cards(content, ["when"])[:1]  # Pipes and plumbers, at 4:12
    script = Script("252", "4分12秒", "")
    session(cards, script, store).run()
    assert script.text.count("write a time like 4:12") == 1
    assert "› \n4分12秒\n✓ Right" in script.text
    assert store.rating_counts() == {cards[0].id: {3: 1}}


def test_the_back_shows_the_answer_and_its_context(content: Content) -> None:
    cloze = make_cards(content, ["cloze"])
    script = Script("", "")
    session(cloze, script).run()
    text = script.text
    assert "It is like the [...] of the internet." in text
    assert "Revealed" in text
    assert "  plumber\n  It is like the [plumber] of the internet.\n  Bob · 05:01 · Pipes and" in text


def test_the_cloze_back_highlights_the_phrase(content: Content) -> None:
    cloze = make_cards(content, ["cloze"])
    script = Script("", "")
    session(cloze, script, style=click.style, width=30).run()
    # The quote is not dimmed; the phrase stands out, across a line break too.
    assert (f"  It is like the {click.style('plumber', fg='yellow', bold=True)} of"
            in script.out)
    assert "  the internet." in script.out
    long = Card(id="ep:cloze:x:1", kind=Kind.CLOZE, episode="ep", note="x", ordinal=1, ask="",
                text="Build the very big rocket and sell.", blank="very big rocket",
                answer="very big rocket", siblings="quote:x",
                details="Build the very big rocket and sell.")
    script = Script("", "")
    session([long], script, style=click.style, width=18).run()
    phrase = click.style("very", fg="yellow", bold=True)
    assert script.out[10:13] == [f"  Build the {phrase}",
                                 f"  {click.style('big rocket', fg='yellow', bold=True)} and",
                                 "  sell."]
    assert "\x01" not in script.text and "\x02" not in script.text


def test_the_summary_reads_naturally() -> None:
    summary = Summary(answered=13, right=9, wrong=4, cards=12,
                      next_due=NOW + timedelta(minutes=10))
    assert summary.lines(NOW)[0] == "12 cards, 13 answers: 9 right, 4 wrong."
    assert re.fullmatch(r"Next due: in 10 min \(\d\d:\d\d\)\.", summary.lines(NOW)[1])
    assert Summary(answered=1, right=1, cards=1).lines(NOW) == ["1 card: 1 right, 0 wrong."]
    assert Summary(next_due=NOW).lines(NOW) == ["No answers given."]
    assert Summary(cram=True).lines(NOW) == ["No answers given."]


def test_cram_records_nothing(qa: list[Card]) -> None:
    script = Script("wrong", "", "green", "", "12", "", "plumbing", "")
    summary = session(qa, script).run()
    assert summary.cram and summary.next_due is None
    assert (summary.answered, summary.right, summary.wrong) == (4, 3, 1)
    assert "Cram session: the schedule was not changed." in summary.lines(NOW)


def test_the_core_runs_without_click() -> None:
    code = ("import sys, quiz.session, quiz.state, quiz.schedule;"
            " print(sorted(m for m in sys.modules if m.split('.')[0] == 'click'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_colour_only_when_asked(qa: list[Card]) -> None:
    plain, coloured = Script("plumbing", ""), Script("plumbing", "")
    session(qa, plain).run()
    session(qa, coloured, style=click.style).run()
    assert "\x1b[" not in plain.text
    assert "\x1b[32m\x1b[1m✓ Right" in coloured.text


# -- run_quiz: selection, state and summary ----------------------------------------------------

def run(tmp_path: Path, *lines: str, state: bool = True, start: datetime = NOW,
        **options: object) -> Script:
    script = Script(*lines)
    options.setdefault("width", 200)  # a message on one line
    run_quiz([every_kind()], read=script.read, write=script.out.append, now=Clock(start),
             rng=random.Random(4), state=tmp_path / "s.db" if state else None,
             scheduler=Scheduler(enable_fuzzing=False), **options)  # type: ignore[arg-type]
    return script


def test_run_quiz_studies_new_cards_then_nothing_is_due(tmp_path: Path) -> None:
    script = run(tmp_path, *["", "3"] * 3, kinds=["qa"], new=3)
    assert "3 张卡片：对 3 次，错 0 次。" in script.out
    assert "下次到期：10 分钟后（" in script.text
    assert read_snapshot(tmp_path / "s.db").ratings.keys() == {
        "ai-infra-42:qa:definition-middle", "ai-infra-42:qa:application-layer-infra",
        "ai-infra-42:qa:plumber-meaning"}
    script = run(tmp_path, kinds=["qa"], new=0)
    assert re.fullmatch(r"现在没有到期的卡片；下次到期：10 分钟后（\d\d:\d\d）。27 张新卡片在等："
                        r"调高 --new 即可学习。", script.out[0]), script.out


def test_run_quiz_cram_touches_no_file(tmp_path: Path) -> None:
    script = run(tmp_path, "", "", state=False, idea="what-is-ai-infra", kinds=["qa"])
    assert not (tmp_path / "s.db").exists()
    assert "突击复习：复习计划没有改动。" in script.out


def test_select_cards_by_kind_and_idea() -> None:
    seed = every_kind()
    cards = select_cards([seed], ["cloze", "who"], "what-is-ai-infra")
    assert cards and {c.kind for c in cards} == {Kind.CLOZE, Kind.WHO}
    assert {c.idea_id for c in cards} == {"what-is-ai-infra"}


def rated_before(path: Path, card: Card, rating: Rating, ago: timedelta) -> None:
    """Record one rating of `card`, new until then, given `ago` before NOW."""
    record_review(path, card.id, rating, NOW - ago, Scheduler(enable_fuzzing=False))


def test_next_due_counts_every_card_of_the_content(tmp_path: Path) -> None:
    who = select_cards([every_kind()], ["who"])
    rated_before(tmp_path / "s.db", who[0], Rating.Good, timedelta(minutes=5))  # due in 5 min
    script = run(tmp_path, "", "4", kinds=["qa"], new=2)  # Easy: due in days
    assert "下次到期：5 分钟后（" in script.text
    rated_before(tmp_path / "s.db", who[1], Rating.Again, timedelta(minutes=10))  # due now
    script = run(tmp_path, "", "3", kinds=["qa"], new=4)  # the fourth new card today
    assert script.out[-1] == "下次到期：现在。"


def test_nothing_due_says_when_the_next_card_is(tmp_path: Path) -> None:
    script = run(tmp_path, kinds=["qa"], new=0)
    assert script.out == ["现在没有到期的卡片；还没有安排任何卡片。30 张新卡片在等：调高 --new 即可学习。"]
    rated_before(tmp_path / "s.db", select_cards([every_kind()], ["who"])[0],
                 Rating.Good, timedelta(minutes=5))
    script = run(tmp_path, kinds=["qa"], new=0)
    assert re.fullmatch(r"现在没有到期的卡片；下次到期：5 分钟后（\d\d:\d\d）。30 张新卡片在等："
                        r"调高 --new 即可学习。", script.out[0]), script.out
    rated_before(tmp_path / "s.db", select_cards([every_kind()], ["who"])[1],
                 Rating.Again, timedelta(minutes=10))
    script = run(tmp_path, kinds=["qa"], new=0)
    assert script.out[0] == "所选的卡片现在都没有到期；其他卡片现在到期。30 张新卡片在等：调高 --new 即可学习。"


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Yield a function that sets the local time zone; the real one is back afterwards."""

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


def test_new_cards_are_counted_per_day(tmp_path: Path, zone: Callable[[str], None]) -> None:
    zone("Asia/Shanghai")  # NOW is 20:00 there; the day ends at 16:00 UTC
    script = run(tmp_path, *["", "3"] * 3, kinds=["qa"], new=5, limit=3)
    assert script.out[0] == "本次 3 张卡片：0 张到期，3 张新卡片。"
    script = run(tmp_path, ":q", kinds=["qa"], new=5)
    assert script.out[0] == "本次 2 张卡片：0 张到期，2 张新卡片。"  # five a day
    script = run(tmp_path, *["", "3"] * 2, kinds=["qa"], new=5)
    script = run(tmp_path, kinds=["qa"], new=5)
    assert script.out[0].endswith("25 张新卡片明天再学（每天 --new 5 张：调高可以多学）。")
    assert run(tmp_path, ":q", kinds=["qa"], new=6).out[0].endswith("，1 张新卡片。")
    # Other kinds count too: they are cards of the same episode.
    assert run(tmp_path, kinds=["cloze"], new=5).out[0].startswith("现在没有到期的卡片")
    tomorrow = run(tmp_path, ":q", kinds=["qa"], new=5, start=NOW + timedelta(hours=4))
    assert tomorrow.out[0] == "本次 10 张卡片：5 张到期，5 张新卡片。"


def test_siblings_of_cards_studied_today_stay_new(tmp_path: Path,
                                                  zone: Callable[[str], None]) -> None:
    zone("UTC")
    run(tmp_path, *["1", ""] * 3, kinds=["who"], new=3)
    studied = {c.split(":")[2] for c in read_snapshot(tmp_path / "s.db").states}
    script = run(tmp_path, *["", "3"] * 20, kinds=["cloze"], new=20)
    quotes = {c.split(":")[2] for c in read_snapshot(tmp_path / "s.db").states} - studied
    assert quotes == {q.id for q in every_kind().quotes if q.cloze} - studied
    assert len(studied) == 3
    script = run(tmp_path, kinds=["cloze"], new=40, start=NOW + timedelta(minutes=1))
    assert script.out[0].endswith("明天再学：同一事实的卡片今天已经学过。")


def test_every_line_fits_a_narrow_terminal(tmp_path: Path, content: Content) -> None:
    lines = ["", "", "1", "", "wrong answer that is long", "", ":u", ":u", "x", "9", "",
             "2", "", "12", "", "", "3", *["", "1"] * 40]
    for state in (False, True):  # a cram (qa cards first), then in episode order
        script = run(tmp_path, *lines, width=50, state=state, new=25)
        written = [line for line in script.out if line not in lines]
        assert max(display_width(line) for line in written) <= 50, written
    # The hints break between their parts.
    assert "回车 = 重来 · 1 重来 · 2 困难 · 3 良好 · 4 简单\n:u 撤销 · :q 退出\n" in script.text
    chinese = parse_content(EPISODE.replace("language: en", "language: zh").encode(), "zh.yaml")
    who = Script("", "")
    session(make_cards(chinese, ["who"]), who, content=chinese, width=36).run()
    assert "序号或名字 · 回车看答案 · :u 撤销\n:q 退出\n" in who.text
    english = Script("", "")
    session(make_cards(content, ["who"]), english, content=content, width=36).run()
    assert "number or name · Enter to reveal\n:u undo · :q quit\n" in english.text
    assert "Enter = Again · 1 Again · 2 Hard\n3 Good · 4 Easy · :u undo · :q quit\n" in english.text


def test_join_parts_breaks_between_parts() -> None:
    assert join_parts(["aa", "bb", "cc"], 20) == ["aa · bb · cc"]
    assert join_parts(["aa", "bb", "cc"], 7) == ["aa · bb", "cc"]
    assert join_parts(["a long part", "b"], 6) == ["a long", "part", "b"]


def test_the_wording_follows_the_episode_language(content: Content) -> None:
    def language(*codes: str) -> str:
        return language_of(parse_content(EPISODE.replace("language: en", f"language: {code}")
                                         .encode(), "ep.yaml") for code in codes)

    assert [language(c) for c in ("en", "zh", "zh-CN", "yue", "cmn", "fr", "EN-gb")] == [
        "en", "zh", "zh", "zh", "zh", "en", "en"]
    assert language("zh", "zh-TW") == "zh" and language("zh", "en") == "en"
    chinese = run(Path(tempfile.mkdtemp()), "数据、算法、训练瓶台", "良好", "x", "good", "", "",
                  kinds=["qa"], state=False, limit=3)
    text = chinese.text
    assert chinese.out[0] == "突击复习：3 张卡片，不改动复习计划。"
    assert "── 1/3 · 问答 ─" in text and "回车看答案 · :u 撤销 · :q 退出" in text
    assert "≈ 差一点（瓶应为平，同音）\n  数据、算法、训练平台\n" in text
    assert "回车 = 困难 · 1 重来 · 2 困难 · 3 良好 · 4 简单 · :u 撤销 · :q 退出" in text
    assert "\n✗ 错\n" in text and "\n答案\n" in text
    # A rating by name, in either language: Good twice, then Again.
    assert "› \n良好\n良好\n" in text and "› \ngood\n良好\n" in text
    assert text.count("重来 · 过几张卡片再问") == 1
    assert chinese.out[-2:] == ["3 张卡片：对 2 次，错 1 次。", "突击复习：复习计划没有改动。"]


def test_the_cloze_back_marks_the_phrase_in_chinese(tmp_path: Path) -> None:
    script = run(tmp_path, "", "", kinds=["cloze"], state=False, limit=1)
    quote = next(q for q in every_kind().quotes if q.cloze)
    marked = quote.text.replace(quote.cloze[0], f"【{quote.cloze[0]}】")
    assert f"  {marked}" in script.out


def test_a_typed_who_card_takes_any_name_the_speaker_answers_to() -> None:
    two = parse_content(textwrap.dedent("""\
        episode: {id: two, title: Two, language: zh, kinds: [who]}
        speakers: [{id: qukai, name: 曲凯, role: host}, {id: zhuyibo, name: 朱亦博}]
        quotes: [{id: q, by: zhuyibo, text: 它有点像早期互联网时代的水管工。}]
        """).encode(), "two.yaml")
    question = make_question(make_cards(two, ["who"])[0], two, random.Random(1))
    assert question.choices == ()  # two speakers: typed, not a coin flip
    for typed in ("朱亦博", "zhuyibo", "Zhu Yibo", "yibo zhu", "亦博"):
        assert question.grade(typed, "zh").rating == Rating.Good, typed
    assert question.grade("朱一博", "zh").rating == Rating.Hard
    wrong = question.grade("曲凯", "zh")
    assert wrong.rating == Rating.Again and wrong.note == "曲凯是另一位说话人"


def test_a_choice_of_speakers_takes_a_name_too(content: Content) -> None:
    card = next(c for c in make_cards(content, ["who"]) if c.speaker_id == "bob")
    question = make_question(card, content, random.Random(2))
    assert len(question.choices) == 3
    assert question.grade("bob").rating == Rating.Good
    assert question.grade(str(question.correct + 1)).rating == Rating.Good
