"""Pronunciation aids on real databases (SQLite file and PostgreSQL): overrides survive
regeneration and cascade with their translation; export carries the derived aids, still
validates and imports back; the CLI prints aids and fails in one line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.cli import main
from phrasebook import editing, services
from phrasebook.interchange.validation import validate_export
from phrasebook.pronunciation.models import PronunciationCacheEntry, PronunciationOverride
from phrasebook.pronunciation.service import (
    aid_for,
    aids_for,
    export_deriver,
    regenerate_aids,
    set_manual_aid,
)
from phrasebook.store import Store
from tests.support.statements import counting

LANGUAGES = ("ko", "uk", "ru", "en")


def _fill(store: Store) -> None:
    for uid, ko, uk in (("thanks", "감사합니다", "Дякую"), ("drop", "무기 버려!", "Кинь зброю!")):
        editing.create_phrase(
            store.uow(),
            uid=uid,
            category="basics",
            texts={"ko": ko, "uk": uk},
            by="seed",
            languages=LANGUAGES,
        )


def _count(store: Store, model: Any) -> int:
    with store.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def test_manual_override_survives_regeneration(store: Store) -> None:
    _fill(store)
    set_manual_aid(store.uow(), "drop", "ko", "uk", "Мугі порьо!", by="olena")

    report = regenerate_aids(store.uow(), ["en", "uk", "ru", "ko"])
    assert report.manual == 1
    # ko phrases: en, uk, ru (ko is the same language); uk phrases: en, ko (ru: same script).
    assert report.computed == 2 * 3 + 2 * 2 - 1
    assert _count(store, PronunciationCacheEntry) == report.computed
    regenerate_aids(store.uow(), ["en", "uk", "ru", "ko"])
    assert _count(store, PronunciationCacheEntry) == report.computed

    with store.uow() as uow:
        phrase = uow.phrases.get("drop")
        assert phrase is not None
        aid = aid_for(uow, phrase.translations["ko"], "uk")
        assert aid is not None and (aid.text, aid.manual) == ("Мугі порьо!", True)
        computed = aid_for(uow, phrase.translations["ko"], "ru")
        assert computed is not None and (computed.text, computed.manual) == ("муги порё!", False)
        row = uow.session.scalars(select(PronunciationOverride)).one()
        assert row.updated_by == "olena" and row.source_text == "무기 버려!"

    # Editing the translation keeps the override (it is marked manual); deleting the phrase
    # removes it with the translation.
    editing.save_translation(
        store.uow(),
        uid="drop",
        lang="ko",
        text="무기를 버려!",
        by="olena",
        languages=LANGUAGES,
        expected_revision=1,
    )
    with store.uow() as uow:
        phrase = uow.phrases.get("drop")
        assert phrase is not None
        kept = aid_for(uow, phrase.translations["ko"], "uk")
        assert kept is not None and kept.manual
    editing.delete_phrase(store.uow(), uid="drop")
    assert _count(store, PronunciationOverride) == 0


def test_export_carries_derived_aids_and_reimports(
    store: Store, make_store: Any, tmp_path: Path
) -> None:
    _fill(store)
    set_manual_aid(store.uow(), "thanks", "ko", "en", "kamsahamnida", by="olena")
    uow = store.uow()
    text = services.export_text(uow, derive=export_deriver(uow, LANGUAGES))
    document = json.loads(text)
    validate_export(document)
    thanks = next(p for p in document["phrases"] if p["id"] == "thanks")
    assert thanks["translations"]["ko"]["derived"] == {
        "pronunciation": {"en": "kamsahamnida", "uk": "камсахамніда", "ru": "камсахамнида"},
        "pronunciation_manual": ["en"],
    }
    assert thanks["translations"]["uk"]["derived"]["pronunciation"]["en"] == "Diakuiu"

    other = make_store(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    report = services.import_bytes(
        other.uow(),
        text.encode("utf-8"),
        source="export.json",
        languages=LANGUAGES,
        max_bytes=1_000_000,
    )
    assert not report.warnings
    with other.uow() as uow:
        phrase = uow.phrases.get("thanks")
        assert phrase is not None and phrase.text("ko") == "감사합니다"
    assert _count(other, PronunciationOverride) == 0  # derived data is not imported


def test_cli_transcribe(runner: Any) -> None:
    result = runner.invoke(main, ["transcribe", "--from", "ko", "--for", "uk", "감사합니다"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "камсахамніда\n"
    result = runner.invoke(main, ["transcribe", "--from", "uk", "--for", "en", "Згорани"])
    assert result.stdout == "Zghorany\n"
    result = runner.invoke(main, ["transcribe", "--from", "ko", "--for", "xx-1", "감사"])
    assert result.exit_code != 0 and result.stdout == ""
    assert result.stderr.startswith("error: --for:") and result.stderr.count("\n") == 1
    result = runner.invoke(main, ["transcribe", "--from", "fr", "--for", "en", "merci"])
    assert result.exit_code != 0 and "no pronunciation rules" in result.stderr
    result = runner.invoke(main, ["transcribe", "--from", "uk", "--for", "ru", "Дякую"])
    assert result.exit_code != 0 and result.stderr.startswith("error: no pronunciation aid")


def test_cli_export_and_regenerate(runner: Any, sqlite_store: Store) -> None:
    _fill(sqlite_store)
    result = runner.invoke(main, ["regenerate-aids"])
    assert result.exit_code == 0, result.stderr
    assert "aids computed, 0 manual aids kept" in result.stdout
    result = runner.invoke(main, ["export"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    drop = next(p for p in document["phrases"] if p["id"] == "drop")
    assert drop["translations"]["ko"]["derived"]["pronunciation"]["uk"] == "мугі порьо!"


def test_aids_for_many_agrees_with_one_by_one_in_two_queries(store: Store) -> None:
    _fill(store)
    editing.create_phrase(
        store.uow(),
        uid="water",
        category="needs",
        texts={"ko": "물"},
        by="seed",
        languages=LANGUAGES,
    )
    set_manual_aid(store.uow(), "drop", "ko", "uk", "Мугі порьо!", by="olena")
    regenerate_aids(store.uow(), ["uk"])
    editing.save_translation(  # changed text: its cached aid no longer applies
        store.uow(),
        uid="water",
        lang="ko",
        text="물 주세요",
        by="olena",
        languages=LANGUAGES,
        expected_revision=1,
    )
    with store.uow() as uow:
        phrases = [uow.phrases.get(uid) for uid in ("thanks", "drop", "water")]
        translations = [phrase.translations["ko"] for phrase in phrases if phrase is not None]
        assert len(translations) == 3
        one_by_one = [aid_for(uow, t, "uk") for t in translations]
        with counting(store.engine) as statements:
            together = aids_for(uow, translations, "uk")
    assert together == one_by_one
    assert [aid.text if aid else None for aid in together] == [
        "камсахамніда",
        "Мугі порьо!",
        "муль чусейо",  # Kontsevich: final ㄹ is ль
    ]
    assert together[1] is not None and together[1].manual
    assert len(statements) == 2
