"""quiz: turn what you heard in an episode into Anki decks and a spaced-repetition quiz.

The public API is importable from here without click; modules load on first use so that
`quiz --help` stays fast.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Every name a Python user may want, by the module that holds it.
_EXPORTS = {
    "load_content": "content", "load_contents": "content", "parse_content": "content",
    "make_cards": "cards", "Card": "cards", "Kind": "cards",
    "write_deck": "apkg",
    "Content": "model", "Episode": "model", "Speaker": "model", "Idea": "model",
    "Quote": "model", "AuthoredCard": "model",
    "QuizError": "errors", "ContentError": "errors", "StateError": "errors", "Problem": "errors",
    "parse_time": "times", "format_time": "times", "time_link": "times",
    "grade_text": "grading", "grade_time": "grading", "grade_choice": "grading",
    "normalize": "grading", "Verdict": "grading",
    "due_cards": "schedule", "review": "schedule", "compute_stats": "schedule",
    "StateDB": "state", "record_review": "state", "read_snapshot": "state",
    "default_state_path": "state",
    "run_quiz": "session",
    "episode_quotes": "timeline", "select_quotes": "timeline", "nearest": "timeline",
    "make_timeline": "timeline",
    "render_preview": "preview", "write_preview": "preview",
    "extract": "extract", "read_summary": "extract", "write_draft": "extract", "Draft": "extract",
}

__all__ = [
    "AuthoredCard",
    "Card",
    "Content",
    "ContentError",
    "Draft",
    "Episode",
    "Idea",
    "Kind",
    "Problem",
    "QuizError",
    "Quote",
    "Speaker",
    "StateDB",
    "StateError",
    "Verdict",
    "__version__",
    "compute_stats",
    "default_state_path",
    "due_cards",
    "episode_quotes",
    "extract",
    "format_time",
    "grade_choice",
    "grade_text",
    "grade_time",
    "load_content",
    "load_contents",
    "make_cards",
    "make_timeline",
    "nearest",
    "normalize",
    "parse_content",
    "parse_time",
    "paused_gc",
    "read_snapshot",
    "read_summary",
    "record_review",
    "render_preview",
    "review",
    "run_quiz",
    "select_quotes",
    "time_link",
    "write_deck",
    "write_draft",
    "write_preview",
]

if TYPE_CHECKING:  # what editors and mypy see; at run time each module loads on first use
    from .apkg import write_deck
    from .cards import Card, Kind, make_cards
    from .content import load_content, load_contents, parse_content
    from .errors import ContentError, Problem, QuizError, StateError
    from .extract import Draft, extract, read_summary, write_draft
    from .grading import Verdict, grade_choice, grade_text, grade_time, normalize
    from .model import AuthoredCard, Content, Episode, Idea, Quote, Speaker
    from .preview import render_preview, write_preview
    from .schedule import compute_stats, due_cards, review
    from .session import run_quiz
    from .state import StateDB, default_state_path, read_snapshot, record_review
    from .timeline import episode_quotes, make_timeline, nearest, select_quotes
    from .times import format_time, parse_time, time_link


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while the block (or decorated function) runs.

    Loading content, making cards and writing a deck build large structures without cycles;
    the collector walked them again and again as they grew, a third of the time of a build
    of 100,000 cards. Reference counting still frees whatever is dropped meanwhile.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'quiz' has no attribute '{name}'")
