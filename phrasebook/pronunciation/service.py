"""Pronunciation aids of stored translations: computed once and cached, or written by hand.

An editor's override (``manual``) always wins and is never touched by regeneration; computed
aids live in a cache keyed by a hash of (text, language, reader, rules version), so a change
of text or rules simply misses the cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from .. import textcheck
from ..errors import InvalidInput
from ..false_friends import false_friends
from ..languages import LanguageError, base_language, normalize_tag
from ..lookups import find_translation
from ..models import Phrase, Translation
from ..uow import UnitOfWork
from . import READER_SCRIPTS, RULES_VERSION, Transcriber, aid_applies, transcribe
from .repository import StoredText

MAX_AID_LENGTH = 2000


class Aid(NamedTuple):
    """A pronunciation aid and whether a person wrote it (a tuple: an export makes one per
    translation and reader, tens of thousands)."""

    text: str
    manual: bool


def cache_key(text: str, lang: str, reader: str) -> str:
    material = "\x1f".join((RULES_VERSION, lang, reader, text))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@lru_cache(maxsize=4096)
def _computed(text: str, lang: str, reader: str) -> str | None:
    return transcribe(text, lang, reader)


def _reader(reader: str) -> str:
    try:
        tag = base_language(normalize_tag(reader))
    except LanguageError as exc:
        raise InvalidInput("reader", str(exc)) from None
    if tag not in READER_SCRIPTS:
        raise InvalidInput(
            "reader",
            f"no pronunciation aids for readers of {reader!r} "
            f"(one of: {', '.join(sorted(READER_SCRIPTS))})",
        )
    return tag


def _compute(text: str, lang: str, reader: str, transcriber: Transcriber | None) -> str | None:
    if transcriber is None:
        return _computed(text, lang, reader)
    return transcriber.transcribe(text, lang, reader)


def aid_for(
    uow: UnitOfWork,
    translation: Translation,
    reader: str,
    transcriber: Transcriber | None = None,
) -> Aid | None:
    """The aid of ``translation`` for a reader of ``reader`` (the unit of work is entered)."""
    return aids_for(uow, [translation], reader, transcriber)[0]


def aids_for(
    uow: UnitOfWork,
    translations: Sequence[StoredText],
    reader: str,
    transcriber: Transcriber | None = None,
) -> list[Aid | None]:
    """The aid of each translation, in two queries for the lot (a page, an export).

    Reads only: the cache is filled by ``regenerate_aids`` and ``set_manual_aid``; a miss is
    computed (and memoized in this process).
    """
    return [aids.get(reader) for aids in aid_table(uow, translations, [reader], transcriber)]


def aid_table(
    uow: UnitOfWork,
    translations: Sequence[StoredText],
    readers: Sequence[str],
    transcriber: Transcriber | None = None,
) -> list[dict[str, Aid]]:
    """For each translation, its aids by reader (readers with no aid left out)."""
    wanted = [_reader(reader) for reader in readers]
    overrides = uow.aids.overrides(translations, wanted)
    # With the rules (no transcriber given), a pair the rules give no aid for needs no cache
    # lookup and no computing: most pairs of an export (Ukrainian for a Russian reader...).
    readers_of: dict[str, list[str]] = {}
    keys: list[list[tuple[str, str]]] = []  # per translation: (reader, cache key)
    for t in translations:
        applicable = readers_of.get(t.lang)
        if applicable is None:
            applicable = readers_of[t.lang] = [
                r for r in wanted if transcriber is not None or aid_applies(t.lang, r)
            ]
        keys.append([(r, cache_key(t.text, t.lang, r)) for r in applicable])
    cached = uow.aids.cached([key for pairs in keys for _reader_tag, key in pairs])
    table: list[dict[str, Aid]] = []
    for translation, pairs in zip(translations, keys, strict=True):
        aids: dict[str, Aid] = {}
        for reader, key in pairs:
            text = cached.get(key)
            if text is None:
                text = _compute(translation.text, translation.lang, reader, transcriber)
            if text is not None:
                aids[reader] = Aid(text, False)
        if overrides:  # aids written by hand win; the readers stay in the order asked
            merged: dict[str, Aid] = {}
            for reader in wanted:
                override = overrides.get((id(translation), reader))
                if override is not None:
                    merged[reader] = Aid(override.text, override.manual)
                elif reader in aids:
                    merged[reader] = aids[reader]
            aids = merged
        table.append(aids)
    return table


def set_manual_aid(
    uow: UnitOfWork, uid: str, lang: str, reader: str, text: str | None, by: str
) -> Aid | None:
    """Write an aid by hand (kept through regeneration); None or blank text removes it."""
    reader = _reader(reader)
    cleaned = textcheck.clean(text or "", "text", limit=textcheck.MAX_TEXT).strip()
    if len(cleaned) > MAX_AID_LENGTH:
        raise InvalidInput("text", f"longer than {MAX_AID_LENGTH} characters")
    with uow:
        translation = find_translation(uow, uid, lang)
        if cleaned:
            uow.aids.save_override(translation, reader, cleaned, by)
        else:
            uow.aids.delete_override(translation, reader)
        uow.commit()
        return aid_for(uow, translation, reader)


@dataclass(frozen=True)
class RegenerateReport:
    computed: int
    manual: int

    def summary(self) -> str:
        return f"{self.computed} aids computed, {self.manual} manual aids kept"


def regenerate_aids(
    uow: UnitOfWork,
    readers: Iterable[str],
    transcriber: Transcriber | None = None,
    progress: Callable[[int], Any] | None = None,
) -> RegenerateReport:
    """Drop the cache and compute every translation's aid for every reader; overrides stay."""
    wanted = [_reader(reader) for reader in readers]
    computed = manual = 0
    with uow:
        uow.aids.clear_cache()
        phrases: list[Phrase] = uow.phrases.list()
        stored: set[str] = set()
        for phrase in phrases:
            translations = list(phrase.translations.values())
            overrides = uow.aids.overrides(translations, wanted)
            for translation in translations:
                for reader in wanted:
                    if (id(translation), reader) in overrides:
                        manual += 1
                        continue
                    text = _compute(translation.text, translation.lang, reader, transcriber)
                    key = cache_key(translation.text, translation.lang, reader)
                    if text is not None and key not in stored:
                        uow.aids.store_cached(key, translation.lang, reader, RULES_VERSION, text)
                        stored.add(key)
                    if text is not None:
                        computed += 1
            if progress is not None:
                progress(1)
        uow.commit()
    return RegenerateReport(computed, manual)


