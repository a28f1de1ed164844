"""The card lint: an idea that no card asks about; and the lint on whole episodes."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner
from lintsupport import warnings
from support import MULTI, ROOT, SEED

from quiz.cli import cli
from quiz.content import load_content


def test_an_idea_no_card_asks_about() -> None:
    found = warnings("""\
        ideas:
          - {id: asked, title: Asked, cards: [{q: What?, a: this}]}
          - {id: clozed, at: "1:00", title: Clozed}
          - {id: forgotten, at: "2:00", title: Forgotten}
        quotes:
          - {id: q1, by: zhu, at: "1:30", text: The plumber is dull., cloze: [plumber]}
        """)
    assert found == [
        "6:10: warning: ideas[2].id: no card asks about this idea: add a qa card for its claim,"
        " or a cloze phrase to one of its quotes"]


def test_the_seed_passes_its_own_lint(runner: CliRunner) -> None:
    assert load_content(SEED).warnings == ()
    result = runner.invoke(cli, ["check", "--strict", str(SEED)])
    assert result.exit_code == 0 and result.stderr == ""


def test_warnings_leave_the_exit_code_unless_strict(runner: CliRunner, write_content) -> None:  # type: ignore[no-untyped-def]
    path = write_content(
        "episode: {id: ep, title: T}\nspeakers: [{id: a, name: A}]\n"
        "ideas: [{id: i, title: I, cards: [{q: Q?, a: x}, {q: R?, a: X}]}]\n")
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 0
    assert result.stderr == (
        f"{path}:3:61: warning: ideas[0].cards[1].a: two cards have the same answer ('X', also"
        " at ideas[0].cards[0].a, line 3): ask each fact once, and give different facts"
        " different answers\n")
    assert "ok, with 1 warning" in result.stdout
    assert runner.invoke(cli, ["check", "--strict", str(path)]).exit_code == 1
    built = runner.invoke(cli, ["build", "--strict", str(path), "-o", str(path.parent / "d")])
    assert built.exit_code == 1 and not (path.parent / "d").exists()
    built = runner.invoke(cli, ["build", str(path), "-o", str(path.parent / "d")])
    assert built.exit_code == 0 and "warning: ideas[0].cards[1].a" in built.stderr


def test_the_lint_finds_the_defects_of_the_first_seed_deck(tmp_path) -> None:  # type: ignore[no-untyped-def]
    old = tmp_path / "content.yaml"  # the seed deck as it was first written
    old.write_bytes(subprocess.run(["git", "show", "2b4eaeb:content.yaml"], cwd=ROOT,
                                   capture_output=True, check=True).stdout)
    found = [str(w) for w in load_content(old).warnings]
    assert sum("ask the same fact" in w for w in found) == 17
    assert sum("a cloze in a question" in w for w in found) == 2
    assert sum("too long" in w for w in found) == 1


def test_clean_episodes_it_was_not_written_for_pass(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # multi.yaml, written for the timeline tests, has an idea nothing asks about and a qa card
    # that asks what a cloze blanks
    found = [(w.where, w.message.split(" (")[0].split(":")[0]) for w in load_content(MULTI).warnings]
    assert found == [("ideas[3].id", "no card asks about this idea"),
                     ("quotes[3].cloze[0]", "a qa card and a cloze ask the same fact")]
    path = tmp_path / "bench.yaml"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "2000", "-o",
                    str(path)], check=True)
    assert load_content(path).warnings == ()
