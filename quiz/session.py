"""The terminal quiz: show a card, grade the typed answer, record the rating, repeat.

A session reads lines through a `read(prompt)` function and writes through `write(text)`,
so it runs the same in a terminal, from a pipe and in tests. `read` raises EOFError at the
end of input; KeyboardInterrupt (Ctrl-C) quits the same way, keeping every rating given.
"""

from __future__ import annotations

import os
import random
import re
import sys
from collections import deque
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

from .cards import Card, Kind, make_cards
from .layout import display_width, wrap
from .model import Content
from .schedule import (
    day_start,
    describe_due,
    due_cards,
    new_left,
    new_state,
    next_due,
    order_cards,
    review,
    sibling_group,
    spread_siblings,
)
from .state import StateDB

if TYPE_CHECKING:
    from .grading import Verdict

KIND_LABELS = {Kind.QA: "question", Kind.WHO: "who said it", Kind.CLOZE: "fill the blank",
               Kind.WHEN: "when", Kind.TOPIC: "topic"}
RATINGS = {"1": Rating.Again, "2": Rating.Hard, "3": Rating.Good, "4": Rating.Easy}
NAMES = {Rating.Again: "Again", Rating.Hard: "Hard", Rating.Good: "Good", Rating.Easy: "Easy"}
CHOICES = 4  # options of a multiple-choice card, the right one included
AGAIN_GAP = 3  # a card rated Again comes back after this many other cards
_START, _END = "\x01", "\x02"  # where a highlight starts and ends in a line to colour


# -- questions ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Question:
    """A card as asked: typed, or multiple choice when `choices` are given."""

    card: Card
    choices: tuple[str, ...] = ()
    correct: int = 0
    names: tuple[str, ...] = ()

    def grade(self, answer: str) -> Verdict:
        """Return the automatic grade of a typed answer (a choice number or a name)."""
        from .grading import grade_choice, grade_text, grade_time

        card = self.card
        if self.choices:
            return grade_choice(answer, self.choices, self.correct, self.names)
        if card.kind is Kind.WHEN and card.at is not None:
            return grade_time(answer, card.at)
        return grade_text(answer, card.answer, card.accept)


def make_question(card: Card, content: Content | None, rng: random.Random) -> Question:
    """Return how to ask `card`: `who` and `topic` as multiple choice from its episode.

    The other choices are drawn from the same episode: other speakers for `who`, other
    idea titles for `topic`. With nothing to draw from, the answer is typed.
    """
    if content is None:
        return Question(card)
    if card.kind is Kind.WHO and card.speaker_id:
        right = content.speaker(card.speaker_id)
        others = list(dict.fromkeys(s.name for s in content.speakers if s.name != right.name))
        return _choice(card, right.name, others, (*right.aliases, card.answer), rng)
    if card.kind is Kind.TOPIC:
        others = list(dict.fromkeys(i.title for i in content.ideas if i.title != card.answer))
        return _choice(card, card.answer, others, (), rng)
    return Question(card)


def _choice(card: Card, right: str, others: Sequence[str], names: tuple[str, ...],
            rng: random.Random) -> Question:
    if not others:
        return Question(card)
    options = [right, *rng.sample(list(others), min(CHOICES - 1, len(others)))]
    rng.shuffle(options)
    return Question(card, tuple(options), options.index(right), names)


# -- the session -------------------------------------------------------------------------

@dataclass
class Summary:
    """What a session did: ratings given, right (not Again) and wrong, and what is next."""

    answered: int = 0
    right: int = 0
    wrong: int = 0
    cards: int = 0
    next_due: datetime | None = None
    cram: bool = False

    def lines(self, now: datetime) -> list[str]:
        """Return the closing summary as lines of text."""
        if not self.answered:
            return ["No answers given."]
        answers = "" if self.answered == self.cards else f", {self.answered} answers"
        text = [f"{_cards(self.cards)}{answers}: {self.right} right, {self.wrong} wrong."]
        if self.cram:
            text.append("Cram session: the schedule was not changed.")
        elif self.next_due is not None:
            text.append(f"Next due: {when_due(self.next_due, now)}.")
        return text


