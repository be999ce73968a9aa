"""Bundles: a phrase book with its people's recordings, as one zip, to move between
installations.

A bundle holds ``phrasebook.json`` (the phrasebook/1 export), ``recordings.json``
(phrasebook-recordings/1: who spoke what under which licence, schema beside this module) and
``audio/<key>.<ext>``, the recordings' files byte for byte. It is written deterministically
(fixed member order and dates), so export → import into an empty store → export gives the
same zip. Importing checks everything first — member names (no absolute paths, no ``..``, no
links, nothing but those three kinds), sizes read (never trusting the sizes the archive
declares: a zip bomb stops at the limit), the JSON of both files, each audio file's hash,
that it decodes and lasts 0.3–30 s — and then applies it all in one transaction.
"""

from __future__ import annotations

import hashlib
import io
import json
import stat
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from phrasebook import collector
from phrasebook.errors import InvalidInput
from phrasebook.interchange import ImportReport, import_document, parse_document
from phrasebook.interchange.exporter import Deriver, parse_timestamp, stream_export
from phrasebook.interchange.jsontext import stable_json
from phrasebook.interchange.repository import ExportScope, format_timestamp
from phrasebook.textcheck import json_depth_problem
from phrasebook.uow import UnitOfWork

from .cache import AudioCache
from .models import Recording, RecordingStatus
from .processing import SERVED_FORMATS, decode
from .recordings import MAX_BYTES, MAX_SECONDS, MIN_SECONDS, StoredFiles

RECORDINGS_FORMAT = "phrasebook-recordings/1"
SCHEMA_PATH = Path(__file__).with_name("recordings-1.schema.json")
DOCUMENT = "phrasebook.json"
RECORDINGS = "recordings.json"
AUDIO_FOLDER = "audio/"
BUNDLE_MAX_BYTES = 512 * 1024 * 1024
MAX_MEMBERS = 100_002  # the two JSON files and up to 100,000 recordings
FIXED_DATE = (1980, 1, 1, 0, 0, 0)  # zip's earliest date: the same bytes at every export


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text("utf-8")))


# --- export -----------------------------------------------------------------------------------


def _entry(uid: str, lang: str, r: Recording) -> dict[str, Any]:
    def moment(value: Any) -> str | None:
        return format_timestamp(value) if value is not None else None

    return {
        "phrase": uid,
        "lang": lang,
        "file": f"{AUDIO_FOLDER}{r.filename}",
        "sha256": r.sha256,
        "duration": r.duration,
        "text": r.text,
        "revision": r.revision,
        "speaker": r.speaker,
        "licence": r.licence,
        "consent_at": moment(r.consent_at),
        "consent_by": r.consent_by,
        "status": str(r.status),
        "preferred": r.preferred,
        "source": r.source,
        "uploaded_by": r.uploaded_by,
        "created_at": moment(r.created_at),
        "reviewed_by": r.reviewed_by,
        "reviewed_at": moment(r.reviewed_at),
    }


def _member(archive: zipfile.ZipFile, name: str, data: bytes, *, compress: bool) -> None:
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def write_bundle(
    make_uow: Callable[[], UnitOfWork],
    cache_: AudioCache,
    target: Any,
    scope: ExportScope,
    derive: Callable[[UnitOfWork], Deriver | None] | None = None,
) -> int:
    """Write the bundle of ``scope`` to the binary file ``target``; the number of recordings.
    ``derive(uow)`` gives the export's deriver (the stored pronunciation aids)."""
    uow = make_uow()
    document = "".join(stream_export(uow, scope, derive(uow) if derive else None))
    exported = json.loads(document)
    pairs = {(p["id"], lang) for p in exported["phrases"] for lang in p["translations"]}
    with make_uow() as uow:
        phrases = uow.phrases.get_many(uid for uid, _lang in pairs)
        owners = {
            t.id: (uid, lang)
            for uid, phrase in phrases.items()
            for lang, t in phrase.translations.items()
            if (uid, lang) in pairs
        }
        found = uow.audio.recordings_of(list(owners))
        entries = sorted(
            (_entry(*owners[tid], r) for tid, recordings in found.items() for r in recordings),
            key=lambda e: (e["phrase"], e["lang"], e["created_at"], e["sha256"]),
        )
    files: dict[str, bytes] = {}
    for entry in entries:
        key, ext = entry["file"].removeprefix(AUDIO_FOLDER).split(".")
        path = cache_.get(key, ext)
        if path is None:
            raise InvalidInput(
                entry["file"],
                "the recording's file is missing from the audio folder (was it pruned by hand?)",
            )
        files[entry["file"]] = path.read_bytes()
    recordings = stable_json({"format": RECORDINGS_FORMAT, "recordings": entries}) + "\n"
    with zipfile.ZipFile(target, "w") as archive:
        _member(archive, DOCUMENT, document.encode("utf-8"), compress=True)
        _member(archive, RECORDINGS, recordings.encode("utf-8"), compress=True)
        for name in sorted(files):
            _member(archive, name, files[name], compress=False)  # already compressed audio
    return len(entries)


