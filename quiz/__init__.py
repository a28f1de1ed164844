"""quiz: turn what you heard in an episode into Anki decks and a spaced-repetition quiz.

The public API is importable from here without click; modules load on first use so that
`quiz --help` stays fast.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_content": "content", "parse_content": "content",
    "make_cards": "cards", "Card": "cards", "Kind": "cards",
    "write_deck": "apkg", "make_deck": "apkg",
    "Content": "model", "Episode": "model", "Speaker": "model", "Idea": "model",
    "Quote": "model", "AuthoredCard": "model",
    "QuizError": "errors", "ContentError": "errors", "StateError": "errors", "Problem": "errors",
    "parse_time": "times", "format_time": "times", "time_link": "times",
}

__all__ = ["__version__", *_EXPORTS]


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
