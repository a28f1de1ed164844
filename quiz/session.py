"""The terminal quiz: show a card, grade the typed answer, record the rating, repeat.

A session reads lines through a `read(prompt)` function and writes through `write(text)`,
so it runs the same in a terminal, from a pipe and in tests. `read` raises EOFError at the
end of input; KeyboardInterrupt (Ctrl-C) quits the same way, keeping every rating given.
Colour comes from a `style` function given to the session (click.style in the terminal),
so this module needs no terminal library.
"""

from __future__ import annotations

import random
import re
from collections import deque
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

from .cards import Card, make_cards
from .errors import DiskFull
from .layout import display_width, wrap
from .model import Content, Speaker
from .schedule import (
    RATING_NAMES,
    day_start,
    due_cards,
    new_left,
    next_due,
    order_cards,
    sibling_group,
    spread_siblings,
)
from .state import StateDB, record_review
from .text import fold_case, printable
from .wording import Words, clock_time, describe_due, language_of

if TYPE_CHECKING:
    from .grading import Verdict

# style(text, fg=..., bold=..., dim=...) returns `text` in those styles, as click.style does.
Style = Callable[..., str]

RATINGS = {"1": Rating.Again, "2": Rating.Hard, "3": Rating.Good, "4": Rating.Easy}
CHOICES = 4  # options of a multiple-choice card, the right one included
FEWEST_CHOICES = 3  # fewer options make a guess, not a question: the answer is typed
AGAIN_GAP = 3  # a card rated Again comes back after this many other cards
_START, _END = "\x01", "\x02"  # where a highlight starts and ends in a line to colour


# -- questions ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Question:
    """A card as asked: typed, or multiple choice when `choices` are given.

    A card that asks who spoke keeps the speaker and the episode's speakers: any name they
    answer to counts (quiz.grading.speaker_names).
    """

    card: Card
    choices: tuple[str, ...] = ()
    correct: int = 0
    speaker: Speaker | None = None
    speakers: tuple[Speaker, ...] = ()

    def grade(self, answer: str, language: str = "en") -> Verdict:
        """Return the automatic grade of a typed answer (a choice number or a name), its
        note in `language`. Raise grading.Unreadable for an answer that can't be read."""
        from .grading import grade_choice, grade_speaker, grade_text, grade_time

        card = self.card
        if self.choices:
            return grade_choice(answer, self.choices, self.correct, language=language,
                                speakers=self.speakers)
        if self.speaker is not None:
            return grade_speaker(answer, self.speaker, self.speakers, language)
        if card.spec.answer == "time" and card.at is not None:
            return grade_time(answer, card.at, language=language)
        return grade_text(answer, card.answer, card.accept, language, front=card.front)


def make_question(card: Card, content: Content | None, rng: random.Random) -> Question:
    """Return how to ask `card`: as its kind asks it, with choices from its episode.

    The choices of a kind that offers them are drawn from the same episode: other speakers,
    or other idea titles. With fewer than three choices in all, the answer is typed.
    """
    if content is None:
        return Question(card)
    if card.spec.answer == "speaker" and card.speaker_id:
        speaker = content.speaker(card.speaker_id)
        asked = Question(card, speaker=speaker, speakers=content.speakers)
        if card.spec.choices == "speakers":
            others = [s.name for s in content.speakers if s.name != speaker.name]
            return _choice(asked, speaker.name, list(dict.fromkeys(others)), rng)
        return asked
    if card.spec.choices == "titles":
        others = [i.title for i in content.ideas if i.title != card.answer]
        return _choice(Question(card), card.answer, list(dict.fromkeys(others)), rng)
    return Question(card)


def _choice(question: Question, right: str, others: Sequence[str],
            rng: random.Random) -> Question:
    """Return `question` with `right` among up to three of `others` as its choices."""
    if len(others) < FEWEST_CHOICES - 1:
        return question
    options = [right, *rng.sample(list(others), min(CHOICES - 1, len(others)))]
    rng.shuffle(options)
    return replace(question, choices=tuple(options), correct=options.index(right))


# -- the session -------------------------------------------------------------------------

