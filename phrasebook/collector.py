"""Pausing Python's cyclic garbage collector around bulk work (an export chunk, an import) —
in a command-line process only.

Bulk work makes and keeps tens of thousands of objects for a moment. While they live, the
collector's full passes (set off by the number of objects made) walk every one of them again
and again: a third of an export's time, more of an import's (BENCHMARKS.md, "The garbage
collector"). Reference counting frees what holds no cycle all the same; cycles made meanwhile
wait for the next pass after the pause.

The collector is one switch for the whole process, so pausing it is allowed only where one
piece of work owns the process: the command line allows it (``allow_pausing()`` in
app/cli, for every command but ``serve`` and ``worker``). In a server or a worker, where
threads overlap, ``paused()`` does nothing. Only for work that finishes on its own: never
around a ``yield`` to a caller.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_allowed = False


def allow_pausing() -> None:
    """Let ``paused()`` switch the collector off: this process runs one piece of work at a
    time (a command), never threads that might overlap."""
    global _allowed
    _allowed = True


@contextmanager
def paused() -> Iterator[None]:
    if not _allowed or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
