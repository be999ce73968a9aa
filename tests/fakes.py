"""In-memory fakes of the storage (one per repository) and a unit of work over them, for the
unit tier: services run against these exactly as against phrasebook.uow.SqlAlchemyUnitOfWork.
Fake engines (transcriber, PDF renderer) are here too. The MT engine's ``fake`` stays in the
package: it is a configured engine (PHRASEBOOK_MT_ENGINE=fake) benchmarks run with."""

from __future__ import annotations

import builtins
import itertools
import pickle
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Self

from phrasebook.audio.models import AudioEnginePin, AudioRef, Recording
from phrasebook.interchange.repository import ExportScope, PhraseRow, phrase_row
from phrasebook.jobs.models import Job, JobStatus
from phrasebook.jobs.repository import ACTIVE
from phrasebook.models import Category, Phrase, PhraseSet, Status, Translation, utcnow
from phrasebook.mt.models import MtCacheEntry
from phrasebook.pdf.model import PrintJob, RenderedPdf
from phrasebook.pronunciation.models import PronunciationOverride
from phrasebook.pronunciation.repository import StoredText
from phrasebook.repository import Neighbours, StatusFilter
from phrasebook.search.index import DEFAULT_LIMIT, SearchResult
from phrasebook.search.keys import build_keys
from phrasebook.search.ranking import Query, prepare, rank, sort_key, typos_wanted, with_typos
from phrasebook.search.typos import Vocabulary, key_words
from phrasebook.uow import AlreadyEntered
from phrasebook.users import User

# from phrasebook/repository.py
_FAKE_IDS = itertools.count(1)


# from phrasebook/repository.py
def give_fake_ids(phrase: Phrase) -> Phrase:
    """Fakes hand out ids as a database does on flush: an export's rows and the aids
    repository know translations by id."""
    if phrase.id is None:
        phrase.id = next(_FAKE_IDS)
    for translation in phrase.translations.values():
        give_fake_id(translation)
    return phrase


# from phrasebook/repository.py
def give_fake_id(translation: Translation) -> int:
    if translation.id is None:
        translation.id = next(_FAKE_IDS)
    return translation.id


# from phrasebook/repository.py
class FakePhraseRepository:
    """Keeps phrases in a dict; enough for service unit tests."""

    def __init__(self, sets: FakeSetRepository | None = None) -> None:
        self.items: dict[str, Phrase] = {}
        self.sets = sets

    def get(self, uid: str) -> Phrase | None:
        return self.items.get(uid)

    def get_for_edit(self, uid: str) -> Phrase | None:
        return self.get(uid)

    def get_many(self, uids: Iterable[str]) -> dict[str, Phrase]:
        return {uid: self.items[uid] for uid in uids if uid in self.items}

    def add(self, phrase: Phrase) -> None:
        self.items[phrase.uid] = give_fake_ids(phrase)

    def add_many(self, phrases: Sequence[Phrase], *, by: str, at: datetime) -> None:
        for phrase in phrases:
            for translation in phrase.translations.values():
                translation.record(by, at)
            self.add(phrase)

    def delete(self, phrase: Phrase) -> None:
        self.items.pop(phrase.uid, None)
        for membership in list(phrase.memberships):
            membership.phrase_set.memberships.remove(membership)

    def list(self, *, set_slug: str | None = None, category: str | None = None) -> list[Phrase]:
        if set_slug is not None:
            phrase_set = self.sets.get(set_slug) if self.sets else None
            found = [m.phrase for m in phrase_set.memberships] if phrase_set else []
        else:
            found = sorted(self.items.values(), key=lambda p: (p.position or 0, p.uid))
        return [p for p in found if category is None or p.category == category]

    def count(self) -> int:
        return len(self.items)

    def page(
        self,
        *,
        set_slug: str | None = None,
        category: str | None = None,
        offset: int = 0,
        limit: int | None = None,
        status: StatusFilter | None = None,
    ) -> builtins.list[Phrase]:
        found = self._filtered(set_slug, category, status)[offset:]
        return found[:limit] if limit is not None else found

    def count_in(
        self,
        *,
        set_slug: str | None = None,
        category: str | None = None,
        status: StatusFilter | None = None,
    ) -> int:
        return len(self._filtered(set_slug, category, status))

    def _filtered(
        self, set_slug: str | None, category: str | None, status: StatusFilter | None
    ) -> builtins.list[Phrase]:
        found = self.list(set_slug=set_slug, category=category)
        if status is None:
            return found
        wanted, languages = status
        return [
            p
            for p in found
            if any(
                t.status == wanted
                and (not languages or tag in languages or tag.split("-")[0] in languages)
                for tag, t in p.translations.items()
            )
        ]

    def categories_in(self, set_slug: str) -> builtins.list[str]:
        return builtins.list(dict.fromkeys(p.category for p in self.list(set_slug=set_slug)))

    def category_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for phrase in self.items.values():
            counts[phrase.category] = counts.get(phrase.category, 0) + 1
        return counts

    def status_counts(self) -> dict[tuple[str, str], int]:
        counts: dict[tuple[str, str], int] = {}
        for phrase in self.items.values():
            for tag, translation in phrase.translations.items():
                key = (tag, str(translation.status))
                counts[key] = counts.get(key, 0) + 1
        return counts


