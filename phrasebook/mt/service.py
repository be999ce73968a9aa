"""MT services: cached translation, suggestions for the editor, accepting one, batch fill of a
phrase set (fill jobs, which run a batch fill in the background: ``phrasebook.mt.jobs``).

Machine translations are stored with status ``machine`` and provenance naming the engine,
model and version (and ``via`` when pivoted); they never become ``reviewed`` here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from rapidfuzz import fuzz, process, utils

from .. import editing
from ..errors import ConcurrentEdit, InvalidInput, NotFound
from ..languages import base_language
from ..models import Status
from ..uow import UnitOfWork
from .engine import MTEngine
from .models import MtCacheEntry
from .translate import (
    DEFAULT_ALTERNATIVES,
    Alternative,
    MissingModel,
    model_label,
    plan_route,
    translate_texts,
)

# Phrases per fill batch (one transaction and one progress step each): eight engine batches,
# shared out among the workers.
DEFAULT_BATCH_SIZE = 128
TM_LIMIT = 5
TM_MIN_SCORE = 60.0


# --- cached translation ----------------------------------------------------------------------


def cache_key(
    text: str, source: str, target: str, engine: str, model: str, version: str, n: int
) -> str:
    raw = "\x1f".join((source, target, engine, model, version, str(n), text))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def cached_translate(
    uow: UnitOfWork,
    engine: MTEngine,
    texts: Sequence[str],
    source: str,
    target: str,
    n: int = DEFAULT_ALTERNATIVES,
) -> list[list[Alternative]]:
    """Like ``translate_texts``, but texts already translated with the same pair, model and
    version come from the cache; new results are stored (one transaction)."""
    source, target = base_language(source), base_language(target)
    route = plan_route(engine, source, target)
    model, version = model_label(engine, route)

    def key_of(text: str) -> str:
        return cache_key(text, source, target, engine.name, model, version, n)

    keys = [key_of(text) for text in texts]
    with uow:
        found = uow.mt.cached(keys)
    missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in found))
    if missing:
        fresh = translate_texts(engine, missing, source, target, n)
        with uow:
            repository = uow.mt
            already = repository.cached([key_of(text) for text in missing])
            for text, alternatives in zip(missing, fresh, strict=True):
                key = key_of(text)
                stored = [{"text": a.text, "score": a.score} for a in alternatives]
                found[key] = stored
                if key not in already:
                    repository.add_cache_entry(
                        MtCacheEntry(
                            key=key,
                            source_lang=source,
                            target_lang=target,
                            model=model,
                            version=version,
                            source_text=text,
                            alternatives=stored,
                        )
                    )
            try:
                uow.commit()
            except ConcurrentEdit:
                # Another request or worker cached the same text between our look-up and our
                # commit (the unit of work turns the duplicate key into ConcurrentEdit and has
                # rolled back): the cache holds the same result, ours is what it would say.
                pass
    return [
        [
            Alternative(
                text=item["text"],
                score=float(item["score"]),
                engine=engine.name,
                model=model,
                version=version,
                via=route.via,
            )
            for item in found[key]
        ]
        for key in keys
    ]


# --- suggestions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MtSuggestion:
    text: str
    score: float
    engine: str
    model: str
    version: str
    via: str | None
    provenance: dict[str, Any]
    back_translation: str | None


@dataclass(frozen=True)
class TmMatch:
    uid: str
    source_text: str
    text: str
    score: float  # 0-100


@dataclass(frozen=True)
class Suggestions:
    uid: str
    source_lang: str
    target_lang: str
    ui_lang: str
    source_text: str
    machine: list[MtSuggestion] = field(default_factory=list)
    memory: list[TmMatch] = field(default_factory=list)
    error: str | None = None  # why there are no MT alternatives (e.g. a missing model)
    back_error: str | None = None  # why there are no back-translations

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def translation_memory(
    candidates: Iterable[tuple[str, str, str]], source_text: str, limit: int = TM_LIMIT
) -> list[TmMatch]:
    """The ``limit`` most similar (uid, source text, reviewed target text) triples."""
    by_index = list(candidates)
    matches = process.extract(
        source_text,
        [source for _, source, _ in by_index],
        scorer=fuzz.ratio,
        processor=utils.default_process,
        score_cutoff=TM_MIN_SCORE,
        limit=limit,
    )
    return [
        TmMatch(by_index[i][0], by_index[i][1], by_index[i][2], round(float(score), 1))
        for _, score, i in matches
    ]


def suggest(
    uow: UnitOfWork,
    engine: MTEngine,
    uid: str,
    source_lang: str,
    target_lang: str,
    ui_lang: str,
    n: int = DEFAULT_ALTERNATIVES,
    tm_limit: int = TM_LIMIT,
) -> Suggestions:
    """MT alternatives (with back-translations into ``ui_lang``) and translation-memory
    matches for phrase ``uid`` translated from ``source_lang`` into ``target_lang``."""
    with uow:
        phrase = uow.phrases.get(uid)
        if phrase is None:
            raise NotFound(f"no phrase {uid!r}")
        source_text = phrase.text(source_lang)
        if source_text is None:
            raise InvalidInput("source", f"phrase {uid!r} has no {source_lang!r} text")
        candidates = []
        for other in uow.phrases.list():
            reviewed = other.translations.get(target_lang)
            other_source = other.text(source_lang)
            if (
                other.uid != uid
                and reviewed is not None
                and reviewed.status == Status.REVIEWED
                and other_source
            ):
                candidates.append((other.uid, other_source, reviewed.text))
    memory = translation_memory(candidates, source_text, tm_limit)
    try:
        alternatives = cached_translate(uow, engine, [source_text], source_lang, target_lang, n)[0]
    except MissingModel as exc:
        return Suggestions(
            uid, source_lang, target_lang, ui_lang, source_text, [], memory, error=str(exc)
        )
    backs: list[str | None] = [None] * len(alternatives)
    back_error = None
    if alternatives and base_language(ui_lang) != base_language(target_lang):
        try:
            back = cached_translate(
                uow, engine, [a.text for a in alternatives], target_lang, ui_lang, 1
            )
            backs = [options[0].text if options else None for options in back]
        except MissingModel as exc:
            back_error = str(exc)
    machine = [
        MtSuggestion(
            text=a.text,
            score=round(a.score, 4),
            engine=a.engine,
            model=a.model,
            version=a.version,
            via=a.via,
            provenance=a.provenance(),
            back_translation=b,
        )
        for a, b in zip(alternatives, backs, strict=True)
    ]
    return Suggestions(
        uid,
        source_lang,
        target_lang,
        ui_lang,
        source_text,
        machine,
        memory,
        back_error=back_error,
    )


def accept_suggestion(
    uow: UnitOfWork,
    *,
    uid: str,
    lang: str,
    text: str,
    provenance: Any,
    by: str,
    languages: Iterable[str],
    expected_revision: int | None,
) -> Any:
    """Store an accepted MT suggestion: status machine, provenance engine+model+version."""
    return editing.save_translation(
        uow,
        uid=uid,
        lang=lang,
        text=text,
        by=by,
        languages=languages,
        expected_revision=expected_revision,
        status=Status.MACHINE,
        provenance=editing.machine_provenance(provenance),
    )


# --- batch fill ------------------------------------------------------------------------------


@dataclass
class FillReport:
    total: int = 0  # translations missing when the run started
    filled: int = 0
    skipped: int = 0  # filled by someone else meanwhile
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.filled} of {self.total} missing translations filled"
        if self.skipped:
            text += f", {self.skipped} filled meanwhile by someone else"
        if self.errors:
            text += f", {len(self.errors)} errors"
        return text


Progress = Callable[[int, int], None]


def missing_in_set(
    uow: UnitOfWork, set_slug: str, source_lang: str, target_lang: str
) -> tuple[list[tuple[str, str]], list[str]]:
    """(uid, source text) of members without a ``target_lang`` translation, and the uids of
    those that have no ``source_lang`` text to translate from either."""
    with uow:
        phrase_set = editing.require_set(uow, set_slug)
        todo, untranslatable = [], []
        for phrase in phrase_set.phrases:
            if target_lang in phrase.translations:
                continue
            source_text = phrase.text(source_lang)
            if source_text:
                todo.append((phrase.uid, source_text))
            else:
                untranslatable.append(phrase.uid)
        return todo, untranslatable


def fill_set(
    uow: UnitOfWork,
    engine: MTEngine,
    *,
    set_slug: str,
    source_lang: str,
    target_lang: str,
    by: str,
    languages: Iterable[str],
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> FillReport:
    """Fill every missing ``target_lang`` translation of the set, one batch at a time.

    Idempotent (only missing translations are touched, never an existing one) and resumable
    (each batch is one transaction; translated texts are cached, so a rerun after an
    interruption does not translate them again).
    """
    languages = list(languages)
    plan_route(engine, source_lang, target_lang)  # a missing model fails before any work
    todo, untranslatable = missing_in_set(uow, set_slug, source_lang, target_lang)
    report = FillReport(total=len(todo))
    report.errors += [f"{uid}: no {source_lang} text to translate from" for uid in untranslatable]
    if progress:
        progress(0, report.total)
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        results = cached_translate(
            uow, engine, [text for _, text in batch], source_lang, target_lang, 1
        )
        chosen = []
        for (uid, _), alternatives in zip(batch, results, strict=True):
            if alternatives:
                chosen.append((uid, alternatives[0].text, alternatives[0].provenance()))
            else:
                report.errors.append(f"{uid}: the model produced no translation")
        step = editing.add_missing_translations(
            uow, lang=target_lang, texts=chosen, by=by, languages=languages
        )
        report.filled += len(step.filled)
        report.skipped += len(step.skipped)
        report.errors += step.errors
        if progress:
            progress(min(start + batch_size, len(todo)), report.total)
    return report


def default_source(uow: UnitOfWork, uid: str, target: str, languages: Sequence[str]) -> str:
    """The language a suggestion for phrase ``uid`` in ``target`` translates from: English if
    the phrase has it, else the first configured language it has text in."""
    with uow:
        phrase = uow.phrases.get(uid)
        if phrase is None:
            raise NotFound(f"no phrase {uid!r}")
        present = [tag for tag in phrase.translations if tag != target]
    source = next((tag for tag in ("en", *languages) if tag in present), None)
    if source is None:
        raise InvalidInput("source", f"phrase {uid!r} has no text to translate from")
    return source
