"""What readers see: the phrase lists, pages and search results of the web app, as view
models loaded in a fixed number of queries, whatever the size of the phrase book.

Each function takes plain values and a unit of work, enters it, and returns everything its
page shows (phrases with their translations, the pronunciation aids of the target texts,
labels, paging); the templates only lay it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from . import answers
from .audio.preference import preferred_of
from .errors import InvalidInput, NotFound
from .false_friends import FalseFriend, false_friends
from .models import Category, Phrase, PhraseSet, Translation
from .notes import ShownNote, shown_note
from .pronunciation.service import Aid, aids_for
from .repository import Neighbours
from .search import explain_match
from .shown import ShownPhrase, ShownText
from .uow import UnitOfWork

TextT = TypeVar("TextT", bound=ShownText)

PAGE_SIZE = 100
SEARCH_LIMIT = 50
CARD_MAX = 500


@dataclass(frozen=True)
class Label:
    """A name shown to the reader and the language it is really in (for ``lang``)."""

    text: str
    lang: str


def shown_lang(names: dict[str, str] | None, lang: str) -> str:
    """The language a ``label(lang)``/``description(lang)`` text is really in (it falls back
    to English, then to the id)."""
    names = names or {}
    if names.get(lang):
        return lang
    return "en" if names.get("en") else ""


def shown_translation(phrase: ShownPhrase[TextT], target: str, variant: str | None) -> TextT | None:
    """The text shown in the target language: the reader's preferred regional variant (e.g.
    North Korean usage, ko-KP) where the phrase has one, else the standard text."""
    translations = phrase.translations
    return (translations.get(variant) if variant else None) or translations.get(target)


def own_translation(phrase: ShownPhrase[TextT], reader: str) -> TextT | None:
    """The text the reader reads: in their language, else English, else any."""
    translations = phrase.translations
    return (
        translations.get(reader)
        or translations.get("en")
        or next(iter(translations.values()), None)
    )


@dataclass(frozen=True)
class PhraseItems:
    """Phrases of a page, the target text shown for each (``targets``: the preferred regional
    variant where there is one) and its aid (phrase id -> aid, None: no aid); the usage notes
    the reader sees for each (``notes``: the phrase's, then the target text's, in the reader's
    language or marked English) and the false friends in its target text (``warnings``)."""

    phrases: list[ShownPhrase[ShownText]]
    aids: dict[str, Aid | None]
    targets: dict[str, ShownText | None] = field(default_factory=dict)
    notes: dict[str, list[ShownNote]] = field(default_factory=dict)
    warnings: dict[str, list[FalseFriend]] = field(default_factory=dict)
    # phrase id -> the speaker of the recording its target text plays (absent: an engine)
    voices: dict[str, str] = field(default_factory=dict)


def reader_notes(
    phrase: ShownPhrase[ShownText], target: ShownText | None, reader: str
) -> list[ShownNote]:
    """The notes a reader sees for a phrase: the phrase's own, then its shown target text's."""
    sources = [phrase.notes, target.notes if target is not None else None]
    return [note for note in (shown_note(notes, reader) for notes in sources) if note]


def target_warnings(target: ShownText | None, reader: str) -> list[FalseFriend]:
    return false_friends(target.text, target.lang, reader) if target is not None else []


def _with_aids(
    uow: UnitOfWork,
    phrases: Sequence[ShownPhrase[ShownText]],
    reader: str,
    target: str,
    variant: str | None = None,
) -> PhraseItems:
    targets = {p.uid: shown_translation(p, target, variant) for p in phrases}
    wanted = [(uid, t) for uid, t in targets.items() if t is not None]
    try:
        found = aids_for(uow, [translation for _uid, translation in wanted], reader)
    except InvalidInput:
        found = [None] * len(wanted)  # a reader language with no aids
    aids = {uid: aid for (uid, _t), aid in zip(wanted, found, strict=True)}
    notes = {p.uid: reader_notes(p, targets[p.uid], reader) for p in phrases}
    warnings = {uid: target_warnings(t, reader) for uid, t in targets.items()}
    recorded = preferred_of(uow, [t for _uid, t in wanted])
    voices = {uid: recorded[t.id].speaker for uid, t in wanted if t.id in recorded}
    return PhraseItems(list(phrases), aids, targets, notes, warnings, voices)


def _category_labels(categories: Sequence[Category], lang: str) -> dict[str, Label]:
    return {c.slug: Label(c.label(lang), shown_lang(c.names, lang)) for c in categories}


def _label(labels: dict[str, Label], slug: str) -> Label:
    return labels.get(slug) or Label(slug, "")


def _pages(total: int, page: int, size: int) -> tuple[int, int]:
    pages = max(1, (total + size - 1) // size)
    return min(max(page, 1), pages), pages


@dataclass(frozen=True)
class SetTile:
    """A phrase set as the home page lists it: its name and description in the reader's
    language (or the one they fall back to) and how many phrases its page lists."""

    slug: str
    name: Label
    description: Label | None
    count: int


@dataclass(frozen=True)
class HomeView:
    sets: list[SetTile]
    categories: list[tuple[str, Label, int]]
    phrase_total: int


def home(uow: UnitOfWork, *, reader: str) -> HomeView:
    with uow:
        counts = uow.phrases.category_counts()
        labels = _category_labels(uow.categories.list(), reader)
        ordered = [slug for slug in labels if slug in counts]
        ordered += sorted(slug for slug in counts if slug not in labels)
        members = uow.sets.member_counts()
        tiles = [
            SetTile(
                slug=phrase_set.slug,
                name=Label(phrase_set.label(reader), shown_lang(phrase_set.names, reader)),
                description=(
                    Label(description, shown_lang(phrase_set.descriptions, reader))
                    if (description := phrase_set.description(reader))
                    else None
                ),
                count=members.get(phrase_set.slug, 0),
            )
            for phrase_set in uow.sets.list()
        ]
        return HomeView(
            sets=tiles,
            categories=[(slug, _label(labels, slug), counts[slug]) for slug in ordered],
            phrase_total=sum(counts.values()),
        )


@dataclass(frozen=True)
class PhraseListView:
    heading: Label
    description: Label | None
    phrase_set: PhraseSet | None
    items: PhraseItems
    categories: list[tuple[str, Label]]  # filters (a set's categories)
    category: str | None
    page: int
    pages: int
    total: int
    first_uid: str | None = None  # the set's first phrase, for "show full screen"


def set_list(
    uow: UnitOfWork,
    *,
    slug: str,
    reader: str,
    target: str,
    category: str | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    variant: str | None = None,
) -> PhraseListView:
    """One page of a set's phrases (optionally of one category), in set order."""
    with uow:
        phrase_set = uow.sets.get(slug)
        if phrase_set is None:
            raise NotFound(f"no phrase set {slug!r}")
        total = uow.phrases.count_in(set_slug=slug, category=category)
        page, pages = _pages(total, page, page_size)
        phrases = uow.phrases.page(
            set_slug=slug, category=category, offset=(page - 1) * page_size, limit=page_size
        )
        first = phrases[0].uid if page == 1 and phrases else None
        if first is None and total:
            first = uow.phrases.page(set_slug=slug, category=category, limit=1)[0].uid
        labels = _category_labels(uow.categories.list(), reader)
        present = uow.phrases.categories_in(slug)
        return PhraseListView(
            heading=Label(phrase_set.label(reader), shown_lang(phrase_set.names, reader)),
            description=Label(
                phrase_set.description(reader), shown_lang(phrase_set.descriptions, reader)
            ),
            phrase_set=phrase_set,
            items=_with_aids(uow, phrases, reader, target, variant),
            categories=[(c, _label(labels, c)) for c in present],
            category=category,
            page=page,
            pages=pages,
            total=total,
            first_uid=first,
        )


