"""People's recordings of translations: checking what is uploaded, storing it, reviewing it,
and choosing the one that plays.

A recording is stored like every clip, in the audio folder under a hash of its bytes (after
trimming, loudness normalization and encoding in the served format), and referenced from the
``recordings`` table with its speaker, licence, consent and review. The rule for what plays
(``preferred``): a *reviewed* recording, with the speaker's consent, of the translation's
*current* text — the one marked preferred, else the last approved — before any engine.
Editing the text leaves its recordings "for an earlier text" until one is recorded again or
a reviewer approves one for the new text. See docs/audio.md.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import soundfile

from phrasebook import textcheck
from phrasebook.errors import InvalidInput, NotFound
from phrasebook.lookups import find_translation
from phrasebook.models import Translation, utcnow
from phrasebook.uow import UnitOfWork

from .cache import AudioCache
from .engine import Pcm
from .errors import SynthesisFailed
from .models import Recording, RecordingStatus
from .preference import preferred
from .processing import encode, prepare, resample

# SPDX ids a speaker may choose; CC-BY-4.0 unless they choose otherwise.
LICENCES = ("CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0")
DEFAULT_LICENCE = "CC-BY-4.0"
MIN_SECONDS = 0.3
MAX_SECONDS = 30.0
MAX_BYTES = 20 * 1024 * 1024  # 30 s of 48 kHz stereo 16-bit WAV is 5.8 MB
MAX_RATE = 48000
# What a file's extension promises, and libsndfile's name of the container it must hold.
CONTAINERS = {"wav": "WAV", "flac": "FLAC", "ogg": "OGG", "opus": "OGG", "mp3": "MP3"}
# A file of a directory import: <phrase-id>.<lang>.<ext>
IMPORT_NAME = re.compile(
    r"(?P<uid>.+)\.(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.(?P<ext>[a-z0-9]+)"
)


def refused(name: str, reason: str) -> InvalidInput:
    return InvalidInput(name, reason)


def _wav_truncated(data: bytes) -> bool:
    """Whether a RIFF/WAVE file's data chunk claims more bytes than the file holds
    (libsndfile silently reads what is there)."""
    position = 12
    while position + 8 <= len(data):
        chunk: bytes
        size: int
        chunk, size = struct.unpack_from("<4sI", data, position)
        if chunk == b"data":
            return position + 8 + size > len(data) and size != 0xFFFFFFFF
        position += 8 + size + (size & 1)
    return True  # no data chunk at all


def read_audio(data: bytes, name: str, *, max_bytes: int = MAX_BYTES) -> Pcm:
    """Decode an uploaded recording to mono PCM, refusing (InvalidInput, located at ``name``)
    what is not audio of an accepted kind, is empty, truncated, too big, too long or too short,
    or is not the container its extension says."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in CONTAINERS:
        raise refused(name, f"not a recording file (use one of: {', '.join(CONTAINERS)})")
    if not data:
        raise refused(name, "the file is empty")
    if len(data) > max_bytes:
        raise refused(name, f"{len(data):,} bytes is more than the {max_bytes:,} allowed")
    try:
        info = soundfile.info(io.BytesIO(data))
    except (soundfile.LibsndfileError, RuntimeError) as exc:
        raise refused(name, f"not audio that can be read ({_reason(exc)})") from None
    if info.format != CONTAINERS[ext]:
        raise refused(name, f"the file holds {info.format}, not what .{ext} says")
    if info.samplerate <= 0 or info.frames <= 0:
        raise refused(name, "the file holds no sound")
    declared = info.frames / info.samplerate
    if declared > MAX_SECONDS + 1:
        raise refused(name, f"{declared:.0f} s is longer than {MAX_SECONDS:.0f} s")
    if info.format == "WAV" and _wav_truncated(data):
        raise refused(name, "the file is truncated")
    limit = int((MAX_SECONDS + 1) * info.samplerate)
    try:
        samples, rate = soundfile.read(
            io.BytesIO(data), frames=limit, dtype="float32", always_2d=True
        )
    except (soundfile.LibsndfileError, RuntimeError) as exc:
        raise refused(name, f"the audio cannot be decoded ({_reason(exc)})") from None
    if info.format == "MP3" and len(samples) < 0.95 * info.frames:
        raise refused(name, "the file is truncated")
    pcm = Pcm(samples=samples.mean(axis=1).astype(np.float32), sample_rate=int(rate))
    seconds = len(pcm.samples) / pcm.sample_rate
    if seconds < MIN_SECONDS:
        raise refused(name, f"{seconds:.2f} s is shorter than {MIN_SECONDS} s")
    if seconds > MAX_SECONDS:
        raise refused(name, f"{seconds:.0f} s is longer than {MAX_SECONDS:.0f} s")
    return pcm


