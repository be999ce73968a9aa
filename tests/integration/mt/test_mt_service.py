"""Suggestions, accepting one, batch fill, cache and fill jobs on real databases with the real
engine (tiny random-weight models: behaviour and structure, not translation quality)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import delete, func, select

from phrasebook.errors import ConcurrentEdit, InvalidInput, NotFound
from phrasebook.jobs import TRANSIENT_ERRORS, job_status, run_job
from phrasebook.models import Status, Translation
from phrasebook.mt import ArgosEngine, MissingModel
from phrasebook.mt.engine import FakeEngine
from phrasebook.mt.jobs import FillWork, create_fill_job, start_fill_job
from phrasebook.mt.models import MtCacheEntry
from phrasebook.mt.service import accept_suggestion, cached_translate, fill_set, suggest
from phrasebook.store import Store
from phrasebook.tasks import HueyQueue, Runner, open_queue
from tests.support.queues import consuming, finished_job

PHRASES = {
    "water": {"en": "Where is the water?"},
    "doctor": {"en": "Where is the doctor?", "ko": "의사는 어디에 있어요?"},
    "hands": {"en": "Raise your hands. Come here slowly."},
    "weapon": {"en": "Put down your weapon!", "ko": "무기를 내려놓으세요!"},
    "food": {"en": "We have food."},
    "only-uk": {"uk": "Де лікар?"},
}
SET = {"field": ["water", "doctor", "hands", "weapon", "food", "only-uk"]}


@pytest.fixture
def phrasebook_store(
    store: Store, make_phrasebook: Callable[..., None], installed_packages: Any
) -> Store:
    make_phrasebook(store, PHRASES, SET, reviewed={"doctor": ["ko"]})
    return store


def _fill(store: Store, engine: ArgosEngine, target: str = "ko", **options: Any) -> Any:
    return fill_set(
        store.uow(),
        engine,
        set_slug="field",
        source_lang="en",
        target_lang=target,
        by="tester",
        languages=store.settings.languages,
        **options,
    )


@dataclass(frozen=True)
class Seen:
    text: str
    status: Status
    revision: int
    provenance: dict[str, Any]
    history: list[tuple[Status, str]]


def _translations(store: Store, lang: str) -> dict[str, Seen]:
    """Translations into ``lang`` as plain values (read in one transaction)."""
    with store.uow() as uow:
        return {
            p.uid: Seen(
                t.text,
                t.status,
                t.revision,
                dict(t.provenance),
                [(r.status, r.changed_by) for r in t.history],
            )
            for p in uow.phrases.list()
            if (t := p.translations.get(lang)) is not None
        }


def test_fill_set_adds_machine_translations_only_where_missing(
    phrasebook_store: Store, argos_engine: ArgosEngine
) -> None:
    before = _translations(phrasebook_store, "ko")
    progress: list[tuple[int, int]] = []

    report = _fill(
        phrasebook_store, argos_engine, batch_size=2, progress=lambda *p: progress.append(p)
    )

    assert (report.total, report.filled, report.skipped) == (3, 3, 0)
    assert report.errors == ["only-uk: no en text to translate from"]
    assert progress == [(0, 3), (2, 3), (3, 3)]
    after = _translations(phrasebook_store, "ko")
    assert set(after) == {"water", "doctor", "hands", "weapon", "food"}
    for uid in ("water", "hands", "food"):
        translation = after[uid]
        assert translation.status == Status.MACHINE and translation.text.strip()
        assert translation.provenance == {
            "kind": "mt",
            "engine": "argos",
            "model": "translate-en_ko",
            "version": "1.0",
        }
        assert translation.history == [(Status.MACHINE, "tester")]
    for uid in ("doctor", "weapon"):  # existing translations are never touched
        assert (after[uid].text, after[uid].status, after[uid].revision) == (
            before[uid].text,
            before[uid].status,
            before[uid].revision,
        )
    assert argos_engine.batch_calls == 2  # batches of two phrases: two calls for three


def test_fill_is_idempotent_and_cached(phrasebook_store: Store, argos_engine: ArgosEngine) -> None:
    _fill(phrasebook_store, argos_engine)
    first = {uid: t.text for uid, t in _translations(phrasebook_store, "ko").items()}
    calls = argos_engine.batch_calls

    again = _fill(phrasebook_store, argos_engine)
    assert (again.total, again.filled) == (0, 0)
    assert argos_engine.batch_calls == calls

    # translations gone (e.g. deleted by an editor): the same texts come from the cache
    with phrasebook_store.uow() as uow:
        uow.session.execute(
            delete(Translation).where(Translation.lang == "ko", Translation.status == "machine")
        )
        uow.commit()
    refill = _fill(phrasebook_store, argos_engine)
    assert (refill.total, refill.filled) == (3, 3)
    assert argos_engine.batch_calls == calls  # nothing translated a second time
    assert {uid: t.text for uid, t in _translations(phrasebook_store, "ko").items()} == first
    with phrasebook_store.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(MtCacheEntry)) == 3


def test_fill_resumes_after_an_interruption(
    phrasebook_store: Store, argos_engine: ArgosEngine
) -> None:
    class Interrupted(Exception):
        pass

    def stop_after_first_batch(done: int, total: int) -> None:
        if done == 1:
            raise Interrupted

    with pytest.raises(Interrupted):
        _fill(phrasebook_store, argos_engine, batch_size=1, progress=stop_after_first_batch)
    assert len(_translations(phrasebook_store, "ko")) == 3  # two existing + one batch

    report = _fill(phrasebook_store, argos_engine, batch_size=1)
    assert (report.total, report.filled) == (2, 2)
    assert len(_translations(phrasebook_store, "ko")) == 5


def test_fill_through_the_pivot_records_via(
    sqlite_store: Store, make_phrasebook: Callable[..., None], argos_engine: ArgosEngine
) -> None:
    make_phrasebook(
        sqlite_store,
        {"a": {"ko": "안녕하세요"}, "b": {"ko": "물은 어디에 있어요?"}},
        {"field": ["a", "b"]},
    )
    report = fill_set(
        sqlite_store.uow(),
        argos_engine,
        set_slug="field",
        source_lang="ko",
        target_lang="uk",
        by="tester",
        languages=sqlite_store.settings.languages,
    )
    assert report.filled == 2
    for translation in _translations(sqlite_store, "uk").values():
        assert translation.provenance["via"] == "en"
        assert translation.provenance["model"] == "translate-ko_en+translate-en_uk"


def test_fill_with_a_missing_pair_does_nothing(
    phrasebook_store: Store, argos_engine: ArgosEngine
) -> None:
    with pytest.raises(MissingModel, match="phrasebook models install translate-en_ru"):
        _fill(phrasebook_store, argos_engine, target="ru")
    assert _translations(phrasebook_store, "ru") == {}


def test_suggestions_with_memory_and_back_translations(
    sqlite_store: Store, make_phrasebook: Callable[..., None], argos_engine: ArgosEngine
) -> None:
    make_phrasebook(sqlite_store, PHRASES, SET, reviewed={"doctor": ["ko"]})

    found = suggest(sqlite_store.uow(), argos_engine, "water", "en", "ko", "uk", n=3)

    assert found.source_text == "Where is the water?" and found.error is None
    assert 1 <= len(found.machine) <= 3
    for item in found.machine:
        assert item.provenance == {
            "kind": "mt",
            "engine": "argos",
            "model": "translate-en_ko",
            "version": "1.0",
        }
        assert isinstance(item.back_translation, str)  # ko→uk, itself through English
    # only reviewed translations count; "weapon" is a draft, "water" itself is excluded
    assert [m.uid for m in found.memory] == ["doctor"]
    assert 60 <= found.memory[0].score < 100
    assert found.memory[0].text == "의사는 어디에 있어요?"

    calls = argos_engine.batch_calls
    assert suggest(sqlite_store.uow(), argos_engine, "water", "en", "ko", "uk", n=3) == found
    assert argos_engine.batch_calls == calls  # the second time, all from the cache

    same_language = suggest(sqlite_store.uow(), argos_engine, "water", "en", "ko", "ko")
    assert all(item.back_translation is None for item in same_language.machine)

    missing = suggest(sqlite_store.uow(), argos_engine, "water", "en", "ru", "uk")
    assert missing.machine == [] and "translate-en_ru" in (missing.error or "")
    as_json = found.as_dict()
    assert as_json["machine"][0]["provenance"]["model"] == "translate-en_ko"


def test_suggest_for_unknown_phrase_or_missing_source(
    sqlite_store: Store, make_phrasebook: Callable[..., None], argos_engine: ArgosEngine
) -> None:
    make_phrasebook(sqlite_store, PHRASES, SET)
    with pytest.raises(NotFound):
        suggest(sqlite_store.uow(), argos_engine, "nope", "en", "ko", "uk")
    with pytest.raises(InvalidInput, match="has no 'en' text"):
        suggest(sqlite_store.uow(), argos_engine, "only-uk", "en", "ko", "uk")


def test_accepting_a_suggestion_stores_it_as_machine(
    sqlite_store: Store, make_phrasebook: Callable[..., None], argos_engine: ArgosEngine
) -> None:
    make_phrasebook(sqlite_store, PHRASES, SET)
    pick = suggest(sqlite_store.uow(), argos_engine, "water", "en", "uk", "en").machine[0]

    saved = accept_suggestion(
        sqlite_store.uow(),
        uid="water",
        lang="uk",
        text=pick.text,
        provenance=pick.provenance,
        by="editor",
        languages=sqlite_store.settings.languages,
        expected_revision=None,
    )

    assert (saved.text, saved.status, saved.provenance) == (
        pick.text,
        Status.MACHINE,
        pick.provenance,
    )
    with pytest.raises(InvalidInput, match="provenance"):
        accept_suggestion(
            sqlite_store.uow(),
            uid="food",
            lang="uk",
            text="x",
            provenance={"kind": "person"},
            by="editor",
            languages=sqlite_store.settings.languages,
            expected_revision=None,
        )
    assert "food" not in _translations(sqlite_store, "uk")


def test_fill_job_runs_on_the_task_queue(
    sqlite_store: Store, make_phrasebook: Callable[..., None], argos_engine: ArgosEngine
) -> None:
    """The default queue (SQLite in the data folder), consumed by a thread as `phrasebook
    serve` does; the job is polled through the database."""
    make_phrasebook(sqlite_store, PHRASES, SET)
    languages = list(sqlite_store.settings.languages)
    runner = Runner(
        sqlite_store.uow, {"fill": FillWork(sqlite_store.uow, lambda: argos_engine, languages)}
    )
    queue = open_queue(sqlite_store.settings, runner)
    assert isinstance(queue, HueyQueue) and queue.in_serve and queue.reachable()
    assert (sqlite_store.settings.data_dir / "queue.sqlite3").is_file()

    def start(slug: str) -> str:
        return start_fill_job(
            queue, sqlite_store.uow, argos_engine, set_slug=slug, source_lang="en",
            target_lang="uk", by="editor",
        )  # fmt: skip

    with consuming(queue):
        job_id = start("field")
        status = finished_job(sqlite_store.uow, job_id)
        assert status["status"] == "done", status
        assert (status["done"], status["total"], status["filled"]) == (5, 5, 5)
        assert status["errors"] == []  # "only-uk" already has its Ukrainian text
        assert len(_translations(sqlite_store, "uk")) == 6
        with sqlite_store.uow() as uow:
            filled = uow.phrases.get("water")
            assert filled is not None
            assert filled.translations["uk"].history[-1].changed_by == "editor"  # who asked

        second = start("field")
        assert second != job_id and finished_job(sqlite_store.uow, second)["total"] == 0

    with pytest.raises(NotFound):
        start("nope")
    with pytest.raises(NotFound, match="no job"):
        job_status(sqlite_store.uow(), "0" * 32)


def test_a_failing_fill_job_records_why(
    sqlite_store: Store, make_phrasebook: Callable[..., None]
) -> None:
    from phrasebook.mt import FakeEngine

    class BrokenEngine(FakeEngine):
        def translate_segments(self, *args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("model file is damaged")

    make_phrasebook(sqlite_store, PHRASES, SET)
    job_id = create_fill_job(
        sqlite_store.uow(), set_slug="field", source_lang="en", target_lang="ko"
    )
    works = {"fill": FillWork(sqlite_store.uow, BrokenEngine, sqlite_store.settings.languages)}
    status = run_job(sqlite_store.uow, job_id, works)
    assert status is not None
    assert (status["status"], status["message"]) == ("failed", "model file is damaged")
    # a finished job is nobody's to run again
    assert run_job(sqlite_store.uow, job_id, works) is None
    assert _translations(sqlite_store, "ko").keys() == {"doctor", "weapon"}


class _MeetingAtCommit:
    """A unit of work whose commit waits until the other thread's reaches its own commit:
    both have looked the text up, found it missing and added it — the race of two people
    asking for the same suggestion at once, made certain."""

    def __init__(self, uow: Any, meeting: threading.Barrier) -> None:
        self._uow = uow
        self._meeting = meeting

    def __getattr__(self, name: str) -> Any:
        return getattr(self._uow, name)

    def __enter__(self) -> _MeetingAtCommit:
        self._uow.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._uow.__exit__(*exc)

    def commit(self) -> None:
        self._meeting.wait(timeout=20)
        self._uow.commit()


def test_two_requests_for_one_text_meet_at_commit_and_both_get_it(store: Store) -> None:
    """A duplicate cache key at commit is a cache hit, not a conflict: both callers get the
    same alternatives, one row is stored, no ConcurrentEdit reaches them (it used to: the
    service caught IntegrityError, which the unit of work had already turned into
    ConcurrentEdit — a 409 "changed by someone else" on a read)."""
    engine = FakeEngine()
    meeting = threading.Barrier(2)
    results: dict[int, Any] = {}

    def ask(number: int) -> None:
        try:
            uow = _MeetingAtCommit(store.uow(), meeting)
            results[number] = cached_translate(uow, engine, ["Where is the water?"], "en", "ko")
        except Exception as exc:  # recorded for the assertion below
            results[number] = exc

    threads = [threading.Thread(target=ask, args=(number,)) for number in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(isinstance(result, Exception) for result in results.values()), results
    assert results[1] == results[2] and results[1][0][0].text == "[ko] Where is the water? #0"
    assert len(engine.calls) == 2  # both translated: neither had found it cached
    with store.uow() as uow:
        rows = uow.session.scalar(select(func.count()).select_from(MtCacheEntry))
    assert rows == 1


def test_a_fill_job_that_loses_a_race_is_retried_not_failed(store: Store) -> None:
    """ConcurrentEdit during a fill step puts the job back in the queue and is raised again for
    the task queue to retry (the step wrote nothing and re-reads what it still has to do); it
    used to fail the job."""
    from phrasebook.jobs import JobKind, create_job

    job_id = create_job(store.uow(), kind=JobKind.FILL, key="fill:race", params={}, by="test")

    def losing_step(order: Any, progress: Any) -> Any:
        raise ConcurrentEdit("another change to the same text was saved at the same moment")

    assert ConcurrentEdit in TRANSIENT_ERRORS
    with pytest.raises(ConcurrentEdit):
        run_job(store.uow, job_id, {JobKind.FILL.value: losing_step})
    job = job_status(store.uow(), job_id)
    assert job["status"] == "queued" and job["message"].startswith("will retry")