# --- import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Contents:
    document: bytes
    recordings: list[dict[str, Any]]
    audio: dict[str, bytes]


_ENCRYPTED = 0x1  # zip general-purpose flag bit 0


def _check_name(info: zipfile.ZipInfo) -> None:
    name = info.filename
    where = f"bundle member {name!r}"
    if name.startswith(("/", "\\")) or "\\" in name or ":" in name:
        raise InvalidInput(where, "an absolute or Windows path")
    if any(part in ("", ".", "..") for part in name.split("/")):
        raise InvalidInput(where, "a path with '..', '.' or an empty part")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise InvalidInput(where, "a link")
    if info.is_dir():
        raise InvalidInput(where, "a folder")
    if name in (DOCUMENT, RECORDINGS):
        return
    key_ext = name.removeprefix(AUDIO_FOLDER)
    if name.startswith(AUDIO_FOLDER) and key_ext.count(".") == 1:
        key, ext = key_ext.split(".")
        if len(key) == 32 and all(c in "0123456789abcdef" for c in key) and ext in SERVED_FORMATS:
            return
    raise InvalidInput(where, f"not {DOCUMENT}, {RECORDINGS} or audio/<key>.<mp3|ogg>")


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The member's bytes, refused past ``limit`` whatever size the archive declares."""
    if info.flag_bits & _ENCRYPTED:  # zipfile would ask for a password (a RuntimeError)
        raise InvalidInput(
            f"bundle member {info.filename!r}", "an encrypted member; bundles are not encrypted"
        )
    if info.file_size > limit:
        raise InvalidInput(f"bundle member {info.filename!r}", f"larger than {limit:,} bytes")
    with archive.open(info) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise InvalidInput(f"bundle member {info.filename!r}", f"larger than {limit:,} bytes")
    return data


def _open(raw: bytes, *, max_json_bytes: int) -> _Contents:
    if len(raw) > BUNDLE_MAX_BYTES:
        raise InvalidInput("bundle", f"larger than {BUNDLE_MAX_BYTES:,} bytes")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InvalidInput("bundle", f"not a readable zip archive ({exc})") from None
    if len(infos) > MAX_MEMBERS:
        raise InvalidInput("bundle", f"more than {MAX_MEMBERS:,} members")
    seen: set[str] = set()
    parts: dict[str, bytes] = {}
    total = 0
    try:
        for info in infos:
            _check_name(info)
            if info.filename in seen:
                raise InvalidInput(f"bundle member {info.filename!r}", "appears twice")
            seen.add(info.filename)
            limit = max_json_bytes if info.filename in (DOCUMENT, RECORDINGS) else MAX_BYTES
            data = _read(archive, info, limit)
            total += len(data)
            if total > BUNDLE_MAX_BYTES:
                raise InvalidInput("bundle", f"unpacks to more than {BUNDLE_MAX_BYTES:,} bytes")
            parts[info.filename] = data
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise InvalidInput("bundle", f"a damaged zip archive ({exc})") from None
    except NotImplementedError as exc:  # an unsupported compression method
        raise InvalidInput("bundle", str(exc)) from None
    if DOCUMENT not in parts:
        raise InvalidInput("bundle", f"no {DOCUMENT} in it")
    recordings: list[dict[str, Any]] = []
    if RECORDINGS in parts:
        recordings = _recordings_of(parts[RECORDINGS])
    audio = {name: data for name, data in parts.items() if name.startswith(AUDIO_FOLDER)}
    return _Contents(parts[DOCUMENT], recordings, audio)


def _recordings_of(raw: bytes) -> list[dict[str, Any]]:
    too_deep = json_depth_problem(raw)
    if too_deep is not None:  # the parser would fail with a RecursionError, not a message
        raise InvalidInput(RECORDINGS, too_deep)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(RECORDINGS, f"not JSON ({exc})") from None
    error = next(iter(sorted(_validator().iter_errors(data), key=lambda e: list(e.path))), None)
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path)
        raise InvalidInput(f"{RECORDINGS} /{where}", error.message[:200])
    entries: list[dict[str, Any]] = data["recordings"]
    return entries


