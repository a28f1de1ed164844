"""The commands check, build and cards through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ROOT, SEED, SMALL

from quiz import __version__
from quiz.cards import make_cards
from quiz.cli import cli
from quiz.content import load_content


def test_version_and_help(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.output == f"quiz, version {__version__}\n"
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("check", "build", "cards"):
        assert command in result.output
    # `quiz` itself takes a command, not the CONTENT its commands take
    assert "CONTENT" not in result.output and "./content.yaml" in result.output


def test_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    for name in cli.list_commands(None):  # type: ignore[arg-type]
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"quiz {name} --help has no example"


def test_check_a_valid_file(runner: CliRunner, write_content) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["check", str(SEED)])
    assert result.exit_code == 0, result.output
    # about a Chinese episode, in Chinese
    assert result.stdout.startswith(f"{SEED}：没有问题：8 个观点、16 条引语、")
    assert result.stderr == ""
    small = write_content()
    result = runner.invoke(cli, ["check", str(small)])
    assert result.stdout == (f"{small}: ok: 2 ideas, 3 quotes, 11 cards (qa 2, who 2, cloze 3,"
                             " when 2, topic 2)\n")


@pytest.mark.parametrize(("language", "line"), [
    ("en", "ok: 0 ideas, 1 quote, 0 cards\n"), ("zh", "没有问题：0 个观点、1 条引语、0 张卡片\n")])
def test_check_of_a_file_without_cards_counts_no_kinds(runner: CliRunner, write_content,  # type: ignore[no-untyped-def]
                                                       language: str, line: str) -> None:
    path = write_content(f"episode: {{id: u, title: U, language: {language}}}\n"
                         "speakers: [{id: a, name: A}]\nquotes: [{id: q, by: a, text: Hi.}]\n")
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(line)
    built = runner.invoke(cli, ["build", str(path), "-o", str(path.parent / "decks")])
    assert built.exit_code == 0, built.output
    assert built.stdout.endswith(("0 notes, 0 cards\n", "0 条笔记、0 张卡片\n"))


def test_check_reports_problems_on_stderr(runner: CliRunner, write_content) -> None:  # type: ignore[no-untyped-def]
    bad = write_content("episode: {id: x, title: T}\nspeakers: [{id: a, nam: A}]\n")
    good = write_content(name="good.yaml")
    result = runner.invoke(cli, ["check", str(good), str(bad)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{bad}:2:20: speakers[0]: unknown key 'nam'; did you mean 'name'?",
    ]
    assert "Traceback" not in result.output


def test_check_json_lists_the_problems_and_the_episodes(
        runner: CliRunner, write_content) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["check", str(SEED), "--format", "json"])
    assert (result.exit_code, result.stderr) == (0, "")
    doc = json.loads(result.stdout)
    assert doc["ok"] is True and doc["problems"] == []
    seed = load_content(SEED)
    cards = make_cards(seed)
    assert doc["episodes"] == [{
        "file": str(SEED), "episode": "ai-infra-42", "ideas": len(seed.ideas),
        "quotes": len(seed.quotes), "cards": len(cards),
        "kinds": {kind: sum(c.kind == kind for c in cards) for kind in ("qa", "cloze")}}]
    bad = write_content("episode: {id: ep, title: T}\nspeakers: [{id: a, nam: A}]\n")
    result = runner.invoke(cli, ["check", str(bad), str(SEED), "--format", "json"])
    assert (result.exit_code, result.stderr) == (1, "")
    doc = json.loads(result.stdout)
    assert doc["ok"] is False and doc["episodes"] == []
    assert {p["where"] for p in doc["problems"]} == {"speakers[0]"}
    assert set(doc["problems"][0]) == {"file", "line", "col", "where", "message", "warning"}


def test_check_keeps_the_warnings_of_the_files_that_load_when_another_fails(
        runner: CliRunner, write_content) -> None:  # type: ignore[no-untyped-def]
    warned = write_content(SMALL.replace("cloze: [rocket]", "cloze: [r]"), name="warned.yaml")
    bad = write_content("episode: {id: x, title: T}\nspeakers: [{id: a, nam: A}]\n",
                        name="bad.yaml")
    alone = runner.invoke(cli, ["check", str(warned)]).stderr.splitlines()
    assert len(alone) == 1 and ": warning: " in alone[0]
    result = runner.invoke(cli, ["check", str(warned), str(bad)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        *alone, f"{bad}:2:20: speakers[0]: unknown key 'nam'; did you mean 'name'?"]
    doc = json.loads(runner.invoke(cli, ["check", str(bad), str(warned), "--format",
                                         "json"]).stdout)
    assert [(p["file"], p["warning"]) for p in doc["problems"]] == [(str(bad), False),
                                                                    (str(warned), True)]


def test_check_json_with_strict_fails_on_warnings(
        runner: CliRunner, write_content) -> None:  # type: ignore[no-untyped-def]
    warned = write_content(SMALL.replace("cloze: [rocket]", "cloze: [r]"))  # one letter
    lenient = json.loads(runner.invoke(cli, ["check", str(warned), "--format", "json"]).stdout)
    assert lenient["ok"] is True and lenient["problems"][0]["warning"] is True
    strict = runner.invoke(cli, ["check", str(warned), "--format", "json", "--strict"])
    assert strict.exit_code == 1 and json.loads(strict.stdout)["ok"] is False


def test_check_uses_content_yaml_by_default(runner: CliRunner, write_content, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 2 and "no ./content.yaml here" in result.stderr
    monkeypatch.chdir(write_content().parent)
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 0 and result.stdout.startswith("content.yaml: ok")


def test_a_missing_content_path_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["check", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_build_writes_one_deck_per_file(runner: CliRunner, tmp_path: Path, write_content) -> None:  # type: ignore[no-untyped-def]
    small = write_content()
    out = tmp_path / "out" / "decks"
    result = runner.invoke(cli, ["build", str(SEED), str(small), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["ai-infra-42.apkg", "small-ep.apkg"]
    lines = result.stdout.splitlines()
    assert lines[1] == (f"{out / 'small-ep.apkg'}: 10 notes, 11 cards "
                        "(qa 2, who 2, cloze 3, when 2, topic 2)")
    assert lines[0].startswith(f"{out / 'ai-infra-42.apkg'}：34 条笔记、34 张卡片")


def test_build_writes_nothing_when_any_file_is_bad(runner: CliRunner, tmp_path: Path,
                                                   write_content) -> None:  # type: ignore[no-untyped-def]
    good = write_content()
    bad = write_content("episode: {id: x}\nspeakers: []\n", name="bad.yaml")
    result = runner.invoke(cli, ["build", str(good), str(bad), "-o", str(tmp_path / "d")])
    assert result.exit_code == 1
    assert f"{bad}:1:10: episode: missing required key 'title'" in result.stderr
    assert not (tmp_path / "d").exists()


def test_two_files_of_one_episode_are_refused(runner: CliRunner, tmp_path: Path,
                                                write_content) -> None:  # type: ignore[no-untyped-def]
    a, b = write_content(name="a.yaml"), write_content(name="b.yaml")
    result = runner.invoke(cli, ["build", str(a), str(b), "-o", str(tmp_path / "d")])
    assert result.exit_code == 1
    assert result.stderr == (f"{b}:1:1: episode.id: episode 'small-ep' is also {a}: one file "
                             "is one episode, each with its own id\n")
    for command in ("check", "cards", "quotes", "timeline"):
        assert runner.invoke(cli, [command, str(a), str(b)]).exit_code == 1, command


@pytest.mark.parametrize("command", ["check", "cards", "quotes", "timeline", "preview"])
def test_one_file_named_twice_is_read_once(runner: CliRunner, tmp_path: Path, command: str,
                                           write_content,  # type: ignore[no-untyped-def]
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    a = write_content(name="a.yaml")
    monkeypatch.chdir(tmp_path)
    once = runner.invoke(cli, [command, "a.yaml"])
    twice = runner.invoke(cli, [command, "a.yaml", str(a), "./a.yaml"])
    assert twice.exit_code == once.exit_code == 0, twice.output
    assert twice.stdout == once.stdout and twice.stderr == once.stderr == ""


def test_build_into_an_unwritable_place(runner: CliRunner, tmp_path: Path, write_content) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = runner.invoke(cli, ["build", str(write_content()), "-o", str(blocker / "sub")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot create {blocker / 'sub'}")
    assert "Traceback" not in result.output


def test_cards_text(runner: CliRunner, write_content) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["cards", str(write_content()), "--kind", "when"])
    assert result.exit_code == 0
    assert result.stdout == (
        "small-ep:when:pipes  [when]  04:12\n"
        "  Q: When does the episode reach “Pipes and plumbers”?\n"
        "  A: 04:12\n\n"
        "small-ep:when:rockets  [when]  1:02:03\n"
        "  Q: When does the episode reach “Building rockets”?\n"
        "  A: 1:02:03\n\n")


def test_cards_text_marks_an_approximate_time_as_the_back_does(
        runner: CliRunner, write_content) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["cards", str(write_content()), "--kind", "cloze"])
    assert result.exit_code == 0
    # the rocket quote has no time of its own: it takes its idea's, 1:02:03
    assert "small-ep:cloze:rocket-quote:1  [cloze]  ~1:02:03\n" in result.stdout
    assert "     Bob (guest) · ~1:02:03 · Building rockets\n" in result.stdout
    assert "small-ep:cloze:plumber-quote:1  [cloze]  05:01\n" in result.stdout


def test_cards_json(runner: CliRunner, write_content) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["cards", str(write_content()), "--format", "json",
                                 "--kind", "cloze", "--kind", "who"])
    assert result.exit_code == 0 and result.stderr == ""
    cards = json.loads(result.stdout)
    assert [c["kind"] for c in cards] == ["who"] * 2 + ["cloze"] * 3
    assert all(set(c) == {"id", "kind", "front", "back", "answer", "at", "time", "approximate",
                          "tags", "episode"} for c in cards)
    assert cards[1]["approximate"] is True and cards[1]["time"] == "1:02:03"
    assert cards[0]["answer"] == "Bob (guest)" and cards[2]["answer"] == "plumber"
    assert cards[2]["at"] == 301
    assert "[...]" in cards[3]["front"] and "<" not in json.dumps(cards)


def test_cards_rejects_an_unknown_kind(runner: CliRunner, write_content) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["cards", str(write_content()), "--kind", "essay"])
    assert result.exit_code == 2
    assert "'essay' is not one of" in result.stderr


def test_a_kind_the_episode_does_not_make_is_explained(runner: CliRunner) -> None:
    # The seed has two speakers, one with 14 of 16 quotes: it makes no who cards, and no
    # when cards unless asked; a filter of them matches nothing, a usage error.
    result = runner.invoke(cli, ["cards", str(SEED), "--kind", "who", "--kind", "when"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "--kind who: 本集不生成 who 卡片：需要三位以上说话人分担引语，且没有人占七成以上。"
        "在 episode.kinds 中列出 who 即可生成。\n"
        "--kind when: 本集不生成 when 卡片：只在指定时生成。在 episode.kinds 中列出 when 即可生成。\n")
    # with a kind that is made too, the cards of that kind are listed and the other explained
    result = runner.invoke(cli, ["cards", str(SEED), "--kind", "qa", "--kind", "who",
                                 "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)
    assert result.stderr.startswith("--kind who: 本集不生成 who 卡片")


def test_a_kind_that_episode_kinds_leaves_out_is_explained_in_english(
        runner: CliRunner, write_content) -> None:  # type: ignore[no-untyped-def]
    path = write_content(SMALL.replace("kinds: [qa, cloze, who, when, topic]", "kinds: [qa]"))
    result = runner.invoke(cli, ["cards", str(path), "--kind", "topic"])
    assert result.exit_code == 2
    assert result.stderr == ("--kind topic: this episode makes no topic cards: episode.kinds "
                             "does not list it. List topic in episode.kinds to make them.\n")


def test_python_dash_m_quiz(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "quiz", "check", str(SEED)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "没有问题" in done.stdout


@given(st.lists(st.dictionaries(st.text(max_size=5), st.one_of(
    st.text(max_size=8), st.integers(), st.none(), st.lists(st.text(max_size=3), max_size=3)),
    max_size=4), max_size=5))
# one runner for every example: each invocation starts afresh
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_json_list_printed_an_item_at_a_time_is_json_dumps(
        runner: CliRunner, items: list[dict]) -> None:  # type: ignore[type-arg]
    from quiz.cli import echo_json, echo_json_list

    whole = runner.invoke(click.command()(lambda: echo_json(items)))
    streamed = runner.invoke(click.command()(lambda: echo_json_list(iter(items))))
    assert streamed.output == whole.output


def test_no_install_hint_names_the_pypi_project_quiz() -> None:
    # `pip install 'quiz[anki]'` installs an unrelated project of that name from PyPI: the
    # extras are installed from the clone, as the README's first command installs quiz
    texts = [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "quiz").rglob("*.py")]
    assert [str(p) for p in texts if "quiz[" in p.read_text(encoding="utf-8")] == []


@pytest.mark.parametrize(("text", "said"), [
    ("S | 关于 AI Infra 的一切\n".encode("gbk"), "1:5: the file is not UTF-8 (byte 0xb9; it looks "
                                              "like GBK); save it as UTF-8"),
    ("S | café\n".encode("latin-1"), "1:8: the file is not UTF-8 (byte 0xe9); save it as UTF-8"),
])
def test_check_and_extract_say_alike_where_a_file_is_not_utf8(
        runner: CliRunner, tmp_path: Path, text: bytes, said: str) -> None:
    path = tmp_path / "file.txt"
    path.write_bytes(text)
    check = runner.invoke(cli, ["check", str(path)])
    extract = runner.invoke(cli, ["extract", str(path)])
    assert check.exit_code == extract.exit_code == 1
    assert check.stderr == f"{path}:{said}\n"
    assert extract.stderr == f"Error: {path}:{said}\n"
