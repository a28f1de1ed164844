"""The command line: parse options, make one call into the core, print.

Heavy modules (genanki, fsrs, pypinyin) are imported inside the commands that use them, so
that `quiz --help` and `quiz --version` start fast.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .collector import paused_gc
from .errors import ContentError, QuizError
from .kinds import KIND_NAMES
from .orders import ORDERS

if TYPE_CHECKING:
    from .cards import Card
    from .model import Content
    from .wording import Words

F = TypeVar("F", bound=Callable[..., Any])


class QuizGroup(click.Group):
    """Turns the tool's own errors into a message on stderr and exit 1, never a traceback."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # What the terminal's encoding cannot show (a Chinese episode under a Latin-1
        # locale) is shown as a replacement character rather than failing the command.
        for stream in (sys.stdout, sys.stderr):
            if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="replace")
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ContentError as e:
            for problem in e.problems:
                click.echo(str(problem), err=True)
            ctx.exit(1)
        except QuizError as e:
            click.echo(f"Error: {e}", err=True)
            ctx.exit(1)


def content_argument(f: F) -> F:
    """Add the CONTENT… argument: existing files, `./content.yaml` when none is given."""
    return click.argument(
        "content", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path),
    )(f)


def format_option(f: F) -> F:
    return click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                        show_default=True, help="Output as text for people or JSON.")(f)


def content_paths(paths: Sequence[Path]) -> list[Path]:
    """Return the content files given, each once (a file named twice, by any path, is one
    episode read once), or ./content.yaml when none is given."""
    if not paths:
        default = Path("content.yaml")
        if not default.is_file():
            raise click.UsageError("no CONTENT given and no ./content.yaml here")
        return [default]
    unique: dict[Path, Path] = {}
    for path in paths:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def load_all(paths: Sequence[Path]) -> list[Content]:
    """Load every content file, reporting the problems of all of them before exiting."""
    from .content import load_contents

    return load_contents(content_paths(paths))


def echo_json(value: object) -> None:
    import json  # only --format json needs it: kept off the start-up of every command

    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def echo_json_list(items: Iterable[object]) -> None:
    """Print `items` as one JSON list, as echo_json would, but an item at a time: a listing
    of 100,000 cards is never held whole as text."""
    import json

    opening = "["
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        click.echo(f"{opening}\n  {text}", nl=False)
        opening = ","
    click.echo("[]" if opening == "[" else "\n]")


def by_kind(cards: Sequence[Card], words: Words) -> str:
    """Return how many cards there are of each kind, after their count: ` (qa 40, cloze 12)`,
    nothing when there are none."""
    from .cards import count_kinds

    if not cards:
        return ""
    return words.say("cards_by_kind", kinds=words.join(
        words.say("by_kind", kind=kind.value, n=n) for kind, n in count_kinds(cards).items()))


def report_warnings(contents: Iterable[Content], strict: bool) -> None:
    """Print the card lint's warnings of `contents` on stderr; with `strict`, fail on them."""
    warnings = [w for content in contents for w in content.warnings]
    for warning in warnings:
        click.echo(str(warning), err=True)
    if strict and warnings:
        raise click.exceptions.Exit(1)


