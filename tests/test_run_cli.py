"""`quiz run` and `quiz stats`: piped through CliRunner, and in a real pseudo-terminal."""

from __future__ import annotations

import itertools
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import click
import pexpect
import pytest
from click.testing import Result
from support import ROOT, SEED, Invoke, seed_of_every_kind

from quiz.cli import cli
from quiz.content import load_content
from quiz.schedule import order_cards, sibling_group, spread_siblings
from quiz.session import select_cards
from quiz.state import SCHEMA_VERSION, read_snapshot

QA = select_cards([load_content(SEED)], ["qa"])
RIGHT = [c.answer for c in QA]
CARDS = len(select_cards([load_content(SEED)]))


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed episode in a file of its own, made to make every kind of card."""
    path = tmp_path_factory.mktemp("seed") / "content.yaml"
    path.write_text(seed_of_every_kind(), encoding="utf-8")
    return path


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state.sqlite3"


@pytest.fixture
def run_qa(quiz: Invoke) -> Invoke:
    """Return a function running the seed's qa cards on `state`, typing `lines`."""
    def run(state: Path, lines: list[str], *args: str) -> Result:
        return quiz("run", SEED, "--kind", "qa", "--state", state, *args,
                    input="".join(line + "\n" for line in lines))

    return run


def asked(output: str) -> list[str]:
    """Return the question asked after each card header, in order."""
    lines = output.splitlines()
    return [lines[n + 1] for n, line in enumerate(lines) if line.startswith("── ")]


def reviews(state: Path) -> list[tuple[str, int]]:
    conn = sqlite3.connect(state)
    try:
        return conn.execute("SELECT card_id, rating FROM reviews ORDER BY id").fetchall()
    finally:
        conn.close()


# -- piped sessions -------------------------------------------------------------------------

def test_a_piped_session_records_every_rating(run_qa: Invoke, state: Path) -> None:
    result = run_qa(state, [RIGHT[0], "", "wrong", "", "", "4"], "--limit", "3")
    assert result.exit_code == 0, result.output
    assert asked(result.output)[:3] == [c.ask for c in QA[:3]]
    assert f"› {RIGHT[0]}\n✓ 对\n  {RIGHT[0]}\n" in result.output
    # The answer is shown once, not again in an "expected '…'" note.
    assert f"› wrong\n✗ 错\n  {RIGHT[1]}\n" in result.output
    assert "重来 · 过几张卡片再问" in result.output and "› \n答案\n" in result.output
    assert reviews(state) == [(QA[0].id, 3), (QA[1].id, 1), (QA[2].id, 4)]
    assert "3 张卡片：对 2 次，错 1 次。" in result.output
    assert "下次到期：1 分钟后（" in result.output
    assert "回车看答案 · :u 撤销 · :q 退出" in result.output
    assert result.output.startswith("本次 3 张卡片：0 张到期，3 张新卡片。\n")
    again = run_qa(state, [":q"], "--new", "4")  # three of today's four were studied
    assert again.output.startswith("本次 1 张卡片：0 张到期，1 张新卡片。\n")  # none due yet


def test_a_card_rated_again_comes_back_and_limit_counts_cards(run_qa: Invoke, state: Path) -> None:
    result = run_qa(state, ["", "", RIGHT[1], "", RIGHT[0], ""], "--limit", "2")
    assert result.exit_code == 0
    assert asked(result.output) == [QA[0].ask, QA[1].ask, QA[0].ask]
    assert reviews(state) == [(QA[0].id, 1), (QA[1].id, 3), (QA[0].id, 3)]
    assert "2 张卡片，回答 3 次：对 2 次，错 1 次。" in result.output


def test_undo_reverts_the_state_and_asks_the_card_again(run_qa: Invoke, state: Path) -> None:
    result = run_qa(state, [RIGHT[0], "", ":u", "x", "1", RIGHT[1], ""], "--limit", "2")
    assert result.exit_code == 0
    assert asked(result.output) == [QA[0].ask, QA[1].ask, QA[0].ask, QA[1].ask, QA[0].ask]
    assert "↶ 已撤销“良好”" in result.output
    assert reviews(state) == [(QA[0].id, 1), (QA[1].id, 3)]