def when_due(due: datetime, now: datetime) -> str:
    """Return `in 10 min (12:51)`: when `due` is, and its local clock time (its date too
    when it is not today); just `now` when it is due already."""
    when = describe_due(due, now)
    if when == "now":
        return when
    local = due.astimezone()
    same_day = local.date() == now.astimezone().date()
    return f"{when} ({local.strftime('%H:%M' if same_day else '%Y-%m-%d %H:%M')})"


class _Quit(Exception):
    pass


class _Undo(Exception):
    pass


@dataclass
class _Done:
    """One rating given in this session, with what undoing it needs."""

    card: Card
    rating: Rating
    before: FsrsCard | None
    review_id: int | None
    first: bool


@dataclass
class Session:
    """One quiz over `cards`; ratings go to `store` (None: cram, nothing is recorded)."""

    cards: Sequence[Card]
    read: Callable[[str], str]
    write: Callable[[str], None]
    now: Callable[[], datetime]
    rng: random.Random
    contents: Mapping[str, Content] = field(default_factory=dict)
    store: StateDB | None = None
    states: dict[str, FsrsCard] = field(default_factory=dict)
    scheduler: Scheduler | None = None
    color: bool = False
    width: int = 80
    summary: Summary = field(default_factory=Summary)
    # The cards whose due times make the summary's "Next due" (default: the session's own).
    scope: Collection[str] | None = None
    _queue: deque[Card] = field(init=False)
    _history: list[_Done] = field(default_factory=list, init=False)
    _number: dict[str, int] = field(init=False)
    _questions: dict[str, Question] = field(default_factory=dict, init=False)
    _rated: set[str] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        self._queue = deque(self.cards)
        self._number = {c.id: n for n, c in enumerate(self.cards, start=1)}
        self.summary.cram = self.store is None
        if self.scheduler is None and self.store is not None:
            self.scheduler = Scheduler()

    def run(self) -> Summary:
        """Ask every card until the queue is empty or the user quits; return the summary."""
        try:
            while self._queue:
                self._ask(self._queue.popleft())
        except (_Quit, EOFError, KeyboardInterrupt):
            self.write("")
        self.summary.cards = len(self._rated)
        if not self.summary.cram:
            ids = self.scope if self.scope is not None else [c.id for c in self.cards]
            self.summary.next_due = next_due(self.states, ids)
        return self.summary

    # -- one card ------------------------------------------------------------------------

    def _ask(self, card: Card) -> None:
        question = self._question(card)
        shown = self.now()
        self._show_front(question)
        try:
            verdict = self._read_answer(question)
            self._show_back(question, verdict)
            rating = self._read_rating(verdict.rating if verdict else Rating.Again)
        except _Undo:
            self._undo(card)
            return
        self._rate(card, rating, shown)

    def _question(self, card: Card) -> Question:
        if card.id not in self._questions:
            content = self.contents.get(card.episode)
            self._questions[card.id] = make_question(card, content, self.rng)
        return self._questions[card.id]

    def _rate(self, card: Card, rating: Rating, shown: datetime) -> None:
        now = self.now()
        before = self.states.get(card.id)
        review_id = None
        if self.store is not None and self.scheduler is not None:
            state = before if before is not None else new_state(card.id, now)
            ms = max(0, int((now - shown).total_seconds() * 1000))
            after = review(state, rating, now, self.scheduler, ms)
            review_id = self.store.record_review(card.id, rating, before, after, now, ms)
            self.states[card.id] = after
        self._history.append(_Done(card, rating, before, review_id,
                                   first=card.id not in self._rated))
        self._rated.add(card.id)
        self._count(rating, +1)
        if rating == Rating.Again:
            self._queue.insert(min(AGAIN_GAP, len(self._queue)), card)
        after_text = NAMES[rating]
        if rating == Rating.Again:
            after_text += " · back in a few cards"
        elif card.id in self.states and self.store is not None:
            after_text += f" · next {describe_due(self.states[card.id].due, now)}"
        self._say(after_text, dim=True)

    def _undo(self, current: Card) -> None:
        """Take back the last rating, while `current` is asked: both go back in the queue.

        The last rating is the only one since `current` was taken from the queue, so the
        queue is as it was then, but for the card's comeback if it was rated Again.
        """
        done = self._history.pop()
        if self.store is not None and done.review_id is not None:
            self.store.undo_review(done.review_id)
            if done.before is None:
                self.states.pop(done.card.id, None)
            else:
                self.states[done.card.id] = done.before
        if done.first:
            self._rated.discard(done.card.id)
        self._count(done.rating, -1)
        if done.rating == Rating.Again and current is not done.card:
            self._queue.remove(done.card)
        if current is not done.card or done.rating != Rating.Again:
            self._queue.appendleft(current)
        self._queue.appendleft(done.card)
        self._say(f"↶ took back {NAMES[done.rating]}; asking that card again.", fg="yellow")

    def _count(self, rating: Rating, step: int) -> None:
        self.summary.answered += step
        if rating == Rating.Again:
            self.summary.wrong += step
        else:
            self.summary.right += step

    # -- input -----------------------------------------------------------------------------

    def _prompt(self, prompt: str) -> str:
        """Read one line; `:q` quits, `:u` takes back the last rating (when there is one)."""
        while True:
            line = self.read(prompt)
            command = line.strip().lower()
            if command == ":q":
                raise _Quit
            if command != ":u":
                return line
            if self._history:
                raise _Undo
            self._say("Nothing to take back yet.", fg="yellow")

    def _read_answer(self, question: Question) -> Verdict | None:
        """Read and grade an answer (None: revealed); ask again for one that can't be read."""
        from .grading import Unreadable

        while True:
            answer = self._prompt("› ")
            if not answer.strip():
                return None
            try:
                return question.grade(answer)
            except Unreadable as e:
                hint = (f"choose 1 to {e.choices}" if e.what == "choice"
                        else "write a time like 4:12")
                self._say(hint, fg="yellow")

    def _read_rating(self, suggested: Rating) -> Rating:
        self._hint([f"Enter = {NAMES[suggested]}", "1 Again", "2 Hard", "3 Good", "4 Easy",
                    ":u undo", ":q quit"])
        while True:
            line = self._prompt("rating› ").strip().lower()
            if not line:
                return suggested
            by_name = {name.lower(): r for r, name in NAMES.items()}
            if line in RATINGS or line in by_name:
                return RATINGS.get(line) or by_name[line]
            self._say(f"Type 1, 2, 3 or 4, or press Enter for {NAMES[suggested]}.", fg="yellow")

    # -- output ----------------------------------------------------------------------------

    def _style(self, text: str, **styles: Any) -> str:
        return click.style(text, **styles) if self.color else text

    def _say(self, text: str, indent: str = "", **styles: Any) -> None:
        """Write `text` wrapped to the width of the terminal, every line in `styles`."""
        for line in wrap(text, self.width, indent):
            self.write(self._style(line, **styles))

    def _hint(self, parts: Sequence[str]) -> None:
        """Write `parts` dimmed, joined by ` · `; lines break between parts where they can."""
        for line in join_parts(parts, self.width):
            self.write(self._style(line, dim=True))

    def _show_front(self, question: Question) -> None:
        card = question.card
        repeat = " · again" if card.id in self._rated else ""
        head = f"── {self._number.get(card.id, 0)}/{len(self.cards)} · {KIND_LABELS[card.kind]}"
        head += repeat + " "
        self.write("")
        self.write(self._style(head + "─" * max(0, self.width - display_width(head)), dim=True))
        if card.ask:
            self._say(card.ask, bold=True)
        if card.quote:
            self._say(card.quote, "  ", fg="cyan")
        for n, choice in enumerate(question.choices, start=1):
            self._say(f"{n}. {choice}", "  ")
        how = ["number or name"] if question.choices else []
        self._hint([*how, "Enter to reveal", ":u undo", ":q quit"])

    def _show_back(self, question: Question, verdict: Verdict | None) -> None:
        style: dict[str, Any]
        if verdict is None:
            mark, style = "Revealed", {"fg": "yellow"}
        elif verdict.rating == Rating.Good:
            mark, style = "✓ Right", {"fg": "green", "bold": True}
        elif verdict.rating == Rating.Hard:
            mark, style = "≈ Nearly", {"fg": "yellow", "bold": True}
        else:
            mark, style = "✗ Wrong", {"fg": "red", "bold": True}
        note = ""
        # "expected '…'" only repeats the answer shown below; other notes say what differed.
        if (verdict is not None and verdict.note and verdict.rating != Rating.Good
                and verdict.note != f"expected '{verdict.expected}'"):
            note = f" ({verdict.note})"
        for n, line in enumerate(wrap(mark + note, self.width)):
            head = mark if n == 0 and line.startswith(mark) else ""
            rest = line[len(head):]
            self.write(self._style(head, **style) + (self._style(rest, fg="yellow") if rest
                                                     else ""))
        card = question.card
        answer, *context = card.back.split("\n")
        self._say(answer, "  ", bold=True)
        if card.kind is Kind.CLOZE and card.details and context[:1] == [card.details]:
            self._show_marked(context.pop(0), card.answer)
        if context:
            self._say("\n".join(context), "  ", dim=True)

    def _show_marked(self, text: str, phrase: str) -> None:
        """Write `text` with every `phrase` in it highlighted: in colour, or between marks."""
        start, end = (_START, _END) if self.color else ("[", "]")
        inside = False
        for line in wrap(text.replace(phrase, start + phrase + end), self.width, "  "):
            if not self.color:
                self.write(line)
                continue
            out = [line[:2]]  # the indent, never highlighted
            for piece in re.split(f"([{_START}{_END}])", line[2:]):
                if piece in (_START, _END):
                    inside = piece == _START
                elif piece:
                    out.append(self._style(piece, fg="yellow", bold=True) if inside else piece)
            self.write("".join(out))


