"""Errors the domain raises; each one reads as one clear line."""

from __future__ import annotations


class PhrasebookError(Exception):
    """Base class: something the user can fix, reported as one line without a traceback."""


class NotFound(PhrasebookError):
    pass


class Conflict(PhrasebookError):
    pass


class InvalidInput(PhrasebookError):
    """Bad input, with where it is (a JSON pointer, ``line 3, column 7``, a field name)."""

    def __init__(self, location: str, reason: str) -> None:
        self.location = location
        self.reason = reason
        super().__init__(f"{location}: {reason}" if location else reason)


class TooLarge(InvalidInput):
    pass


class StaleRevision(Conflict):
    """An update was built from an older revision than the one stored."""

    def __init__(self, key: str, expected: int, current: int, current_text: str) -> None:
        self.key = key
        self.expected = expected
        self.current = current
        self.current_text = current_text
        super().__init__(
            f"{key}: changed by someone else since you opened it "
            f"(you edited revision {expected}, it is now at revision {current})"
        )


class ConcurrentEdit(Conflict):
    """The database refused a write at commit time because another transaction changed the
    same row first (a translation's revision moved on under us, or the same row was created
    twice). Services that know which text was being saved turn it into a StaleRevision."""


class Busy(PhrasebookError):
    """The database is busy (another writer holds its lock, or no connection was free in
    time): nothing was written; trying again shortly will work. ``retry_after`` in seconds."""

    def __init__(self, message: str, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after
