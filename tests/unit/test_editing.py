"""Editing services on the in-memory unit of work: fields, sets, history, revert, checks."""

from __future__ import annotations

import pytest

from phrasebook import editing
from phrasebook.errors import InvalidInput, NotFound, StaleRevision
from phrasebook.models import PhraseSet, Register, Status
from tests.fakes import FakeUnitOfWork

LANGUAGES = ("ko", "uk", "ru", "en")


@pytest.fixture
def uow() -> FakeUnitOfWork:
    unit = FakeUnitOfWork()
    for slug in ("surrender", "medical"):
        unit.sets.add(PhraseSet(slug=slug, names={"en": slug}, descriptions={}, position=0))
    for uid, ko in (("stop", "멈춰"), ("thanks", "감사합니다"), ("water", "물")):
        editing.create_phrase(
            unit,
            uid=uid,
            category="basics",
            texts={"ko": ko, "en": uid},
            by="seed",
            languages=LANGUAGES,
            sets=["surrender"],
        )
    return unit


def test_update_phrase_changes_only_given_fields(uow: FakeUnitOfWork) -> None:
    assert editing.update_phrase(
        uow, uid="stop", tags=" urgent, army ,urgent,", register="command", notes=" say loudly "
    )
    phrase = uow.phrases.get("stop")
    assert phrase is not None
    assert phrase.tags == ["urgent", "army"]
    assert phrase.register is Register.COMMAND
    assert phrase.notes == {"en": "say loudly"}
    assert phrase.category == "basics"
    assert not editing.update_phrase(uow, uid="stop", register="command")


def test_update_phrase_refuses_bad_values(uow: FakeUnitOfWork) -> None:
    with pytest.raises(InvalidInput, match="category"):
        editing.update_phrase(uow, uid="stop", category="Not Valid")
    with pytest.raises(InvalidInput, match="register"):
        editing.update_phrase(uow, uid="stop", register="rude")
    with pytest.raises(NotFound):
        editing.update_phrase(uow, uid="missing", notes="x")


def test_assign_sets_adds_at_the_end_and_removes(uow: FakeUnitOfWork) -> None:
    editing.assign_sets(uow, uid="thanks", slugs=["medical"])
    surrender = uow.sets.get("surrender")
    medical = uow.sets.get("medical")
    assert surrender is not None and medical is not None
    assert [m.phrase.uid for m in surrender.memberships] == ["stop", "water"]
    assert [m.position for m in surrender.memberships] == [0, 1]
    editing.assign_sets(uow, uid="stop", slugs=["medical", "surrender"])
    assert [m.phrase.uid for m in medical.memberships] == ["thanks", "stop"]
    with pytest.raises(InvalidInput, match="nope") as refused:
        editing.assign_sets(uow, uid="stop", slugs=["medical", "nope"])
    assert refused.value.location == "/sets/1"
    assert [m.phrase.uid for m in medical.memberships] == ["thanks", "stop"]


def test_reorder_set_needs_every_member_once(uow: FakeUnitOfWork) -> None:
    editing.reorder_set(uow, slug="surrender", order=["water", "stop", "thanks"])
    surrender = uow.sets.get("surrender")
    assert surrender is not None
    assert [m.phrase.uid for m in surrender.memberships] == ["water", "stop", "thanks"]
    with pytest.raises(InvalidInput, match="missing"):
        editing.reorder_set(uow, slug="surrender", order=["water", "stop"])
    with pytest.raises(InvalidInput, match="twice"):
        editing.reorder_set(uow, slug="surrender", order=["water", "stop", "stop"])
    with pytest.raises(InvalidInput, match="not in the set"):
        editing.reorder_set(uow, slug="surrender", order=["water", "stop", "ghost"])


def test_history_has_diffs_newest_first(uow: FakeUnitOfWork) -> None:
    editing.save_translation(
        uow,
        uid="thanks",
        lang="ko",
        text="감사해요",
        by="olena",
        languages=LANGUAGES,
        expected_revision=1,
    )
    entries = editing.translation_history(uow, uid="thanks", lang="ko")
    assert [e.revision for e in entries] == [2, 1]
    assert entries[0].changed_by == "olena"
    assert [(p.op, p.text) for p in entries[0].diff] == [
        ("equal", "감사"),
        ("delete", "합니다"),
        ("insert", "해요"),
    ]
    assert [(p.op, p.text) for p in entries[1].diff] == [("insert", "감사합니다")]


