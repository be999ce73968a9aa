"""Pausing Python's cyclic garbage collector around bulk work (an export chunk, an import).

Bulk work makes and keeps tens of thousands of objects for a moment. While they live, the
collector's full passes (set off by the number of objects made) walk every one of them again
and again: a third of an export's time, more of an import's. Reference counting frees what
holds no cycle all the same; cycles made meanwhile wait for the next pass after the pause.
Only for work that finishes on its own: never around a ``yield`` to a caller.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
