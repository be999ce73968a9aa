"""Editing and reviewing in the web app: phrases, translations, history, sets (import and
export: ``app/interchange.py``; both add routes to the blueprint of ``app/editing_blueprint.py``).

Every view needs an editor (reviewing: a reviewer); forms carry a CSRF token and the revision
they were built from, so a save based on an old revision is refused with both texts shown.
"""

from __future__ import annotations

from typing import Any

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from phrasebook import editing
from phrasebook.answers.kinds import KINDS
from phrasebook.audio import recordings
from phrasebook.editing import pages
from phrasebook.errors import Conflict, InvalidInput, NotFound, StaleRevision
from phrasebook.models import Register, Status
from phrasebook.users import Role

from .api.mt import suggestions_context
from .audio import engine_choice
from .auth import current_account, role_required
from .editing_blueprint import bp as bp
from .editing_blueprint import signed_in_author
from .extensions import get_audio_service, get_store
from .security_headers import MICROPHONE_ALLOWED


def _languages() -> tuple[str, ...]:
    return get_store().settings.languages


def _form_notes() -> dict[str, str]:
    """The notes of a form, by language (fields notes_<tag>; "" removes a language's note)."""
    form = request.form
    return {lang: form[f"notes_{lang}"] for lang in _languages() if f"notes_{lang}" in form}


def _form_answers() -> dict[str, Any] | None:
    """The answer panel of the phrase form as the service takes it ({}: none; None: a form
    without the panel's fields leaves it as it is). Only what the kind uses is sent; the
    service checks the rest (edit/_answers_fields.html)."""
    form = request.form
    if "answers_kind" not in form:
        return None
    kind = form["answers_kind"]
    if not kind:
        return {}
    panel: dict[str, Any] = {"kind": kind}
    members = KINDS[kind].members if kind in KINDS else ()  # (an unknown kind: the service says)
    named = form.get("answers_options", "").replace(",", " ").split()
    if "options" in members:
        panel["options"] = named
    elif "low" in members and named:
        if len(named) != 2:
            raise InvalidInput(
                "/answers/low", _("a scale names two phrases: its low and high ends")
            )
        panel["low"], panel["high"] = named
    for name in ("min", "max"):
        raw = form.get(f"answers_{name}", "").strip()
        if name in members and raw:
            if not raw.isdigit():
                raise InvalidInput(f"/answers/{name}", _("expected a whole number, 0 or more"))
            panel[name] = int(raw)
    if "counting" in members and form.get("answers_counting"):
        panel["counting"] = True
    if "units" in members and form.getlist("answers_units"):
        panel["units"] = form.getlist("answers_units")
    return panel


def _revision_field(name: str = "revision") -> int | None:
    raw = request.form.get(name, "")
    if raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        abort(400)


def _render_with_phrase(template: str, uid: str, status: int = 200, **extra: Any) -> Any:
    """Render ``template`` with the phrase, its translations and sets, inside one transaction
    (the templates walk relationships, which need the session open)."""
    form = pages.phrase_form(get_store().uow(), uid)
    page = render_template(
        template,
        phrase=form.phrase,
        all_sets=form.all_sets,
        member_of=form.member_of,
        languages=_languages(),
        registers=list(Register),
        **extra,
    )
    return page, status


# --- phrases ---------------------------------------------------------------------------------


@bp.get("/")
@role_required(Role.EDITOR)
def index() -> str:
    status = request.args.get("status") or None
    shown = pages.editor_index(
        get_store().uow(), set_slug=request.args.get("set") or None, status=status
    )
    return render_template(
        "edit/index.html",
        phrases=shown.phrases,
        phrase_sets=shown.phrase_sets,
        languages=_languages(),
        status=status,
    )


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def new_phrase() -> Any:
    form = request.form
    if request.method == "POST":
        texts = {
            lang: form.get(f"text_{lang}", "")
            for lang in _languages()
            if form.get(f"text_{lang}", "").strip()
        }
        try:
            uid = editing.create_phrase(
                get_store().uow(),
                uid=form.get("uid", "").strip(),
                category=form.get("category", "").strip(),
                texts=texts,
                by=signed_in_author(),
                languages=_languages(),
                tags=editing.parse_tags(form.get("tags", "")),
                notes=_form_notes(),
                register=form.get("register", "neutral"),
                sets=form.getlist("sets"),
            )
        except (InvalidInput, Conflict) as exc:
            flash(str(exc))
            return _render_new_phrase(400 if isinstance(exc, InvalidInput) else 409)
        flash(_("Phrase %(uid)s created.", uid=uid))
        return redirect(url_for("edit.phrase", uid=uid))
    return _render_new_phrase(200)