def test_revert_makes_a_new_draft_revision(uow: FakeUnitOfWork) -> None:
    editing.review_translation(uow, uid="thanks", lang="ko", by="rev", expected_revision=1)
    editing.save_translation(
        uow,
        uid="thanks",
        lang="ko",
        text="고마워",
        by="olena",
        languages=LANGUAGES,
        expected_revision=2,
    )
    reverted = editing.revert_translation(
        uow, uid="thanks", lang="ko", to_revision=2, by="olena", expected_revision=3
    )
    assert reverted.revision == 4
    assert reverted.text == "감사합니다"
    assert reverted.status is Status.DRAFT  # revision 2 was reviewed; reverting needs review
    assert reverted.provenance["reverted_by"] == "olena"
    assert [r.revision for r in reverted.history] == [1, 2, 3, 4]
    with pytest.raises(StaleRevision):
        editing.revert_translation(
            uow, uid="thanks", lang="ko", to_revision=1, by="olena", expected_revision=3
        )
    with pytest.raises(NotFound, match="no revision 9"):
        editing.revert_translation(
            uow, uid="thanks", lang="ko", to_revision=9, by="olena", expected_revision=4
        )


def test_delete_translation_keeps_the_last_one(uow: FakeUnitOfWork) -> None:
    with pytest.raises(StaleRevision):
        editing.delete_translation(uow, uid="water", lang="en", expected_revision=5)
    editing.delete_translation(uow, uid="water", lang="en", expected_revision=1)
    phrase = uow.phrases.get("water")
    assert phrase is not None and set(phrase.translations) == {"ko"}
    with pytest.raises(InvalidInput, match="at least one translation"):
        editing.delete_translation(uow, uid="water", lang="ko", expected_revision=None)
    with pytest.raises(NotFound):
        editing.delete_translation(uow, uid="water", lang="en", expected_revision=None)


def test_editing_a_reviewed_translation_sends_it_back_to_review(uow: FakeUnitOfWork) -> None:
    editing.review_translation(uow, uid="stop", lang="ko", by="rev", expected_revision=1)
    saved = editing.save_translation(
        uow,
        uid="stop",
        lang="ko",
        text="멈춰!",
        by="olena",
        languages=LANGUAGES,
        expected_revision=2,
    )
    assert saved.status is Status.DRAFT
    with pytest.raises(StaleRevision) as caught:
        editing.save_translation(
            uow,
            uid="stop",
            lang="ko",
            text="서",
            by="other",
            languages=LANGUAGES,
            expected_revision=2,
        )
    assert caught.value.current == 3 and caught.value.current_text == "멈춰!"


def test_accepted_status_and_machine_provenance() -> None:
    assert editing.accepted_status(None) is Status.DRAFT
    assert editing.accepted_status("machine") is Status.MACHINE
    with pytest.raises(InvalidInput, match="reviewed"):
        editing.accepted_status("reviewed")
    good = '{"kind": "mt", "engine": "argos", "model": "en_ko", "version": "1.1"}'
    assert editing.machine_provenance(good)["engine"] == "argos"
    for bad, where in (
        ("", "needs its provenance"),
        ("{", "not valid JSON"),
        ('{"kind": "person", "name": "x"}', "kind"),
        ('{"kind": "mt", "engine": "a", "model": "b"}', "provenance/version"),
        ('{"kind": "mt", "engine": 3, "model": "b", "version": "c"}', "provenance/engine"),
        ('{"kind": "mt", "engine": "a", "model": "b", "version": "c", "x": 1}', "unexpected"),
        ("[" * 50_000 + "]" * 50_000, "nested more than 4 levels"),
    ):
        with pytest.raises(InvalidInput, match=where):
            editing.machine_provenance(bad)
