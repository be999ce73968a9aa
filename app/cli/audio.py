"""``phrasebook audio``: build the audio cache, speak one text to a file, prune, pin engines."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from phrasebook.audio.engine import Speed
from phrasebook.audio.errors import AudioError
from phrasebook.audio.processing import FORMATS
from phrasebook.audio.service import AudioService, Clip
from phrasebook.audio.settings import ENGINE_NAMES
from phrasebook.files import write_atomically

from . import Context, fail

ENGINE_CHOICE = click.Choice(ENGINE_NAMES, case_sensitive=False)


@contextmanager
def _service(obj: Context) -> Iterator[AudioService]:
    service = AudioService(obj.settings)
    try:
        yield service
    finally:
        service.close()


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
) -> None:  # fmt: skip
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