def test_quit_ends_the_session_and_keeps_what_was_rated(run_qa: Invoke, state: Path) -> None:
    result = run_qa(state, [RIGHT[0], "", ":q", RIGHT[1], ""])
    assert result.exit_code == 0
    assert reviews(state) == [(QA[0].id, 3)]
    assert "1 张卡片：对 1 次，错 0 次。" in result.output
    # The next run picks up where this one stopped: the second card, new.
    assert asked(run_qa(state, [":q"]).output) == [QA[1].ask]


def test_new_and_limit_choose_how_many(run_qa: Invoke, state: Path) -> None:
    result = run_qa(state, [""] * 40, "--new", "2")
    assert len(set(asked(result.output))) == 2
    result = run_qa(state, [], "--new", "0")
    assert result.exit_code == 0
    assert re.match(rf"现在没有到期的卡片；下次到期：1 分钟后（\d\d:\d\d）。{len(QA) - 2} 张新卡片在等",
                    result.output), result.output


def test_new_siblings_wait_for_a_later_session(quiz: Invoke, state: Path, every_kind: Path) -> None:
    result = quiz("run", every_kind, "--kind", "cloze", "--kind", "who", "--new", "6", "--state",
                  state,
                  input="\n3\n" * 6)
    quotes = [card_id.split(":")[2] for card_id, _ in reviews(state)]
    assert len(quotes) == 6 and len(set(quotes)) == 6, result.output