# from phrasebook/repository.py
class FakeSetRepository:
    def __init__(self) -> None:
        self.items: dict[str, PhraseSet] = {}

    def get(self, slug: str) -> PhraseSet | None:
        return self.items.get(slug)

    def add(self, phrase_set: PhraseSet) -> None:
        self.items[phrase_set.slug] = phrase_set

    def delete(self, phrase_set: PhraseSet) -> None:
        self.items.pop(phrase_set.slug, None)

    def list(self) -> list[PhraseSet]:
        return sorted(self.items.values(), key=lambda s: (s.position or 0, s.slug))

    def containing(self, uid: str) -> builtins.list[str]:
        return [s.slug for s in self.list() if any(m.phrase.uid == uid for m in s.memberships)]

    def member_counts(self) -> dict[str, int]:
        return {s.slug: len(s.memberships) for s in self.items.values() if s.memberships}

    def neighbours(self, slug: str, uid: str) -> Neighbours | None:
        phrase_set = self.items.get(slug)
        uids = [m.phrase.uid for m in phrase_set.memberships] if phrase_set else []
        if uid not in uids:
            return None
        index = uids.index(uid)
        return Neighbours(
            previous=uids[index - 1] if index > 0 else None,
            next=uids[index + 1] if index + 1 < len(uids) else None,
            position=index + 1, total=len(uids),
        )  # fmt: skip


# from phrasebook/repository.py
class FakeCategoryRepository:
    def __init__(self) -> None:
        self.items: dict[str, Category] = {}

    def get(self, slug: str) -> Category | None:
        return self.items.get(slug)

    def add(self, category: Category) -> None:
        self.items[category.slug] = category

    def list(self) -> list[Category]:
        return sorted(self.items.values(), key=lambda c: (c.position or 0, c.slug))


# from phrasebook/users.py
class FakeUserRepository:
    def __init__(self) -> None:
        self.items: dict[str, User] = {}

    def get(self, name: str) -> User | None:
        return self.items.get(name)

    def get_by_id(self, user_id: int) -> User | None:
        return next((u for u in self.items.values() if u.id == user_id), None)

    def get_by_token_hash(self, digest: str) -> User | None:
        return next((u for u in self.items.values() if u.token_hash == digest), None)

    def add(self, user: User) -> None:
        if user.id is None:
            user.id = len(self.items) + 1
        self.items[user.name] = user

    def delete(self, user: User) -> None:
        self.items.pop(user.name, None)

    def list(self) -> list[User]:
        return sorted(self.items.values(), key=lambda u: u.name)


# from phrasebook/jobs/repository.py
class FakeJobRepository:
    def __init__(self) -> None:
        self.jobs: dict[str, Job] = {}

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def with_key(self, key: str) -> list[Job]:
        return [job for job in self.jobs.values() if job.key == key]

    def add(self, job: Job) -> None:
        self.jobs[job.id] = job

    def active(self) -> list[Job]:
        return [job for job in self.jobs.values() if job.status in ACTIVE]

    def take(self, job_id: str, *, seen: datetime, seen_status: JobStatus, **changes: Any) -> bool:
        job = self.jobs.get(job_id)
        if job is None or job.updated_at != seen or job.status != seen_status:
            return False
        for name, value in changes.items():
            setattr(job, name, value)
        return True