@dataclass
class Summary:
    """What a session did: ratings given, right (not Again) and wrong, and what is next."""

    answered: int = 0
    right: int = 0
    wrong: int = 0
    cards: int = 0
    left: int = 0  # cards of the session not rated when it ended
    next_due: datetime | None = None
    cram: bool = False
    language: str = "en"
    unrated: bool = False  # the session ended between an answer and its rating

    def lines(self, now: datetime) -> list[str]:
        """Return the closing summary as lines of text."""
        words = Words(self.language)
        if not self.answered:
            return [words["none_rated" if self.unrated else "no_answers"]]
        cards = words.count("cards", self.cards)
        answers = words.count("answers", self.answered)
        key = "score" if self.answered == self.cards else "score_answers"
        text = [words[key].format(cards=cards, answers=answers, right=self.right,
                                  wrong=self.wrong)]
        if self.unrated:
            text.append(words["last_unrated"])
        if self.left:
            text.append(words["left"].format(cards=words.count("cards", self.left)))
        if self.cram:
            text.append(words["crammed"])
        elif self.next_due is not None:
            text.append(words["next_due"].format(
                when=when_due(self.next_due, now, self.language)))
        return text


def when_due(due: datetime, now: datetime, language: str = "en") -> str:
    """Return `in 10 min (12:51)`: when `due` is, and its local clock time (its date too
    when it is not today); just `now` when it is due already."""
    when = describe_due(due, now, language)
    if due <= now:
        return when
    return Words(language)["clock"].format(when=when, clock=clock_time(due, now))


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
    style: Style | None = None  # None: no colour
    play: Callable[[Card], None] | None = None  # plays a card's quote once its back shows
    width: int = 80
    summary: Summary = field(default_factory=Summary)
    # The cards whose due times make the summary's "Next due" (default: the session's own).
    scope: Collection[str] | None = None
    # The language of the wording ("en", "zh"): that of `contents` unless given.
    language: str = ""
    words: Words = field(init=False)
    _queue: deque[Card] = field(init=False)
    _history: list[_Done] = field(default_factory=list, init=False)
    _number: dict[str, int] = field(init=False)
    _questions: dict[str, Question] = field(default_factory=dict, init=False)
    _rated: set[str] = field(default_factory=set, init=False)
    _unrated: bool = field(default=False, init=False)  # an answer shown, its rating not read

    def __post_init__(self) -> None:
        self._queue = deque(self.cards)
        self._number = {c.id: n for n, c in enumerate(self.cards, start=1)}
        self.summary.cram = self.store is None
        if not self.language:
            self.language = language_of(self.contents.values())
        self.summary.language = self.language
        self.words = Words(self.language)
        if self.scheduler is None and self.store is not None:
            self.scheduler = Scheduler()

    def run(self) -> Summary:
        """Ask every card until the queue is empty or the user quits; return the summary."""
        try:
            while self._queue:
                self._ask(self._queue.popleft())
        except (_Quit, EOFError, KeyboardInterrupt):
            self.write("")
        self.summary.unrated = self._unrated
        self.summary.cards = len(self._rated)
        self.summary.left = len({c.id for c in self.cards} - self._rated)
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
            self._unrated = True  # till the rating is read: quitting now rates nothing
            rating = self._read_rating(verdict.rating if verdict else Rating.Again)
        except _Undo:
            self._unrated = False
            self._undo(card)
            return
        self._unrated = False
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
        if self.store is not None:
            ms = max(0, int((now - shown).total_seconds() * 1000))
            # Built on the card's state as stored now: another session may have rated it.
            try:
                saved = record_review(self.store, card.id, rating, now, self.scheduler, ms)
            except DiskFull:  # said in the session's language, and the session ends
                raise DiskFull(self.words.say("disk_full", path=self.store.path)) from None
            before, review_id = saved.before, saved.id
            self.states[card.id] = saved.after
        self._history.append(_Done(card, rating, before, review_id,
                                   first=card.id not in self._rated))
        self._rated.add(card.id)
        self._count(rating, +1)
        if rating == Rating.Again:
            self._queue.insert(min(AGAIN_GAP, len(self._queue)), card)
        words = self.words
        name = words[RATING_NAMES[rating]]
        if rating == Rating.Again:
            after_text = words["comeback"].format(rating=name)
        elif card.id in self.states and self.store is not None:
            when = describe_due(self.states[card.id].due, now, self.language)
            after_text = words["next"].format(rating=name, when=when)
        else:
            after_text = name
        self._say(after_text, dim=True)

    def _undo(self, current: Card) -> None:
        """Take back the last rating, while `current` is asked: both go back in the queue.

        The last rating is the only one since `current` was taken from the queue, so the
        queue is as it was then, but for the card's comeback if it was rated Again.
        """
        done = self._history.pop()
        if self.store is not None and done.review_id is not None:
            state = self.store.undo_review(done.review_id)
            if state is None:
                self.states.pop(done.card.id, None)
            else:
                self.states[done.card.id] = state
        if done.first:
            self._rated.discard(done.card.id)
        self._count(done.rating, -1)
        if done.rating == Rating.Again and current is not done.card:
            self._queue.remove(done.card)
        if current is not done.card or done.rating != Rating.Again:
            self._queue.appendleft(current)
        self._queue.appendleft(done.card)
        self._say(self.words["took_back"].format(rating=self.words[RATING_NAMES[done.rating]]),
                  fg="yellow")

    def _count(self, rating: Rating, step: int) -> None:
        self.summary.answered += step
        if rating == Rating.Again:
            self.summary.wrong += step
        else:
            self.summary.right += step

    # -- input -----------------------------------------------------------------------------

    def _prompt(self, prompt: str) -> str:
        """Read one line; `:q` quits, `:u` takes back the last rating (when there is one).

        A line that starts with a colon is a command, never an answer: one that is neither
        of these is refused and the line read again. Commands are width and case folded, so
        that what a Chinese input method types (`：Ｑ`) is `:q`.
        """
        while True:
            line = self.read(prompt)
            command = fold_case(line).strip()
            if not command.startswith(":"):
                return line
            if command == ":q":
                raise _Quit
            if command != ":u":
                self._say(self.words.say("unknown_command", command=printable(command),
                                         commands=self.words["commands"]), fg="yellow")
            elif self._history:
                raise _Undo
            else:
                self._say(self.words["no_undo"], fg="yellow")

    def _read_answer(self, question: Question) -> Verdict | None:
        """Read and grade an answer (None: revealed); ask again for one that can't be read."""
        from .grading import Unreadable

        while True:
            answer = self._prompt("› ")
            if not answer.strip():
                return None
            try:
                return question.grade(answer, self.language)
            except Unreadable as e:
                hint = (self.words["choice_hint"].format(n=e.choices) if e.what == "choice"
                        else self.words["time_hint"])
                self._say(hint, fg="yellow")

    def _read_rating(self, suggested: Rating) -> Rating:
        words = self.words
        take = words[RATING_NAMES[suggested]]
        self._hint([words["take"].format(rating=take),
                    *(f"{n} {words[RATING_NAMES[r]]}" for n, r in RATINGS.items()),
                    words["undo"], words["quit"]])
        # A rating may be typed by name too, in English or in the session's language.
        by_name = {name: r for r, name in RATING_NAMES.items()}
        by_name.update((fold_case(words[name]), r) for r, name in RATING_NAMES.items())
        while True:
            # full-width digits (３) as an input method types them are digits
            line = fold_case(self._prompt(words["prompt"])).strip()
            if not line:
                return suggested
            if line in RATINGS or line in by_name:
                return RATINGS.get(line) or by_name[line]
            self._say(words.say("bad_rating", rating=take, commands=words["commands"]),
                      fg="yellow")

    # -- output ----------------------------------------------------------------------------

    def _style(self, text: str, **styles: Any) -> str:
        return self.style(text, **styles) if self.style is not None else text

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
        words = self.words
        repeat = f" · {words['repeat']}" if card.id in self._rated else ""
        number = f"{self._number.get(card.id, 0)}/{len(self.cards)}"
        head = f"── {number} · {card.spec.label(self.language)}{repeat} "
        self.write("")
        self.write(self._style(head + "─" * max(0, self.width - display_width(head)), dim=True))
        if card.ask:
            self._say(card.ask, bold=True)
        if card.quote:
            self._say(card.quote, "  ", fg="cyan")
        for n, choice in enumerate(question.choices, start=1):
            self._say(f"{n}. {choice}", "  ")
        how = [words["by_title" if card.spec.choices == "titles" else "by_name"]] if (
            question.choices) else []
        self._hint([*how, words["reveal"], words["undo"], words["quit"]])

    def _show_back(self, question: Question, verdict: Verdict | None) -> None:
        words = self.words
        style: dict[str, Any]
        if verdict is None:
            mark, style = words["revealed"], {"fg": "yellow"}
        elif verdict.rating == Rating.Good:
            mark, style = words["right"], {"fg": "green", "bold": True}
        elif verdict.rating == Rating.Hard:
            mark, style = words["nearly"], {"fg": "yellow", "bold": True}
        else:
            mark, style = words["wrong"], {"fg": "red", "bold": True}
        note = ""
        # "expected '…'" only repeats the answer shown below; other notes say what differed.
        expected = words["grade_expected"]
        if (verdict is not None and verdict.note and verdict.rating != Rating.Good
                and verdict.note != expected.format(expected=verdict.expected)):
            note = words["note"].format(note=verdict.note)
        for n, line in enumerate(wrap(mark + note, self.width)):
            head = mark if n == 0 and line.startswith(mark) else ""
            rest = line[len(head):]
            self.write(self._style(head, **style) + (self._style(rest, fg="yellow") if rest
                                                     else ""))
        card = question.card
        answer, *context = card.back.split("\n")
        self._say(answer, "  ", bold=True)
        if card.details and card.answer in card.details and context[:1] == [card.details]:
            self._show_marked(context.pop(0), card.answer)
        if context:
            self._say("\n".join(context), "  ", dim=True)
        if self.play is not None:
            self.play(card)

    def _show_marked(self, text: str, phrase: str) -> None:
        """Write `text` with every `phrase` in it highlighted: in colour, or between marks."""
        color = self.style is not None
        start, end = (_START, _END) if color else self.words["mark"].split("{}")
        inside = False
        for line in wrap(text.replace(phrase, start + phrase + end), self.width, "  "):
            if not color:
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


