"""Export formats: one class each, registered in :data:`EXPORTERS`.

``phrasebook export --format NAME``, ``GET /api/v1/export?format=NAME`` and the editor's
download (``/edit/export?format=NAME``) all look the format up here and call it the same way,
so a new format is one class (in its own module, for anything larger than a few lines), one
``@register``, and its tests (CONTRIBUTING.md, "Adding an export format").
"""

from __future__ import annotations

import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, ClassVar

from ..errors import InvalidInput
from .exporter import stream_export
from .repository import ExportScope

if TYPE_CHECKING:
    from pathlib import Path

    from ..store import Store
    from ..uow import UnitOfWork

CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class ExportSource:
    """What every format reads: the store (a new unit of work per read), the configured
    languages (whose readers get pronunciation aids), and the audio cache folder."""

    @classmethod
    def of(cls, store: Store) -> ExportSource:
        return cls(store.uow, store.settings.languages, store.settings.data_dir / "audio")

    make_uow: Callable[[], UnitOfWork]
    languages: Sequence[str]
    audio_dir: Path


class Exporter(ABC):
    """One export format. Subclasses set the class attributes and write ``write``; a format
    that can produce its bytes piece by piece also overrides ``stream`` (the web then sends
    them as they come instead of from a file)."""

    name: ClassVar[str]
    media_type: ClassVar[str]
    extension: ClassVar[str]  # without the dot
    summary: ClassVar[str]  # one line, for --help and the docs

    @abstractmethod
    def write(self, source: ExportSource, scope: ExportScope, out: IO[bytes]) -> str:
        """Write the export to the binary file ``out``; a note on what it holds beyond the
        phrases, for the command line ("12 recordings"), or ""."""

    def stream(self, source: ExportSource, scope: ExportScope) -> Iterator[bytes]:
        """The bytes of ``write``, in pieces; by default written to a spooled file first (the
        scope is checked — NotFound — before the first piece)."""
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - closed by the generator
        try:
            self.write(source, scope, spool)
            spool.seek(0)
        except BaseException:
            spool.close()
            raise
        return _pieces(spool)

    def file_name(self, scope: ExportScope) -> str:
        label = scope.set_slug or scope.category or "all"
        return f"phrasebook-{label}.{self.extension}"


def _pieces(spool: IO[bytes]) -> Iterator[bytes]:
    with spool:
        while piece := spool.read(CHUNK_BYTES):
            yield piece


EXPORTERS: dict[str, Exporter] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    """Class decorator: make the format available under ``cls.name``."""
    if cls.name in EXPORTERS:
        raise ValueError(f"export format {cls.name!r} is registered twice")
    EXPORTERS[cls.name] = cls()
    return cls


def exporter(name: str, where: str = "format") -> Exporter:
    """The registered format ``name``, or InvalidInput naming the ones there are."""
    found = EXPORTERS.get(name.strip().lower())
    if found is None:
        raise InvalidInput(where, f"{name!r} is not an export format ({', '.join(EXPORTERS)})")
    return found


def _deriver(source: ExportSource, uow: UnitOfWork) -> Callable[..., list[dict[str, object]]]:
    # The stored pronunciation aids of every configured reader go into an export.
    from ..pronunciation.service import export_deriver

    return export_deriver(uow, source.languages)


@register
class JsonExporter(Exporter):
    """phrasebook/1 JSON (docs/format.md): deterministic, diff-friendly, re-importable."""

    name = "json"
    media_type = "application/json"
    extension = "json"
    summary = "phrasebook/1 JSON: every phrase, text, status, note and aid; re-importable"

    def stream(self, source: ExportSource, scope: ExportScope) -> Iterator[bytes]:
        uow = source.make_uow()
        pieces = stream_export(uow, scope, _deriver(source, uow))  # NotFound before a piece
        return (piece.encode("utf-8") for piece in pieces)

    def write(self, source: ExportSource, scope: ExportScope, out: IO[bytes]) -> str:
        out.writelines(self.stream(source, scope))
        return ""


@register
class BundleExporter(Exporter):
    """A zip of the phrasebook/1 JSON, the people's recordings' metadata and their audio
    (docs/audio.md, "Bundles")."""

    name = "bundle"
    media_type = "application/zip"
    extension = "zip"
    summary = "a zip of the JSON, the people's recordings and their audio files"

    def write(self, source: ExportSource, scope: ExportScope, out: IO[bytes]) -> str:
        from ..audio.bundles import write_bundle
        from ..audio.cache import AudioCache

        recordings = write_bundle(
            source.make_uow,
            AudioCache(source.audio_dir),
            out,
            scope,
            lambda uow: _deriver(source, uow),
        )
        return f"{recordings} recordings"