def category_list(
    uow: UnitOfWork,
    *,
    slug: str,
    reader: str,
    target: str,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    variant: str | None = None,
) -> PhraseListView:
    with uow:
        total = uow.phrases.count_in(category=slug)
        if total == 0:
            raise NotFound(f"no category {slug!r}")
        page, pages = _pages(total, page, page_size)
        phrases = uow.phrases.page(category=slug, offset=(page - 1) * page_size, limit=page_size)
        labels = _category_labels(uow.categories.list(), reader)
        return PhraseListView(
            heading=_label(labels, slug),
            description=None,
            phrase_set=None,
            items=_with_aids(uow, phrases, reader, target, variant),
            categories=[],
            category=slug,
            page=page,
            pages=pages,
            total=total,
        )


@dataclass(frozen=True)
class PhraseView:
    phrase: Phrase
    phrase_set: PhraseSet | None
    neighbours: Neighbours | None
    own: Translation | None
    translation: Translation | None
    aid: Aid | None
    category_label: Label
    aids: dict[str, Aid | None] = field(default_factory=dict)
    notes: list[ShownNote] = field(default_factory=list)
    warnings: list[FalseFriend] = field(default_factory=list)
    panel: answers.Panel | None = None
    voices: dict[str, str] = field(default_factory=dict)


