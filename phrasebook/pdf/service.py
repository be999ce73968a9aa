"""Gather phrases from the store into plain card records and have them printed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime

from .. import __version__
from ..errors import InvalidInput, NotFound, PhrasebookError
from ..languages import LanguageError, check_configured, normalize_tag
from ..models import Phrase, Status, Translation
from ..reading import own_translation, reader_notes, shown_translation, target_warnings
from ..uow import UnitOfWork
from .answer_card import answer_sections
from .labels import labels_for, selection_name
from .model import CardRecord, Layout, Paper, PrintJob, RenderedPdf
from .renderer import PdfRenderer

# (target text, target language, reader language) -> the text written in the reader's script
AidFunction = Callable[[str, str, str], str | None]

MAX_PHRASES = 5000


def _language(tag: str, where: str, configured: Iterable[str] | None) -> str:
    try:
        return normalize_tag(tag) if configured is None else check_configured(tag, configured)
    except LanguageError as exc:
        raise InvalidInput(where, str(exc)) from None


def _aid_texts(
    uow: UnitOfWork,
    translations: Sequence[Translation],
    reader: str,
    aid: AidFunction | None,
    stored_aids: bool,
) -> list[str | None]:
    """The aid of each card's target text: with ``stored_aids`` the one people see in the app
    (a reviewer's correction if there is one, else the rules; looked up for all cards at
    once), else from ``aid``; None where it would only repeat the text."""
    written: list[str | None]
    try:
        if stored_aids:
            from ..pronunciation.service import aids_for

            written = [
                found.text if found else None for found in aids_for(uow, translations, reader)
            ]
        elif aid is not None:
            written = [aid(t.text, t.lang, reader) for t in translations]
        else:
            return [None] * len(translations)
    except PhrasebookError:
        return [None] * len(translations)
    return [
        text.strip() if text and text.strip() != t.text.strip() else None
        for text, t in zip(written, translations, strict=True)
    ]


def _footnotes(
    phrase: Phrase, target: Translation, reader: str, *, with_notes: bool
) -> tuple[str, ...]:
    """What a card prints under the aid, in the reader's language."""
    labels = labels_for(reader)
    lines = [
        labels["false_friend"].format(
            word=friend.word,
            meaning=friend.means,
            sounds_like=friend.sounds_like,
            sounds_meaning=friend.which_means,
        )
        for friend in target_warnings(target, reader)
    ]
    if with_notes:
        for note in reader_notes(phrase, target, reader):
            lines.append(f"{note.text} {labels['in_english']}" if note.fallback else note.text)
    return tuple(lines)


def _fallback_note(shown: str, reader: str) -> tuple[str, ...]:
    """The card's note when the reader's text is another language's (English)."""
    if shown == reader:
        return ()
    label = labels_for(reader)["reader_fallback"]
    return (label.format(language=reader),)


