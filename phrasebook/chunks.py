"""Long lists of keys in pieces, so that a query takes ``IN (...)`` one bounded list at a time
(SQLite allows 32,766 parameters; PostgreSQL plans faster with short lists)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T", int, str)
# Ids per IN (...) list: well under every backend's limit on bound parameters.
CHUNK = 500


def in_chunks(values: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    """``values``, sorted and without repeats, in lists of at most ``size``: one IN (...)
    query each, whatever their number."""
    ordered = sorted(set(values))
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]
