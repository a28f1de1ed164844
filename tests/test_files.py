"""Files written whole or not at all (quiz.files)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from quiz.files import remove_stale_files, replacing, write_text


def test_write_text_replaces_whole(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    target.write_text("old")
    write_text(target, "new 新\n")
    assert target.read_text(encoding="utf-8") == "new 新\n"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_a_failed_write_leaves_the_old_file_and_no_work_file(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    target.write_text("old")
    with pytest.raises(RuntimeError), replacing(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_without_replace_an_existing_file_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "draft.yaml"
    write_text(target, "first", replace=False)
    with pytest.raises(FileExistsError):
        write_text(target, "second", replace=False)
    assert target.read_text() == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.yaml"]


def test_work_files_of_dead_processes_are_removed(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    target = tmp_path / "page.html"
    stale = tmp_path / f".page.html.{dead}.tmp"
    alive = tmp_path / ".page.html.1.tmp"  # pid 1 runs
    other = tmp_path / f".other.html.{dead}.tmp"
    for p in (stale, alive, other):
        p.write_text("x")
    assert remove_stale_files(target) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, other.name])
