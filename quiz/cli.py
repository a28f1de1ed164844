"""The command line: parse options, make one call into the core, print.

Heavy modules (genanki, fsrs, pypinyin) are imported inside the commands that use them, so
that `quiz --help` and `quiz --version` start fast.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .errors import ContentError, QuizError

if TYPE_CHECKING:
    from .cards import Card
    from .model import Content

F = TypeVar("F", bound=Callable[..., Any])
KINDS = ("qa", "who", "cloze", "when", "topic")


class QuizGroup(click.Group):
    """Turns the tool's own errors into a message on stderr and exit 1, never a traceback."""

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


def load_all(paths: Sequence[Path]) -> list[Content]:
    """Load every content file, reporting the problems of all of them before exiting."""
    from .content import load_content

    if not paths:
        default = Path("content.yaml")
        if not default.is_file():
            raise click.UsageError("no CONTENT given and no ./content.yaml here")
        paths = [default]
    contents, problems = [], []
    for path in paths:
        try:
            contents.append(load_content(path))
        except ContentError as e:
            problems.extend(e.problems)
    if problems:
        raise ContentError(problems)
    return contents


def echo_json(value: object) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def count_kinds(cards: Iterable[Card]) -> str:
    counts = Counter(card.kind.value for card in cards)
    return ", ".join(f"{kind} {counts[kind]}" for kind in KINDS if counts[kind])


@click.group(cls=QuizGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quiz")
def cli() -> None:
    """Turn an episode's ideas and quotes into Anki decks and a terminal quiz.

    CONTENT is a YAML file describing one episode (default: ./content.yaml).

    \b
    Examples:
      quiz check                 validate ./content.yaml
      quiz build -o decks        write decks/<episode-id>.apkg for Anki
      quiz cards --kind cloze    list the cloze cards
    """


@cli.command()
@content_argument
def check(content: tuple[Path, ...]) -> None:
    """Validate content files, reporting every problem as FILE:LINE:COL.

    Exits 1 when any file has a problem.

    \b
    Example:
      quiz check content.yaml
    """
    from .cards import make_cards

    for loaded in load_all(content):
        cards = make_cards(loaded)
        click.echo(f"{loaded.path}: ok: {len(loaded.ideas)} ideas, {len(loaded.quotes)} quotes,"
                   f" {len(cards)} cards ({count_kinds(cards)})")


@cli.command()
@content_argument
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("decks"), show_default=True, help="Directory to write decks into.")
def build(content: tuple[Path, ...], output: Path) -> None:
    """Build one Anki deck (.apkg) per content file.

    Every file is validated first; a deck replaces the old one only once it is complete,
    so a failed build leaves the old deck whole. Import the deck into Anki with File >
    Import: a rebuilt deck updates the notes in place and keeps your review history.

    \b
    Example:
      quiz build content.yaml -o decks
    """
    from .apkg import write_deck
    from .cards import make_cards

    contents = load_all(content)
    seen: dict[str, str] = {}
    for loaded in contents:
        if loaded.episode.id in seen:
            raise click.ClickException(f"{loaded.path} and {seen[loaded.episode.id]} are both "
                                   f"episode '{loaded.episode.id}'; each needs its own id")
        seen[loaded.episode.id] = loaded.path
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise click.ClickException(f"cannot create {output}: {e.strerror or e}") from None
    for loaded in contents:
        cards = make_cards(loaded)
        target = output / f"{loaded.episode.id}.apkg"
        try:
            write_deck(loaded, cards, target)
        except OSError as e:
            raise click.ClickException(f"cannot write {target}: {e.strerror or e}") from None
        notes = len({(card.kind, card.note) for card in cards})
        click.echo(f"{target}: {notes} notes, {len(cards)} cards ({count_kinds(cards)})")


@cli.command()
@content_argument
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS),
              help="Only cards of this kind (repeatable).")
@format_option
def cards(content: tuple[Path, ...], kinds: tuple[str, ...], fmt: str) -> None:
    """List the cards made from content files, with their stable ids.

    \b
    Examples:
      quiz cards --kind qa --kind cloze
      quiz cards --format json | jq '.[0]'
    """
    from .cards import make_cards

    listed = [c for loaded in load_all(content) for c in make_cards(loaded, kinds or None)]
    if fmt == "json":
        echo_json([card.to_dict() for card in listed])
        return
    for card in listed:
        click.echo(f"{card.id}  [{card.kind}]" + (f"  {card.time}" if card.time else ""))
        click.echo(_indent("Q: ", card.front))
        click.echo(_indent("A: ", card.back))
        click.echo()


def _indent(label: str, text: str) -> str:
    pad = " " * (2 + len(label))
    return "  " + label + text.replace("\n", "\n" + pad)