def _reason(exc: BaseException) -> str:
    text = str(exc).split(":")[-1].strip().rstrip(".")
    return text or type(exc).__name__


@dataclass(frozen=True)
class PreparedAudio:
    """A recording ready to store: encoded bytes in the served format and their facts."""

    data: bytes
    ext: str
    duration: float

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def key(self) -> str:
        return self.sha256[:32]


def prepare_recording(pcm: Pcm, ext: str, name: str) -> PreparedAudio:
    """Trim silence, even out loudness and encode, as engine output is."""
    if pcm.sample_rate > MAX_RATE:
        pcm = resample(pcm, MAX_RATE)
    try:
        ready = prepare(pcm)
    except SynthesisFailed:
        raise refused(name, "the recording is silent") from None
    seconds = len(ready.samples) / ready.sample_rate
    if seconds < MIN_SECONDS:
        raise refused(name, f"{seconds:.2f} s of sound is shorter than {MIN_SECONDS} s")
    return PreparedAudio(encode(ready, ext), ext, round(seconds, 3))


@dataclass(frozen=True)
class Speaker:
    """Who spoke, under which licence, and whether they said yes to sharing it."""

    name: str
    licence: str = DEFAULT_LICENCE
    consent: bool = False

    def checked(self) -> Speaker:
        # The one rule for text (no NUL or other control character, valid Unicode): a name is
        # shown to every reader who plays the recording.
        name = " ".join(textcheck.clean(self.name, "speaker", limit=10_000).split())
        if not name:
            raise InvalidInput("speaker", "name the speaker (a name or a pseudonym)")
        if len(name) > 200:
            raise InvalidInput("speaker", "at most 200 characters")
        if self.licence not in LICENCES:
            raise InvalidInput("licence", f"{self.licence!r} is not one of: {', '.join(LICENCES)}")
        return Speaker(name, self.licence, self.consent)


def _new_recording(
    translation: Translation, audio: PreparedAudio, speaker: Speaker, *, by: str, source: str
) -> Recording:
    now = utcnow()
    return Recording(
        translation_id=translation.id,
        text=translation.text,
        revision=translation.revision,
        key=audio.key,
        ext=audio.ext,
        sha256=audio.sha256,
        duration=audio.duration,
        speaker=speaker.name,
        licence=speaker.licence,
        consent_at=now if speaker.consent else None,
        consent_by=by if speaker.consent else None,
        status=RecordingStatus.DRAFT,
        preferred=False,
        source=source,
        uploaded_by=by,
        created_at=now,
    )


class StoredFiles:
    """Files written for a transaction, removed again if it does not commit (the audio
    folder then holds nothing the database does not know of)."""

    def __init__(self, cache: AudioCache) -> None:
        self.cache = cache
        self.new: list[Path] = []

    def put(self, audio: PreparedAudio) -> None:
        self.put_bytes(audio.key, audio.ext, audio.data)

    def put_bytes(self, key: str, ext: str, data: bytes) -> None:
        if self.cache.get(key, ext) is None:
            self.new.append(self.cache.put(key, ext, data))

    def undo(self) -> None:
        for path in self.new:
            path.unlink(missing_ok=True)


