"""The unit tier's unit of work is transactional: a service that forgets to commit fails."""

from __future__ import annotations

from phrasebook import editing
from phrasebook.models import Phrase
from tests.fakes import FakeUnitOfWork


def _with_phrase() -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    with uow:
        uow.phrases.add(Phrase(uid="basics.stop", category="basics"))
        uow.commit()
    return uow


def test_changes_without_a_commit_are_discarded_on_exit() -> None:
    uow = _with_phrase()
    with uow:
        uow.phrases.add(Phrase(uid="basics.go", category="basics"))
        assert uow.phrases.get("basics.go") is not None  # seen inside the unit of work
    assert uow.phrases.get("basics.go") is None
    assert uow.phrases.get("basics.stop") is not None  # the committed state stays


def test_an_in_place_change_is_discarded_by_rollback() -> None:
    uow = _with_phrase()
    with uow:
        phrase = uow.phrases.get("basics.stop")
        assert phrase is not None
        phrase.category = "changed"
        uow.rollback()
        kept = uow.phrases.get("basics.stop")
        assert kept is not None and kept.category == "basics"


def test_a_service_that_forgets_to_commit_is_caught() -> None:
    def forgetful_rename(uow: FakeUnitOfWork, uid: str) -> None:
        with uow:
            phrase = uow.phrases.get(uid)
            assert phrase is not None
            phrase.category = "renamed"  # ... and no uow.commit()

    uow = _with_phrase()
    forgetful_rename(uow, "basics.stop")
    phrase = uow.phrases.get("basics.stop")
    assert phrase is not None and phrase.category == "basics"
    # The real service commits, so its change is kept.
    editing.update_phrase(uow, uid="basics.stop", category="greetings")
    phrase = uow.phrases.get("basics.stop")
    assert phrase is not None and phrase.category == "greetings"