def join_parts(parts: Sequence[str], width: int) -> list[str]:
    """Return `parts` joined by ` · ` in lines of at most `width` columns, breaking between
    parts (and within a part only when it is longer than a line)."""
    lines: list[str] = []
    line = ""
    for part in parts:
        joined = f"{line} · {part}" if line else part
        if display_width(joined) <= width or not line:
            line = joined
        else:
            lines.append(line)
            line = part
    return [piece for line in lines + [line] for piece in wrap(line, width)]


# -- the whole run, as `quiz run` does it -------------------------------------------------

def select_cards(contents: Sequence[Content], kinds: Sequence[str] = (),
                 idea: str | None = None) -> list[Card]:
    """Return the cards of `contents`, only of `kinds` and of `idea` when given."""
    cards = [c for content in contents for c in make_cards(content, kinds or None)]
    return [c for c in cards if c.idea_id == idea] if idea else cards


def idea_ids(contents: Iterable[Content]) -> list[str]:
    """Return the ids of every idea in `contents`, in order."""
    return list(dict.fromkeys(i.id for content in contents for i in content.ideas))


def run_quiz(contents: Sequence[Content], *, read: Callable[[str], str],
             write: Callable[[str], None], now: Callable[[], datetime],
             rng: random.Random, kinds: Sequence[str] = (), idea: str | None = None,
             limit: int | None = None, new: int = 20, order: str = "due",
             state: Path | None = None, scheduler: Scheduler | None = None,
             color: bool = False, width: int = 80) -> Summary:
    """Quiz the due and new cards of `contents`, recording ratings in `state`.

    Without `state` (cram), every selected card is asked and nothing is read or written.
    """
    cards = select_cards(contents, kinds, idea)
    by_episode = {content.episode.id: content for content in contents}
    if state is None:
        chosen = spread_siblings(order_cards(cards, order, rng))[:limit]
        intro = f"Cram: {_cards(len(chosen))}; the schedule is left alone."
        return _run(Session(chosen, read, write, now, rng, by_episode, color=color,
                            width=width), intro, write, now)
    with StateDB(state) as store:
        states = store.load()
        # Every card of the content, not only those of --kind and --idea, counts for the
        # new cards of the day, buries its siblings and may be the next due.
        every = select_cards(contents) if kinds or idea else cards
        everything = {c.id for c in every}
        today = store.reviewed_since(day_start(now()))
        left = new_left(new, today, everything)
        buried = {sibling_group(c) for c in every if c.id in today}
        chosen = due_cards(cards, states, now(), new=left, limit=limit, order=order, rng=rng,
                           buried=buried)
        if not chosen:
            for line in wrap(_nothing_due(cards, everything, states, new, left, now()), width):
                write(line)
            return Summary()
        due = sum(1 for c in chosen if c.id in states)
        intro = f"{_cards(len(chosen))} to study: {due} due, {len(chosen) - due} new."
        return _run(Session(chosen, read, write, now, rng, by_episode, store, states,
                            scheduler, color=color, width=width, scope=everything),
                    intro, write, now)


