"""Apply a validated ``phrasebook/1`` document to the store, all or nothing.

Phrases, sets and categories are merged by id. What the file does not mention is left as it
is, except a set's list of phrases, which becomes the file's list. A dry run walks the same
code without writing and reports what would change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput
from ..models import (
    Category,
    Phrase,
    PhraseSet,
    Register,
    SetMembership,
    Status,
    Translation,
    utcnow,
)
from ..notes import from_document
from .exporter import parse_timestamp
from .validation import FORMAT, ParsedDocument, decode_json, parse_document

if TYPE_CHECKING:  # the unit of work imports this package's export repository
    from ..uow import UnitOfWork

Progress = Callable[[int, int], None]


@dataclass
class ImportReport:
    """Counts per kind of record and action, the changes one per line, and warnings."""

    dry_run: bool = False
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, kind: str, action: str) -> int:
        return self.counts[(kind, action)]

    def record(self, kind: str, action: str, line: str | None = None) -> None:
        self.counts[(kind, action)] += 1
        if line is not None:
            self.changes.append(line)

    @property
    def changed(self) -> bool:
        return any(action in ("added", "updated") for _kind, action in self.counts)

    def summary(self) -> str:
        parts = []
        for kind, plural in (
            ("phrase", "phrases"),
            ("translation", "translations"),
            ("set", "sets"),
            ("category", "categories"),
            ("recording", "recordings"),  # a bundle's (phrasebook.audio.bundles)
        ):
            actions = [
                f"{self.counts[(kind, action)]} {action}"
                for action in ("added", "updated", "unchanged", "kept")
                if self.counts[(kind, action)]
            ]
            if actions:
                parts.append(f"{plural}: {', '.join(actions)}")
        prefix = "dry run, nothing written: " if self.dry_run else ""
        return prefix + ("; ".join(parts) if parts else "nothing to import")

    def as_dict(self) -> dict[str, Any]:
        counts: dict[str, dict[str, int]] = {}
        for (kind, action), number in sorted(self.counts.items()):
            counts.setdefault(kind, {})[action] = number
        return {
            "dry_run": self.dry_run,
            "counts": counts,
            "changes": list(self.changes),
            "warnings": list(self.warnings),
            "summary": self.summary(),
        }


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def import_document(
    uow: UnitOfWork,
    document: ParsedDocument,
    *,
    source: str,
    changed_by: str | None = None,
    dry_run: bool = False,
    keep_local_edits: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Merge ``document`` into the store held by ``uow`` (the caller commits).

    ``progress(done, total)`` is called after each phrase.

    ``source`` names the file; translations without provenance get ``{"kind": "import",
    "name": source}``. With ``keep_local_edits`` (used by ``seed``), a translation whose
    provenance is no longer the seed set (someone edited it) is kept as it is.
    """
    report = ImportReport(dry_run=dry_run, warnings=list(document.warnings))
    author = changed_by or f"import:{source}"
    now = utcnow()
    data = document.data
    _import_categories(uow, data.get("categories", []), report, dry_run)
    new_phrases: dict[str, Phrase] = {}
    total = len(data["phrases"])
    # Every phrase the file names, looked up before any change: no query (and so no flush
    # of the search keys) per phrase; the keys are written once, when the import commits.
    existing = uow.phrases.get_many(entry["id"] for entry in data["phrases"])
    for done, entry in enumerate(data["phrases"], start=1):
        if progress is not None:
            progress(done, total)
        phrase = existing.get(entry["id"])
        if phrase is None:
            report.record("phrase", "added", f"+ phrase {entry['id']}")
            for tag, item in entry["translations"].items():
                report.record(
                    "translation", "added", f"+ {entry['id']}/{tag}: {_short(item['text'])}"
                )
            if not dry_run:
                phrase = _new_phrase(entry, source, now)
                new_phrases[phrase.uid] = phrase
            continue
        _merge_phrase(phrase, entry, report, dry_run, now)
        for tag, item in entry["translations"].items():
            _merge_translation(
                phrase,
                tag,
                item,
                report,
                dry_run=dry_run,
                now=now,
                source=source,
                author=author,
                keep_local_edits=keep_local_edits,
            )
    if not dry_run:
        uow.flush()  # the changes to phrases that were there
        uow.phrases.add_many(list(new_phrases.values()), by=author, at=now)
    _import_sets(uow, data.get("sets", []), {**existing, **new_phrases}, report, dry_run)
    if not dry_run:
        uow.flush()
    return report


