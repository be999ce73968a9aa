"""Content-addressed audio files: ``<data_dir>/audio/<key>.<ext>``.

The key is a hash of everything that decides the sound: the text the engine is given, the
language, the engine, its voice, the speed, the file format and the processing version. Two
phrases with the same text share one file, and a changed text gets a new key (its old file
is left for ``phrasebook audio prune``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..files import write_atomically
from .engine import Speed
from .processing import SERVED_FORMATS

# Bump when trimming, normalizing or encoding change, so old files are not served as new.
PROCESSING_VERSION = 1
KEY_PATTERN = re.compile(r"[0-9a-f]{32}")
FILE_PATTERN = re.compile(r"(?P<key>[0-9a-f]{32})\.(?P<ext>[a-z0-9]{2,5})")


@dataclass(frozen=True)
class ClipSpec:
    """Everything that decides one clip's sound."""

    text: str  # what the engine is given (Korean: the pronounced spelling for espeak-ng)
    lang: str
    engine: str
    voice: str
    speed: Speed
    ext: str

    @property
    def key(self) -> str:
        material = json.dumps(
            [
                PROCESSING_VERSION,
                self.text,
                self.lang,
                self.engine,
                self.voice,
                self.speed.value,
                self.ext,
            ],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]

    @property
    def filename(self) -> str:
        return f"{self.key}.{self.ext}"


def is_valid_name(key: str, ext: str) -> bool:
    return KEY_PATTERN.fullmatch(key) is not None and ext in SERVED_FORMATS


class AudioCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str, ext: str) -> Path:
        if not is_valid_name(key, ext):
            raise ValueError(f"not an audio file name: {key!r}.{ext!r}")
        return self.root / f"{key}.{ext}"

    def get(self, key: str, ext: str) -> Path | None:
        path = self.path(key, ext)
        return path if path.is_file() else None

    def put(self, key: str, ext: str, data: bytes) -> Path:
        """Write atomically: a reader never sees half a file."""
        self.root.mkdir(parents=True, exist_ok=True)
        return write_atomically(self.path(key, ext), data)

    def files(self) -> Iterator[Path]:
        """Every cached clip (``<key>.<ext>``) in the folder."""
        if not self.root.is_dir():
            return
        for path in self.root.iterdir():
            if path.is_file() and FILE_PATTERN.fullmatch(path.name):
                yield path

    def leftovers(self) -> Iterator[Path]:
        """Temporary files from writes that never finished (a killed process)."""
        if self.root.is_dir():
            yield from self.root.glob(".*.tmp")
