"""Files written whole or not at all: a work file beside the target, then a rename."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


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


@contextmanager
def replacing(path: str | Path, replace: bool = True) -> Iterator[Path]:
    """Yield a work file to write; once the block succeeds, it becomes `path`.

    The work file is synced to disk before it takes the place of `path`, so a writer that
    fails or is killed leaves the old file whole. With `replace` false, an existing `path`
    raises FileExistsError, checked atomically when the file is put in place.
    """
    path = Path(path)
    remove_stale_files(path)
    tmp = work_path(path)
    try:
        yield tmp
        with open(tmp, "rb+") as written:
            os.fsync(written.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if path exists, unlike a rename
    finally:
        tmp.unlink(missing_ok=True)


def write_text(path: str | Path, text: str, replace: bool = True) -> Path:
    """Write `text` (UTF-8, `\\n` line ends) to `path` whole or not at all."""
    with replacing(path, replace) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    return Path(path)