def answer_panels(
    uow: UnitOfWork,
    phrases: Sequence[Phrase],
    *,
    reader: str,
    target: str,
    variant: str | None = None,
) -> dict[str, answers.Panel]:
    """The answer panel of each phrase that has one (phrase id -> panel), in the target
    language (the reader's preferred variant) and the reader's: every label in one query. A
    panel with nothing to point at in the target language (no option has its text) is left
    out: the question is then only spoken."""
    asking = [phrase for phrase in phrases if phrase.answers]
    if not asking:
        return {}
    named = {ref for phrase in asking for ref in answers.referenced_ids(phrase.answers or {})}
    labels = uow.phrases.get_many(sorted(named))

    def target_text(uid: str) -> tuple[str, str, str] | None:
        found = labels.get(uid)
        shown = shown_translation(found, target, variant) if found else None
        return (shown.text, shown.lang, str(shown.status)) if shown else None

    def reader_text(uid: str) -> tuple[str, str, str] | None:
        found = labels.get(uid)
        own = own_translation(found, reader) if found else None
        return (own.text, own.lang, str(own.status)) if own else None

    drawn = {
        # Numbers in words follow the variant the reader prefers (North Korean 륙, 령).
        phrase.uid: answers.panel(
            phrase.answers or {},
            target_text,
            reader_text,
            target=variant or target,
            reader=reader,
        )
        for phrase in asking
    }
    return {uid: panel for uid, panel in drawn.items() if panel.drawable}


def phrase_page(
    uow: UnitOfWork,
    *,
    uid: str,
    reader: str,
    target: str,
    set_slug: str | None = None,
    variant: str | None = None,
) -> PhraseView:
    """One phrase, where it stands in a set (the one asked for, else its first)."""
    with uow:
        phrase = uow.phrases.get(uid)
        if phrase is None:
            raise NotFound(f"no phrase {uid!r}")
        phrase_set = uow.sets.get(set_slug) if set_slug else None
        if phrase_set is None:
            containing = uow.sets.containing(uid)
            phrase_set = uow.sets.get(containing[0]) if containing else None
        neighbours = uow.sets.neighbours(phrase_set.slug, uid) if phrase_set else None
        items = _with_aids(uow, [phrase], reader, target, variant)
        labels = _category_labels(uow.categories.list(), reader)
        return PhraseView(
            phrase=phrase,
            phrase_set=phrase_set,
            neighbours=neighbours,
            own=own_translation(phrase, reader),
            translation=shown_translation(phrase, target, variant),
            aid=items.aids.get(uid),
            category_label=_label(labels, phrase.category),
            aids=items.aids,
            notes=items.notes[uid],
            warnings=items.warnings[uid],
            voices=items.voices,
            panel=answer_panels(uow, [phrase], reader=reader, target=target, variant=variant).get(
                uid
            ),
        )


@dataclass(frozen=True)
class SearchView:
    query: str
    terms: list[str]
    items: PhraseItems
    more: bool
    # phrase id -> the word found through a word form or a Latin spelling ("воду" for вода)
    matched: dict[str, str] = field(default_factory=dict)


def search(
    uow: UnitOfWork,
    *,
    query: str,
    reader: str,
    target: str,
    limit: int = SEARCH_LIMIT,
    variant: str | None = None,
) -> SearchView:
    with uow:
        result = uow.search.search(
            query,
            limit=limit,
            languages=(reader, target),
            reviewed_in=[lang for lang in (target, variant) if lang],
        )
        items = _with_aids(uow, result.phrases, reader, target, variant)
        matched = {}
        for phrase in result.phrases:
            texts = sorted((t.lang, t.text) for t in phrase.translations.values())
            word = explain_match(texts, result.terms, result.alternatives)
            if word:
                matched[phrase.uid] = word
        return SearchView(query, result.terms, items, result.more, matched)


def card(
    uow: UnitOfWork, *, uids: Sequence[str], reader: str, target: str, variant: str | None = None
) -> PhraseItems:
    """The phrases of a reader's card, in the order given (unknown ids are skipped)."""
    wanted = list(dict.fromkeys(uids))[:CARD_MAX]
    with uow:
        found = uow.phrases.get_many(wanted)
        phrases = [found[uid] for uid in wanted if uid in found]
        return _with_aids(uow, phrases, reader, target, variant)


def generation(uow: UnitOfWork) -> int:
    """The store's generation (see ``UnitOfWork.generation``): a copy of a page read at the
    same generation is still what the page would show."""
    with uow:
        return uow.generation()