# from phrasebook/audio/repository.py
class FakeAudioRepository:
    def __init__(self) -> None:
        self.refs: dict[tuple[int, str], AudioRef] = {}
        self.pins: dict[int, AudioEnginePin] = {}
        self.recordings: dict[int, Recording] = {}

    def ref(self, translation_id: int, speed: str) -> AudioRef | None:
        return self.refs.get((translation_id, speed))

    def add_ref(self, ref: AudioRef) -> None:
        self.refs[(ref.translation_id, ref.speed)] = ref

    def referenced_files(self) -> set[str]:
        names = {ref.filename for ref in self.refs.values()}
        return names | {recording.filename for recording in self.recordings.values()}

    def pin(self, translation_id: int) -> AudioEnginePin | None:
        return self.pins.get(translation_id)

    def refs_of(self, translation_ids: Collection[int], speed: str) -> dict[int, AudioRef]:
        return {i: self.refs[(i, speed)] for i in translation_ids if (i, speed) in self.refs}

    def pins_of(self, translation_ids: Collection[int]) -> dict[int, AudioEnginePin]:
        return {i: self.pins[i] for i in translation_ids if i in self.pins}

    def add_pin(self, pin: AudioEnginePin) -> None:
        self.pins[pin.translation_id] = pin

    def delete_pin(self, pin: AudioEnginePin) -> None:
        self.pins.pop(pin.translation_id, None)

    def recording(self, recording_id: int) -> Recording | None:
        return self.recordings.get(recording_id)

    def recordings_of(self, translation_ids: Collection[int]) -> dict[int, list[Recording]]:
        wanted = set(translation_ids)
        found: dict[int, list[Recording]] = {}
        for recording in sorted(self.recordings.values(), key=lambda r: r.id):
            if recording.translation_id in wanted:
                found.setdefault(recording.translation_id, []).append(recording)
        return found

    def add_recording(self, recording: Recording) -> None:
        recording.id = max(self.recordings, default=0) + 1
        self.recordings[recording.id] = recording

    def delete_recording(self, recording: Recording) -> None:
        self.recordings.pop(recording.id, None)


# from phrasebook/search/index.py
class FakeSearchIndex:
    """Computes every phrase's keys on each query: the same answers, for unit tests."""

    def __init__(self, phrases: Callable[[], list[Phrase]]) -> None:
        self.phrases = phrases

    def rebuild(self) -> int:
        return len(self.phrases())

    def is_stale(self) -> bool:
        return False

    def search(
        self,
        query: str,
        *,
        limit: int = DEFAULT_LIMIT,
        languages: Sequence[str] = (),
        reviewed_in: Sequence[str] = (),
    ) -> SearchResult:
        prepared = prepare(query, languages)
        if not prepared.terms:
            return SearchResult(query, [], [], False)
        keyed = []
        for order, phrase in enumerate(self.phrases()):
            texts = sorted((tag, t.text) for tag, t in phrase.translations.items())
            reviewed = any(
                t.status == Status.REVIEWED
                for tag, t in phrase.translations.items()
                if tag in reviewed_in
            )
            keyed.append((order, phrase, reviewed, build_keys(texts)))

        def matched(query: Query) -> list[tuple[tuple[int, ...], Phrase]]:
            found: list[tuple[tuple[int, ...], Phrase]] = []
            for order, phrase, reviewed, keys in keyed:
                ranked = rank(keys.text, keys.initials, keys.langs, query)
                if ranked is not None:
                    found.append((sort_key(ranked, reviewed, order), phrase))
            return found

        scored = matched(prepared)
        if typos_wanted(len(scored), prepared):
            vocabulary = Vocabulary()
            vocabulary.add(key_words(keys.text for *_rest, keys in keyed))
            prepared = with_typos(prepared, vocabulary)
            if prepared.typos:
                scored = matched(prepared)
        scored.sort(key=lambda item: item[0])
        found = [phrase for _key, phrase in scored]
        return SearchResult(
            query, prepared.terms, found[:limit], len(found) > limit, prepared.every_form()
        )


# from phrasebook/pronunciation/repository.py
class FakeAidRepository:
    """In memory; translations are known by the ids the fakes give them (as the SQL one
    knows them by database id), so an export's rows find their overrides too."""

    def __init__(self) -> None:
        self.items: dict[tuple[int, str], PronunciationOverride] = {}
        self.cache: dict[str, str] = {}

    def overrides(
        self, translations: Sequence[StoredText], readers: Sequence[str]
    ) -> dict[tuple[int, str], PronunciationOverride]:
        found: dict[tuple[int, str], PronunciationOverride] = {}
        for translation in translations:
            for reader in readers:
                row = self.items.get((translation.id, reader))
                if row is not None:
                    found[(id(translation), reader)] = row
        return found

    def save_override(self, translation: Translation, reader: str, text: str, by: str) -> None:
        self.items[(give_fake_id(translation), reader)] = PronunciationOverride(
            reader=reader,
            text=text,
            manual=True,
            source_text=translation.text,
            updated_by=by,
            updated_at=utcnow(),
        )

    def delete_override(self, translation: Translation, reader: str) -> bool:
        return self.items.pop((give_fake_id(translation), reader), None) is not None

    def cached(self, keys: Sequence[str]) -> dict[str, str]:
        return {key: self.cache[key] for key in keys if key in self.cache}

    def store_cached(self, key: str, lang: str, reader: str, rules: str, text: str) -> None:
        self.cache.setdefault(key, text)

    def clear_cache(self) -> None:
        self.cache.clear()


