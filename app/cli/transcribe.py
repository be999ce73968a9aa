"""Pronunciation aids on the command line: transcribe text, regenerate the stored aids."""

from __future__ import annotations

import click
from click._termui_impl import ProgressBar  # the type click.progressbar returns

from phrasebook import services
from phrasebook.languages import LanguageError, base_language, normalize_tag
from phrasebook.pronunciation import READER_SCRIPTS, SOURCE_SCRIPTS, transcribe
from phrasebook.pronunciation.service import regenerate_aids

from . import Context, fail


def _tag(value: str, option: str, allowed: dict[str, str]) -> str:
    try:
        tag = normalize_tag(value)
    except LanguageError as exc:
        fail(f"{option}: {exc}")
    if base_language(tag) not in allowed:
        fail(f"{option}: no pronunciation rules for {value!r} (one of: {', '.join(allowed)})")
    return tag


@click.command(name="transcribe")
@click.option(
    "--from",
    "source",
    required=True,
    metavar="LANG",
    help="Language of the text: ko, ko-KP, uk, ru, en.",
)
@click.option(
    "--for",
    "reader",
    required=True,
    metavar="LANG",
    help="The reader's language: en (Latin), uk or ru (Cyrillic), ko (Hangul).",
)
@click.argument("text")
def transcribe_command(source: str, reader: str, text: str) -> None:
    """Print the pronunciation aid of TEXT in the reader's own script, on one line.

    Example: phrasebook transcribe --from ko --for uk "감사합니다" prints камсахамніда.
    """
    source_tag = _tag(source, "--from", SOURCE_SCRIPTS)
    reader_tag = _tag(reader, "--for", READER_SCRIPTS)
    aid = transcribe(text, source_tag, reader_tag)
    if aid is None:
        fail(
            f"no pronunciation aid from {source_tag} for readers of {reader_tag} "
            "(same language or same script)"
        )
    click.echo(" ".join(aid.splitlines()))


@click.command(name="regenerate-aids")
@click.pass_obj
def regenerate_aids_command(obj: Context) -> None:
    """Compute every stored translation's pronunciation aids again (hand-written ones stay)."""
    store = obj.ready_store()
    readers = [tag for tag in READER_SCRIPTS if tag in obj.settings.languages]
    total = services.stats(store.uow()).phrases
    bar: ProgressBar[int]
    with click.progressbar(length=total, label="pronunciation aids") as bar:
        report = regenerate_aids(store.uow(), readers, progress=bar.update)
    click.echo(report.summary())