def export_deriver(
    uow: UnitOfWork, readers: Iterable[str]
) -> Callable[[Sequence[StoredText]], list[dict[str, Any]]]:
    """A ``derive`` hook for the exporter: the aids of many translations for ``readers``,
    looked up together (a fixed number of queries for the whole export).

    Gives, per translation, ``{"pronunciation": {reader: text}, "pronunciation_manual":
    [reader, ...], "false_friends": {reader: [{word, means, sounds_like, which_means}]}}``
    (the second key only when some aid was written by hand, the third only when a word of the
    text sounds like another word to some reader: phrasebook.false_friends), or ``{}``.
    """
    wanted = [
        tag for tag in dict.fromkeys(base_language(r) for r in readers) if tag in READER_SCRIPTS
    ]

    def derive(translations: Sequence[StoredText]) -> list[dict[str, Any]]:
        derived: list[dict[str, Any]] = []
        for translation, aids in zip(
            translations, aid_table(uow, translations, wanted), strict=True
        ):
            entry: dict[str, Any] = {}
            if aids:
                entry["pronunciation"] = {r: aid.text for r, aid in aids.items()}
                manual = [reader for reader, aid in aids.items() if aid.manual]
                if manual:
                    entry["pronunciation_manual"] = manual
            warned = {
                reader: [asdict(friend) for friend in found]
                for reader in wanted
                if (found := false_friends(translation.text, translation.lang, reader))
            }
            if warned:
                entry["false_friends"] = warned
            derived.append(entry)
        return derived

    return derive


@dataclass(frozen=True)
class AidPage:
    """The editor's page of one translation's aids: one per reader language."""

    phrase: Phrase
    translation: Translation
    aids: dict[str, Any]


def aid_page(uow: UnitOfWork, uid: str, lang: str, readers: Iterable[str]) -> AidPage:
    with uow:
        translation = find_translation(uow, uid, lang)
        aids = {reader: aid_for(uow, translation, reader) for reader in readers}
        return AidPage(translation.phrase, translation, aids)
