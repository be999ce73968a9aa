"""Files several processes share (the data folder): written whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TEMPORARY_SUFFIX = ".tmp"


def write_atomically(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` through a temporary file in the same folder, renamed
    over it at the end: a reader (in any process) sees the old file or the whole new one,
    never half; two writers of the same file leave one of the two whole. A failed write
    leaves no temporary file (a killed process may: ``.<name>.*.tmp``, for pruning)."""
    fd, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=TEMPORARY_SUFFIX
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
