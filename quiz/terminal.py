"""What the tool prints on a terminal: listings laid out by display width, and the
terminal's own quirks (its width, colour, encoding and line editing).

Every line about an episode is in its language (quiz.wording). No control character of
what was read reaches the terminal raw: the content checks refuse a text holding one, the
transcript and summary readers drop them, and messages quote them as escapes (quiz.text).
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .layout import display_width, pad, wrap
from .times import format_seconds
from .wording import Words, clock_time, describe_due, words_for

if TYPE_CHECKING:  # types only: a listing loads this module and needs none of these
    from .align import Alignment
    from .cards import Card
    from .model import Content
    from .schedule import Stats
    from .timeline import Nearest, Section, TimedQuote


def render_cards(cards: Iterable[Card], width: int = 80) -> Iterator[str]:
    """Yield lines listing `cards`: id, kind and time (`~` when approximate, as on the back),
    then front and back, indented."""
    for card in cards:
        time = ("~" if card.approximate else "") + card.time if card.time else ""
        yield f"{card.id}  [{card.kind}]" + (f"  {time}" if time else "")
        for label, text in (("Q: ", card.front), ("A: ", card.back)):
            wrapped = wrap(text, width, "     ")
            yield "  " + label + wrapped[0][5:]
            yield from wrapped[1:]
        yield ""


def render_alignments(alignments: Sequence[Alignment], words: Words) -> list[str]:
    """Return a line for each quote aligned: its id, start and end, score and the words of
    the transcript found, or that it was not found."""
    width = max((display_width(a.id) for a in alignments), default=0)
    lines = []
    for a in alignments:
        if a.matched and a.at is not None and a.end is not None:
            span = f"{format_seconds(a.at):>10} – {format_seconds(a.end):<10}"
            lines.append(f"{pad(a.id, width)}  {span}  {a.score:3.0f}  {a.text or ''}")
        else:
            lines.append(f"{pad(a.id, width)}  {words['not_found']:<23}  {a.score:3.0f}")
    return lines


def render_stats(stats: Stats, now: datetime, state: Path, words: Words) -> list[str]:
    """Return the lines of `quiz stats` for people: the figures, when the next card is due,
    and which state file they come from."""
    retention = "-" if stats.retention is None else f"{stats.retention:.0%}"
    upcoming = "-"
    if stats.next_due is not None:
        when = describe_due(stats.next_due, now, words.language)
        upcoming = when if stats.next_due <= now else words.say(
            "clock", when=when, clock=clock_time(stats.next_due, now))
    ratings = {name: stats.ratings.get(name, 0) for name in ("again", "hard", "good", "easy")}
    rows = [("stat_cards", f"{stats.cards:>6}"), ("stat_new", f"{stats.new:>6}"),
            ("stat_due_now", f"{stats.due_now:>6}"), ("stat_due_later", f"{stats.due_later:>6}"),
            ("stat_next_due", f"{upcoming:>6}"),
            ("stat_reviews", f"{stats.reviews:>6}  " + words.say("stat_ratings", **ratings)),
            ("stat_retention", f"{retention:>6}  " + words["stat_retention_note"]),
            ("stat_state", f"{state}" + ("" if state.exists() else
                                         "  " + words["stat_not_created"]))]
    label_width = max(display_width(words[key]) for key, _ in rows) + 2
    return [pad(words[key], label_width) + value for key, value in rows]


def _hanging(first: str, text: str, width: int) -> list[str]:
    """Return `text` wrapped after the prefix `first`, further lines indented under it."""
    indent = display_width(first)
    lines = wrap(text, max(width - indent, 20))
    return [first + lines[0]] + [" " * indent + line for line in lines[1:]]


def _columns(quotes: Iterable[TimedQuote]) -> tuple[int, int]:
    """Return the widths of the time and speaker columns that fit all of `quotes`."""
    listed = list(quotes)
    return (max((display_width(q.shown_time) for q in listed), default=0),
            max((display_width(q.speaker) for q in listed), default=0))


def render_quotes(quotes: Sequence[TimedQuote], width: int = 80, indent: str = "",
                  ideas: bool = True, columns: tuple[int, int] | None = None) -> list[str]:
    """Return lines showing `quotes`: time (`~` when approximate), speaker and wrapped text,
    then the idea (unless `ideas` is false) and the link, columns aligned by display width
    (`columns` gives the widths of time and speaker, default: what `quotes` need)."""
    if not quotes:
        return []
    time_w, name_w = columns or _columns(quotes)
    lines = []
    for q in quotes:
        first = f"{indent}{q.shown_time.rjust(time_w)}  {pad(q.speaker, name_w)}  "
        lines.extend(_hanging(first, q.text, width))
        meta = " · ".join(x for x in (f"#{q.idea}" if q.idea and ideas else None, q.url) if x)
        if meta:
            lines.append(" " * display_width(first) + meta)
    return lines


def render_selection(selected: Sequence[tuple[Content, Sequence[TimedQuote]]],
                     width: int = 80) -> list[str]:
    """Return lines listing the selected quotes, with a heading per episode when several."""
    words = words_for(content for content, _ in selected)
    several = len(selected) > 1
    lines: list[str] = []
    for content, quotes in selected:
        if several:
            if lines:
                lines.append("")
            lines.append(_heading(content))
        shown = render_quotes(quotes, width, "  " if several else "")
        lines.extend(shown or [("  " if several else "") + words["no_quotes"]])
    return lines


def _heading(content: Content) -> str:
    ep = content.episode
    parts = [p for p in (ep.show, ep.title) if p]
    return f"{' · '.join(parts)}  [{ep.id}]" + (f"  {ep.url}" if ep.url else "")


def render_nearest(found: Sequence[tuple[Content, Nearest]], width: int = 80) -> list[str]:
    """Return lines saying what is going on at a time in each episode: the idea under way
    and the nearest quote (with a heading per episode when several)."""
    words = words_for(content for content, _ in found)
    lines: list[str] = []
    for content, near in found:
        if len(found) > 1:
            lines.extend([""] if lines else [])
            lines.append(_heading(content))
        idea = near.idea
        under_way = (f"{idea.time}  {idea.title}  #{idea.id}" if idea
                     else words["nothing_under_way"])
        said = "past_end" if near.past_end else "under_way"
        lines.extend(_hanging(words.say(said, time=near.time), under_way, width))
        if near.quote is None:
            lines.append(words["no_nearest"])
        else:
            lines.append(words["nearest"])
            lines.extend(render_quotes([near.quote], width, "  "))
    return lines


def render_timeline(content: Content, sections: Sequence[Section], width: int = 80) -> list[str]:
    """Return lines showing the timeline: each idea with its time, title, summary and quotes."""
    lines = [_heading(content)]
    time_w = max((display_width(s.time or "") for s in sections), default=0)
    columns = _columns(q for s in sections for q in s.quotes)
    for section in sections:
        lines.append("")
        label = f"{(section.time or '').rjust(time_w)}  " if time_w else ""
        title = section.title + (f"  #{section.id}" if section.id else "")
        lines.extend(_hanging(label, title, width))
        hang = " " * display_width(label)
        if section.summary:
            lines.extend(hang + line for line in wrap(section.summary, max(width - len(hang), 20)))
        if section.url:
            lines.append(hang + section.url)
        lines.extend(render_quotes(section.quotes, width, hang + "  ", False, columns))
    return lines


def line_reader() -> Callable[[str], str]:
    """Return a `read(prompt)` for stdin: line editing on a terminal, echoed from a pipe.

    Echoing piped answers after their prompt keeps a scripted session's output readable.
    Without a stdin at all (`quiz run <&-`), reading is the end of input.
    """
    stdin = sys.stdin
    if stdin is None or stdin.closed:
        def nothing(prompt: str) -> str:
            raise EOFError

        return nothing
    if stdin.isatty():
        _set_up_line_editing()
        return _read_line

    def read(prompt: str) -> str:
        click.echo(prompt, nl=False)
        line = stdin.readline()
        if not line:
            raise EOFError
        line = line.rstrip("\r\n")
        click.echo(line)
        return line

    return read


def _set_up_line_editing() -> None:
    """Load readline for line editing that knows wide characters, as text input only.

    Its file-name completion would list the directory at a Tab, and where the locale is
    plain C it would read the bytes of a Chinese character as Meta keys: both are off.
    """
    try:
        import readline
    except ImportError:  # pragma: no cover - Windows
        return
    readline.set_completer(None)
    for setting in ("tab: self-insert", "set input-meta on", "set output-meta on",
                    "set convert-meta off", "set enable-meta-key off"):
        readline.parse_and_bind(setting)


def _read_line(prompt: str) -> str:
    return input(prompt)


def use_color() -> bool:
    """Whether to colour the output: only on a terminal that shows colour (not TERM=dumb),
    and never when NO_COLOR is set."""
    return (sys.stdout.isatty() and not os.environ.get("NO_COLOR")
            and os.environ.get("TERM") != "dumb")


def terminal_width(most: int | None = None) -> int:
    """Return the terminal's width in columns (80 when unknown), at most `most`."""
    columns = int(shutil.get_terminal_size((80, 24)).columns)
    return max(20, min(columns, most)) if most else columns


def quit_on_hangup() -> None:
    """Make SIGTERM and SIGHUP end a session as Ctrl-C does, so that line editing puts the
    terminal back as it was (a process killed outright would leave it without echo)."""
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), interrupt)