def _cards(n: int) -> str:
    return f"{n} card" + ("" if n == 1 else "s")


def _run(session: Session, intro: str, write: Callable[[str], None],
         now: Callable[[], datetime]) -> Summary:
    if not session.cards:
        write("No cards to quiz.")
        return session.summary
    for line in wrap(intro, session.width):
        write(line)
    summary = session.run()
    for text in summary.lines(now()):
        for line in wrap(text, session.width):
            write(line)
    return summary


def _nothing_due(cards: Sequence[Card], everything: Iterable[str],
                 states: Mapping[str, FsrsCard], new: int, left: int, now: datetime) -> str:
    """Return the message that no chosen card is due: when the next card of the content
    is, and why no new card was chosen."""
    upcoming = next_due(states, everything)
    fresh = sum(1 for c in cards if c.id not in states)
    if upcoming is None:
        text = "Nothing due now; no card is scheduled yet."
    elif upcoming <= now:  # a card that --kind or --idea left out
        text = "Nothing due now among the chosen cards; other cards are due now."
    else:
        text = f"Nothing due now; next due {when_due(upcoming, now)}."
    waiting = f"{fresh} new card" + ("" if fresh == 1 else "s")
    if fresh and new <= 0:
        text += f" {waiting} wait: raise --new."
    elif fresh and left <= 0:
        text += f" {waiting} wait for tomorrow (--new {new} a day: raise it for more)."
    elif fresh:  # every new card has a sibling studied today
        text += f" {waiting} wait for tomorrow: a sibling of each was studied today."
    return text


# -- the terminal ---------------------------------------------------------------------------

def line_reader() -> Callable[[str], str]:
    """Return a `read(prompt)` for stdin: line editing on a terminal, echoed from a pipe.

    Echoing piped answers after their prompt keeps a scripted session's output readable.
    """
    stdin = sys.stdin
    if stdin.isatty():
        try:
            import readline  # noqa: F401  (line editing that knows wide characters)
        except ImportError:  # pragma: no cover - Windows
            pass
        return input

    def read(prompt: str) -> str:
        click.echo(prompt, nl=False)
        line = stdin.readline()
        if not line:
            raise EOFError
        line = line.rstrip("\r\n")
        click.echo(line)
        return line

    return read


def use_color() -> bool:
    """Whether to colour the output: only on a terminal, and never when NO_COLOR is set."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
