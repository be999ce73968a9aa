"""Commands for offline machine translation: ``models list|install|remove`` and ``translate``."""

from __future__ import annotations

from pathlib import Path

import click
from click._termui_impl import ProgressBar  # the type click.progressbar returns

from phrasebook.languages import LanguageError, check_configured
from phrasebook.mt import translate_texts
from phrasebook.mt.packages import (
    IndexUnavailable,
    available_models,
    default_packages_dir,
    install_archive,
    install_from_index,
    installed_models,
    remove_model,
)
from phrasebook.mt.service import DEFAULT_BATCH_SIZE, fill_set, missing_in_set

from . import Context, fail


@click.group()
def models() -> None:
    """Offline translation models (Argos Translate packages).

    Packages live in argostranslate's packages folder (ARGOS_PACKAGES_DIR), shared with
    `argospm`.
    """


@models.command(name="list")
@click.option("--offline", is_flag=True, help="Do not try to download the package index.")
def list_models(offline: bool) -> None:
    """List installed packages, and those available from the Argos index when online."""
    installed = installed_models()
    click.echo(f"installed in {default_packages_dir()}:")
    if not installed:
        click.echo("  none")
    for model in installed:
        click.echo(f"  {model.name}  {model.version}  {model.description}")
    try:
        available = available_models(refresh=not offline)
    except IndexUnavailable as exc:
        click.echo(f"available: {exc}")
        return
    have = {(m.name, m.version) for m in installed}
    click.echo("available from the Argos index:")
    for item in available:
        mark = "  (installed)" if (item.name, item.version) in have else ""
        click.echo(f"  {item.name}  {item.version}  {item.description}{mark}")


@models.command()
@click.argument("name_or_file")
def install(name_or_file: str) -> None:
    """Install a package by name from the Argos index (online), e.g. translate-en_ko, or from
    an .argosmodel file (e.g. carried on a USB stick to an air-gapped machine)."""
    path = Path(name_or_file)
    if name_or_file.endswith(".argosmodel") or path.exists():
        model = install_archive(path)
    else:
        model = install_from_index(name_or_file)
    click.echo(f"installed {model.name} {model.version} ({model.description}) in {model.path}")


@models.command()
@click.argument("name")
def remove(name: str) -> None:
    """Remove an installed package, e.g. translate-en_ko."""
    for model in remove_model(name):
        click.echo(f"removed {model.name} {model.version} ({model.path})")


def _language(obj: Context, value: str, option: str) -> str:
    try:
        return check_configured(value, obj.settings.languages)
    except LanguageError as exc:
        fail(f"{option}: {exc}", code=2)


@click.command()
@click.option("--from", "source", default="en", show_default=True, help="Source language.")
@click.option("--to", "target", required=True, help="Target language.")
@click.option(
    "-n",
    "alternatives",
    default=3,
    show_default=True,
    type=click.IntRange(1, 10),
    help="How many alternatives to print.",
)
@click.option("--set", "set_slug", help="Fill every missing translation of this phrase set.")
@click.option(
    "--batch-size",
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    type=click.IntRange(1, 1024),
    help="Phrases per batch when filling a set.",
)
@click.argument("text", required=False)
@click.pass_obj
def translate(
    obj: Context,
    source: str,
    target: str,
    alternatives: int,
    set_slug: str | None,
    batch_size: int,
    text: str | None,
) -> None:
    """Translate TEXT offline (alternatives one per line, best first), or with --set fill a
    phrase set's missing translations (status machine, needs review)."""
    source = _language(obj, source, "--from")
    target = _language(obj, target, "--to")
    if source == target:
        fail("--from and --to are the same language", code=2)
    engine = obj.runtime.engine()
    if set_slug is None:
        if not text or not text.strip():
            fail("give the TEXT to translate, or --set NAME to fill a phrase set", code=2)
        for alternative in translate_texts(engine, [text], source, target, alternatives)[0]:
            click.echo(alternative.text)
        return
    if text:
        fail("give either TEXT or --set NAME, not both", code=2)
    store = obj.ready_store()
    todo, _untranslatable = missing_in_set(store.uow(), set_slug, source, target)
    bar: ProgressBar[int]
    with click.progressbar(length=len(todo), label=f"{set_slug} → {target}", file=None) as bar:
        shown = 0

        def advance(done: int, total: int) -> None:
            nonlocal shown
            bar.update(done - shown)
            shown = done

        report = fill_set(
            store.uow(),
            engine,
            set_slug=set_slug,
            source_lang=source,
            target_lang=target,
            by="phrasebook translate",
            languages=obj.settings.languages,
            batch_size=batch_size,
            progress=advance,
        )
    for error in report.errors:
        click.echo(f"warning: {error}", err=True)
    click.echo(report.summary())
