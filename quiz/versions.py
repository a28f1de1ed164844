"""Note versions: a lock file beside the content that keeps each note's modification time.

Anki applies a note it imports only when the note's modification time is newer than that of
its own copy. A deck built from a fresh clone, on another machine or into an empty folder
must therefore give an unchanged note the time it had, and a changed note a newer one. The
lock file records, for each note (by GUID), a hash of its text and the time given to it;
committed with the content, it makes every build agree.

The file is JSON with one note a line, so that its changes read well in a diff:

    {"format": 1, "notes": {
    "G%9S{xqj2L": ["6b86b273ff34fce1", 1764480000],
    ...
    }}
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .errors import QuizError
from .files import write_text

FORMAT = 1


def lock_path(content_path: str | Path) -> Path:
    """Return the lock file of a content file: `content.notes.lock` beside `content.yaml`."""
    path = Path(content_path)
    return path.with_name(f"{path.stem}.notes.lock")


class LockError(QuizError):
    """A lock file that cannot be read as one (a merge conflict left in it, say)."""


@dataclass
class NoteVersions:
    """The versions of the notes of one deck: what `mod` gives each note, and the lock file
    that results."""

    now: int
    recorded: dict[str, tuple[str, int]] = field(default_factory=dict)  # guid: (hash, mod)
    given: dict[str, tuple[str, int]] = field(default_factory=dict)

    @classmethod
    def read(cls, path: str | Path | None, now: int) -> NoteVersions:
        """Return the versions recorded at `path` (none when it is None or missing), giving
        changed notes the time `now`."""
        if path is None:
            return cls(now)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(now)
        except (OSError, UnicodeDecodeError) as e:
            raise LockError(f"{path}: cannot read the lock file ({e}); delete it to start a "
                            "new one (every note is then new to Anki once)") from None
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise ValueError(f"format {data.get('format')!r}, expected {FORMAT}")
            recorded = {guid: (str(h), int(mod)) for guid, (h, mod) in data["notes"].items()}
        except json.JSONDecodeError as e:
            raise LockError(f"{path}:{e.lineno}:{e.colno}: not a lock file: {e.msg} (a merge "
                            "conflict? keep one side, or delete the file)") from None
        except (ValueError, TypeError, KeyError, AttributeError) as e:
            raise LockError(f"{path}:1:1: not a lock file of quiz: {e}; delete it to start a "
                            "new one") from None
        return cls(now, recorded)

    def mod(self, guid: str, fields: str, tags: str) -> int:
        """Return the modification time of the note `guid` with this text: the recorded one
        while its text is unchanged, else a time newer than any it had."""
        digest = hashlib.sha256(f"{fields}\x1e{tags}".encode()).hexdigest()[:16]
        old = self.recorded.get(guid)
        if old is None:
            given = (digest, self.now)
        elif old[0] == digest:
            given = old
        else:
            given = (digest, max(self.now, old[1] + 1))
        self.given[guid] = given
        return given[1]

    @property
    def changed(self) -> bool:
        """Whether the notes given differ from those recorded (the lock file must change)."""
        return self.given != self.recorded

    def write(self, path: str | Path) -> None:
        """Write the notes given to the lock file at `path`, when they changed."""
        if not self.changed and Path(path).exists():
            return
        lines = [f"{json.dumps(guid)}: [{json.dumps(h)}, {mod}]"
                 for guid, (h, mod) in sorted(self.given.items())]
        write_text(path, f'{{"format": {FORMAT}, "notes": {{\n' + ",\n".join(lines)
                   + "\n}}\n")
