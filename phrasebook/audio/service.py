"""Producing, caching, referencing and pruning phrase audio.

``AudioService.render`` turns text into a cached file (no database); ``ensure`` does it for a
translation and records the reference; ``build`` does it for many; ``prune`` deletes files no
reference points to. Engines are chosen per language by configuration, an editor's pin wins
over it, and when the chosen engine fails the configured fallback (espeak-ng) speaks instead.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from phrasebook.config import Settings
from phrasebook.errors import ConcurrentEdit, InvalidInput, NotFound
from phrasebook.languages import base_language
from phrasebook.lookups import find_translation
from phrasebook.models import Translation
from phrasebook.uow import UnitOfWork

from .cache import AudioCache, ClipSpec
from .engine import Speed, TtsEngine
from .errors import AudioError
from .models import AudioEnginePin, AudioRef, Recording
from .preference import preferred, preferred_of
from .processing import COMPACT_VERSION, compact_mp3, encode, prepare
from .settings import ENGINE_NAMES, AudioSettings, Engines

T = TypeVar("T")

# Temporary files younger than this may belong to a write in progress: prune leaves them.
LEFTOVER_AGE_SECONDS = 3600
KEY_LOCK_STRIPES = 64


def pronounced(text: str) -> str:
    from phrasebook.pronunciation.korean import pronounce

    return pronounce(text)


@dataclass(frozen=True)
class Clip:
    key: str
    ext: str
    engine: str
    voice: str
    speed: Speed
    path: Path
    generated: bool  # False: the file was already in the cache
    fallback_reason: str | None = None  # why the chosen engine was not used
    speaker: str | None = None  # a person's recording (engine "recording"), not an engine

    @property
    def recorded(self) -> bool:
        return self.speaker is not None

    @property
    def filename(self) -> str:
        return f"{self.key}.{self.ext}"


@dataclass(frozen=True)
class PruneReport:
    removed: int
    freed_bytes: int
    kept: int


@dataclass(frozen=True)
class BuildItem:
    uid: str
    lang: str
    speed: Speed


class AudioService:
    def __init__(
        self,
        settings: Settings,
        *,
        engines: Engines | None = None,
        audio: AudioSettings | None = None,
        pronounce: Callable[[str], str] = pronounced,
    ) -> None:
        self.audio = audio or AudioSettings.from_settings(settings)
        self.engines = engines or Engines.configured(self.audio)
        self.cache = AudioCache(settings.data_dir / "audio")
        self.pronounce = pronounce
        # Striped locks: one key always maps to the same lock, and memory stays bounded.
        self._key_locks = [threading.Lock() for _ in range(KEY_LOCK_STRIPES)]

    def close(self) -> None:
        self.engines.close()

    # --- text to file, no database -----------------------------------------------------------

    def spoken_text(self, text: str, lang: str, engine: TtsEngine) -> str:
        """What the engine is given: Korean in its pronounced spelling for engines that read
        Hangul letter by letter (espeak-ng reads 감사합니다 as "gamsahapnida")."""
        if engine.needs_pronounced_spelling and base_language(lang) == "ko":
            return self.pronounce(text)
        return text

    def spec(self, text: str, lang: str, speed: Speed, engine_name: str, ext: str) -> ClipSpec:
        engine = self.engines.get(engine_name)
        return ClipSpec(
            text=self.spoken_text(text, lang, engine),
            lang=lang,
            engine=engine_name,
            voice=engine.voice(lang),
            speed=speed,
            ext=ext,
        )

    def synthesize(self, text: str, lang: str, speed: Speed, engine_name: str, ext: str) -> bytes:
        """Synthesize, trim, normalize and encode, bypassing the cache (``audio say``)."""
        spec = self.spec(text, lang, speed, engine_name, ext)
        pcm = self.engines.get(engine_name).synthesize(spec.text, lang, speed)
        return encode(prepare(pcm), ext)

    def _lock_for(self, key: str) -> threading.Lock:
        return self._key_locks[int(key[:8], 16) % KEY_LOCK_STRIPES]

    def _render_with(self, text: str, lang: str, speed: Speed, engine_name: str) -> Clip:
        spec = self.spec(text, lang, speed, engine_name, self.audio.format)
        # One synthesis per key even when several requests ask for it at once.
        with self._lock_for(spec.key):
            existing = self.cache.get(spec.key, spec.ext)
            if existing is not None:
                return Clip(spec.key, spec.ext, spec.engine, spec.voice, speed, existing, False)
            pcm = self.engines.get(engine_name).synthesize(spec.text, lang, speed)
            path = self.cache.put(spec.key, spec.ext, encode(prepare(pcm), spec.ext))
            return Clip(spec.key, spec.ext, spec.engine, spec.voice, speed, path, True)

    def render(self, text: str, lang: str, speed: Speed, engine_name: str | None = None) -> Clip:
        """The cached clip for ``text``, synthesized if needed; falls back to the configured
        fallback engine when the chosen one fails."""
        chosen = engine_name or self.audio.engine_for(lang)
        try:
            return self._render_with(text, lang, speed, chosen)
        except AudioError as exc:
            fallback = self.audio.fallback
            if fallback is None or fallback == chosen:
                raise
            try:
                clip = self._render_with(text, lang, speed, fallback)
            except AudioError as second:
                raise AudioError(f"{exc}; fallback {fallback} also failed: {second}") from None
            return Clip(
                clip.key,
                clip.ext,
                clip.engine,
                clip.voice,
                speed,
                clip.path,
                clip.generated,
                fallback_reason=f"{chosen}: {exc}",
            )

    # --- translations in the database --------------------------------------------------------

    def ensure(
        self,
        uow: UnitOfWork,
        uid: str,
        lang: str,
        speed: Speed,
        engine_name: str | None = None,
    ) -> Clip:
        """The clip for one translation (generated if missing or out of date), with its
        reference recorded. An explicit ``engine_name`` wins over the pin and configuration."""
        return _again_if_raced(lambda: self._ensure(uow, uid, lang, speed, engine_name))

    def _ensure(
        self, uow: UnitOfWork, uid: str, lang: str, speed: Speed, engine_name: str | None
    ) -> Clip:
        with uow:
            translation = find_translation(uow, uid, lang)
            found = uow.audio.recordings_of([translation.id]).get(translation.id, [])
            recorded = self._recorded(preferred(found, translation.text), speed)
            if recorded is not None:
                return recorded
            pin = uow.audio.pin(translation.id)
            chosen = engine_name or (pin.engine if pin is not None else None)
            clip = self.render(translation.text, translation.lang, speed, chosen)
            _record(uow, translation.id, clip, uow.audio.ref(translation.id, speed.value))
            uow.commit()
            return clip

    def clips_of(
        self,
        uow: UnitOfWork,
        translations: Sequence[Translation],
        speed: Speed,
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[int, Clip | AudioError]:
        """The clip of each translation (by id), made where missing, in one transaction: the
        pins and references are read with a few queries, not one per translation."""
        return _again_if_raced(lambda: self._clips_of(uow, translations, speed, progress))

    def _clips_of(
        self,
        uow: UnitOfWork,
        translations: Sequence[Translation],
        speed: Speed,
        progress: Callable[[int, int], None] | None,
    ) -> dict[int, Clip | AudioError]:
        results: dict[int, Clip | AudioError] = {}
        with uow:
            ids = [t.id for t in translations]
            pins = uow.audio.pins_of(ids)
            refs = uow.audio.refs_of(ids, speed.value)
            recordings = preferred_of(uow, translations)
            for done, translation in enumerate(translations, start=1):
                if progress is not None:
                    progress(done, len(translations))
                recorded = self._recorded(recordings.get(translation.id), speed)
                if recorded is not None:
                    results[translation.id] = recorded
                    continue
                pin = pins.get(translation.id)
                try:
                    clip = self.render(
                        translation.text,
                        translation.lang,
                        speed,
                        pin.engine if pin is not None else None,
                    )
                except AudioError as exc:
                    results[translation.id] = exc
                    continue
                results[translation.id] = clip
                _record(uow, translation.id, clip, refs.get(translation.id))
            uow.commit()
        return results

    def _recorded(self, recording: Recording | None, speed: Speed) -> Clip | None:
        """The clip of a person's recording (played slowly by the browser, pitch kept:
        recordings.SLOW_RATE), or None when there is none or its file is missing."""
        if recording is None:
            return None
        path = self.cache.get(recording.key, recording.ext)
        if path is None:
            return None
        return Clip(
            recording.key,
            recording.ext,
            "recording",
            recording.speaker,
            speed,
            path,
            False,
            speaker=recording.speaker,
        )

    def compact(self, clip: Clip) -> bytes:
        """``clip`` re-encoded small for the field kit, cached beside it under a key derived
        from the clip's (``audio prune`` removes it; the next kit makes it again)."""
        material = f"{clip.key}\x1f{clip.ext}\x1f{COMPACT_VERSION}".encode()
        key = hashlib.sha256(material).hexdigest()[:32]
        cached = self.cache.get(key, "mp3")
        if cached is not None:
            return cached.read_bytes()
        data = compact_mp3(clip.path.read_bytes())
        self.cache.put(key, "mp3", data)
        return data

    def current_filename(self, uow: UnitOfWork, uid: str, lang: str, speed: Speed) -> str | None:
        """``<key>.<ext>`` when the translation's up-to-date clip is already cached, else None."""
        with uow:
            translation = find_translation(uow, uid, lang)
            ref = uow.audio.ref(translation.id, speed.value)
            if ref is None or self.cache.get(ref.key, ref.ext) is None:
                return None
            try:
                expected = self.spec(translation.text, translation.lang, speed, ref.engine, ref.ext)
            except AudioError:
                return None
            return ref.filename if expected.key == ref.key else None

    def plan(
        self,
        uow: UnitOfWork,
        *,
        set_slug: str | None = None,
        langs: Iterable[str] | None = None,
        speeds: Iterable[Speed] = (Speed.NORMAL,),
    ) -> list[BuildItem]:
        """Every (phrase, language, speed) a build covers, in phrase book order."""
        wanted = {tag.lower() for tag in langs} if langs else None
        speed_list = tuple(speeds)
        with uow:
            if set_slug is not None and uow.sets.get(set_slug) is None:
                raise NotFound(f"no phrase set {set_slug!r}")
            phrases = uow.phrases.list(set_slug=set_slug)
            return [
                BuildItem(phrase.uid, tag, speed)
                for phrase in phrases
                for tag in sorted(phrase.translations)
                if wanted is None or tag.lower() in wanted or base_language(tag) in wanted
                for speed in speed_list
            ]

    def build(
        self,
        uow_factory: Callable[[], UnitOfWork],
        items: Iterable[BuildItem],
        *,
        engine_name: str | None = None,
    ) -> Iterator[tuple[BuildItem, Clip | AudioError | NotFound]]:
        """Ensure each item in turn, yielding its clip or its error (never stopping early)."""
        for item in items:
            try:
                yield item, self.ensure(uow_factory(), item.uid, item.lang, item.speed, engine_name)
            except (AudioError, NotFound) as exc:
                yield item, exc

    def prune(self, uow: UnitOfWork, *, dry_run: bool = False) -> PruneReport:
        """Delete cached files no reference points to (and stale temporary files)."""
        with uow:
            referenced = uow.audio.referenced_files()
        removed = freed = kept = 0
        for path in list(self.cache.files()):
            if path.name in referenced:
                kept += 1
                continue
            size = path.stat().st_size
            if not dry_run:
                path.unlink(missing_ok=True)
            removed += 1
            freed += size
        cutoff = time.time() - LEFTOVER_AGE_SECONDS
        for path in list(self.cache.leftovers()):
            if path.stat().st_mtime < cutoff:
                freed += path.stat().st_size
                removed += 1
                if not dry_run:
                    path.unlink(missing_ok=True)
        return PruneReport(removed=removed, freed_bytes=freed, kept=kept)

    def pin(
        self, uow: UnitOfWork, uid: str, lang: str, engine_name: str | None, *, by: str
    ) -> None:
        """Pin an engine for one translation (None removes the pin)."""
        if engine_name is not None and engine_name not in ENGINE_NAMES:
            raise InvalidInput(
                "engine", f"unknown engine {engine_name!r} (use one of: {', '.join(ENGINE_NAMES)})"
            )
        with uow:
            translation = find_translation(uow, uid, lang)
            existing = uow.audio.pin(translation.id)
            if engine_name is None:
                if existing is not None:
                    uow.audio.delete_pin(existing)
            elif existing is None:
                uow.audio.add_pin(
                    AudioEnginePin(translation_id=translation.id, engine=engine_name, pinned_by=by)
                )
            else:
                existing.engine = engine_name
                existing.pinned_by = by
            uow.commit()

    def pinned_engine(self, uow: UnitOfWork, uid: str, lang: str) -> str | None:
        with uow:
            pin = uow.audio.pin(find_translation(uow, uid, lang).id)
            return pin.engine if pin is not None else None


def _again_if_raced(attempt: Callable[[], T]) -> T:
    """``attempt()``, once more if another process recorded the same clip's reference at the
    same moment (ConcurrentEdit): its file is the same one, written whole (AudioCache.put), so
    the second attempt finds file and reference made and writes nothing."""
    try:
        return attempt()
    except ConcurrentEdit:
        return attempt()


def _record(uow: UnitOfWork, translation_id: int, clip: Clip, ref: AudioRef | None) -> None:
    """Point the translation's reference (``ref``: the current one, or None) at ``clip``."""
    if ref is None:
        uow.audio.add_ref(
            AudioRef(
                translation_id=translation_id,
                speed=clip.speed.value,
                key=clip.key,
                ext=clip.ext,
                engine=clip.engine,
                voice=clip.voice,
            )
        )
    elif (ref.key, ref.ext) != (clip.key, clip.ext):
        ref.key, ref.ext, ref.engine, ref.voice = clip.key, clip.ext, clip.engine, clip.voice
