"""Files written whole or not at all (quiz.files)."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from support import ROOT, SEED

from quiz.files import (
    MAX_BYTES,
    NotUtf8,
    TooBig,
    decode_utf8,
    read_limited,
    remove_stale_files,
    replacing,
    write_text,
)


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


# -- targets that are not regular files: written into, never replaced ------------------------

NULL, FULL = os.makedev(1, 3), os.makedev(1, 7)  # Linux's /dev/null and /dev/full


def device(where: Path, number: int) -> Path:
    """Make a character device of our own at `where` (the machine's /dev is left alone, even
    by code that would replace what it writes to); skip where we may not (it takes root)."""
    try:
        os.mknod(where, stat.S_IFCHR | 0o666, number)
    except (PermissionError, OSError) as e:
        pytest.skip(f"cannot make a device node here: {e}")
    return where


def is_device(path: Path, number: int) -> bool:
    info = os.stat(path)
    return stat.S_ISCHR(info.st_mode) and info.st_rdev == number


def test_a_device_is_written_into_not_replaced(tmp_path: Path) -> None:
    null = device(tmp_path / "null", NULL)
    write_text(null, "page " * 20_000)
    assert is_device(null, NULL)
    assert os.listdir(tmp_path) == ["null"]  # no work file left, none made


def test_a_full_device_is_an_error_and_stays_a_device(tmp_path: Path) -> None:
    full = device(tmp_path / "full", FULL)
    with pytest.raises(OSError) as caught:
        write_text(full, "page " * 20_000)
    assert caught.value.errno == errno.ENOSPC
    assert is_device(full, FULL)
    assert os.listdir(tmp_path) == ["full"]


def test_a_link_to_a_device_is_written_through(tmp_path: Path) -> None:
    null = device(tmp_path / "null", NULL)
    link = tmp_path / "out.html"
    link.symlink_to(null)
    write_text(link, "page")
    assert link.is_symlink() and os.readlink(link) == str(null)
    assert is_device(null, NULL)


def test_a_fifo_is_written_into(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_text(fifo, "page 页\n")
    reader.join(timeout=10)
    assert got == ["page 页\n".encode()]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_link_to_a_file_keeps_the_link_and_replaces_the_file(tmp_path: Path) -> None:
    """A user who links decks/x.html to a file elsewhere (a synced folder) expects that file
    updated and the link kept; it is replaced whole, beside itself, as any other file."""
    (tmp_path / "synced").mkdir()
    real = tmp_path / "synced" / "page.html"
    real.write_text("old")
    link = tmp_path / "page.html"
    link.symlink_to(real)
    write_text(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new"
    assert os.listdir(tmp_path / "synced") == ["page.html"]
    with pytest.raises(RuntimeError), replacing(link) as tmp:  # a failed write: old kept
        assert tmp.parent == real.parent
        tmp.write_text("half")
        raise RuntimeError("killed")
    assert real.read_text() == "new" and link.is_symlink()
    assert os.listdir(tmp_path / "synced") == ["page.html"]


def test_a_dangling_link_gets_its_file(tmp_path: Path) -> None:
    link = tmp_path / "page.html"
    link.symlink_to(tmp_path / "made.html")
    write_text(link, "new")
    assert link.is_symlink() and (tmp_path / "made.html").read_text() == "new"


def test_without_replace_a_link_or_a_device_counts_as_existing(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("first")
    link = tmp_path / "draft.yaml"
    link.symlink_to(real)
    with pytest.raises(FileExistsError):
        write_text(link, "second", replace=False)
    assert real.read_text() == "first" and link.is_symlink()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(FileExistsError):  # without blocking on a FIFO nobody reads
        write_text(fifo, "second", replace=False)


def test_a_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        write_text(tmp_path, "page")
    assert os.listdir(tmp_path) == []


# -- the same through the commands -------------------------------------------------------------

def quiz(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quiz", *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, timeout=120, check=False)


def test_preview_to_devices(tmp_path: Path) -> None:
    null, full = device(tmp_path / "null", NULL), device(tmp_path / "full", FULL)
    done = quiz("preview", SEED, "-o", null)
    assert done.returncode == 0 and is_device(null, NULL), done.stderr
    done = quiz("preview", SEED, "-o", full)
    assert done.returncode == 1 and is_device(full, FULL)
    assert done.stderr == f"Error: cannot write {full}: No space left on device\n"


def test_extract_force_to_a_device(tmp_path: Path) -> None:
    null = device(tmp_path / "null", NULL)
    summary = ROOT / "tests" / "summaries" / "000_a2aa04b47976ccc4.txt"
    done = quiz("extract", summary, "-o", null)
    assert done.returncode == 1 and "exists; add --force" in done.stderr
    done = quiz("extract", summary, "--force", "-o", null)
    assert done.returncode == 0 and is_device(null, NULL), done.stderr


def test_preview_to_a_link_to_standard_output(tmp_path: Path) -> None:
    """/dev/stdout is a link to /proc/self/fd/1; a link of our own to it is the same thing,
    and code that replaced it would replace only our link."""
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/proc/self/fd/1")
    done = quiz("preview", SEED, "-o", stdout)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("<!DOCTYPE html>") and "</html>" in done.stdout
    assert stdout.is_symlink()


def test_the_machine_s_dev_null_and_dev_full(tmp_path: Path) -> None:
    """The real devices, once a device of our own has shown that they will not be replaced."""
    test_preview_to_devices(tmp_path)  # fails (or skips) before /dev is touched
    done = quiz("preview", SEED, "-o", "/dev/null")
    assert done.returncode == 0 and is_device(Path("/dev/null"), NULL), done.stderr
    done = quiz("preview", SEED, "-o", "/dev/full")
    assert done.returncode == 1 and is_device(Path("/dev/full"), FULL)
    assert "No space left on device" in done.stderr


def test_decode_utf8_says_where_and_which_byte_and_guesses_gbk() -> None:
    assert decode_utf8("\ufeff标题\n".encode()) == "标题\n"  # a BOM accepted
    with pytest.raises(NotUtf8) as gbk:
        decode_utf8("a: 1\nb: 朱亦博说，“水管工”。\n".encode("gbk"))
    assert (gbk.value.line, gbk.value.col, gbk.value.byte, gbk.value.gbk) == (2, 4, 0xd6, True)
    with pytest.raises(NotUtf8) as latin:
        decode_utf8("a: 1\nb: déjà vu\n".encode("latin-1"))
    assert (latin.value.line, latin.value.col, latin.value.gbk) == (2, 5, False)
    with pytest.raises(NotUtf8) as cut:  # a valid UTF-8 prefix counts in characters
        decode_utf8("标题".encode() + b"\xff")
    assert (cut.value.col, cut.value.gbk) == (3, False)


def test_read_limited_reads_up_to_the_limit_and_refuses_past_it(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * (2**20 + 1))
    assert len(read_limited(path, 2**20 + 1)) == 2**20 + 1
    with pytest.raises(TooBig) as caught:
        read_limited(path, 2**20)
    assert (caught.value.size, str(caught.value)) == (
        2**20 + 1, "the file is 1,048,577 bytes, past the size limit of 1,048,576 bytes (1 MiB)")
    assert str(TooBig(None, MAX_BYTES)) == ("the file is past the size limit of 67,108,864 "
                                            "bytes (64 MiB)")
    with pytest.raises(OSError):
        read_limited(tmp_path / "missing")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("args", [["check", "/dev/zero"], ["extract", "/dev/zero"],
                                  ["align", "--transcript", "/dev/zero", str(SEED)]])
def test_every_reader_stops_an_endless_file_at_the_same_limit(args: list[str]) -> None:
    import resource

    def little_memory() -> None:  # a reader without a bound fails here, not the machine
        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))

    done = subprocess.run([sys.executable, "-m", "quiz", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, preexec_fn=little_memory, check=False)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.endswith("/dev/zero:1:1: the file is past the size limit of "
                                "67,108,864 bytes (64 MiB)\n"), done.stderr