def add_recording(
    uow: UnitOfWork,
    cache: AudioCache,
    *,
    uid: str,
    lang: str,
    data: bytes,
    name: str,
    speaker: Speaker,
    by: str,
    source: str,
    ext: str,
) -> Recording:
    """Check, prepare and store one recording of ``uid``'s ``lang`` text, as a draft."""
    who = speaker.checked()
    audio = prepare_recording(read_audio(data, name), ext, name)
    files = StoredFiles(cache)
    try:
        with uow:
            translation = find_translation(uow, uid, lang)
            recording = _new_recording(translation, audio, who, by=by, source=source)
            files.put(audio)
            uow.audio.add_recording(recording)
            uow.commit()
            return recording
    except BaseException:
        files.undo()
        raise


def _recording_of(
    uow: UnitOfWork, uid: str, lang: str, recording_id: int
) -> tuple[Recording, Translation]:
    translation = find_translation(uow, uid, lang)
    recording = uow.audio.recording(recording_id)
    if recording is None or recording.translation_id != translation.id:
        raise NotFound(f"no recording {recording_id} of {uid}/{lang}")
    return recording, translation


def review_recording(
    uow: UnitOfWork, uid: str, lang: str, recording_id: int, *, by: str
) -> Recording:
    """A reviewer listened and approves the recording for the translation's current text
    (for a recording made for an earlier text: the new text is what it says)."""
    with uow:
        recording, translation = _recording_of(uow, uid, lang, recording_id)
        if recording.consent_at is None:
            raise InvalidInput(
                "consent", "the speaker's consent is not recorded: it cannot be approved"
            )
        recording.status = RecordingStatus.REVIEWED
        recording.text, recording.revision = translation.text, translation.revision
        recording.reviewed_by, recording.reviewed_at = by, utcnow()
        uow.commit()
        return recording


def record_consent(
    uow: UnitOfWork, uid: str, lang: str, recording_id: int, *, by: str
) -> Recording:
    """The speaker said yes to sharing the recording under its licence (``by`` heard it)."""
    with uow:
        recording, _translation = _recording_of(uow, uid, lang, recording_id)
        if recording.consent_at is None:
            recording.consent_at, recording.consent_by = utcnow(), by
        uow.commit()
        return recording


def prefer_recording(uow: UnitOfWork, uid: str, lang: str, recording_id: int) -> Recording:
    """Make one reviewed recording of the current text the one that plays."""
    with uow:
        recording, translation = _recording_of(uow, uid, lang, recording_id)
        if recording.status != RecordingStatus.REVIEWED or recording.text != translation.text:
            raise InvalidInput(
                "recording", "only a reviewed recording of the current text can be preferred"
            )
        for other in uow.audio.recordings_of([translation.id]).get(translation.id, []):
            other.preferred = other.id == recording.id
        uow.commit()
        return recording


def delete_recording(uow: UnitOfWork, uid: str, lang: str, recording_id: int) -> None:
    """Remove a recording (its file goes at the next ``phrasebook audio prune``)."""
    with uow:
        recording, _translation = _recording_of(uow, uid, lang, recording_id)
        uow.audio.delete_recording(recording)
        uow.commit()


@dataclass(frozen=True)
class RecordingView:
    """One recording as the editor's page lists it."""

    recording: Recording
    current: bool  # recorded (or approved) for the translation's current text
    plays: bool  # the one readers hear


def recordings_page(uow: UnitOfWork, uid: str, lang: str) -> list[RecordingView]:
    with uow:
        translation = find_translation(uow, uid, lang)
        return _views(uow, translation)


def _views(uow: UnitOfWork, translation: Translation) -> list[RecordingView]:
    found = uow.audio.recordings_of([translation.id]).get(translation.id, [])
    playing = preferred(found, translation.text)
    return [
        RecordingView(r, r.text == translation.text, playing is not None and r.id == playing.id)
        for r in found
    ]


