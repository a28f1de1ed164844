"""Shared fixtures: the seed content, small content files, and a real Anki collection."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from support import MULTI, SEED, SMALL, Invoke

from quiz.content import load_content
from quiz.model import Content


@pytest.fixture(autouse=True, scope="session")
def clip_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the clips the tests cut out of the user's cache directory (QUIZ_CACHE)."""
    cache = tmp_path_factory.mktemp("quiz-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QUIZ_CACHE", str(cache))
        yield cache


@pytest.fixture
def runner() -> CliRunner:
    """Return click's runner for the commands, stdout and stderr apart."""
    return CliRunner()


@pytest.fixture
def quiz(runner: CliRunner) -> Invoke:
    """Return a function running the command line on `args` (each made a str) through
    `runner`, with `input` as stdin and `env` added to the environment."""
    from quiz.cli import cli

    def invoke(*args: object, input: str | None = None,
               env: dict[str, str | None] | None = None) -> Result:
        return runner.invoke(cli, [str(a) for a in args], input=input, env=env)

    return invoke


@pytest.fixture
def write_content(tmp_path: Path) -> Callable[..., Path]:
    """Return a function writing YAML text (dedented) to a file in tmp_path."""

    def write(text: str = SMALL, name: str = "content.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[object]:
    """Yield a fresh collection of real Anki (Anki's own backend), closed afterwards."""
    from anki.collection import Collection

    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        yield col
    finally:
        col.close()


@pytest.fixture(scope="module")
def multi() -> Content:
    """The content of tests/data/multi.yaml."""
    return load_content(MULTI)


@pytest.fixture(scope="module")
def seed() -> Content:
    """The seed episode, content.yaml."""
    return load_content(SEED)