def test_due_cards_come_before_new_ones(run_qa: Invoke, state: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from fsrs import Rating, Scheduler

    from quiz.state import StateDB, record_review

    with StateDB(state) as db:
        for card, days in ((QA[5], 3), (QA[7], 9)):
            at = datetime.now(UTC) - timedelta(days=days)
            record_review(db, card.id, Rating.Good, at, Scheduler())
    result = run_qa(state, [":q"], "--new", "2")
    assert result.output.startswith("本次 4 张卡片：2 张到期，2 张新卡片。\n")
    result = run_qa(state, ["", "3"] * 4, "--new", "2")
    assert asked(result.output) == [QA[7].ask, QA[5].ask, QA[0].ask, QA[1].ask]


def test_cram_reads_and_writes_no_state(run_qa: Invoke, state: Path) -> None:
    result = run_qa(state, [RIGHT[0], "", "", ""], "--cram", "--limit", "2")
    assert result.exit_code == 0
    assert "突击复习：复习计划没有改动。" in result.output
    assert result.output.startswith("突击复习：2 张卡片，不改动复习计划。\n")
    assert not state.exists()


def test_seed_makes_the_random_order_reproducible(quiz: Invoke, state: Path) -> None:
    def order(seed: str) -> list[str]:
        result = quiz("run", SEED, "--cram", "--order", "random", "--seed", seed, "--limit", "8",
                      input=":q\n")
        more = quiz("run", SEED, "--cram", "--order", "random", "--seed", seed, "--limit", "8",
                    input="\n\n" * 8)
        assert asked(more.output)[0] == asked(result.output)[0]
        return asked(more.output)

    assert order("5") == order("5")
    assert order("5") != order("6")


def test_multiple_choice_is_the_same_with_the_same_seed(quiz: Invoke, state: Path,
                                                        every_kind: Path) -> None:
    args = ("run", every_kind, "--cram", "--kind", "topic", "--limit", "3", "--seed", "11")
    first, second = quiz(*args, input="1\n\n" * 3), quiz(*args, input="1\n\n" * 3)
    assert first.output == second.output
    assert re.search(r"^  4\. ", first.output, re.MULTILINE)


def test_timeline_order_follows_the_episode(quiz: Invoke, state: Path) -> None:
    result = quiz("run", SEED, "--cram", "--order", "timeline", "--limit", "12",
                  input="\n3\n" * 12)
    seed = load_content(SEED)
    timeline = order_cards(select_cards([seed]), "timeline")
    expected = spread_siblings(timeline)[:12]
    shown = [q.strip()[:20] for q in asked(result.output)]
    assert shown == [c.front.split("\n")[0][:20] for c in expected]
    # In episode order, but for siblings (cards of one quote, at one time) kept apart.
    assert {c.id for c in expected[:9]} == {c.id for c in timeline[:9]}
    assert all(a.at <= b.at for a, b in itertools.pairwise(expected[:9]))
    assert all(sibling_group(a) != sibling_group(b) for a, b in itertools.pairwise(expected))


def test_idea_filters_and_an_unknown_idea_is_a_usage_error(quiz: Invoke, state: Path,
                                                           every_kind: Path) -> None:
    result = quiz("run", SEED, "--idea", "rockets", "--state", state)
    assert result.exit_code == 2
    # worded as quiz quotes words it, the ideas in the order of the file
    assert ("Invalid value for '--idea': no idea 'rockets'; choose from: what-is-ai-infra, "
            "industry-chain, ") in result.stderr
    assert not state.exists()
    result = quiz("run", every_kind, "--idea", "business-model", "--kind", "when", "--state",
                  state, input="\n3\n")
    when = select_cards([load_content(every_kind)], ["when"], "business-model")
    assert asked(result.output) == [when[0].ask] and len(when) == 1


@pytest.mark.parametrize("cram", [True, False])
def test_a_kind_the_episode_does_not_make_is_a_usage_error(quiz: Invoke, state: Path,
                                                           cram: bool) -> None:
    # not "nothing is due": the seed makes no who cards at all, and says why
    result = quiz("run", SEED, "--kind", "who", "--state", state, *(["--cram"] if cram else []))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("--kind who: 本集不生成 who 卡片：需要三位以上说话人")
    assert not state.exists()


def test_qa_env_var_chooses_the_state(quiz: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "from-env.db"
    result = quiz("run", SEED, "--kind", "qa", "--limit", "1", input=f"{RIGHT[0]}\n\n",
                  env={"QUIZ_STATE": str(path)})
    assert result.exit_code == 0
    assert reviews(path) == [(QA[0].id, 3)]


def test_stats_of_an_empty_file_leave_it_empty(quiz: Invoke, state: Path) -> None:
    state.write_bytes(b"")
    result = quiz("stats", SEED, "--state", state, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["new"] == CARDS
    assert state.read_bytes() == b""


@pytest.mark.parametrize("command", ["run", "stats"])
def test_a_corrupt_state_is_an_error_and_left_alone(quiz: Invoke, state: Path,
                                                    command: str) -> None:
    state.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 20)
    before = state.read_bytes()
    result = quiz(command, SEED, "--state", state, input=f"{RIGHT[0]}\n\n")
    assert result.exit_code == 1
    assert f"Error: {state} is not a usable quiz state" in result.output
    assert "move it aside" in result.output
    assert "Traceback" not in result.output
    assert state.read_bytes() == before


BAD_ROWS = {
    "rating 7": "UPDATE reviews SET rating = 7",
    "due without a zone": "UPDATE cards SET state = json_set(state, '$.due', '2025-08-04T12:00:00')",
    "unreadable state": "UPDATE cards SET state = '{\"due\": 1}'",
}


@pytest.mark.parametrize("command", ["run", "stats"])
@pytest.mark.parametrize("sql", BAD_ROWS.values(), ids=BAD_ROWS)
def test_a_bad_row_is_an_error_and_left_alone(quiz: Invoke, run_qa: Invoke, state: Path,
                                              command: str, sql: str) -> None:
    run_qa(state, [RIGHT[0], ""], "--limit", "1")
    conn = sqlite3.connect(state)
    with conn:
        conn.execute(sql)
    conn.close()
    before = state.read_bytes()
    result = quiz(command, SEED, "--state", state, input=f"{RIGHT[1]}\n\n")
    if command == "run" and "rating" in sql:  # a session reads no rating: it goes on
        assert result.exit_code == 0 and "对 1 次" in result.output, result.output
        return
    assert result.exit_code == 1, result.output
    assert f"Error: {state} is not a usable quiz state" in result.output
    assert "move it aside" in result.output
    assert state.read_bytes() == before


def test_a_state_from_a_newer_version_is_an_error(run_qa: Invoke, state: Path) -> None:
    run_qa(state, [RIGHT[0], ""], "--limit", "1")
    conn = sqlite3.connect(state)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = state.read_bytes()
    result = run_qa(state, [RIGHT[0], ""])
    assert result.exit_code == 1
    assert "was written by a newer version of quiz" in result.output
    assert state.read_bytes() == before


# -- stats ----------------------------------------------------------------------------------

def test_stats_json_keys_and_counts(quiz: Invoke, run_qa: Invoke, state: Path) -> None:
    run_qa(state, [RIGHT[0], "", "", "", "x", "2", RIGHT[0], "4"], "--limit", "3")
    result = quiz("stats", SEED, "--state", state, "--format", "json")
    assert result.exit_code == 0
    stats = json.loads(result.output)
    next_due = stats.pop("next_due")  # the ISO 8601 UTC time the next card is due
    assert datetime.fromisoformat(next_due).utcoffset() == timedelta(0)
    assert stats == {
        "cards": CARDS, "new": CARDS - 3, "reviews": 4, "due_now": 0, "due_later": 3,
        "retention": 0.75, "ratings": {"again": 1, "hard": 1, "good": 1, "easy": 1},
    }


def test_stats_text_says_when_the_next_card_is_due_and_which_state(quiz: Invoke, run_qa: Invoke,
                                                                   state: Path) -> None:
    run_qa(state, [RIGHT[0], "", "", ""], "--limit", "2")  # Good, then Again
    result = quiz("stats", SEED, "--state", state)
    lines = result.output.splitlines()
    assert re.fullmatch(r"下次到期  1 分钟后（\d\d:\d\d）", lines[4]), lines  # as the episode
    assert lines[-1] == f"状态文件  {state}"
    assert set(json.loads(quiz("stats", SEED, "--state", state, "--format", "json").output)) == {
        "cards", "new", "reviews", "due_now", "due_later", "next_due", "retention", "ratings"}
    missing = quiz("stats", SEED, "--state", state.with_name("none.db")).output.splitlines()
    assert missing[4] == "下次到期       -"
    assert missing[-1] == f"状态文件  {state.with_name('none.db')}  （尚未创建）"


@pytest.mark.parametrize("command", ["run", "stats"])
def test_help_says_where_the_state_is_by_default(quiz: Invoke, command: str) -> None:
    text = " ".join(quiz(command, "--help").output.split())
    assert "user_data_dir('quiz')" in text and "~/.local/share/quiz on Linux" in text
    assert "env QUIZ_STATE" in text


def test_stats_count_only_the_cards_of_the_given_content(quiz: Invoke, run_qa: Invoke, state: Path,
                                                         tmp_path: Path) -> None:
    run_qa(state, [RIGHT[0], ""], "--limit", "1")
    other = tmp_path / "other.yaml"
    other.write_text("episode: {id: other, title: Other}\nspeakers: [{id: a, name: A}]\n"
                     "ideas: [{id: i, title: T, cards: [{q: Q?, a: A}]}]\n", encoding="utf-8")
    result = quiz("stats", other, "--state", state, "--format", "json")
    assert json.loads(result.output)["reviews"] == 0
    assert json.loads(result.output)["cards"] == 1


def test_stats_of_a_missing_state_are_empty_and_create_nothing(quiz: Invoke,
                                                               tmp_path: Path) -> None:
    state = tmp_path / "nothing" / "here.db"
    result = quiz("stats", SEED, "--state", state, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)["retention"] is None
    assert json.loads(result.output)["next_due"] is None
    assert json.loads(result.output)["new"] == CARDS
    assert not state.parent.exists()
    text = quiz("stats", SEED, "--state", state)
    assert text.output.splitlines()[:2] == [f"卡片      {CARDS:>6}", f"新卡片    {CARDS:>6}"]


@pytest.mark.parametrize("command", ["run", "stats"])
def test_help_has_an_example(quiz: Invoke, command: str) -> None:
    result = quiz(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output and f"quiz {command}" in result.output


def help_examples(quiz: Invoke, command: str) -> list[str]:
    """Return the command lines of the examples in `quiz COMMAND --help`, as pasted."""
    lines = quiz(command, "--help").output.split("Options:")[0].splitlines()
    found = [re.split(r"\s{2,}", line.strip())[0] for line in lines
             if re.match(r"\s+(quiz|printf) ", line)]
    assert found
    return found


@pytest.mark.parametrize("command", ["run", "stats"])
def test_every_help_example_works_when_pasted(quiz: Invoke, command: str, tmp_path: Path) -> None:
    env = {**os.environ, "QUIZ_STATE": str(tmp_path / "state.db"), "NO_COLOR": "1"}
    for example in help_examples(quiz, command):
        shell = example.replace("quiz ", f"{sys.executable} -m quiz ")
        done = subprocess.run(["bash", "-c", shell], cwd=ROOT, env=env, capture_output=True,
                              text=True, stdin=subprocess.DEVNULL, timeout=60, check=False)
        assert done.returncode == 0 and not done.stderr, (example, done.stderr)
        if example.startswith("printf"):
            assert done.stdout.count("✓ 对") == 2, done.stdout
            assert "2 张卡片：对 2 次，错 0 次。" in done.stdout, done.stdout


def test_the_lists_of_orders_and_ratings_are_defined_once() -> None:
    from quiz import cli as cli_module
    from quiz import orders, schedule, session

    order = next(p for p in cli_module.run.params if p.name == "order")
    assert isinstance(order.type, click.Choice)
    assert order.type.choices is orders.ORDERS is schedule.ORDERS
    assert session.RATING_NAMES is schedule.RATING_NAMES
    assert not hasattr(session, "NAMES")


def test_run_help_says_new_cards_are_per_day(quiz: Invoke) -> None:
    assert "new cards a day" in " ".join(quiz("run", "--help").output.split())


# Run in a fresh interpreter: import the CLI, then `quiz --version`, `quiz --help` and every
# `quiz CMD --help`, as click runs them; print what each wrote and every module then loaded.
START_UP = """
import contextlib, io, json, sys
import quiz.cli
group = quiz.cli.cli
shown = {}
for args in (["--version"], ["--help"], *([name, "--help"] for name in group.commands)):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = group.main(args, prog_name="quiz", standalone_mode=False)
    shown[" ".join(args)] = (code, out.getvalue())
print(json.dumps({"shown": shown,
                  "loaded": sorted({*sys.modules, *(m.split(".")[0] for m in sys.modules)})}))
"""
HEAVY = {"genanki", "fsrs", "pypinyin", "yaml", "platformdirs", "sqlite3", "opencc", "cn2an",
         # and quiz's own modules of what a command does, not of what it says it does
         "quiz.cards", "quiz.model", "quiz.content", "quiz.terminal", "quiz.timeline"}


def test_help_and_version_load_no_heavy_module() -> None:
    done = subprocess.run([sys.executable, "-c", START_UP], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    report = json.loads(done.stdout)
    shown = report["shown"]
    assert set(shown) >= {"--version", "--help", *(f"{c} --help" for c in cli.commands)}
    assert len(cli.commands) >= 9
    assert shown["--version"][1].startswith("quiz, version")
    for args, (code, text) in shown.items():
        assert code == 0 and (args == "--version" or text.startswith("Usage: quiz")), args
    assert HEAVY.isdisjoint(report["loaded"]), sorted(HEAVY & set(report["loaded"]))


# -- a real terminal -----------------------------------------------------------------------------

def spawn(state: Path, *args: str, color: bool = False) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update(TERM="xterm-256color", LC_ALL="C.UTF-8", COLUMNS="80")
    if not color:
        env["NO_COLOR"] = "1"
    child = pexpect.spawn(sys.executable, ["-m", "quiz", "run", str(SEED), "--state", str(state),
                                           "--kind", "qa", *args],
                          encoding="utf-8", env=env, cwd=str(ROOT), timeout=20,
                          dimensions=(40, 80))
    return child


def test_a_terminal_session_with_undo_and_quit(state: Path) -> None:
    child = spawn(state)
    try:
        child.expect_exact(QA[0].ask)
        child.expect_exact("回车看答案 · :u 撤销 · :q 退出")
        child.expect_exact("› ")
        child.sendline(RIGHT[0])
        child.expect_exact("✓ 对")
        child.expect_exact("评分› ")
        child.sendline("")
        child.expect_exact("良好 · 下次：10 分钟后")
        child.expect_exact(QA[1].ask)
        child.sendline("")
        child.expect_exact(f"答案\r\n  {RIGHT[1]}")
        child.sendline("")
        child.expect_exact(QA[2].ask)
        child.sendline(":u")
        child.expect_exact("↶ 已撤销“重来”")
        child.expect_exact(QA[1].ask)
        child.sendline(RIGHT[1])
        child.sendline("4")
        child.expect_exact("简单 · 下次：")
        child.expect_exact(QA[2].ask)
        child.sendline(":q")
        child.expect_exact("2 张卡片：对 2 次，错 0 次。")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert "\x1b[3" not in (child.before or "")
    assert reviews(state) == [(QA[0].id, 3), (QA[1].id, 4)]


def test_a_terminal_gets_colour_unless_no_color(state: Path) -> None:
    child = spawn(state, color=True)
    try:
        child.expect_exact("› ")
        child.sendline(RIGHT[0])
        child.expect_exact("\x1b[32m\x1b[1m✓ 对")
        child.expect_exact("评分› ")  # Ctrl-C at a prompt, as a person presses it
        child.sendcontrol("c")
        child.expect_exact("没有评分：回答了但没有评分，所以没有保存。")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in (child.before or "")


def test_an_input_methods_full_width_commands_and_digits(state: Path) -> None:
    child = spawn(state)
    try:
        child.expect_exact("› ")
        child.sendline("：h")  # a command the session does not have: not an answer
        child.expect_exact("没有“:h”这个命令。:u 撤销上一个评分，:q 退出。")
        child.sendline(RIGHT[0])
        child.expect_exact("评分› ")
        child.sendline("５")
        child.expect_exact("请输入 1、2、3 或 4，或按回车选“良好”；:u 撤销上一个评分，:q 退出。")
        child.sendline("３")
        child.expect_exact("良好 · 下次：")
        child.expect_exact(QA[1].ask)
        child.sendline("：ｕ")
        child.expect_exact("↶ 已撤销“良好”")
        child.expect_exact(QA[0].ask)
        child.sendline("：ｑ")
        child.expect_exact("没有作答。")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert "✗" not in (child.before or "")
    assert reviews(state) == []


def test_piped_input_ending_before_the_rating_says_it_was_not_rated(quiz: Invoke) -> None:
    result = quiz("run", SEED, "--cram", "--kind", "qa", input="x\n")
    assert result.exit_code == 0
    assert result.output.endswith("评分› \n没有评分：回答了但没有评分，所以没有保存。\n")


def test_ctrl_d_quits_cleanly(state: Path) -> None:
    child = spawn(state)
    try:
        child.expect_exact("› ")
        child.sendline(RIGHT[0])
        child.expect_exact("评分› ")
        child.sendline("3")
        child.expect_exact("› ")
        child.sendeof()
        child.expect_exact("1 张卡片：对 1 次，错 0 次。")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert reviews(state) == [(QA[0].id, 3)]


def test_a_killed_session_keeps_every_rating_given(state: Path) -> None:
    """Three ratings given, and a fourth answer shown: the session is killed while it waits
    for that answer's rating. A rating saved before it is given would be in the state by
    the time the prompt shows."""
    child = spawn(state)
    try:
        for answer, rating in ((RIGHT[0], ""), ("wrong", ""), (RIGHT[2], "4")):
            child.expect_exact("› ")
            child.sendline(answer)
            child.expect_exact("评分› ")
            child.sendline(rating)
        child.expect_exact("› ")
        child.sendline(RIGHT[3])
        child.expect_exact("评分› ")  # the session now blocks on reading the rating
        child.kill(signal.SIGKILL)
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.signalstatus == signal.SIGKILL
    assert reviews(state) == [(QA[0].id, 3), (QA[1].id, 1), (QA[2].id, 4)]
    assert len(read_snapshot(state).states) == 3