# --- a folder of files ------------------------------------------------------------------------


@dataclass
class FolderReport:
    """What ``import_folder`` did with each file."""

    added: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # no such phrase or translation
    refused: list[str] = field(default_factory=list)  # "<file>: <reason>"

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.unmatched)} without a translation, "
            f"{len(self.refused)} refused"
        )


def import_folder(
    uow: UnitOfWork,
    cache: AudioCache,
    folder: Path,
    *,
    speaker: Speaker,
    by: str,
    ext: str,
    progress: Callable[[int, int], None] | None = None,
) -> FolderReport:
    """Add every ``<phrase-id>.<lang>.<ext>`` file of ``folder`` as a draft recording, in one
    transaction; files that do not match a translation or are not acceptable audio are
    reported and left out."""
    who = speaker.checked()
    if not folder.is_dir():
        raise InvalidInput(str(folder), "no such folder")
    report = FolderReport()
    paths = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    named: list[tuple[Path, str, str]] = []
    for path in paths:
        match = IMPORT_NAME.fullmatch(path.name)
        if match is None:
            report.unmatched.append(f"{path.name}: not named <phrase-id>.<lang>.<ext>")
        else:
            named.append((path, match["uid"], match["lang"]))
    files = StoredFiles(cache)
    try:
        with uow:
            phrases = uow.phrases.get_many(uid for _p, uid, _l in named)
            ready: list[tuple[Translation, PreparedAudio]] = []
            for done, (path, uid, lang) in enumerate(named, start=1):
                if progress is not None:
                    progress(done, len(named))
                phrase = phrases.get(uid)
                translation = phrase.translations.get(lang) if phrase is not None else None
                if translation is None:
                    report.unmatched.append(f"{path.name}: no {lang!r} translation of {uid!r}")
                    continue
                try:
                    if path.stat().st_size > MAX_BYTES:
                        raise refused(path.name, f"more than the {MAX_BYTES:,} bytes allowed")
                    audio = prepare_recording(
                        read_audio(path.read_bytes(), path.name), ext, path.name
                    )
                except InvalidInput as exc:
                    report.refused.append(str(exc))
                    continue
                ready.append((translation, audio))
                report.added.append(f"{path.name}: {uid}/{lang}")
            for translation, audio in ready:
                files.put(audio)
                uow.audio.add_recording(
                    _new_recording(translation, audio, who, by=by, source="import")
                )
            uow.commit()
    except BaseException:
        files.undo()
        raise
    return report


# --- a record session: a whole set, phrase by phrase ------------------------------------------


@dataclass(frozen=True)
class SessionStep:
    """One phrase of a record session: its text to read and where it stands in the set;
    ``phrase`` None: the session is over (``after`` was the last phrase)."""

    set_slug: str
    lang: str
    phrase_uid: str | None
    translation: Translation | None
    position: int
    total: int
    recordings: list[RecordingView] = field(default_factory=list)


def session_step(uow: UnitOfWork, set_slug: str, lang: str, after: str | None) -> SessionStep:
    """The phrase after ``after`` in the set (the first when None), for reading aloud."""
    with uow:
        if uow.sets.get(set_slug) is None:
            raise NotFound(f"no phrase set {set_slug!r}")
        total = uow.sets.member_counts().get(set_slug, 0)
        if after is None:
            first = uow.phrases.page(set_slug=set_slug, limit=1)
            uid, position = (first[0].uid, 1) if first else (None, 0)
        else:
            where = uow.sets.neighbours(set_slug, after)
            if where is None:
                raise NotFound(f"no phrase {after!r} in set {set_slug!r}")
            uid, position = where.next, where.position + 1
        if uid is None:
            return SessionStep(set_slug, lang, None, None, total, total)
        phrase = uow.phrases.get(uid)
        translation = phrase.translations.get(lang) if phrase is not None else None
        views = _views(uow, translation) if translation is not None else []
        return SessionStep(set_slug, lang, uid, translation, position, total, views)