@click.group(cls=QuizGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quiz")
def cli() -> None:
    """Turn an episode's ideas and quotes into Anki decks and a terminal quiz.

    The commands read episodes from YAML content files, one episode each (default:
    ./content.yaml).

    \b
    Examples:
      quiz check                 validate ./content.yaml
      quiz build                 write decks/<episode-id>.apkg for Anki
      quiz run                   study the cards due today in the terminal
      quiz quotes --at 15:00     what was said near 15:00
    """


def strict_option(f: F) -> F:
    return click.option("--strict", is_flag=True,
                        help="Fail (exit 1) on the card lint's warnings too.")(f)


def kind_option(f: F) -> F:
    return click.option("--kind", "kinds", multiple=True, type=click.Choice(KIND_NAMES),
                        help="Only cards of this kind, among those made (repeatable). A kind"
                             " the episode does not make is refused, saying why (exit 2).")(f)


def refuse_kinds_not_made(contents: Sequence[Content], kinds: Sequence[str]) -> None:
    """Say on stderr which of `kinds` (--kind) the episodes make no cards of, and why; when
    none of them is made the filter matches nothing: a usage error (exit 2)."""
    from .cards import not_made

    missing = not_made(contents, kinds)
    for kind, why in missing.items():
        click.echo(f"--kind {kind}: {why}", err=True)
    if missing and len(missing) == len(set(kinds)):
        raise click.exceptions.Exit(2)


def summary(content: Content, cards: Sequence[Card]) -> str:
    """Return the line `quiz check` prints for a valid content file."""
    from .wording import Words

    words = Words(content.episode.wording_language)
    return words.say("checked_warnings" if content.warnings else "checked", path=content.path,
                     warnings=words.count("warnings", len(content.warnings)),
                     ideas=words.count("ideas", len(content.ideas)),
                     quotes=words.count("quotes", len(content.quotes)),
                     cards=words.count("cards", len(cards)), kinds=by_kind(cards, words))


@cli.command(short_help="Validate content files; report every problem with its place.")
@content_argument
@strict_option
@format_option
def check(content: tuple[Path, ...], strict: bool, fmt: str) -> None:
    """Validate content files, reporting every problem as FILE:LINE:COL.

    Exits 1 when any file has a problem. The card lint's warnings (a fact asked twice, an
    answer given away or too long, a cloze in a question, an idea no card asks about) are
    reported as FILE:LINE:COL: warning: …, and fail only with --strict. As JSON:
    {ok, problems: [{file, line, col, where, message, warning}], episodes: [{file,
    episode, ideas, quotes, cards, kinds}]}, the episodes only when every file is valid.

    \b
    Examples:
      quiz check content.yaml
      quiz check --strict       warnings fail too
      quiz check --format json | jq '.problems[].message'
    """
    from .cards import make_cards

    if fmt == "json":
        raise click.exceptions.Exit(echo_check_json(content, strict))
    contents = load_all(content)
    report_warnings(contents, strict)
    for loaded in contents:
        click.echo(summary(loaded, make_cards(loaded)))


def echo_check_json(paths: Sequence[Path], strict: bool) -> int:
    """Print what `quiz check` finds as one JSON document; return the exit code."""
    from dataclasses import asdict

    from .cards import count_kinds, make_cards

    try:
        contents = load_all(paths)
    except ContentError as e:  # every file's problems, as the text output gives them
        contents, problems = [], e.problems
    else:
        problems = [warning for loaded in contents for warning in loaded.warnings]
    episodes = []
    for loaded in contents:
        cards = make_cards(loaded)
        episodes.append({"file": loaded.path, "episode": loaded.episode.id,
                         "ideas": len(loaded.ideas), "quotes": len(loaded.quotes),
                         "cards": len(cards),
                         "kinds": {k.value: n for k, n in count_kinds(cards).items()}})
    failed = any(not p.warning for p in problems) or (strict and bool(problems))
    echo_json({"ok": not failed, "problems": [asdict(p) for p in problems],
               "episodes": episodes})
    return 1 if failed else 0


@cli.command()
@content_argument
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("decks"), show_default=True, help="Directory to write decks into.")
@strict_option
@paused_gc()  # for the whole build: the collector walked the cards and notes between steps
def build(content: tuple[Path, ...], output: Path, strict: bool) -> None:
    """Build one Anki deck (.apkg) per content file.

    Every file is validated first; a deck replaces the old one only once it is complete,
    so a failed build leaves the old deck whole. Import the deck into Anki with File >
    Import: a rebuilt deck updates the notes in place and keeps your review history.
    Each note's version is kept in a lock file beside the content (content.notes.lock):
    commit it with the content, so that a build anywhere changes only the notes you changed.

    \b
    Example:
      quiz build content.yaml -o decks
    """
    from .apkg import build_deck
    from .wording import Words

    contents = load_all(content)
    report_warnings(contents, strict)
    _make_dir(output)
    for loaded in contents:
        with _writing(output / f"{loaded.episode.id}.apkg"):
            built = build_deck(loaded, output)
        words = Words(loaded.episode.wording_language)
        clips = words.say("with_clips", clips=words.count("clips", built.clips))
        click.echo(words.say("built", path=built.path, notes=words.count("notes", built.notes),
                             cards=words.count("cards", len(built.cards)),
                             kinds=by_kind(built.cards, words))
                   + (clips if built.clips else ""))


