"""The tool's own words, in English and Chinese."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import quiz
from quiz.wording import WORDS, Words, describe_due, role_in

NOW = datetime(2025, 8, 2, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.mark.parametrize(("offset", "text"), [
    (timedelta(0), "now"), (timedelta(seconds=-90), "now"), (timedelta(minutes=1), "in 1 min"),
    (timedelta(minutes=10), "in 10 min"), (timedelta(hours=3), "in 3 h"),
    (DAY, "in 1 day"), (timedelta(days=11, hours=5), "in 11 days"),
])
def test_describe_due(offset: timedelta, text: str) -> None:
    assert describe_due(NOW + offset, NOW) == text


@pytest.mark.parametrize(("offset", "text"), [
    (timedelta(0), "现在"), (timedelta(minutes=1), "1 分钟后"), (timedelta(minutes=10), "10 分钟后"),
    (timedelta(hours=3), "3 小时后"), (timedelta(days=11, hours=5), "11 天后"),
])
def test_describe_due_in_chinese(offset: timedelta, text: str) -> None:
    assert describe_due(NOW + offset, NOW, "zh") == text
    assert describe_due(NOW + offset, NOW, "fr") == describe_due(NOW + offset, NOW)


def test_every_word_is_in_chinese_too_but_the_singulars() -> None:
    missing = [key for key, (_, chinese) in WORDS.items()
               if chinese is None and not key.endswith("_one")]
    assert missing == []


def test_counts_take_the_singular_where_there_is_one() -> None:
    assert Words("en").count("cards", 1) == "1 card"
    assert Words("en").count("cards", 2) == "2 cards"
    assert Words("zh").count("cards", 1) == "1 张卡片"
    assert Words("fr").count("cards", 3) == "3 cards"  # English where there are no words


@pytest.mark.parametrize(("role", "chinese"), [
    ("guest", "嘉宾"), ("Host", "主持人"), ("co-host", "联合主持人"), ("Co Host", "联合主持人"),
    ("cohost", "联合主持人"), ("moderator", "主持人"), ("interviewer", "采访者"),
    ("嘉宾", "嘉宾"), ("联合创始人", "联合创始人"), ("CEO of StepFun", "CEO of StepFun"),
])
def test_common_roles_are_said_in_chinese_for_a_chinese_episode(role: str, chinese: str) -> None:
    assert role_in(role, "zh") == chinese
    assert role_in(role, "en") == role  # as written


def test_every_word_is_used() -> None:
    """Each key of WORDS is written, quoted, somewhere in quiz/ outside the table itself: a
    singular (`_one`) through the key it belongs to. A word no line says is dead, and its
    translation goes stale unseen."""
    package = Path(quiz.__file__).parent
    wording = package / "wording.py"
    table = next(node for node in ast.parse(wording.read_text(encoding="utf-8")).body
                 if isinstance(node, ast.AnnAssign) and ast.unparse(node.target) == "WORDS")
    lines = wording.read_text(encoding="utf-8").splitlines()
    assert table.end_lineno is not None
    source = "\n".join(lines[:table.lineno - 1] + lines[table.end_lineno:])
    source += "".join(path.read_text(encoding="utf-8") for path in sorted(package.rglob("*.py"))
                      if path != wording)
    unused = []
    for key in WORDS:
        said = key.removesuffix("_one")
        if not re.search(rf"[\"']{re.escape(said)}[\"']", source):
            unused.append(key)
    assert unused == []