def run_quiz(contents: Sequence[Content], *, read: Callable[[str], str],
             write: Callable[[str], None], now: Callable[[], datetime],
             rng: random.Random, kinds: Sequence[str] = (), idea: str | None = None,
             limit: int | None = None, new: int = 20, order: str = "due",
             state: Path | None = None, scheduler: Scheduler | None = None,
             style: Style | None = None, width: int = 80,
             play: Callable[[Card], None] | None = None) -> Summary:
    """Quiz the due and new cards of `contents`, recording ratings in `state`.

    Without `state` (cram), every selected card is asked and nothing is read or written.
    `style` colours the output (as click.style does); without it the text is plain.
    `play`, given a card whose back is shown, plays what it has to be heard.
    """
    cards = select_cards(contents, kinds, idea)
    by_episode = {content.episode.id: content for content in contents}
    language = language_of(contents)
    words = Words(language)
    if state is None:
        chosen = spread_siblings(order_cards(cards, order, rng))[:limit]
        intro = words["cram"].format(cards=words.count("cards", len(chosen)))
        return _run(Session(chosen, read, write, now, rng, by_episode, style=style,
                            play=play, width=width, language=language), intro, write, now)
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
            text = _nothing_due(cards, everything, states, new, left, now(), language)
            for line in wrap(text, width):
                write(line)
            return Summary(language=language)
        due = sum(1 for c in chosen if c.id in states)
        intro = words["intro"].format(cards=words.count("cards", len(chosen)), due=due,
                                      new=len(chosen) - due)
        return _run(Session(chosen, read, write, now, rng, by_episode, store, states,
                            scheduler, style=style, play=play, width=width, scope=everything,
                            language=language), intro, write, now)


