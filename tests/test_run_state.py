"""`quiz run` as real processes on one state: two sessions at once, and a disk that fills."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pexpect
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
        first.expect_exact("良好 · 下次:10 分钟后")
        first.expect(pexpect.EOF)
        second.sendline("")
        second.expect_exact("评分› ")
        second.sendline("3")
        second.expect_exact("良好 · 下次:2 天后")
        second.expect(pexpect.EOF)
    finally:
        first.close()
        second.close()
    assert (first.exitstatus, second.exitstatus) == (0, 0)
    snapshot = read_snapshot(state)
    assert snapshot.ratings == {QA[0].id: {3: 2}}
    assert snapshot.states[QA[0].id].due > datetime.now(UTC) + timedelta(days=1)
