"""``phrasebook audio``: build the audio cache, speak one text to a file, prune, pin engines;
add, import and approve people's recordings."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from phrasebook.audio.cache import AudioCache
from phrasebook.audio.engine import Speed
from phrasebook.audio.errors import AudioError
from phrasebook.audio.processing import FORMATS
from phrasebook.audio.recordings import (
    DEFAULT_LICENCE,
    LICENCES,
    MAX_BYTES,
    Speaker,
    add_recording,
    import_folder,
    record_consent,
    recordings_page,
    review_recording,
)
from phrasebook.audio.service import AudioService, Clip
from phrasebook.audio.settings import ENGINE_NAMES
from phrasebook.files import write_atomically

from . import Context, ProgressReporter, fail

ENGINE_CHOICE = click.Choice(ENGINE_NAMES, case_sensitive=False)


@contextmanager
def _service(obj: Context) -> Iterator[AudioService]:
    try:
        yield obj.runtime.audio()
    finally:
        obj.runtime.close()


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@click.group()
def audio() -> None:
    """Generated audio for phrases (espeak-ng offline; gTTS or Piper when configured)."""


@audio.command()
@click.option("--set", "set_slug", metavar="NAME", help="Only the phrases of this set.")
@click.option(
    "--lang",
    "langs",
    multiple=True,
    metavar="ko",
    help="Only these languages (repeat or comma-separate; default: all).",
)
@click.option(
    "--engine", type=ENGINE_CHOICE, help="Use this engine instead of the configured ones and pins."
)
@click.option("--slow", is_flag=True, help="Also build the slow (learner) versions.")
@click.pass_obj
def build(
    obj: Context, set_slug: str | None, langs: tuple[str, ...], engine: str | None, slow: bool
) -> None:
    """Generate missing or out-of-date audio; failures are listed at the end."""
    store = obj.ready_store()
    speeds = (Speed.NORMAL, Speed.SLOW) if slow else (Speed.NORMAL,)
    failures: list[str] = []
    fallbacks: list[str] = []
    generated = cached = 0
    with _service(obj) as service:
        items = service.plan(store.uow(), set_slug=set_slug, langs=_split(langs), speeds=speeds)
        if not items:
            fail("nothing to build: no translations match")
        results = service.build(store.uow, items, engine_name=engine.lower() if engine else None)
        with click.progressbar(results, length=len(items), label="audio", file=None) as bar:
            for item, outcome in bar:
                where = f"{item.uid}/{item.lang} ({item.speed.value})"
                if not isinstance(outcome, Clip):
                    failures.append(f"{where}: {outcome}")
                    continue
                if outcome.generated:
                    generated += 1
                else:
                    cached += 1
                if outcome.fallback_reason:
                    fallbacks.append(f"{where}: used {outcome.engine}; {outcome.fallback_reason}")
    for line in fallbacks:
        click.echo(f"warning: {line}", err=True)
    for line in failures:
        click.echo(f"error: {line}", err=True)
    click.echo(f"{generated} generated, {cached} already cached, {len(failures)} failed")
    if failures:
        raise SystemExit(1)


@audio.command()
@click.argument("text")
@click.option("--lang", required=True, metavar="ko", help="Language of the text.")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write; the format follows the extension (mp3, ogg, opus, wav, flac).",
)
@click.option("--engine", type=ENGINE_CHOICE, help="Engine (default: the configured one).")
@click.option("--slow", is_flag=True, help="The slow (about 0.7x) version.")
@click.pass_obj
def say(obj: Context, text: str, lang: str, output: Path, engine: str | None, slow: bool) -> None:
    """Speak TEXT into a file: ``audio say --lang ko "감사합니다" -o thanks.mp3``."""
    ext = output.suffix.lower().lstrip(".")
    if ext not in FORMATS:
        fail(f"{output}: unknown audio format {output.suffix!r} (use {', '.join(FORMATS)})")
    if not text.strip():
        fail("TEXT is empty")
    folder = output.parent
    if not folder.is_dir():
        fail(f"{output}: no folder {folder}")
    speed = Speed.SLOW if slow else Speed.NORMAL
    with _service(obj) as service:
        chosen = engine.lower() if engine else service.audio.engine_for(lang)
        try:
            data = service.synthesize(text.strip(), lang, speed, chosen, ext)
        except AudioError as exc:
            fallback = service.audio.fallback
            if fallback is None or fallback == chosen:
                raise
            click.echo(f"warning: {exc}; using {fallback} instead", err=True)
            data = service.synthesize(text.strip(), lang, speed, fallback, ext)
    write_atomically(output, data)
    click.echo(f"wrote {output} ({len(data)} bytes)", err=True)


@audio.command()
@click.option("--dry-run", is_flag=True, help="Only report what would be removed.")
@click.pass_obj
def prune(obj: Context, dry_run: bool) -> None:
    """Delete cached audio files that no translation refers to any more."""
    store = obj.ready_store()
    with _service(obj) as service:
        report = service.prune(store.uow(), dry_run=dry_run)
    verb = "would remove" if dry_run else "removed"
    click.echo(
        f"{verb} {report.removed} files ({report.freed_bytes / 1024:.0f} KiB); "
        f"kept {report.kept} referenced files"
    )


@audio.command()
@click.argument("uid")
@click.argument("lang")
@click.argument("engine", type=ENGINE_CHOICE, required=False)
@click.option("--clear", is_flag=True, help="Remove the pin: use the configured engine again.")
@click.option(
    "--by",
    default=lambda: os.environ.get("USER", "cli"),
    show_default="$USER",
    help="Who pins (recorded with the pin).",
)
@click.pass_obj
def pin(obj: Context, uid: str, lang: str, engine: str | None, clear: bool, by: str) -> None:
    """Pin the engine used for one translation (e.g. ``pin surrender.hands-up ko gtts``)."""
    if clear == (engine is not None):
        fail("give either an ENGINE or --clear")
    store = obj.ready_store()
    with _service(obj) as service:
        service.pin(store.uow(), uid, lang, None if clear else str(engine).lower(), by=by)
    click.echo(f"{uid}/{lang}: " + ("pin removed" if clear else f"pinned to {engine}"))


@audio.command()
@click.option(
    "--lang",
    "langs",
    multiple=True,
    metavar="ko",
    help="Languages to check (default: the configured ones).",
)
@click.pass_obj
def engines(obj: Context, langs: tuple[str, ...]) -> None:
    """Show which engine speaks each language, and which engines can be used here."""
    wanted = _split(langs) or list(obj.settings.languages)
    with _service(obj) as service:
        configured = service.audio
        click.echo(f"fallback: {configured.fallback or 'none'}")
        for tag in wanted:
            chosen = configured.engine_for(tag)
            click.echo(f"{tag}: {chosen}")
            for name in ENGINE_NAMES:
                try:
                    voice = service.engines.get(name).voice(tag)
                except AudioError as exc:
                    click.echo(f"  {name:<7} unavailable: {exc}")
                else:
                    online = " (online)" if name == "gtts" else ""
                    click.echo(f"  {name:<7} voice {voice}{online}")


# --- people's recordings (phrasebook/audio/recordings.py) -------------------------------------


def _recording_store(obj: Context) -> tuple[AudioCache, str]:
    """The audio folder and the format recordings are stored in (no engine is started)."""
    from phrasebook.audio.settings import AudioSettings

    return AudioCache(obj.settings.data_dir / "audio"), AudioSettings.from_settings(
        obj.settings
    ).format


def _speaker_options(command: Callable[..., None]) -> Callable[..., None]:
    command = click.option(
        "--consent",
        is_flag=True,
        help="The speaker said yes to sharing the recording under the licence.",
    )(command)
    command = click.option(
        "--licence",
        type=click.Choice(LICENCES),
        default=DEFAULT_LICENCE,
        show_default=True,
        help="SPDX licence the speaker chose.",
    )(command)
    command = click.option(
        "--speaker", required=True, metavar="NAME", help="Who speaks (a name or a pseudonym)."
    )(command)
    return click.option(
        "--by",
        default=lambda: os.environ.get("USER", "cli"),
        show_default="$USER",
        help="Who adds the recording.",
    )(command)


@audio.command()
@click.argument("uid")
@click.argument("lang")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_speaker_options
@click.pass_obj
def add(
    obj: Context,
    uid: str,
    lang: str,
    file: Path,
    speaker: str,
    licence: str,
    consent: bool,
    by: str,
) -> None:
    """Add a person's recording (WAV, FLAC, Ogg/Opus, MP3) of one translation, as a draft
    a reviewer approves (``phrasebook audio review``)."""
    store = obj.ready_store()
    if not file.is_file():
        fail(f"{file}: no such file")
    if file.stat().st_size > MAX_BYTES:
        fail(f"{file}: more than the {MAX_BYTES:,} bytes allowed")
    cache, ext = _recording_store(obj)
    recording = add_recording(
        store.uow(),
        cache,
        uid=uid,
        lang=lang,
        data=file.read_bytes(),
        name=file.name,
        speaker=Speaker(speaker, licence, consent),
        by=by,
        source="upload",
        ext=ext,
    )
    click.echo(
        f"{uid}/{lang}: recording {recording.id} added ({recording.duration:.1f} s, "
        f"{recording.speaker}, {recording.licence}"
        + (", consent recorded" if recording.consent_at else ", no consent recorded")
        + "): a draft until a reviewer approves it"
    )


@audio.command(name="import")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@_speaker_options
@click.pass_obj
def import_recordings(
    obj: Context, folder: Path, speaker: str, licence: str, consent: bool, by: str
) -> None:
    """Add the recordings of a folder of files named ``<phrase-id>.<lang>.<ext>`` (one
    transaction); lists what matched, what did not and what was refused."""
    store = obj.ready_store()
    cache, ext = _recording_store(obj)
    with ProgressReporter("recordings") as progress:
        report = import_folder(
            store.uow(),
            cache,
            folder,
            speaker=Speaker(speaker, licence, consent),
            by=by,
            ext=ext,
            progress=progress,
        )
    for line in report.added:
        click.echo(f"added: {line}")
    for line in report.unmatched:
        click.echo(f"not matched: {line}")
    for line in report.refused:
        click.echo(f"refused: {line}")
    click.echo(report.summary())


@audio.command()
@click.argument("uid")
@click.argument("lang")
@click.pass_obj
def recordings(obj: Context, uid: str, lang: str) -> None:
    """List the recordings of one translation and which one readers hear."""
    store = obj.ready_store()
    views = recordings_page(store.uow(), uid, lang)
    if not views:
        click.echo(f"{uid}/{lang}: no recordings (a synthetic voice speaks)")
    for view in views:
        r = view.recording
        marks = [str(r.status), r.licence, f"{r.duration:.1f} s"]
        marks += [] if r.consent_at else ["no consent"]
        marks += [] if view.current else ["for an earlier text"]
        marks += ["plays"] if view.plays else []
        click.echo(f"{r.id}\t{r.speaker}\t{', '.join(marks)}")


@audio.command()
@click.argument("uid")
@click.argument("lang")
@click.argument("recording_id", type=int)
@click.option(
    "--by",
    default=lambda: os.environ.get("USER", "cli"),
    show_default="$USER",
    help="The reviewer who listened.",
)
@click.option("--consent", is_flag=True, help="Record the speaker's consent first.")
@click.pass_obj
def review(obj: Context, uid: str, lang: str, recording_id: int, by: str, consent: bool) -> None:
    """Approve a recording you listened to: readers hear it from now on."""
    store = obj.ready_store()
    if consent:
        record_consent(store.uow(), uid, lang, recording_id, by=by)
    review_recording(store.uow(), uid, lang, recording_id, by=by)
    click.echo(f"{uid}/{lang}: recording {recording_id} approved")
