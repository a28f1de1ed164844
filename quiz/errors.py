"""The errors a user can meet: each says what went wrong and where."""

from __future__ import annotations

from dataclasses import dataclass


class QuizError(Exception):
    """Base of every error caused by input rather than by a bug."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of a content file, at a line and column (both 1-based).

    A warning (of the card lint) leaves the file usable; an error does not.
    """

    file: str
    line: int
    col: int
    where: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        severity = "warning: " if self.warning else ""
        return f"{self.file}:{self.line}:{self.col}: {severity}{where}{self.message}"


class ContentError(QuizError):
    """A content file has one or more problems; all of them are in `problems`."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class StateError(QuizError):
    """The review state database cannot be used as it is."""


class DiskFull(StateError):
    """The disk filled up while the state was written; nothing of that write was kept."""
