"""Content files by relative or absolute path, with spaces and Chinese in their names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import ROOT, SMALL

from quiz.cli import cli

DIR = "tests data"
NAME = "我的 节目.yaml"
OUT = "输出 目录"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a working directory holding `tests data/我的 节目.yaml`."""
    (tmp_path / DIR).mkdir()
    (tmp_path / DIR / NAME).write_text(SMALL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("absolute", [False, True], ids=["relative", "absolute"])
def test_check_build_and_cards_take_any_path(runner: CliRunner, here: Path,
                                             absolute: bool) -> None:
    path = str(here / DIR / NAME) if absolute else f"{DIR}/{NAME}"
    out = str(here / OUT) if absolute else OUT
    result = runner.invoke(cli, ["check", path])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{path}: ok: 2 ideas, 3 quotes, ")
    result = runner.invoke(cli, ["build", path, "-o", out])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{Path(out) / 'small-ep.apkg'}: ")
    assert os.listdir(here / OUT) == ["small-ep.apkg"]
    result = runner.invoke(cli, ["cards", path, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert {card["episode"] for card in json.loads(result.stdout)} == {"small-ep"}


def test_problems_name_the_path_as_given(runner: CliRunner, here: Path) -> None:
    path = f"{DIR}/{NAME}"
    (here / path).write_text(SMALL.replace("id: bob", "id: Bob", 1), encoding="utf-8")
    result = runner.invoke(cli, ["check", path])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"{path}:14:9: speakers[1].id: 'Bob' ")


@pytest.mark.parametrize("locale", ["C.UTF-8", "C"])
def test_the_real_command_takes_such_paths_in_any_locale(here: Path, locale: str) -> None:
    """Run `quiz` as a process, so the names go through argv and the file system encoding."""
    env = {**os.environ, "LC_ALL": locale, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONIOENCODING", None)
    for args in (["check", f"{DIR}/{NAME}"], ["build", str(here / DIR / NAME), "-o", OUT],
                 ["cards", f"./{DIR}/../{DIR}/{NAME}", "--kind", "who"]):
        done = subprocess.run([sys.executable, "-m", "quiz", *args], cwd=here, env=env,
                              capture_output=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        assert done.stderr == b""
    assert (here / OUT / "small-ep.apkg").is_file()
