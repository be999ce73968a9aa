"""Audio references in the database (real SQLite and PostgreSQL): cache hits, edits,
pins and pruning."""

from __future__ import annotations

from pathlib import Path

import pytest

from phrasebook import editing
from phrasebook.audio.engine import Speed
from phrasebook.audio.fake import FakeEngine
from phrasebook.audio.models import AudioRef
from phrasebook.audio.service import AudioService
from phrasebook.audio.settings import Engines
from phrasebook.errors import InvalidInput, NotFound
from phrasebook.store import Store

LANGS = ("ko", "uk", "ru", "en")


@pytest.fixture
def phrases(store: Store) -> Store:
    for uid, ko, uk in [("hands-up", "손 들어", "Руки вгору"), ("water", "물", "Вода"),
                        ("thanks", "감사합니다", "Дякую")]:  # fmt: skip
        editing.create_phrase(
            store.uow(), uid=uid, category="basics", texts={"ko": ko, "uk": uk}, by="test",
            languages=LANGS,
        )  # fmt: skip
    return store


def make_service(store: Store, **engines: FakeEngine) -> AudioService:
    return AudioService(store.settings, engines=Engines.of(**engines))


def refs(store: Store) -> dict[tuple[int, str], str]:
    with store.uow() as uow:
        return {(r.translation_id, r.speed): r.key for r in uow.session.query(AudioRef)}


def test_ensure_records_a_reference_and_hits_the_cache_after(phrases: Store) -> None:
    espeak = FakeEngine(name="espeak")
    service = make_service(phrases, espeak=espeak)
    clip = service.ensure(phrases.uow(), "water", "ko", Speed.NORMAL)
    again = service.ensure(phrases.uow(), "water", "ko", Speed.NORMAL)
    assert clip.generated and not again.generated and len(espeak.calls) == 1
    assert list(refs(phrases).values()) == [clip.key]
    assert service.current_filename(phrases.uow(), "water", "ko", Speed.NORMAL) == clip.filename
    assert service.current_filename(phrases.uow(), "water", "ko", Speed.SLOW) is None


def test_editing_a_translation_invalidates_only_its_own_audio(phrases: Store) -> None:
    espeak = FakeEngine(name="espeak")
    service = make_service(phrases, espeak=espeak)
    for uid in ("hands-up", "water"):
        service.ensure(phrases.uow(), uid, "ko", Speed.NORMAL)
    old = service.ensure(phrases.uow(), "hands-up", "ko", Speed.NORMAL)
    assert len(espeak.calls) == 2

    editing.save_translation(
        phrases.uow(), uid="hands-up", lang="ko", text="손 들어!", by="editor",
        languages=LANGS, expected_revision=None,
    )  # fmt: skip
    assert service.current_filename(phrases.uow(), "hands-up", "ko", Speed.NORMAL) is None
    assert service.current_filename(phrases.uow(), "water", "ko", Speed.NORMAL) is not None

    water = service.ensure(phrases.uow(), "water", "ko", Speed.NORMAL)
    assert not water.generated and len(espeak.calls) == 2  # untouched: no new synthesis
    edited = service.ensure(phrases.uow(), "hands-up", "ko", Speed.NORMAL)
    assert edited.generated and edited.key != old.key and len(espeak.calls) == 3
    assert espeak.calls[-1][0] == "손 드러!"  # the new text, in its pronounced spelling
    assert old.path.exists()  # still on disk until pruned

    report = service.prune(phrases.uow())
    assert report.removed == 1 and report.kept == 2
    assert not old.path.exists() and edited.path.exists() and water.path.exists()


def test_prune_removes_orphans_only(phrases: Store) -> None:
    service = make_service(phrases, espeak=FakeEngine(name="espeak"))
    kept = service.ensure(phrases.uow(), "thanks", "uk", Speed.NORMAL)
    orphan = service.render("nobody refers to this", "en", Speed.NORMAL)
    leftover = service.cache.root / f".{orphan.key}.abc.tmp"
    leftover.write_bytes(b"half a file")  # a write in progress: too young to remove
    unrelated = service.cache.root / "README.txt"
    unrelated.write_text("not ours")

    dry = service.prune(phrases.uow(), dry_run=True)
    assert (dry.removed, dry.kept) == (1, 1) and orphan.path.exists()
    report = service.prune(phrases.uow())
    assert (report.removed, report.kept) == (1, 1)
    assert report.freed_bytes > 0
    assert kept.path.exists() and not orphan.path.exists()
    assert leftover.exists() and unrelated.exists()


def test_deleting_a_phrase_orphans_its_audio(phrases: Store) -> None:
    service = make_service(phrases, espeak=FakeEngine(name="espeak"))
    clip = service.ensure(phrases.uow(), "water", "uk", Speed.SLOW)
    editing.delete_phrase(phrases.uow(), uid="water")
    assert refs(phrases) == {}
    assert service.prune(phrases.uow()).removed == 1 and not clip.path.exists()


def test_a_pinned_engine_wins_over_the_configuration(phrases: Store) -> None:
    espeak, gtts = FakeEngine(name="espeak"), FakeEngine(name="gtts")
    service = make_service(phrases, espeak=espeak, gtts=gtts)
    service.pin(phrases.uow(), "thanks", "ko", "gtts", by="editor")
    assert service.pinned_engine(phrases.uow(), "thanks", "ko") == "gtts"
    pinned = service.ensure(phrases.uow(), "thanks", "ko", Speed.NORMAL)
    other = service.ensure(phrases.uow(), "water", "ko", Speed.NORMAL)
    assert (pinned.engine, other.engine) == ("gtts", "espeak")
    service.pin(phrases.uow(), "thanks", "ko", None, by="editor")
    assert service.ensure(phrases.uow(), "thanks", "ko", Speed.NORMAL).engine == "espeak"
    with pytest.raises(InvalidInput, match="unknown engine 'polly'"):
        service.pin(phrases.uow(), "thanks", "ko", "polly", by="editor")


def test_missing_translation_is_not_found(phrases: Store) -> None:
    service = make_service(phrases, espeak=FakeEngine(name="espeak"))
    with pytest.raises(NotFound, match="phrase 'water' has no 'ru' translation"):
        service.ensure(phrases.uow(), "water", "ru", Speed.NORMAL)


def test_build_continues_past_failures(phrases: Store, data_dir: Path) -> None:
    service = make_service(phrases, espeak=FakeEngine(name="espeak", languages=("uk",)))
    items = service.plan(phrases.uow(), speeds=(Speed.NORMAL, Speed.SLOW))
    assert len(items) == 12
    results = list(service.build(phrases.uow, items))
    failed = [item for item, outcome in results if isinstance(outcome, Exception)]
    assert len(failed) == 6 and {item.lang for item in failed} == {"ko"}
    assert len(refs(phrases)) == 6
    only_uk = service.plan(phrases.uow(), langs=["uk"])
    assert {item.lang for item in only_uk} == {"uk"} and len(only_uk) == 3
