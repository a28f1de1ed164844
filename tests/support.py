"""Constants and helpers shared by the tests (import them with `from support import ...`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content.yaml"
MULTI = ROOT / "tests" / "data" / "multi.yaml"  # several speakers, past an hour, untimed

# The type of the conftest fixture `quiz`, which runs the command line:
# `quiz(*args, input=…, env=…)`.
Invoke = Callable[..., Result]

SMALL = """\
format: 1
episode:
  id: small-ep
  title: A small episode
  show: Test Show
  language: en
  url: https://www.youtube.com/watch?v=abc
  kinds: [qa, cloze, who, when, topic]  # every kind, whatever the defaults
speakers:
  - id: ann
    name: Ann
    aliases: [Annie]
    role: host
  - id: bob
    name: Bob
    role: guest
ideas:
  - id: pipes
    at: "4:12"
    title: Pipes and plumbers
    summary: Infrastructure is plumbing.
    cards:
      - id: plumber
        q: What trade does Bob compare infrastructure to?
        a: plumbing
        accept: [pipework]
      - q: Who keeps the water running?
        a: the plumber
  - id: rockets
    at: 1:02:03
    title: Building rockets
quotes:
  - id: plumber-quote
    by: bob
    at: "05:01"
    text: It is like the plumber of the early internet.
    cloze: [plumber, early internet]
  - id: rocket-quote
    by: bob
    idea: rockets
    text: Build the rocket and sell tickets, rocket after rocket.
    cloze: [rocket]
  - id: question
    by: ann
    at: 1:10:00
    text: Is there still room for newcomers?
"""


def seed_of_every_kind() -> str:
    """Return the text of the seed episode made to make every kind of card (who, when and
    topic too: its defaults make only qa and cloze cards)."""
    text = SEED.read_text(encoding="utf-8")
    return text.replace("  language: zh\n", "  language: zh\n  kinds: [who, when, topic]\n", 1)


def import_package(col: object, path: Path) -> object:
    """Import an .apkg into `col` with Anki's default options; return Anki's import log."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    request = ImportAnkiPackageRequest(package_path=str(path),
                                       options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log  # type: ignore[attr-defined]
