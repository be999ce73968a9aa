"""Services over the whole phrase book: import, export, seeding and statistics.

Each takes plain values and a unit of work, does one thing, and commits once. Editing
phrases and translations lives in :mod:`phrasebook.editing`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import collector
from .errors import ConcurrentEdit, InvalidInput
from .interchange import ImportReport, dumps, export_document, import_document, parse_document
from .interchange.exporter import Deriver, stream_export
from .interchange.importer import Progress, load_seeds
from .interchange.repository import ExportScope
from .models import (
    Status,
)
from .uow import UnitOfWork

BUNDLE_MAGIC = b"PK\x03\x04"  # a zip: phrasebook.audio.bundles
SEED_DIR_CANDIDATES = (
    Path(__file__).parent / "seeds_data",  # inside an installed wheel
    Path(__file__).resolve().parent.parent / "seeds",  # a source checkout
)


def default_seeds_dir() -> Path:
    for candidate in SEED_DIR_CANDIDATES:
        if candidate.is_dir():
            return candidate
    return SEED_DIR_CANDIDATES[-1]


# --- import / export -------------------------------------------------------------------------


IMPORT_ATTEMPTS = 3


def import_bytes(
    uow: UnitOfWork,
    raw: bytes,
    *,
    source: str,
    languages: Iterable[str],
    max_bytes: int,
    dry_run: bool = False,
    changed_by: str | None = None,
    progress: Progress | None = None,
    audio_dir: Path | None = None,
) -> ImportReport:
    """Validate the whole file, then apply it in one transaction (or only report, dry run).

    A bundle (a zip of phrases and recordings, ``phrasebook export --bundle``) is imported
    the same way, its recordings' files going to ``audio_dir``."""
    if raw.startswith(BUNDLE_MAGIC):
        if audio_dir is None:
            raise InvalidInput(source, "a bundle of recordings cannot be imported here")
        from .audio.bundles import import_bundle
        from .audio.cache import AudioCache

        return import_bundle(
            uow,
            AudioCache(audio_dir),
            raw,
            source=source,
            languages=languages,
            max_bytes=max_bytes,
            dry_run=dry_run,
            changed_by=changed_by,
            progress=progress,
        )

    # Another import may add the same phrases between this one's reading and its writing (two
    # people importing one file): the loser's transaction is refused as a whole
    # (ConcurrentEdit), and reading the store again makes its changes the ones still missing.
    def attempt() -> ImportReport:
        with uow, collector.paused():
            parsed = parse_document(
                raw,
                languages=languages,
                max_bytes=max_bytes,
                known_phrase_ids=lambda uid: uow.phrases.get(uid) is not None,
            )
            report = import_document(
                uow,
                parsed,
                source=source,
                dry_run=dry_run,
                changed_by=changed_by,
                progress=progress,
            )
            if not dry_run:
                uow.commit()
            return report

    for _lost in range(IMPORT_ATTEMPTS - 1):
        try:
            return attempt()
        except ConcurrentEdit:
            continue  # another import wrote first: read the store again
    return attempt()  # the last one: its ConcurrentEdit is the caller's one line


def export_text(
    uow: UnitOfWork,
    *,
    set_slug: str | None = None,
    category: str | None = None,
    languages: Iterable[str] | None = None,
    derive: Deriver | None = None,
) -> str:
    return "".join(
        export_stream(uow, set_slug=set_slug, category=category, languages=languages, derive=derive)
    )


def export_stream(
    uow: UnitOfWork,
    *,
    set_slug: str | None = None,
    category: str | None = None,
    languages: Iterable[str] | None = None,
    derive: Deriver | None = None,
) -> Iterator[str]:
    """The export as pieces of text (the same bytes as ``export_text``), read from the store
    a chunk of phrases at a time while the pieces are taken; a missing set or category raises
    NotFound here, before the first piece."""
    scope = ExportScope.of(set_slug=set_slug, category=category, languages=languages)
    return stream_export(uow, scope, derive)


def export_selection(
    uow: UnitOfWork,
    *,
    uids: Iterable[str],
    set_id: str,
    set_names: dict[str, str],
    languages: Iterable[str] | None = None,
    derive: Deriver | None = None,
) -> str:
    """Chosen phrases (e.g. a reader's "my card") as a phrasebook/1 file carrying one set,
    ``set_id``, that lists them in the order given; ids the store does not have are skipped.

    Importing the file elsewhere recreates the card as a phrase set.
    """
    wanted = list(dict.fromkeys(uids))
    document = export_document(uow, ExportScope.of(uids=wanted, languages=languages), derive)
    exported = {phrase["id"] for phrase in document["phrases"]}
    order = [uid for uid in wanted if uid in exported]
    document["sets"] = [
        {"id": set_id, "names": set_names, "descriptions": {}, "position": 0, "phrases": order}
    ]
    return dumps(document)


def seed(
    uow: UnitOfWork, *, seeds_dir: Path, languages: Iterable[str], max_bytes: int
) -> ImportReport:
    """Load the curated seed sets; running it again changes nothing, and keeps local edits."""
    with uow:
        report = load_seeds(uow, seeds_dir, languages=languages, max_bytes=max_bytes)
        uow.commit()
        return report


# --- statistics ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    phrases: int
    sets: int
    categories: int
    translations: dict[str, dict[str, int]]  # language -> status -> count


def stats(uow: UnitOfWork) -> Stats:
    """Counts, in a few aggregate queries (no phrase is loaded)."""
    with uow:
        per_language: dict[str, dict[str, int]] = {}
        for (tag, status), count in uow.phrases.status_counts().items():
            per_language.setdefault(tag, {s.value: 0 for s in Status})[status] = count
        categories = uow.phrases.category_counts()
        return Stats(
            phrases=sum(categories.values()),
            sets=len(uow.sets.list()),
            categories=len(categories),
            translations=dict(sorted(per_language.items())),
        )
