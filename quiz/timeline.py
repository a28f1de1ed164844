"""Quotes by timestamp: the quotes in episode order, the quote nearest a time, the timeline.

Episode order is by time; a quote without `at` takes its idea's time and is marked
approximate; what has no time at all comes last, in file order. A quote without `idea`
belongs to the idea under way at its time.

The timeline lists the ideas (timed ones by time, then untimed ones in file order), each
with its quotes. Quotes that belong to no idea are gathered in labelled groups whose `id`
is None: one first, for quotes said before the first timed idea starts, and one last, for
quotes with neither a time nor an idea.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import Content, Idea, Quote, Speaker
from .text import fold_case
from .times import Seconds, format_time, time_link
from .wording import Words


@dataclass(frozen=True, slots=True)
class TimedQuote:
    """A quote as listed by time: when, who, what, under which idea, and the link there."""

    episode: str
    id: str
    at: Seconds | None
    approximate: bool
    by: str
    speaker: str
    text: str
    idea: str | None
    url: str | None

    @property
    def time(self) -> str | None:
        """Return the time as shown (`h:mm:ss` past an hour), None without one."""
        return None if self.at is None else format_time(self.at)

    @property
    def shown_time(self) -> str:
        """Return the time for people: `~` before an approximate one, empty without one."""
        return ("~" if self.approximate else "") + (self.time or "")

    def to_dict(self) -> dict[str, object]:
        """Return the quote as `quiz quotes --format json` shows it."""
        return {
            "id": self.id, "at": self.at, "time": self.time, "approximate": self.approximate,
            "by": self.by, "speaker": self.speaker, "text": self.text, "idea": self.idea,
            "url": self.url, "episode": self.episode,
        }


@dataclass(frozen=True, slots=True)
class Section:
    """One entry of the timeline: an idea with its quotes, or a group of idea-less quotes.

    A group has `id` None and a title saying what it gathers.
    """

    episode: str
    id: str | None
    at: Seconds | None
    title: str
    summary: str | None = None
    url: str | None = None
    quotes: tuple[TimedQuote, ...] = ()

    @property
    def time(self) -> str | None:
        """Return the time as shown (`h:mm:ss` past an hour), None without one."""
        return None if self.at is None else format_time(self.at)

    def head(self) -> dict[str, object]:
        """Return the section without its quotes, as `quiz quotes --at` shows the idea."""
        return {"id": self.id, "at": self.at, "time": self.time, "title": self.title,
                "summary": self.summary, "url": self.url}

    def to_dict(self) -> dict[str, object]:
        """Return the section as `quiz timeline --format json` shows it."""
        return {**self.head(), "episode": self.episode,
                "quotes": [q.to_dict() for q in self.quotes]}


@dataclass(frozen=True, slots=True)
class Nearest:
    """What is going on at `at`: the nearest quote and the idea under way (either may be None)."""

    episode: str
    at: int
    quote: TimedQuote | None
    idea: Section | None
    # `at` is long after the last idea starts (the idea is then the last one, not surely
    # under way): later than anything timed in the episode, by more than its longest section
    past_end: bool = False

    @property
    def time(self) -> str:
        return format_time(self.at)

    def to_dict(self) -> dict[str, object]:
        """Return `{at, quote, idea}` as `quiz quotes --at` shows it, with the episode."""
        return {"at": self.at, "quote": self.quote.to_dict() if self.quote else None,
                "idea": self.idea.head() if self.idea else None, "episode": self.episode}


class FilterError(ValueError):
    """A filter names no speaker or idea of the content; `option` is the option it came from."""

    def __init__(self, option: str, message: str) -> None:
        self.option = option
        super().__init__(message)


def _order(at: Seconds | None, n: int) -> tuple[bool, Seconds, int]:
    return (at is None, at or 0, n)


def timed_quote(content: Content, quote: Quote) -> TimedQuote:
    """Return `quote` placed in time: its time (or its idea's), speaker, idea and link."""
    at, approximate = content.quote_time(quote)
    idea = content.quote_idea(quote)
    return TimedQuote(
        episode=content.episode.id, id=quote.id, at=at, approximate=approximate, by=quote.by,
        speaker=content.speaker(quote.by).name, text=quote.text,
        idea=idea.id if idea else None,
        url=time_link(content.episode.url, at) if at is not None else None)


def episode_quotes(content: Content) -> list[TimedQuote]:
    """Return the quotes of `content` in episode order: by time, untimed ones last."""
    placed = [timed_quote(content, q) for q in content.quotes]
    order = sorted(range(len(placed)), key=lambda n: _order(placed[n].at, n))
    return [placed[n] for n in order]


def find_speaker(content: Content, who: str) -> Speaker | None:
    """Return the speaker whose id, name or alias is `who` (case and width ignored)."""
    for speaker in content.speakers:
        if who == speaker.id:
            return speaker
    folded = fold_case(who).strip()
    for speaker in content.speakers:
        if folded in {fold_case(n).strip() for n in (speaker.id, speaker.name, *speaker.aliases)}:
            return speaker
    return None


def filter_quotes(quotes: Iterable[TimedQuote], start: int | None = None, end: int | None = None,
                  by: str | None = None, idea: str | None = None) -> list[TimedQuote]:
    """Return the quotes between `start` and `end` (inclusive), by speaker id `by`, under `idea`.

    A bound leaves out quotes without a time; an approximate quote counts at its idea's time.
    """
    def keep(q: TimedQuote) -> bool:
        if (start is not None or end is not None) and q.at is None:
            return False
        if start is not None and q.at is not None and q.at < start:
            return False
        if end is not None and q.at is not None and q.at > end:
            return False
        return (by is None or q.by == by) and (idea is None or q.idea == idea)

    return [q for q in quotes if keep(q)]


def _choices(items: Iterable[str]) -> str:
    """Return `items` as a message lists them: each once, in the order of the files."""
    return ", ".join(dict.fromkeys(items))


def check_idea(contents: Sequence[Content], idea: str | None) -> None:
    """Raise FilterError when `idea` names no idea of any of `contents` (a filter of
    `quiz quotes` and `quiz run`), listing the ideas there are."""
    if idea is not None and not any(c.idea(idea) for c in contents):
        known = _choices(i.id for c in contents for i in c.ideas) or "(the content has no ideas)"
        raise FilterError("idea", f"no idea '{idea}'; choose from: {known}")


def select_quotes(contents: Sequence[Content], start: int | None = None, end: int | None = None,
                  by: str | None = None, idea: str | None = None
                  ) -> list[tuple[Content, list[TimedQuote]]]:
    """Return each content with its quotes in episode order, filtered as `filter_quotes` does.

    `by` is a speaker's id, name or alias. Raise FilterError when `by` or `idea` names
    nothing in any of the contents, listing what they could be.
    """
    speakers = {c.path: find_speaker(c, by) for c in contents} if by is not None else {}
    if by is not None and not any(speakers.values()):
        known = _choices(f"{s.id} ({s.name})" for c in contents for s in c.speakers)
        raise FilterError("by", f"no speaker '{by}'; choose from: {known}")
    check_idea(contents, idea)
    selected: list[tuple[Content, list[TimedQuote]]] = []
    for content in contents:
        speaker = speakers[content.path] if by is not None else None
        if by is not None and speaker is None:  # not a speaker of this episode
            selected.append((content, []))
            continue
        selected.append((content, filter_quotes(episode_quotes(content), start, end,
                                                speaker.id if speaker else None, idea)))
    return selected


def _section(content: Content, idea: Idea, quotes: Sequence[TimedQuote] = ()) -> Section:
    return Section(episode=content.episode.id, id=idea.id, at=idea.at, title=idea.title,
                   summary=idea.summary, url=time_link(content.episode.url, idea.at)
                   if idea.at is not None else None, quotes=tuple(quotes))


def nearest(content: Content, at: int, quotes: Sequence[TimedQuote] | None = None) -> Nearest:
    """Return the quote nearest to `at` and the idea under way at `at`.

    Among `quotes` (default: all quotes of `content`) with a time; at equal distance an
    exact time beats an approximate one, then the earlier quote wins.
    """
    candidates = episode_quotes(content) if quotes is None else list(quotes)
    timed = [(abs(q.at - at), q.approximate, q.at, n, q)
             for n, q in enumerate(candidates) if q.at is not None]
    quote = min(timed)[-1] if timed else None
    idea = content.idea_at(at)
    return Nearest(episode=content.episode.id, at=at, quote=quote,
                   idea=_section(content, idea) if idea else None,
                   past_end=idea is not None and at > _last_moment(content))


# How long the last idea is taken to last, when the episode has only one timed idea.
_LAST_SECTION = 600


def _last_moment(content: Content) -> Seconds:
    """Return the last time the episode may still be under its last idea: the last time it
    names (an idea's start, a quote's start or end), plus its longest section."""
    starts = sorted(i.at for i in content.ideas if i.at is not None)
    named = [*starts, *(t for q in content.quotes
                        for t in (content.quote_time(q)[0], q.end) if t is not None)]
    sections = [b - a for a, b in itertools.pairwise(starts)]
    return max(named, default=0) + (max(sections) if sections else _LAST_SECTION)


def make_timeline(content: Content) -> list[Section]:
    """Return the timeline of `content`: its ideas in episode order, each with its quotes.

    Timed ideas come by time, untimed ones after them in file order. Quotes said before
    the first timed idea open the timeline in a group of their own, and quotes with neither
    a time nor an idea close it in another; both groups have `id` None.
    """
    quotes = episode_quotes(content)
    by_idea: dict[str | None, list[TimedQuote]] = {}
    for quote in quotes:
        by_idea.setdefault(quote.idea, []).append(quote)
    ideas = sorted(range(len(content.ideas)),
                   key=lambda n: _order(content.ideas[n].at, n))
    sections = [_section(content, content.ideas[n], by_idea.get(content.ideas[n].id, ()))
                for n in ideas]
    loose = by_idea.get(None, [])
    before = [q for q in loose if q.at is not None]
    untimed = [q for q in loose if q.at is None]
    words = Words(content.episode.wording_language)
    if before:
        sections.insert(0, Section(episode=content.episode.id, id=None, at=before[0].at,
                                   title=words["before"], quotes=tuple(before)))
    if untimed:
        sections.append(Section(episode=content.episode.id, id=None, at=None,
                                title=words["untimed"], quotes=tuple(untimed)))
    return sections
