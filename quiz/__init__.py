"""quiz: turn what you heard in an episode into Anki decks and a spaced-repetition quiz.

The public API is importable from here without click. Its names are listed once, in
`__init__.pyi`, which type checkers read; here each name's module is imported on first use,
so that `quiz --help` does not load what only some commands need.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"  # the one place: pyproject.toml reads it from here

_exports: dict[str, str] | None = None  # name: module, read from the stub on first use


def _api() -> dict[str, str]:
    global _exports
    if _exports is None:
        import re
        from pathlib import Path

        # one form of line only; tests/test_api.py checks that the stub holds no other
        stub = Path(__file__).with_suffix(".pyi").read_text(encoding="utf-8")
        _exports = {name: module for module, name in
                    re.findall(r"^from \.(\w+) import \w+ as (\w+)$", stub, re.MULTILINE)}
    return _exports


def __getattr__(name: str) -> Any:
    if name == "__all__":
        return [*sorted(_api()), "__version__"]
    module = _api().get(name)
    if module is None:
        raise AttributeError(f"module 'quiz' has no attribute '{name}'")
    return getattr(importlib.import_module(f".{module}", __name__), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_api()])
