"""Faults found by attacking the tool through its terminal (issue 15): each reproduced as
it was found, in a real pseudo-terminal or a real process."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from support import ROOT, SEED

from quiz.content import load_content
from quiz.session import select_cards

QA = select_cards([load_content(SEED)], ["qa"])
ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def environment(**changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "NO_COLOR"))}
    env.update(changes)
    return env


def spawn(*args: str, **env: str) -> pexpect.spawn:
    return pexpect.spawn(sys.executable, ["-m", "quiz", *args], env=environment(**env),
                         cwd=str(ROOT), encoding="utf-8", timeout=20, dimensions=(40, 100))


def test_b9_chinese_typed_in_a_c_locale_is_read_whole(tmp_path: Path) -> None:
    child = spawn("run", str(SEED), "--cram", "--kind", "qa", "--limit", "1", LC_ALL="C",
                  TERM="xterm", NO_COLOR="1")
    child.expect("› ")
    child.send(QA[0].answer + "\t\t\r")  # two Tabs too: they list no files
    child.expect("✓|✗|≈")
    assert child.after == "✓", child.before
    assert "pyproject.toml" not in child.before  # no file-name completion
    child.sendline(":q")
    child.expect(pexpect.EOF)


def test_b11_a_terminated_session_gives_the_terminal_back(tmp_path: Path) -> None:
    shell = pexpect.spawn("/bin/sh", env=environment(TERM="xterm", PS1="$ "), cwd=str(ROOT),
                          encoding="utf-8", timeout=20)
    shell.expect(r"\$ ")
    # the session says its pid (a shell that becomes the session), then runs in the foreground
    shell.sendline(f"sh -c 'echo session $$; exec {sys.executable} -m quiz run {SEED} --state"
                   f" {tmp_path / 's.db'} --kind qa'; stty -a | grep -o -- '-*echo ' ; echo done")
    shell.expect(r"session (\d+)")
    session = int(shell.match.group(1))
    shell.expect("› ")  # the session waits for an answer, in line editing
    shell.sendline(QA[0].answer)
    shell.expect("› ")  # the rating
    shell.sendline("")
    shell.expect("› ")  # the next card
    os.kill(session, signal.SIGTERM)
    shell.expect("done")
    assert re.search(r"(?<!-)echo ", shell.before), shell.before  # echo is on again
    assert "Traceback" not in shell.before
    shell.sendline("exit")
    shell.expect(pexpect.EOF)
    # the rating given before the signal was kept
    import sqlite3

    conn = sqlite3.connect(tmp_path / "s.db")
    assert conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 1
    conn.close()


@pytest.mark.parametrize("term", ["dumb"])
def test_b12_a_dumb_terminal_gets_no_colour(term: str) -> None:
    child = spawn("run", str(SEED), "--cram", "--kind", "qa", "--limit", "1", TERM=term)
    child.logfile_read = shown = io.StringIO()
    child.expect("› ")
    child.sendline("")
    child.expect("› ")
    child.sendline(":q")
    child.expect(pexpect.EOF)
    assert "✗" not in shown.getvalue() and "答案" in shown.getvalue()  # the back was shown
    assert not ESCAPE.search(shown.getvalue())
    colour = spawn("run", str(SEED), "--cram", "--kind", "qa", "--limit", "1", TERM="xterm")
    colour.expect("› ")
    assert ESCAPE.search(colour.before)  # a terminal that shows colour gets it
    colour.sendline(":q")
    colour.expect(pexpect.EOF)


@pytest.mark.parametrize("args", [["--help"], ["quotes", str(SEED)], ["timeline", str(SEED)],
                                  ["cards", str(SEED)], ["stats", str(SEED)],
                                  ["run", str(SEED), "--cram", "--limit", "1"]])
def test_b7_a_latin_1_terminal_gets_replacement_characters(args: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "quiz", *args], capture_output=True,
                          input=b"\n\n", env=environment(PYTHONIOENCODING="latin-1"),
                          cwd=ROOT, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode("latin-1")
    assert b"Traceback" not in done.stderr
    if args[0] != "--help":
        assert b"?" in done.stdout  # what Latin-1 cannot show


def test_b8_a_closed_stdin_ends_the_session() -> None:
    done = subprocess.run(f"{sys.executable} -m quiz run {SEED} --cram <&-", shell=True,
                          capture_output=True, text=True, cwd=ROOT, timeout=60, check=False)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "没有作答。" in done.stdout


@pytest.mark.parametrize(("text", "char"), [
    ("hi \\e]52;c;aGk=\\a there", "U+001B"),  # OSC 52: writes the clipboard
    ("clear \\e[2J", "U+001B"),
    ("hidden \\e[8m text", "U+001B"),
    ("a \\x9b31m C1 control", "U+009B"),
    ("reversed \\u202etext", "U+202E"),
])
def test_b3_escape_sequences_in_content_are_refused_with_their_place(
        write_content, text: str, char: str) -> None:  # type: ignore[no-untyped-def]
    path = write_content("episode: {id: e, title: T}\nspeakers: [{id: a, name: A}]\n"
                         f'quotes: [{{id: q, by: a, text: "{text}"}}]\n')
    done = subprocess.run([sys.executable, "-m", "quiz", "quotes", str(path)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr.startswith(f"{path}:3:31: quotes[0].text: the control character {char}")
    assert "\x1b" not in done.stdout + done.stderr and "\u202e" not in done.stderr


def test_b3_a_url_cannot_carry_an_escape_either(write_content) -> None:  # type: ignore[no-untyped-def]
    path = write_content('episode: {id: e, title: T, url: "https://x.org/\\e]52;c;aGk=\\a"}\n'
                         "speakers: [{id: a, name: A}]\n")
    done = subprocess.run([sys.executable, "-m", "quiz", "check", str(path)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1 and "episode.url" in done.stderr and "\x1b" not in done.stderr


def test_b3_a_summary_s_escapes_never_reach_the_terminal(tmp_path: Path) -> None:
    summary = tmp_path / "s.txt"
    summary.write_text("Show | Ep\nHost: Ann\n1. [01:00] Part \x1b]52;c;aGk=\x07one\n"
                       "- \u201cA quote with \x1b[2J in it, said here.\u201d (Ann, 01:10)\n"
                       "Timeline\n| 99:99 | \x1b[8mbroken |\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "quiz", "extract", str(summary)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert "\x1b" not in done.stdout + done.stderr and "\x07" not in done.stdout + done.stderr
