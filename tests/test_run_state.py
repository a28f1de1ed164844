"""`quiz run` as real processes on one state: two sessions at once, and a disk that fills."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pexpect
import pytest
from support import ROOT, SEED

from quiz.content import load_content
from quiz.session import select_cards
from quiz.state import read_snapshot

QA = select_cards([load_content(SEED)], ["qa"])


def spawn(state: Path, *args: str) -> pexpect.spawn:
    """Start `quiz run` on the qa cards of the seed in a pseudo-terminal, without colour."""
    env = {**os.environ, "TERM": "xterm-256color", "LC_ALL": "C.UTF-8", "COLUMNS": "80",
           "NO_COLOR": "1"}
    return pexpect.spawn(sys.executable, ["-m", "quiz", "run", str(SEED), "--state", str(state),
                                          "--kind", "qa", *args],
                         encoding="utf-8", env=env, cwd=str(ROOT), timeout=30,
                         dimensions=(40, 80))


def test_two_sessions_rating_one_new_card_keep_both_ratings(tmp_path: Path) -> None:
    """Two terminals open on one state, each shows the same new card; the one rated Good in
    the first and then Good in the second is due in about 2 days, as after two Goods in a
    row, not in 10 minutes as after one."""
    state = tmp_path / "state.sqlite3"
    first, second = spawn(state, "--limit", "1"), spawn(state, "--limit", "1")
    try:
        for child in (first, second):
            child.expect_exact(QA[0].ask)
            child.expect_exact("› ")
        first.sendline("")
        first.expect_exact("评分› ")
        first.sendline("3")
        first.expect_exact("良好 · 下次：10 分钟后")
        first.expect(pexpect.EOF)
        second.sendline("")
        second.expect_exact("评分› ")
        second.sendline("3")
        second.expect_exact("良好 · 下次：2 天后")
        second.expect(pexpect.EOF)
    finally:
        first.close()
        second.close()
    assert (first.exitstatus, second.exitstatus) == (0, 0)
    snapshot = read_snapshot(state)
    assert snapshot.ratings == {QA[0].id: {3: 2}}
    assert snapshot.states[QA[0].id].due > datetime.now(UTC) + timedelta(days=1)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """Yield the mount point of a 256 KiB file system of its own (tmpfs), for as long as the
    test runs; skip where this process may not mount one (it takes root)."""
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(where)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)


def fill(disk: Path) -> None:
    """Fill the file system at `disk` to the last byte."""
    with open(disk / "filler", "wb", buffering=0) as f:
        try:
            while f.write(b"\0" * 4096):
                pass
        except OSError as e:
            assert e.errno == errno.ENOSPC


def run_piped(state: Path, answers: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quiz", "run", str(SEED), "--kind", "qa",
                           "--state", str(state)], input=answers, capture_output=True,
                          text=True, cwd=ROOT, timeout=60, check=False)


def test_a_disk_that_fills_mid_session_says_so_and_keeps_the_state(small_disk: Path) -> None:
    state = small_disk / "state.sqlite3"
    first = run_piped(state, "\n3\n\n1\n:q\n")
    assert first.returncode == 0, first.stderr
    fill(small_disk)
    done = run_piped(state, "\n3\n\n3\n")
    assert done.returncode == 1
    # the seed episode is Chinese, and so is what the session says of it
    assert "磁盘已满：这次回答的评分没有保存到" in done.stderr, done.stderr
    assert "rollback" not in done.stderr and "Traceback" not in done.stderr
    conn = sqlite3.connect(state)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        kept = conn.execute("SELECT card_id, rating FROM reviews ORDER BY id").fetchall()
    finally:
        conn.close()
    assert kept == [(QA[0].id, 3), (QA[1].id, 1)]
    assert read_snapshot(state).ratings == {QA[0].id: {3: 1}, QA[1].id: {1: 1}}