def build_pdf(
    uow: UnitOfWork,
    *,
    set_slug: str | None = None,
    uids: Sequence[str] | None = None,
    reader: str,
    target: str,
    layout: Layout | str = Layout.CARDS,
    paper: Paper | str = Paper.A4,
    qr_base_url: str | None = None,
    aid: AidFunction | None = None,
    stored_aids: bool = False,
    renderer: PdfRenderer | None = None,
    languages: Iterable[str] | None = None,
    variant: str | None = None,
    notes: bool = False,
) -> RenderedPdf:
    """Print a phrase set, or the phrases ``uids`` in that order (a search result, "my card").

    With both, the listed phrases are printed under the set's name. Phrases lacking the reader's
    or the target text are left out, each with a warning. The pronunciation aid comes from
    ``aid(text, lang, reader)``, or with ``stored_aids`` from the pronunciation service (which
    prefers an aid a person corrected). ``variant`` (e.g. ``ko-KP``) prints that regional
    variant of the target where a phrase has one. False-friend warnings of the target text are
    always printed on its card; usage notes (in the reader's language, else marked English)
    with ``notes``. Reads only; commits nothing.
    """
    configured = list(languages) if languages is not None else None
    reader_tag = _language(reader, "from", configured)
    target_tag = _language(target, "to", configured)
    chosen_layout = layout if isinstance(layout, Layout) else Layout.parse(layout)
    chosen_paper = paper if isinstance(paper, Paper) else Paper.parse(paper)
    if qr_base_url is not None and not qr_base_url.startswith(("http://", "https://")):
        raise InvalidInput("qr", f"{qr_base_url!r} is not an http:// or https:// address")
    if set_slug is None and not uids:
        raise InvalidInput("set", "give a phrase set or a list of phrase ids to print")
    if uids is not None and len(uids) > MAX_PHRASES:
        raise InvalidInput("ids", f"at most {MAX_PHRASES} phrases per PDF")
    warnings: list[str] = []
    with uow:
        set_name = selection_name(reader_tag)
        phrases: list[Phrase] = []
        if set_slug is not None:
            phrase_set = uow.sets.get(set_slug)
            if phrase_set is None:
                raise NotFound(f"no phrase set {set_slug!r}")
            set_name = phrase_set.label(reader_tag)
            if not uids:
                phrases = uow.phrases.list(set_slug=set_slug)
        wanted = list(dict.fromkeys(uids or ()))
        found = uow.phrases.get_many(wanted)
        for uid in wanted:
            if uid not in found:
                raise NotFound(f"no phrase {uid!r}")
            phrases.append(found[uid])
        category_names = {c.slug: c.label(reader_tag) for c in uow.categories.list()}
        printable = []
        for phrase in phrases:
            # The reader's text as the web and the kit show it: in their language, else
            # English (marked on the card and warned about), else any (reading.own_translation).
            mine = own_translation(phrase, reader_tag)
            theirs = shown_translation(phrase, target_tag, variant)
            if theirs is None or mine is None or mine is theirs:
                missing = target_tag if theirs is None else reader_tag
                warnings.append(f"phrase {phrase.uid}: no {missing} text, left out")
                continue
            if mine.lang != reader_tag:
                warnings.append(
                    f"phrase {phrase.uid}: no {reader_tag} text, printed in {mine.lang}"
                )
            printable.append((phrase, mine, theirs))
        aids = _aid_texts(uow, [t for _p, _m, t in printable], reader_tag, aid, stored_aids)
        questions = [p for p, _m, _t in printable if p.answers]
        sections, letters = (
            answer_sections(uow, questions, reader=reader_tag, target=target_tag, variant=variant)
            if questions
            else ([], {})
        )
        see_card = labels_for(reader_tag)["see_answer_card"]
        cards: list[CardRecord] = []
        edition = datetime.min.replace(tzinfo=UTC)
        for (phrase, mine, theirs), card_aid in zip(printable, aids, strict=True):
            cards.append(
                CardRecord(
                    uid=phrase.uid,
                    reader_text=mine.text,
                    target_text=theirs.text,
                    aid=card_aid,
                    reviewed=mine.status == Status.REVIEWED and theirs.status == Status.REVIEWED,
                    category=category_names.get(phrase.category, phrase.category),
                    footnotes=_fallback_note(mine.lang, reader_tag)
                    + _footnotes(phrase, theirs, reader_tag, with_notes=notes)
                    + (
                        (see_card.format(letter=letters[phrase.uid]),)
                        if phrase.uid in letters
                        else ()
                    ),
                )
            )
            edition = max(edition, mine.updated_at, theirs.updated_at)
    if not cards:
        raise InvalidInput(
            "phrases", f"nothing to print: no phrase has both {reader_tag} and {target_tag} text"
        )
    if chosen_layout is Layout.ANSWERS and not sections:
        raise InvalidInput("layout", "no phrase of this selection has an answer panel to print")
    job = PrintJob(
        cards=cards,
        set_name=set_name,
        edition=edition.date(),
        version=__version__,
        reader=reader_tag,
        target=target_tag,
        layout=chosen_layout,
        paper=chosen_paper,
        qr_base_url=qr_base_url.rstrip("/") if qr_base_url else None,
        answer_sections=sections,
    )
    if renderer is None:  # (the composition root passes one: phrasebook.bootstrap)
        from .render_fpdf import FpdfRenderer

        renderer = FpdfRenderer()
    rendered = renderer.render(job)
    return RenderedPdf(rendered.data, rendered.pages, warnings + rendered.warnings)