def _render_new_phrase(status: int) -> Any:
    page = render_template(
        "edit/new.html",
        all_sets=pages.phrase_sets(get_store().uow()),
        registers=list(Register),
        form=request.form,
        form_notes=_form_notes(),
        languages=_languages(),
    )
    return page, status


@bp.route("/phrases/<uid>", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def phrase(uid: str) -> Any:
    if request.method == "POST":
        form = request.form
        try:
            change = editing.PhraseChange(
                category=form.get("category", "").strip(),
                tags=editing.parse_tags(form.get("tags", "")),
                notes=_form_notes(),
                register=form.get("register", "neutral"),
                sets=form.getlist("sets"),
                answers=_form_answers(),
            )
            editing.edit_phrase(
                get_store().uow(),
                uid=uid,
                change=change,
                by=signed_in_author(),
                languages=_languages(),
            )
        except InvalidInput as exc:
            flash(f"{exc.location.lstrip('/')}: {exc.reason}")
            return _render_with_phrase("edit/phrase.html", uid, 400)
        flash(_("Saved."))
        return redirect(url_for("edit.phrase", uid=uid))
    return _render_with_phrase("edit/phrase.html", uid)


@bp.post("/phrases/<uid>/delete")
@role_required(Role.EDITOR)
def delete_phrase(uid: str) -> Response:
    editing.delete_phrase(get_store().uow(), uid=uid)
    flash(_("Phrase %(uid)s deleted.", uid=uid))
    return redirect(url_for("edit.index"))


# --- translations ----------------------------------------------------------------------------


def _check_lang(lang: str) -> None:
    try:
        editing.checked_lang(lang, _languages())
    except InvalidInput:
        raise NotFound(_("%(lang)s is not a configured language.", lang=lang)) from None


def _render_translation(uid: str, lang: str, status: int = 200, **extra: Any) -> Any:
    form = pages.translation_form(get_store().uow(), uid, lang)
    phrase, translation = form.phrase, form.translation
    draft_text = extra.pop("draft_text", translation.text if translation else "")
    wants_suggestions = translation is None or bool(request.args.get("suggest"))
    page = render_template(
        "edit/translation.html",
        phrase=phrase,
        lang=lang,
        translation=translation,
        languages=_languages(),
        draft_text=draft_text,
        suggestions=suggestions_context(uid, lang) if wants_suggestions else None,
        audio_choice=engine_choice(uid, lang) if translation is not None else None,
        recordings=(
            recordings.recordings_page(get_store().uow(), uid, lang)
            if translation is not None
            else []
        ),
        licences=recordings.LICENCES,
        default_licence=recordings.DEFAULT_LICENCE,
        **extra,
    )
    # The page offers recording: this site may use the microphone here.
    return page, status, {"Permissions-Policy": MICROPHONE_ALLOWED}


@bp.get("/phrases/<uid>/<lang>")
@role_required(Role.EDITOR)
def translation(uid: str, lang: str) -> Any:
    _check_lang(lang)
    return _render_translation(uid, lang)


@bp.post("/phrases/<uid>/<lang>")
@role_required(Role.EDITOR)
def save_translation(uid: str, lang: str) -> Any:
    _check_lang(lang)
    form = request.form
    text = form.get("text", "")
    expected = _revision_field()
    try:
        status = editing.accepted_status(form.get("status"))
        provenance = (
            editing.machine_provenance(form.get("provenance")) if status == Status.MACHINE else None
        )
        editing.save_translation(
            get_store().uow(),
            uid=uid,
            lang=lang,
            text=text,
            by=signed_in_author(),
            languages=_languages(),
            expected_revision=expected,
            status=status,
            provenance=provenance,
            notes=_form_notes(),
        )
    except StaleRevision as exc:
        return _render_translation(
            uid, lang, 409, stale=exc, draft_text=text, draft_notes=_form_notes()
        )
    except InvalidInput as exc:
        flash(str(exc))
        return _render_translation(uid, lang, 400, draft_text=text)
    flash(_("Saved."))
    return redirect(url_for("edit.translation", uid=uid, lang=lang))


@bp.post("/phrases/<uid>/<lang>/review")
@role_required(Role.REVIEWER)
def review(uid: str, lang: str) -> Any:
    try:
        editing.review_translation(
            get_store().uow(),
            uid=uid,
            lang=lang,
            by=signed_in_author(),
            expected_revision=_revision_field(),
        )
    except StaleRevision as exc:
        return _render_translation(uid, lang, 409, stale=exc)
    flash(_("Marked reviewed."))
    return redirect(url_for("edit.translation", uid=uid, lang=lang))


@bp.post("/phrases/<uid>/<lang>/delete")
@role_required(Role.EDITOR)
def delete_translation(uid: str, lang: str) -> Any:
    try:
        editing.delete_translation(
            get_store().uow(), uid=uid, lang=lang, expected_revision=_revision_field()
        )
    except StaleRevision as exc:
        return _render_translation(uid, lang, 409, stale=exc)
    except InvalidInput as exc:
        flash(str(exc))
        return _render_translation(uid, lang, 400)
    flash(_("Translation deleted."))
    return redirect(url_for("edit.phrase", uid=uid))


@bp.get("/phrases/<uid>/<lang>/history")
@role_required(Role.EDITOR)
def history(uid: str, lang: str) -> Any:
    entries = editing.translation_history(get_store().uow(), uid=uid, lang=lang)
    phrase = pages.phrase_of(get_store().uow(), uid)
    return render_template(
        "edit/history.html",
        phrase=phrase,
        lang=lang,
        entries=entries,
        current=phrase.translations.get(lang),
    )


@bp.post("/phrases/<uid>/<lang>/revert")
@role_required(Role.EDITOR)
def revert(uid: str, lang: str) -> Any:
    to_revision = _revision_field("to_revision")
    if to_revision is None:
        abort(400)
    try:
        editing.revert_translation(
            get_store().uow(),
            uid=uid,
            lang=lang,
            to_revision=to_revision,
            by=signed_in_author(),
            expected_revision=_revision_field(),
        )
    except StaleRevision as exc:
        return _render_translation(uid, lang, 409, stale=exc)
    flash(_("Reverted to revision %(revision)s.", revision=to_revision))
    return redirect(url_for("edit.history", uid=uid, lang=lang))


# --- sets ------------------------------------------------------------------------------------


@bp.route("/sets/<slug>", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def phrase_set(slug: str) -> Any:
    """Reorder a set: each phrase gets a number; the set is sorted by those numbers."""
    if request.method == "POST":
        current = pages.set_order(get_store().uow(), slug)
        keyed = []
        for index, uid in enumerate(current):
            raw = request.form.get(f"position_{uid}", "")
            try:
                keyed.append((float(raw) if raw.strip() else float(index + 1), index, uid))
            except ValueError:
                flash(_("Position of %(uid)s is not a number.", uid=uid))
                return redirect(url_for("edit.phrase_set", slug=slug))
        editing.reorder_set(get_store().uow(), slug=slug, order=[uid for *_k, uid in sorted(keyed)])
        flash(_("Order saved."))
        return redirect(url_for("edit.phrase_set", slug=slug))
    found = pages.set_page(get_store().uow(), slug)
    return render_template("edit/set.html", phrase_set=found, languages=_languages())


# --- people's recordings of a translation (phrasebook/audio/recordings.py) ---------------------


@bp.post("/phrases/<uid>/<lang>/recordings")
@role_required(Role.EDITOR)
def add_recording(uid: str, lang: str) -> Any:
    """Store a recording made on the page (a WAV the recorder script sends) or uploaded."""
    _check_lang(lang)
    upload = request.files.get("audio")
    form = request.form
    recorded_here = form.get("source") == "browser"
    try:
        if upload is None or not upload.filename:
            raise InvalidInput("audio", _("choose a file or record one"))
        service = get_audio_service()
        # Read one byte past the limit: a bigger file is refused without being kept.
        data = upload.stream.read(recordings.MAX_BYTES + 1)
        recording = recordings.add_recording(
            get_store().uow(),
            service.cache,
            uid=uid,
            lang=lang,
            data=data,
            name=upload.filename,
            by=signed_in_author(),
            speaker=recordings.Speaker(
                form.get("speaker", ""),
                form.get("licence") or recordings.DEFAULT_LICENCE,
                consent=form.get("consent") == "yes",
            ),
            source="browser" if recorded_here else "upload",
            ext=service.audio.format,
        )
    except InvalidInput as exc:
        flash(str(exc))
        return _render_translation(uid, lang, 400)
    flash(
        _(
            "Recording saved (%(seconds).1f s): a reviewer can now approve it.",
            seconds=recording.duration,
        )
    )
    return redirect(_after_recording(uid, lang), code=303)


def _after_recording(uid: str, lang: str) -> str:
    """Back to the translation page, or on to the next phrase of a record session."""
    session_set = request.form.get("session")
    if session_set:
        return url_for("edit.record_session", slug=session_set, lang=lang, after=uid)
    return url_for("edit.translation", uid=uid, lang=lang) + "#recordings"


# action -> the role it needs
RECORDING_ACTIONS = {
    "review": Role.REVIEWER,
    "consent": Role.EDITOR,
    "prefer": Role.REVIEWER,
    "delete": Role.EDITOR,
}


@bp.post("/phrases/<uid>/<lang>/recordings/<int:recording_id>/<action>")
@role_required(Role.EDITOR)
def recording_action(uid: str, lang: str, recording_id: int, action: str) -> Any:
    """Approve (reviewer), record the speaker's consent, prefer (reviewer) or delete one."""
    _check_lang(lang)
    if action not in RECORDING_ACTIONS:
        abort(404)
    account = current_account()
    assert account is not None  # role_required let only signed-in editors through
    if not account.may(RECORDING_ACTIONS[action]):
        abort(403)
    uow = get_store().uow()
    try:
        if action == "review":
            recordings.review_recording(uow, uid, lang, recording_id, by=account.name)
            done = _("Recording approved: readers now hear it.")
        elif action == "consent":
            recordings.record_consent(uow, uid, lang, recording_id, by=account.name)
            done = _("The speaker's consent is recorded.")
        elif action == "prefer":
            recordings.prefer_recording(uow, uid, lang, recording_id)
            done = _("This recording now plays first.")
        else:
            recordings.delete_recording(uow, uid, lang, recording_id)
            done = _("Recording deleted.")
    except InvalidInput as exc:
        flash(str(exc))
        return _render_translation(uid, lang, 400)
    flash(done)
    return redirect(url_for("edit.translation", uid=uid, lang=lang) + "#recordings", code=303)


@bp.get("/sets/<slug>/record/<lang>")
@role_required(Role.EDITOR)
def record_session(slug: str, lang: str) -> Any:
    """A record session: the set's phrases one by one, text large, record / redo / skip."""
    _check_lang(lang)
    step = recordings.session_step(get_store().uow(), slug, lang, request.args.get("after"))
    page = render_template(
        "edit/record_session.html",
        step=step,
        lang=lang,
        licences=recordings.LICENCES,
        default_licence=recordings.DEFAULT_LICENCE,
    )
    return page, 200, {"Permissions-Policy": MICROPHONE_ALLOWED}