# from phrasebook/interchange/repository.py
class FakeExportRepository:
    """Rows made from the fake phrase repository's objects."""

    def __init__(self, phrases: FakePhraseRepository) -> None:
        self.phrases = phrases

    def _in_scope(self, scope: ExportScope) -> list[Phrase]:
        found = self.phrases.list(set_slug=scope.set_slug, category=scope.category)
        if scope.uids is not None:
            found = [p for p in found if p.uid in set(scope.uids)]
        return sorted(found, key=lambda p: (p.position or 0, p.uid))

    def phrase_rows(
        self, scope: ExportScope, after: tuple[int, str] | None, limit: int
    ) -> list[PhraseRow]:
        found = [
            p for p in self._in_scope(scope) if after is None or (p.position or 0, p.uid) > after
        ]
        return [phrase_row(give_fake_ids(p), scope) for p in found[:limit]]

    def used_categories(self, scope: ExportScope) -> set[str]:
        return {
            p.category
            for p in self._in_scope(scope)
            if any(scope.wants(tag) for tag in p.translations)
        }

    def set_members(self, slugs: Sequence[str]) -> dict[str, list[str]]:
        members: dict[str, list[str]] = {}
        for slug in slugs:
            phrase_set = self.phrases.sets.get(slug) if self.phrases.sets else None
            members[slug] = [m.phrase.uid for m in phrase_set.memberships] if phrase_set else []
        return members


# from phrasebook/mt/repository.py
class FakeMtRepository:
    def __init__(self) -> None:
        self.entries: dict[str, MtCacheEntry] = {}

    def cached(self, keys: Sequence[str]) -> dict[str, list[Any]]:
        return {k: list(self.entries[k].alternatives) for k in keys if k in self.entries}

    def add_cache_entry(self, entry: MtCacheEntry) -> None:
        self.entries[entry.key] = entry


# from phrasebook/pronunciation/__init__.py
class FakeTranscriber:
    """For unit tests: returns canned aids and records what it was asked."""

    def __init__(self, answers: dict[tuple[str, str, str], str] | None = None) -> None:
        self.answers = dict(answers or {})
        self.calls: list[tuple[str, str, str]] = []

    def transcribe(self, text: str, lang: str, reader: str) -> str | None:
        self.calls.append((text, lang, reader))
        return self.answers.get((text, lang, reader))


# from phrasebook/pdf/renderer.py
class FakePdfRenderer:
    """Keeps every job; returns a tiny placeholder document, one "page" per card."""

    def __init__(self, warnings: list[str] | None = None) -> None:
        self.jobs: list[PrintJob] = []
        self.warnings = warnings or []

    def render(self, job: PrintJob) -> RenderedPdf:
        self.jobs.append(job)
        body = "\n".join(f"{card.uid}\t{card.target_text}" for card in job.cards)
        return RenderedPdf(
            data=b"%PDF-fake\n" + body.encode("utf-8"),
            pages=len(job.cards),
            warnings=list(self.warnings),
        )


# The staging unit of work.
REPOSITORIES = ("sets", "phrases", "categories", "users", "aids", "mt", "jobs", "audio", "search",
                "exports")  # fmt: skip


class FakeUnitOfWork:
    """In memory, for unit tests, and transactional like the real one: what a service changes
    is seen inside the unit of work and kept only when it commits; leaving without a commit
    (or ``rollback()``) puts back the last committed state, so a service that forgets to
    commit fails its unit test. ``committed`` says whether it ever committed."""

    def __init__(self) -> None:
        self.committed = False
        self.sets = FakeSetRepository()
        self.phrases = FakePhraseRepository(self.sets)
        self.categories = FakeCategoryRepository()
        self.users = FakeUserRepository()
        self.aids = FakeAidRepository()
        self.mt = FakeMtRepository()
        self.jobs = FakeJobRepository()
        self.audio = FakeAudioRepository()
        self.search = FakeSearchIndex(self.phrases.list)
        self.exports = FakeExportRepository(self.phrases)
        self._entered = False
        self._generation = 0
        self._last_commit = self._state()

    def _state(self) -> bytes:
        # All repositories in one pickle, so that the references between them (phrases ->
        # sets, search -> phrases) point to the copies when it is loaded. Pickle, not deepcopy:
        # SQLAlchemy's instance state pickles (its documented way to copy detached objects).
        return pickle.dumps({name: getattr(self, name) for name in REPOSITORIES})

    def _restore(self) -> None:
        for name, repository in pickle.loads(self._last_commit).items():
            setattr(self, name, repository)

    def __enter__(self) -> Self:
        if self._entered:
            raise AlreadyEntered("this unit of work is already in use")
        self._entered = True
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._entered = False
        self._restore()  # anything not committed is gone, as in the real one

    def commit(self) -> None:
        # Every commit counts as a change: the fakes do not track what was touched.
        self.committed = True
        self._generation += 1
        self._last_commit = self._state()

    def rollback(self) -> None:
        self._restore()

    def flush(self) -> None:
        return None

    def generation(self) -> int:
        return self._generation