def _import_categories(
    uow: UnitOfWork, entries: Iterable[dict[str, Any]], report: ImportReport, dry_run: bool
) -> None:
    for entry in entries:
        category = uow.categories.get(entry["id"])
        names = entry.get("names", {})
        position = entry.get("position", 0)
        if category is None:
            report.record("category", "added", f"+ category {entry['id']}")
            if not dry_run:
                uow.categories.add(Category(slug=entry["id"], names=names, position=position))
        elif category.names != names or category.position != position:
            report.record("category", "updated", f"~ category {entry['id']}")
            if not dry_run:
                category.names = names
                category.position = position
        else:
            report.record("category", "unchanged")


def _translation_fields(item: dict[str, Any], source: str) -> dict[str, Any]:
    return {
        "text": item["text"],
        "status": Status(item.get("status", "draft")),
        "provenance": item.get("provenance") or {"kind": "import", "name": source},
        "notes": from_document(item.get("notes")),
    }


def _new_phrase(entry: dict[str, Any], source: str, now: Any) -> Phrase:
    created = parse_timestamp(entry["created"]) if "created" in entry else now
    phrase = Phrase(
        uid=entry["id"],
        category=entry["category"],
        tags=list(entry.get("tags", [])),
        notes=from_document(entry.get("notes")),
        register=Register(entry.get("register", "neutral")),
        position=entry.get("position", 0),
        answers=entry.get("answers"),
        created_at=created,
        updated_at=parse_timestamp(entry["updated"]) if "updated" in entry else created,
    )
    for tag, item in entry["translations"].items():
        fields = _translation_fields(item, source)
        t_created = parse_timestamp(item["created"]) if "created" in item else now
        translation = Translation(
            lang=tag,
            revision=item.get("revision", 1),
            created_at=t_created,
            updated_at=parse_timestamp(item["updated"]) if "updated" in item else t_created,
            **fields,
        )
        phrase.translations[tag] = translation  # its first revision: see add_many
    return phrase


_PHRASE_FIELDS = ("category", "tags", "notes", "register", "position", "answers")


def _merge_phrase(
    phrase: Phrase, entry: dict[str, Any], report: ImportReport, dry_run: bool, now: Any
) -> None:
    wanted = {
        "category": entry["category"],
        "tags": list(entry.get("tags", [])),
        "notes": from_document(entry.get("notes")),
        "register": Register(entry.get("register", "neutral")),
        "position": entry.get("position", 0),
        "answers": entry.get("answers"),
    }
    differing = [name for name in _PHRASE_FIELDS if getattr(phrase, name) != wanted[name]]
    if not differing:
        report.record("phrase", "unchanged")
        return
    report.record("phrase", "updated", f"~ phrase {phrase.uid}: {', '.join(differing)}")
    if not dry_run:
        for name in differing:
            setattr(phrase, name, wanted[name])
        phrase.updated_at = now


def _merge_translation(
    phrase: Phrase,
    tag: str,
    item: dict[str, Any],
    report: ImportReport,
    *,
    dry_run: bool,
    now: Any,
    source: str,
    author: str,
    keep_local_edits: bool,
) -> None:
    fields = _translation_fields(item, source)
    existing = phrase.translations.get(tag)
    key = f"{phrase.uid}/{tag}"
    if existing is None:
        report.record("translation", "added", f"+ {key}: {_short(fields['text'])}")
        if not dry_run:
            translation = Translation(
                lang=tag, revision=1, created_at=now, updated_at=now, **fields
            )
            translation.record(author, now)
            phrase.translations[tag] = translation
        return
    if "provenance" not in item:
        # A file without provenance says nothing about authorship: keep what the store knows.
        fields["provenance"] = existing.provenance
    differing = [
        name
        for name in ("text", "status", "provenance", "notes")
        if getattr(existing, name) != fields[name]
    ]
    if not differing:
        report.record("translation", "unchanged")
        return
    if keep_local_edits and (existing.provenance or {}).get("kind") != "seed":
        report.record("translation", "kept", f"= {key}: kept local edit")
        return
    if "text" in differing:
        line = f"~ {key}: {_short(existing.text)} → {_short(fields['text'])}"
    else:
        line = f"~ {key}: {', '.join(differing)}"
    report.record("translation", "updated", line)
    if dry_run:
        return
    for name in differing:
        setattr(existing, name, fields[name])
    existing.new_revision(author, now)


