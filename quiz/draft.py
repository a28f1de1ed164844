"""The draft of an episode: what a reader found, before it is checked and frozen.

Every reader of episodes (the YAML content file, an episode summary; a transcript reader
will) fills a Draft; `quiz.checks` checks its meaning (ids, references, cloze phrases) the
same way whoever read it, and `Draft.to_content` freezes a draft without problems into the
model.
A field the reader could not read is None (or left out of its list), and the reader has
reported why; the checks then pass over it rather than report the same mistake twice.

Each item knows where it was read: `where` names it as a problem names it (`quotes[3]`),
and `places` holds the line and column of its keys (`""` for the item itself), so that a
problem found in the model points back into the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Problem
from .model import AuthoredCard, Content, Episode, Idea, Quote, Speaker
from .times import Seconds

Place = tuple[int, int]  # 1-based line and column


@dataclass
class Located:
    """Where a drafted item was read: its name in problems, and the places of its keys."""

    where: str = ""
    places: dict[str, Place] = field(default_factory=dict)
    # in a drafted file: comments written above the item (a heading), and what a person
    # must check, written as `# TODO:` comments
    comments: list[str] = field(default_factory=list)
    todos: list[str] = field(default_factory=list)

    def place(self, key: str = "") -> Place:
        """Return the place of `key`, else of the item itself (1, 1 when unknown)."""
        return self.places.get(key) or self.places.get("") or (1, 1)

    def at_key(self, key: str) -> str:
        """Return how a problem names `key` of this item: `quotes[3].by`."""
        return f"{self.where}.{key}" if self.where else key

    def problem(self, path: str, key: str, message: str, warning: bool = False) -> Problem:
        """Return the problem `message` of `key` of this item, read from `path`."""
        line, col = self.place(key)
        return Problem(path, line, col, self.at_key(key), message, warning)


@dataclass
class DraftEpisode(Located):
    id: str | None = None
    title: str | None = None
    show: str | None = None
    date: str | None = None
    language: str | None = None
    url: str | None = None
    audio: str | None = None
    transcript: str | None = None
    kinds: tuple[str, ...] | None = None


@dataclass
class DraftSpeaker(Located):
    id: str | None = None
    name: str | None = None
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    bio: str | None = None


@dataclass
class DraftCard(Located):
    q: str | None = None
    a: str | None = None
    id: str | None = None
    accept: list[str] = field(default_factory=list)


@dataclass
class DraftIdea(Located):
    id: str | None = None
    title: str | None = None
    at: Seconds | None = None
    summary: str | None = None
    points: list[str] = field(default_factory=list)
    cards: list[DraftCard] = field(default_factory=list)


@dataclass
class DraftQuote(Located):
    id: str | None = None
    by: str | None = None
    text: str | None = None
    at: Seconds | None = None
    end: Seconds | None = None
    idea: str | None = None
    cloze: list[str] = field(default_factory=list)


@dataclass
class Draft:
    """One episode as read from `path`, not yet checked.

    `complete` names the lists ("speakers", "ideas") that the reader read whole: a reference
    into a list with an unreadable entry goes unchecked, since the entry it names may be the
    one that could not be read.
    """

    path: str
    episode: DraftEpisode | None = None
    speakers: list[DraftSpeaker] = field(default_factory=list)
    ideas: list[DraftIdea] = field(default_factory=list)
    quotes: list[DraftQuote] = field(default_factory=list)
    complete: set[str] = field(default_factory=lambda: {"speakers", "ideas"})

    def to_content(self) -> Content:
        """Return the frozen model of a draft that has passed its checks.

        Raise ValueError when a required field is missing: a reader reports those first.
        """
        ep = self.episode
        if ep is None or ep.id is None or ep.title is None:
            raise ValueError(f"{self.path}: the episode has no id or title")
        episode = Episode(ep.id, ep.title, ep.show, ep.date, ep.language or "en", ep.url,
                          ep.audio, ep.transcript, ep.kinds)
        speakers = tuple(Speaker(_required(s.id), _required(s.name), tuple(s.aliases), s.role,
                                 s.bio) for s in self.speakers)
        ideas = tuple(Idea(_required(i.id), _required(i.title), i.at, i.summary,
                           tuple(i.points), tuple(AuthoredCard(_required(c.q), _required(c.a),
                                                               c.id, tuple(c.accept))
                                                  for c in i.cards)) for i in self.ideas)
        quotes = tuple(Quote(_required(q.id), _required(q.by), _required(q.text), q.at, q.end,
                             q.idea, tuple(q.cloze)) for q in self.quotes)
        return Content(self.path, episode, speakers, ideas, quotes)


def _required(value: str | None) -> str:
    if value is None:
        raise ValueError("a required field is missing")
    return value
