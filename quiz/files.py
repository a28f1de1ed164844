"""Files written whole or not at all: a work file beside the target, then a rename; and
files read within a size limit, as UTF-8, with a message that says where they are not.

Only a regular file is replaced so. A target that is something else (a device such as
/dev/null, a FIFO, a terminal, /dev/stdout) is written into, as `cp` and the shell's `>` do:
a rename would put a regular file in its place.
"""

from __future__ import annotations

import codecs
import errno
import glob
import os
import re
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .hanzi import HAN_RANGES


def work_path(path: Path, kind: str = "") -> Path:
    """Return the work file of this process for `path`: `.NAME.PID[.kind].tmp` beside it."""
    return path.with_name(f".{path.name}.{os.getpid()}{'.' + kind if kind else ''}.tmp")


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it runs, as another user
        return True
    return True


def remove_stale_files(path: str | Path) -> list[Path]:
    """Remove the work files that killed writers of `path` left behind; return them.

    A writer removes its own work files unless killed; those of processes no longer
    running are removed here.
    """
    path = Path(path)
    if os.name != "posix":  # os.kill(pid, 0) asks whether a process runs only on POSIX
        return []
    prefix = f".{path.name}."
    removed = []
    for leftover in path.parent.glob(glob.escape(prefix) + "*.tmp"):
        pid = leftover.name[len(prefix):].split(".", 1)[0]
        if pid.isdigit() and int(pid) not in (0, os.getpid()) and not _running(int(pid)):
            leftover.unlink(missing_ok=True)
            removed.append(leftover)
    return removed


def _written_into(path: Path) -> bool:
    """Whether `path`, followed through any links, is there but not a regular file."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:  # nothing there yet, or a link to nothing: made as a file
        return False
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    return not stat.S_ISREG(mode)


def _replaced(path: Path) -> Path:
    """Return the file that replacing `path` replaces: the file a link points to, so that
    the link stays (unless the link names no file by a path, as /proc/self/fd/N may)."""
    if not path.is_symlink():
        return path
    real = Path(os.path.realpath(path))
    if not real.exists() or os.path.samefile(real, path):
        return real
    return path


@contextmanager
def replacing(path: str | Path, replace: bool = True) -> Iterator[Path]:
    """Yield a work file to write; once the block succeeds, it becomes `path`.

    The work file is synced to disk before it takes the place of `path`, so a writer that
    fails or is killed leaves the old file whole. With `replace` false, an existing `path`
    (a link, a device included) raises FileExistsError, checked atomically when the file is
    put in place. A link to a file is kept and the file it points to is replaced. A `path`
    that is not a regular file (a device, a FIFO) is yielded itself, to be written into:
    its write errors (ENOSPC from /dev/full) reach the caller as OSError.
    """
    path = Path(path)
    if _written_into(path):
        if not replace:
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
        yield path
        return
    target = _replaced(path) if replace else path
    remove_stale_files(target)
    tmp = work_path(target)
    try:
        yield tmp
        with open(tmp, "rb+") as written:
            os.fsync(written.fileno())
        if replace:
            os.replace(tmp, target)
        else:
            os.link(tmp, target)  # fails if path exists, unlike a rename
    finally:
        tmp.unlink(missing_ok=True)


def write_text(path: str | Path, text: str | Iterable[str], replace: bool = True) -> Path:
    """Write `text` (UTF-8, `\\n` line ends), or its parts in turn, to `path` whole or not
    at all."""
    with replacing(path, replace) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as out:
        out.writelines([text] if isinstance(text, str) else text)
    return Path(path)


# The largest file a reader takes (a content file, a transcript, a summary): past it a file
# is no episode, and reading it whole would take the memory of a mistake (a video, /dev/zero).
MAX_BYTES = 64 * 1024 * 1024


class TooBig(ValueError):
    """A file past a size limit: its size where known (a device such as /dev/zero has none)."""

    def __init__(self, size: int | None, limit: int) -> None:
        self.size, self.limit = size, limit
        told = f"the file is {size:,} bytes, past" if size is not None else "the file is past"
        super().__init__(f"{told} the size limit of {limit:,} bytes ({limit / 2**20:g} MiB)")


def read_limited(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """Return the bytes of the file at `path`, reading no more than `limit` and one byte.

    Raise TooBig past `limit` (the path may name a huge file or an endless device), and
    OSError when the file cannot be read.
    """
    with open(path, "rb") as f:
        data = f.read(limit + 1)
        if len(data) > limit:
            size = os.fstat(f.fileno()).st_size
            raise TooBig(size if size > limit else None, limit)
    return data


class NotUtf8(ValueError):
    """Bytes that are not UTF-8: where the first bad byte is (1-based line and column, in
    characters), its value, and whether the bytes read as GBK, the likely encoding of a
    Chinese file that is not UTF-8."""

    def __init__(self, line: int, col: int, byte: int, gbk: bool) -> None:
        self.line, self.col, self.byte, self.gbk = line, col, byte, gbk
        super().__init__(f"the file is not UTF-8 (byte 0x{byte:02x}"
                         f"{'; it looks like GBK' if gbk else ''}); save it as UTF-8")


def decode_utf8(data: bytes) -> str:
    """Return `data` as text: UTF-8, a BOM accepted. Raise NotUtf8 saying where it is not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        before = data[: e.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise NotUtf8(line, col, data[e.start], _looks_like_gbk(data)) from None


# What Chinese text is made of beyond ASCII: Chinese characters, CJK and general punctuation
# (“”‘’…—·), full-width forms.
_CHINESE = re.compile(f"[\u00b7\u2010-\u203f\u3000-\u303f{HAN_RANGES}\uff00-\uffef]")
_SAMPLE = 1 << 20  # bytes enough to tell, without decoding a large file whole


def _looks_like_gbk(data: bytes) -> bool:
    """Whether `data` reads as GBK text: it decodes, and what is not ASCII is Chinese."""
    try:
        text = codecs.getincrementaldecoder("gbk")().decode(data[:_SAMPLE],
                                                            final=len(data) <= _SAMPLE)
    except UnicodeDecodeError:
        return False
    wide = sum(1 for c in text if c > "\x7f")
    return wide > 0 and len(_CHINESE.findall(text)) >= 0.9 * wide