def _import_sets(
    uow: UnitOfWork,
    entries: Iterable[dict[str, Any]],
    known: dict[str, Phrase],
    report: ImportReport,
    dry_run: bool,
) -> None:
    for entry in entries:
        phrase_set = uow.sets.get(entry["id"])
        names = entry.get("names", {})
        descriptions = entry.get("descriptions", {})
        position = entry.get("position", 0)
        wanted_ids = list(entry["phrases"])
        if phrase_set is None:
            report.record("set", "added", f"+ set {entry['id']} ({len(wanted_ids)} phrases)")
            if dry_run:
                continue
            phrase_set = PhraseSet(
                slug=entry["id"], names=names, descriptions=descriptions, position=position
            )
            uow.sets.add(phrase_set)
        else:
            current_ids = [m.phrase.uid for m in phrase_set.memberships]
            same = (
                phrase_set.names == names
                and phrase_set.descriptions == descriptions
                and phrase_set.position == position
                and current_ids == wanted_ids
            )
            if same:
                report.record("set", "unchanged")
                continue
            report.record("set", "updated", f"~ set {entry['id']}")
            if dry_run:
                continue
            phrase_set.names = names
            phrase_set.descriptions = descriptions
            phrase_set.position = position
        _replace_members(uow, phrase_set, wanted_ids, known)


def _replace_members(
    uow: UnitOfWork, phrase_set: PhraseSet, wanted_ids: list[str], known: dict[str, Phrase]
) -> None:
    by_uid = {m.phrase.uid: m for m in phrase_set.memberships}
    kept: list[SetMembership] = []
    for position, uid in enumerate(wanted_ids):
        membership = by_uid.pop(uid, None)
        if membership is None:
            phrase = known.get(uid) or uow.phrases.get(uid)
            if phrase is None:  # validation checked every id; this is a programming error
                raise InvalidInput(f"/sets/{phrase_set.slug}", f"phrase {uid!r} vanished")
            membership = SetMembership(phrase=phrase, position=position)
        membership.position = position
        kept.append(membership)
    phrase_set.memberships = kept


def read_file(path: Path, *, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` + 1 bytes so an oversize file is refused without loading it."""
    with path.open("rb") as handle:
        return handle.read(max_bytes + 1)


def load_seeds(
    uow: UnitOfWork, seeds_dir: Path, *, languages: Iterable[str], max_bytes: int
) -> ImportReport:
    """Import every ``*.json`` in ``seeds_dir`` as one document, keeping local edits.

    Each file is validated on its own (errors name the file); a set may name phrases of
    another seed file.
    """
    files = sorted(seeds_dir.glob("*.json"))
    if not files:
        raise InvalidInput(str(seeds_dir), "no seed files (*.json) found")
    languages = list(languages)
    raw_files = {path: read_file(path, max_bytes=max_bytes) for path in files}
    all_ids: set[str] = set()
    for path, raw in raw_files.items():
        try:
            decoded = decode_json(raw, max_bytes=max_bytes)
        except InvalidInput as exc:
            raise InvalidInput(f"{path.name}: {exc.location}".rstrip(": "), exc.reason) from None
        if isinstance(decoded, dict) and isinstance(decoded.get("phrases"), list):
            all_ids |= {str(p.get("id")) for p in decoded["phrases"] if isinstance(p, dict)}
    combined: dict[str, Any] = {"format": FORMAT, "categories": [], "phrases": [], "sets": []}
    warnings: list[str] = []
    for path, raw in raw_files.items():
        try:
            parsed = parse_document(
                raw,
                languages=languages,
                max_bytes=max_bytes,
                known_phrase_ids=lambda uid: uid in all_ids or uow.phrases.get(uid) is not None,
            )
        except InvalidInput as exc:
            raise InvalidInput(f"{path.name}: {exc.location}".rstrip(": "), exc.reason) from None
        for key in ("categories", "phrases", "sets"):
            combined[key].extend(parsed.data.get(key, []))
        warnings.extend(f"{path.name}: {w}" for w in parsed.warnings)
    for key, noun in (("categories", "category"), ("phrases", "phrase"), ("sets", "set")):
        duplicates = [k for k, n in Counter(e["id"] for e in combined[key]).items() if n > 1]
        if duplicates:
            raise InvalidInput(str(seeds_dir), f"{noun} id {duplicates[0]!r} is in two seed files")
    return import_document(
        uow,
        ParsedDocument(data=combined, warnings=warnings),
        source="seeds",
        changed_by="seed",
        keep_local_edits=True,
    )
