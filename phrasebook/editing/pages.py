"""What the editor's pages show, each read in one unit of work and returned whole: the views
render it after the unit of work has closed (its session's objects stay readable, and
anything not loaded here fails loudly instead of querying from a template)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import NotFound
from ..models import Phrase, PhraseSet, Status, Translation
from ..uow import UnitOfWork


@dataclass(frozen=True)
class PhraseForm:
    """The phrase form: the phrase (translations loaded), every set, the sets it is in."""

    phrase: Phrase
    all_sets: list[PhraseSet]
    member_of: list[str]


@dataclass(frozen=True)
class EditorIndex:
    phrases: list[Phrase]
    phrase_sets: list[PhraseSet]


@dataclass(frozen=True)
class TranslationForm:
    phrase: Phrase
    translation: Translation | None


def _phrase(uow: UnitOfWork, uid: str) -> Phrase:
    phrase = uow.phrases.get(uid)
    if phrase is None:
        raise NotFound(f"no phrase {uid!r}")
    dict(phrase.translations)  # loaded now (selectin), read after the session closes
    return phrase


def phrase_form(uow: UnitOfWork, uid: str) -> PhraseForm:
    with uow:
        phrase = _phrase(uow, uid)
        all_sets = uow.sets.list()
        member_of = [s.slug for s in all_sets if any(m.phrase is phrase for m in s.memberships)]
        return PhraseForm(phrase, all_sets, member_of)


def editor_index(uow: UnitOfWork, *, set_slug: str | None, status: str | None) -> EditorIndex:
    """Every phrase (or a set's), with a text of ``status`` when one is given."""
    with uow:
        phrases = uow.phrases.list(set_slug=set_slug)
        if status in {s.value for s in Status}:
            phrases = [
                p for p in phrases if any(t.status == status for t in p.translations.values())
            ]
        return EditorIndex(phrases, uow.sets.list())


def phrase_sets(uow: UnitOfWork) -> list[PhraseSet]:
    with uow:
        return uow.sets.list()


def translation_form(uow: UnitOfWork, uid: str, lang: str) -> TranslationForm:
    with uow:
        phrase = _phrase(uow, uid)
        return TranslationForm(phrase, phrase.translations.get(lang))


def phrase_of(uow: UnitOfWork, uid: str) -> Phrase:
    with uow:
        return _phrase(uow, uid)


def set_page(uow: UnitOfWork, slug: str) -> PhraseSet:
    """A set with its members and their phrases' texts, in order."""
    with uow:
        found = uow.sets.get(slug)
        if found is None:
            raise NotFound(f"no phrase set {slug!r}")
        for membership in found.memberships:
            dict(membership.phrase.translations)
        return found


def set_order(uow: UnitOfWork, slug: str) -> list[str]:
    """The ids of a set's phrases, in order."""
    return [m.phrase.uid for m in set_page(uow, slug).memberships]