def _run(session: Session, intro: str, write: Callable[[str], None],
         now: Callable[[], datetime]) -> Summary:
    if not session.cards:
        write(session.words["no_cards"])
        return session.summary
    for line in wrap(intro, session.width):
        write(line)
    summary = session.run()
    for text in summary.lines(now()):
        for line in wrap(text, session.width):
            write(line)
    return summary


def _nothing_due(cards: Sequence[Card], everything: Iterable[str],
                 states: Mapping[str, FsrsCard], new: int, left: int, now: datetime,
                 language: str = "en") -> str:
    """Return the message that no chosen card is due: when the next card of the content
    is, and why no new card was chosen."""
    words = Words(language)
    upcoming = next_due(states, everything)
    fresh = sum(1 for c in cards if c.id not in states)
    if upcoming is None:
        text = words["none_scheduled"]
    elif upcoming <= now:  # a card that --kind or --idea left out
        text = words["others_due"]
    else:
        text = words["nothing_due"].format(when=when_due(upcoming, now, language))
    waiting = words.count("waiting", fresh)
    if fresh and new <= 0:
        text += words["raise_new"].format(waiting=waiting)
    elif fresh and left <= 0:
        text += words["per_day"].format(waiting=waiting, new=new)
    elif fresh:  # every new card has a sibling studied today
        text += words["buried"].format(waiting=waiting)
    return text