def _make_dir(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise click.ClickException(f"cannot create {path}: {e.strerror or e}") from None


@contextmanager
def _writing(target: Path) -> Iterator[None]:
    """Turn a failure to write `target` (a full disk, a folder without rights) into a message."""
    try:
        yield
    except OSError as e:
        raise click.ClickException(f"cannot write {target}: {e.strerror or e}") from None


@cli.command()
@content_argument
@kind_option
@format_option
def cards(content: tuple[Path, ...], kinds: tuple[str, ...], fmt: str) -> None:
    """List the cards made from content files, with their stable ids.

    \b
    Examples:
      quiz cards --kind qa --kind cloze
      quiz cards --format json | jq '.[0]'
    """
    from .cards import make_cards

    contents = load_all(content)
    refuse_kinds_not_made(contents, kinds)
    listed = [c for loaded in contents for c in make_cards(loaded, kinds or None)]
    if fmt == "json":
        echo_json_list(card.to_dict() for card in listed)
        return
    from .terminal import render_cards, terminal_width

    echo_lines(render_cards(listed, terminal_width()))


def echo_lines(lines: Iterable[str]) -> None:
    """Print `lines`, a thousand at a time: a listing is never held whole as text."""
    lines = iter(lines)
    while chunk := list(itertools.islice(lines, 1000)):
        click.echo("\n".join(chunk))


@contextmanager
def filter_errors() -> Iterator[None]:
    """Turn a filter that names nothing (quiz.timeline.FilterError) into a usage error of
    its option, worded alike by every command."""
    from .timeline import FilterError

    try:
        yield
    except FilterError as e:
        raise click.BadParameter(str(e), param_hint=f"'--{e.option}'") from None


class TimeParam(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2
    """A time on the command line, `m:ss`, `mm:ss` or `h:mm:ss`, converted to seconds."""

    name = "time"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> float:
        if isinstance(value, int):
            return value
        from .times import read_time  # what an input method types too: 15：00, 15分, 4分12秒

        try:
            return read_time(str(value))
        except ValueError as e:
            self.fail(str(e), param, ctx)


@cli.command(short_help="List quotes by time, speaker or idea, with links to that moment.")
@content_argument
@click.option("--from", "start", type=TimeParam(), help="Only quotes at or after this time.")
@click.option("--to", "end", type=TimeParam(), help="Only quotes at or before this time.")
@click.option("--by", metavar="SPEAKER", help="Only quotes by this speaker (id, name or alias).")
@click.option("--idea", metavar="ID", help="Only quotes under this idea.")
@click.option("--at", type=TimeParam(),
              help="Show the quote nearest to this time and the idea under way.")
@format_option
def quotes(content: tuple[Path, ...], start: int | None, end: int | None, by: str | None,
           idea: str | None, at: int | None, fmt: str) -> None:
    """List the quotes in episode order: time, speaker, text, idea and link.

    A quote without a time of its own takes its idea's, shown with `~`. With several
    content files the quotes are grouped by episode; in JSON every quote names its
    `episode`. With --at, JSON is one object {at, quote, idea} (a list of them, one per
    episode, with several files); filters choose among the quotes it may pick.

    \b
    Examples:
      quiz quotes --from 10:00 --to 25:00
      quiz quotes --by 朱亦博 --idea business-model
      quiz quotes --at 15:00 --format json
    """
    from .terminal import render_nearest, render_selection, terminal_width
    from .timeline import nearest, select_quotes

    if start is not None and end is not None and start > end:
        raise click.BadParameter("--from comes after --to", param_hint="'--from'")
    with filter_errors():
        selected = select_quotes(load_all(content), start, end, by, idea)
    if at is None:
        if fmt == "json":
            echo_json_list(q.to_dict() for _, listed in selected for q in listed)
        else:
            echo_lines(render_selection(selected, terminal_width()))
        return
    found = [(loaded, nearest(loaded, at, listed)) for loaded, listed in selected]
    if fmt == "json":
        docs = [near.to_dict() for _, near in found]
        echo_json(docs[0] if len(docs) == 1 else docs)
    else:
        echo_lines(render_nearest(found, terminal_width()))


@cli.command(short_help="Show the ideas in episode order, each with its quotes.")
@content_argument
@format_option
def timeline(content: tuple[Path, ...], fmt: str) -> None:
    """Show the ideas in episode order, each with its summary and quotes.

    A quote without an idea sits under the idea under way at its time; quotes said
    before the first idea, and quotes with neither time nor idea, get groups of their own
    (first and last; `id` null in JSON).

    \b
    Examples:
      quiz timeline
      quiz timeline --format json | jq '.[] | {time, title}'
    """
    from .terminal import render_timeline, terminal_width
    from .timeline import make_timeline

    made = [(loaded, make_timeline(loaded)) for loaded in load_all(content)]
    if fmt == "json":
        echo_json_list(section.to_dict() for _, sections in made for section in sections)
        return
    width = terminal_width()
    click.echo("\n\n".join("\n".join(render_timeline(c, s, width)) for c, s in made))


@cli.command(short_help="Write one HTML page of the timeline and every card.")
@content_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Page to write [default: decks/<episode-id>.html, or decks/preview.html "
                   "for several files].")
def preview(content: tuple[Path, ...], output: Path | None) -> None:
    """Write one static HTML page of the timeline and every card, as Anki shows them.

    The page needs no network and no JavaScript: open it in any browser, on a phone too;
    click a card to see its back. It follows the system's light or dark mode.

    \b
    Examples:
      quiz preview                  write decks/<episode-id>.html
      quiz preview a.yaml b.yaml -o review.html
    """
    from .cards import make_cards
    from .preview import default_path, write_preview
    from .wording import words_for

    contents = load_all(content)
    target = output or default_path(contents)
    cards = [make_cards(loaded) for loaded in contents]  # made once: written, then counted
    with _writing(target):
        write_preview(contents, target, cards)
    words = words_for(contents)
    click.echo(words.say("previewed", path=target, episodes=words.count("episodes", len(contents)),
                         cards=words.count("cards", sum(map(len, cards)))))


def state_option(f: F) -> F:
    return click.option(
        "--state", type=click.Path(dir_okay=False, path_type=Path), envvar="QUIZ_STATE",
        help="The review state, one SQLite file. [default: state.sqlite3 in your user data"
             " directory (platformdirs' user_data_dir('quiz')): ~/.local/share/quiz on Linux"
             " ($XDG_DATA_HOME/quiz if set), ~/Library/Application Support/quiz on macOS,"
             " %LOCALAPPDATA%\\quiz\\quiz on Windows; env QUIZ_STATE]")(f)


@cli.command()
@content_argument
@kind_option
@click.option("--idea", metavar="ID", help="Only the cards of this idea.")
@click.option("--limit", type=click.IntRange(min=1), metavar="N",
              help="At most N cards in all (a card rated Again counts once).")
@click.option("--new", type=click.IntRange(min=0), default=20, show_default=True, metavar="N",
              help="At most N new cards a day (never studied before; the cards first"
                   " studied today count).")
@click.option("--order", type=click.Choice(ORDERS), default="due",
              show_default=True, help="Most overdue first, in episode order, or shuffled.")
@click.option("--cram", is_flag=True, help="Quiz every selected card; leave the schedule alone.")
@state_option
@click.option("--seed", type=int, metavar="N", help="Seed the shuffle and the choices.")
@click.option("--audio", is_flag=True,
              help="Play each quote's clip once its back shows (a player found on the system,"
                   " or the command in $QUIZ_PLAYER, given the clip's path last).")
def run(content: tuple[Path, ...], kinds: tuple[str, ...], idea: str | None,
        limit: int | None, new: int, order: str, cram: bool, state: Path | None,
        seed: int | None, audio: bool) -> None:
    """Quiz yourself in the terminal, with spaced repetition (FSRS).

    Due cards come first, then new ones, --new a day. Cards of one fact (the cards of a
    quote, and a question whose answer that quote says or blanks) are siblings: a session
    asks one of them a day. Type an answer and press Enter (an empty line
    reveals the back); the grade is suggested: press Enter to take it, or 1 Again,
    2 Hard, 3 Good, 4 Easy. At any prompt :u takes back the last rating and :q quits
    (an input method's full-width ：u and ：q too); a line that starts with a colon is a
    command, never an answer. Every rating is saved as it is given. Piped, it reads two
    lines per card.

    \b
    Examples:
      quiz run                                study what is due, then new cards
      quiz run --limit 10 --new 5             a short session
      quiz run --kind cloze --order timeline  the blanks, in episode order

    Piped: the answers to the first two qa cards of the example episode (the seed's
    content.yaml), each followed by an empty line (the suggested rating), in a cram
    that leaves the schedule alone:

    \b
      printf '数据、算法、训练平台\\n\\n封装与支持\\n\\n' | quiz run --cram --kind qa --limit 2
    """
    import random

    from .schedule import utc_now
    from .session import run_quiz
    from .state import default_state_path
    from .terminal import line_reader, quit_on_hangup, terminal_width, use_color
    from .timeline import check_idea

    contents = load_all(content)
    refuse_kinds_not_made(contents, kinds)
    with filter_errors():
        check_idea(contents, idea)
    quit_on_hangup()
    with ExitStack() as stack:
        play = stack.enter_context(clip_player(contents)) if audio else None
        run_quiz(contents, read=line_reader(), write=click.echo, now=utc_now,
                 rng=random.Random(seed), kinds=kinds, idea=idea, limit=limit, new=new,
                 order=order, state=None if cram else state or default_state_path(),
                 style=click.style if use_color() else None, width=terminal_width(most=88),
                 play=play)


@contextmanager
def clip_player(contents: Sequence[Content]) -> Iterator[Callable[[Card], None] | None]:
    """Yield what plays the clip of a card's quote (the clips cut first), stopping the last
    at the end; None, said once, without a player or a clip to play."""
    from .audio import Player, episode_clips, find_player
    from .wording import words_for

    clips = {(c.episode.id, quote): path for c in contents
             for quote, path in episode_clips(c).items()}
    command = find_player()
    if not clips or command is None:
        words = words_for(contents)
        click.echo(words["no_clips"] if not clips else words["no_player"], err=True)
        yield None
        return
    with Player(command) as player:
        def play(card: Card) -> None:
            clip = clips.get((card.episode, card.note)) if card.text is not None else None
            if clip is not None:
                player.play(clip)

        yield play


@cli.command(short_help="Show reviews, cards due now and later, and retention.")
@content_argument
@state_option
@format_option
def stats(content: tuple[Path, ...], state: Path | None, fmt: str) -> None:
    """Show the reviews done, the cards due now and later, and the retention.

    Counts the cards of the given content files; a state that does not exist yet is
    empty. Retention is the share of reviews not rated Again (Hard counts as remembered).
    As text, it also says when the next card is due and which state file it read.

    \b
    Examples:
      quiz stats                  the cards of ./content.yaml
      quiz stats --format json    the same, as one JSON document
    """
    from .cards import make_cards
    from .schedule import compute_stats, utc_now
    from .state import default_state_path, read_snapshot
    from .terminal import render_stats
    from .wording import words_for

    contents = load_all(content)
    cards = [c for loaded in contents for c in make_cards(loaded)]
    path = state or default_state_path()
    snapshot = read_snapshot(path)
    now = utc_now()
    result = compute_stats(cards, snapshot.states, snapshot.ratings, now)
    if fmt == "json":
        echo_json(result.to_dict())
        return
    echo_lines(render_stats(result, now, path, words_for(contents)))


@cli.command()
@click.argument("summary", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Write the draft to this file. [default: print it]")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
def extract(summary: Path, output: Path | None, force: bool) -> None:
    """Draft a content file from an episode summary: its sections with their times, points
    and quoted lines (tests/summaries/ holds three, the seed's among them).

    Every text in the draft is copied from the summary; '# TODO:' comments mark what needs
    a human decision (an assumed speaker, a drafted qa card), and what cannot be placed is
    reported on stderr. Check the draft, then validate it with 'quiz check'.

    \b
    Examples:
      quiz extract summary.txt                  print the draft
      quiz extract summary.txt -o content.yaml  write it (--force to replace a file)
    """
    from .extract import draft_content, read_summary, write_draft
    from .text import printable
    from .wording import Words

    draft = draft_content(read_summary(summary))
    for warning in draft.warnings:  # they quote the summary: its controls as escapes
        click.echo(f"{summary}: {printable(warning)}", err=True)
    written: Path | str = "draft"
    if output is None or str(output) == "-":
        click.echo(draft.yaml, nl=False)
    else:
        written = output
        try:
            write_draft(draft, output, replace=force)
        except FileExistsError:
            raise click.ClickException(f"{output} exists; add --force to replace it") from None
        except OSError as e:
            raise click.ClickException(f"cannot write {output}: {e.strerror or e}") from None
    words = Words(draft.language)
    click.echo(words.say("drafted", path=written, todos=words.count("todos", draft.todos)),
               err=True)


@cli.command(short_help="Find each quote in the transcript: its exact start and end.")
@content_argument
@click.option("--transcript", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The transcript (WebVTT, SRT, Podcasting 2.0 or Whisper JSON). "
                   "[default: the episode's `transcript`]")
@click.option("--write", is_flag=True,
              help="Put the times found into the content file, keeping its layout.")
@format_option
def align(content: tuple[Path, ...], transcript: Path | None, write: bool, fmt: str) -> None:
    """Find each quote in the episode's transcript: where it starts and ends, how sure.

    Matching works on characters, so Chinese needs no word splitting and a quote written
    a little differently from what was said is still found. A quote never said is marked
    not found. --write puts `at` and `end` into the content file (its comments and layout
    kept): quotes timed by their idea (~) become exact, and the clips cut from the audio
    hold the quote from its first word to its last.

    \b
    Examples:
      quiz align                              the episode's own transcript
      quiz align --transcript ep.vtt --write  find the quotes, and keep their times
      quiz align --format json
    """
    from .audio import align_episode
    from .terminal import render_alignments
    from .wording import Words

    contents = load_all(content)
    if transcript is not None and len(contents) > 1:
        raise click.UsageError("--transcript is the transcript of one episode: give one CONTENT")
    for loaded in contents:
        if transcript is None and not loaded.episode.transcript:
            raise click.UsageError(f"{loaded.path} names no transcript: give --transcript")
    found = []
    for loaded in contents:
        alignments = align_episode(loaded, transcript, write)
        found.append((loaded, alignments))
        for a in alignments:
            if a.warning:
                click.echo(f"{loaded.path}: {a.id}: {a.warning}", err=True)
        if write:
            words = Words(loaded.episode.wording_language)
            click.echo(words.say("aligned", path=loaded.path, n=sum(a.timed for a in alignments),
                                 total=len(alignments)), err=True)
    if fmt == "json":
        echo_json_list(a.to_dict() for _, alignments in found for a in alignments)
    else:
        echo_lines(line for loaded, alignments in found
                   for line in render_alignments(alignments,
                                                 Words(loaded.episode.wording_language)))


@cli.command(short_help="Keep one memory in Anki and the terminal: notes and reviews.")
@content_argument
@click.option("--collection", required=True, metavar="PATH",
              type=click.Path(path_type=Path),
              help="Anki's collection file, e.g. ~/.local/share/Anki2/User 1/collection.anki2."
                   " Close Anki first.")
@state_option
@format_option
def sync(content: tuple[Path, ...], collection: Path, state: Path | None, fmt: str) -> None:
    """Sync the episodes with an Anki collection, both ways, while Anki is closed.

    New notes are added to Anki, notes whose text changed are updated there (a note edited
    in Anki since the last sync is a conflict: it is listed and Anki's text stays), and
    reviews done on either side are carried to the other, so both schedule alike. The
    collection is backed up into the backups folder beside it before the first write.

    \b
    Examples:
      quiz sync --collection ~/.local/share/Anki2/'User 1'/collection.anki2
      quiz sync a.yaml b.yaml --collection collection.anki2 --format json
    """
    from .state import default_state_path
    from .sync import sync_collection

    result = sync_collection(content_paths(content), collection, state or default_state_path())
    if fmt == "json":
        echo_json(result.to_dict())
    else:
        echo_lines(result.lines(collection))