def _check_audio(entries: Iterable[dict[str, Any]], audio: dict[str, bytes]) -> None:
    for index, entry in enumerate(entries):
        where = f"{RECORDINGS} /recordings/{index}"
        data = audio.get(entry["file"])
        if data is None:
            raise InvalidInput(where, f"{entry['file']} is not in the bundle")
        digest = hashlib.sha256(data).hexdigest()
        if digest != entry["sha256"] or not digest.startswith(entry["file"][6:38]):
            raise InvalidInput(entry["file"], "its bytes do not match the sha256 given")
        try:
            pcm = decode(data)
        except Exception:  # noqa: BLE001 - any decoder failure means "not audio" here
            raise InvalidInput(entry["file"], "not audio that can be decoded") from None
        seconds = len(pcm.samples) / pcm.sample_rate if pcm.sample_rate else 0.0
        if not MIN_SECONDS <= seconds <= MAX_SECONDS:
            raise InvalidInput(
                entry["file"], f"{seconds:.2f} s is not between {MIN_SECONDS} and {MAX_SECONDS} s"
            )


def import_bundle(
    uow: UnitOfWork,
    cache_: AudioCache,
    raw: bytes,
    *,
    source: str,
    languages: Iterable[str],
    max_bytes: int,
    dry_run: bool = False,
    changed_by: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Check the whole bundle, then apply its phrases and recordings in one transaction."""
    contents = _open(raw, max_json_bytes=max_bytes)
    _check_audio(contents.recordings, contents.audio)
    files = StoredFiles(cache_)
    try:
        with uow, collector.paused():
            parsed = parse_document(
                contents.document,
                languages=languages,
                max_bytes=max_bytes,
                known_phrase_ids=lambda uid: uow.phrases.get(uid) is not None,
            )
            named = {(p["id"], lang) for p in parsed.data["phrases"] for lang in p["translations"]}
            for index, entry in enumerate(contents.recordings):
                if (entry["phrase"], entry["lang"]) not in named:
                    raise InvalidInput(
                        f"{RECORDINGS} /recordings/{index}",
                        f"{entry['phrase']}/{entry['lang']} is not a translation in {DOCUMENT}",
                    )
            report = import_document(
                uow,
                parsed,
                source=source,
                dry_run=dry_run,
                changed_by=changed_by,
                progress=progress,
            )
            _add_recordings(uow, files, contents, report, dry_run)
            if not dry_run:
                uow.commit()
            return report
    except BaseException:
        files.undo()
        raise


def _add_recordings(
    uow: UnitOfWork, files: StoredFiles, contents: _Contents, report: ImportReport, dry: bool
) -> None:
    if dry:
        # The phrases are not written in a dry run: every recording is counted as added.
        for entry in contents.recordings:
            report.record("recording", "added", _line(entry))
        return
    phrases = uow.phrases.get_many({entry["phrase"] for entry in contents.recordings})
    translations = {
        (uid, lang): t for uid, p in phrases.items() for lang, t in p.translations.items()
    }
    present = uow.audio.recordings_of([t.id for t in translations.values()])
    for entry in contents.recordings:
        translation = translations[(entry["phrase"], entry["lang"])]
        if any(r.sha256 == entry["sha256"] for r in present.get(translation.id, [])):
            report.record("recording", "unchanged")
            continue
        key, ext = entry["file"].removeprefix(AUDIO_FOLDER).split(".")
        files.put_bytes(key, ext, contents.audio[entry["file"]])
        uow.audio.add_recording(_recording(translation.id, key, ext, entry))
        report.record(
            "recording",
            "added",
            f"+ recording {entry['phrase']}/{entry['lang']} by {entry['speaker']}",
        )


def _line(entry: dict[str, Any]) -> str:
    return f"+ recording {entry['phrase']}/{entry['lang']} by {entry['speaker']}"


def _recording(translation_id: int, key: str, ext: str, entry: dict[str, Any]) -> Recording:
    def moment(value: str | None) -> Any:
        return parse_timestamp(value) if value is not None else None

    return Recording(
        translation_id=translation_id,
        text=entry["text"],
        revision=entry["revision"],
        key=key,
        ext=ext,
        sha256=entry["sha256"],
        duration=entry["duration"],
        speaker=entry["speaker"],
        licence=entry["licence"],
        consent_at=moment(entry["consent_at"]),
        consent_by=entry["consent_by"],
        status=RecordingStatus(entry["status"]),
        preferred=entry["preferred"],
        source=entry["source"],
        uploaded_by=entry["uploaded_by"],
        created_at=moment(entry["created_at"]),
        reviewed_by=entry["reviewed_by"],
        reviewed_at=moment(entry["reviewed_at"]),
    )
