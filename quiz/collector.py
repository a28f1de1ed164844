"""The cyclic garbage collector, paused while large acyclic structures are built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while the block (or decorated function) runs.

    Loading content, making cards and writing a deck build large structures without cycles;
    the collector would walk them again and again as they grow. Reference counting still
    frees whatever is dropped meanwhile. Applied to each public function that starts such a
    build (parse_content, make_cards, write_deck, write_notes, sync_collection), so that a
    caller of the API gets it too, and to `quiz build` as a whole. Where one of them calls
    another, the inner one finds the collector paused and leaves it so.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
