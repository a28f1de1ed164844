"""The public API: everything a Python user needs is importable from `quiz`, without click."""

from __future__ import annotations

import ast
import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from support import ROOT

import quiz


def test_every_exported_name_resolves() -> None:
    assert "__version__" in quiz.__all__
    for name in quiz.__all__:
        assert getattr(quiz, name) is not None, name


def test_the_names_loaded_are_those_the_stub_declares() -> None:
    """quiz/__init__.py finds its names in the stub with a regex, one form of line: a name
    written in any other form would be seen by mypy and missing at run time."""
    stub = ast.parse((Path(quiz.__file__).with_suffix(".pyi")).read_text(encoding="utf-8"))
    declared = set()
    for node in stub.body:
        if isinstance(node, ast.ImportFrom):
            declared.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.AnnAssign):
            declared.add(ast.unparse(node.target))
        else:
            pytest.fail(f"the stub holds a line quiz/__init__.py does not read: "
                        f"{ast.unparse(node)}")
    assert set(quiz.__all__) == declared
    assert set(dir(quiz)) >= declared


def test_no_exported_name_is_also_a_submodule() -> None:
    """`quiz.extract` must mean one thing: were a function exported under a module's name,
    the first access would give the function and, once the module is imported, later ones
    the module."""
    import pkgutil

    modules = {m.name for m in pkgutil.iter_modules(quiz.__path__)}
    assert "extract" in modules  # the listing works
    assert not set(quiz.__all__) & modules


def test_no_build_internal_is_public() -> None:
    assert "paused_gc" not in quiz.__all__  # the collector is paused by the builders


def test_the_version_is_written_once() -> None:
    """pyproject.toml reads the version from quiz/__init__.py: the installed metadata agrees."""
    assert importlib.metadata.version("quiz") == quiz.__version__
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]


def test_the_api_works_without_the_command_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from support import SEED

    content = quiz.load_content(SEED)
    cards = quiz.make_cards(content, ["qa"])
    deck = quiz.write_deck(content, cards, tmp_path / "d.apkg")
    assert deck.exists()
    saved = quiz.record_review(tmp_path / "s.db", cards[0].id, 3,
                               datetime(2025, 8, 2, tzinfo=UTC))
    assert saved.after.due > datetime(2025, 8, 2, tzinfo=UTC)
    assert quiz.grade_text("水管工", "水管工").correct


def test_importing_quiz_loads_no_module_of_its_own_yet() -> None:
    code = "import sys, quiz; print(sorted(m for m in sys.modules if m.startswith(('quiz.', 'click'))))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_outputs_do_not_depend_on_the_hash_seed() -> None:
    from support import ROOT, SEED

    summary = ROOT / "tests" / "summaries" / "000_a2aa04b47976ccc4.txt"
    outputs = []
    for seed in ("1", "2"):
        env = {**__import__("os").environ, "PYTHONHASHSEED": seed}
        run = [[sys.executable, "-m", "quiz", "cards", str(SEED), "--format", "json"],
               [sys.executable, "-m", "quiz", "extract", str(summary)]]
        outputs.append([subprocess.run(args, capture_output=True, text=True, env=env,
                                       check=True).stdout for args in run])
    assert outputs[0] == outputs[1]
    assert '"id": "ai-infra-42:qa:' in outputs[0][0] and "format: 1" in outputs[0][1]
