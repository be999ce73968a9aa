"""``phrasebook i18n``: the message catalogs of the web UI (wraps pybabel).

Workflow: mark strings with ``_()`` (Python and templates), run ``phrasebook i18n update``
(extract + merge into locales/*/LC_MESSAGES/messages.po), translate the new entries in all
four catalogs, then ``phrasebook i18n check`` and ``phrasebook i18n compile``.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from phrasebook.interface_language import LOCALES_DIR, UI_LOCALES

from . import fail

PROJECT_DIR = LOCALES_DIR.parent
BABEL_CONFIG = PROJECT_DIR / "babel.cfg"
TEMPLATE = LOCALES_DIR / "messages.pot"
DOMAIN = "messages"
SOURCE_LOCALE = "en"  # the language the strings are written in
KEYWORDS = ("_", "gettext", "ngettext:1,2", "_l", "lazy_gettext", "lazy_ngettext:1,2")


def catalog_path(locale: str, locales_dir: Path = LOCALES_DIR) -> Path:
    return locales_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def _pybabel(*args: str) -> None:
    """Run pybabel from the project folder, so catalogs name source files relatively."""
    command = [sys.executable, "-m", "babel.messages.frontend", "--quiet", *args]
    completed = subprocess.run(
        command, cwd=PROJECT_DIR, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        click.echo(completed.stderr, err=True, nl=False)
        fail(f"pybabel {args[0]} failed (exit status {completed.returncode})")


def extract() -> Path:
    """Write locales/messages.pot from the app's Python files and templates."""
    LOCALES_DIR.mkdir(parents=True, exist_ok=True)
    keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    _pybabel(
        "extract",
        "--no-default-keywords",
        *keywords,
        "-F",
        str(BABEL_CONFIG),
        "--sort-by-file",
        "--add-location=file",
        "--project=phrasebook",
        "--msgid-bugs-address=",
        "-o",
        str(TEMPLATE),
        ".",
    )
    return TEMPLATE


def update() -> None:
    """Extract, then merge the template into each locale's catalog (creating missing ones)."""
    extract()
    for locale in UI_LOCALES:
        target = catalog_path(locale)
        if target.exists():
            _pybabel(
                "update",
                "-i",
                str(TEMPLATE),
                "-o",
                str(target),
                "-l",
                locale,
                "--no-fuzzy-matching",
                "--ignore-obsolete",
            )
        else:
            _pybabel("init", "-i", str(TEMPLATE), "-o", str(target), "-l", locale)
    _fill_source_language()


def _fill_source_language(locale: str = SOURCE_LOCALE) -> None:
    """The English catalog repeats the English source strings, so it is complete too."""
    path = catalog_path(locale)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    changed = False
    for message in catalog:
        if message.id and not message.fuzzy and not _is_translated(message):
            message.string = message.id
            changed = True
    if changed:
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, sort_by_file=True)


def compile_catalogs(locales_dir: Path = LOCALES_DIR) -> list[Path]:
    """Write messages.mo next to every messages.po (fuzzy entries are left out)."""
    written = []
    for locale in UI_LOCALES:
        source = catalog_path(locale, locales_dir)
        if not source.exists():
            continue
        with source.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        target = source.with_suffix(".mo")
        with target.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(target)
    return written


@dataclass
class CatalogProblems:
    locale: str
    missing_file: bool = False
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    not_in_catalog: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing_file or self.untranslated or self.fuzzy or self.not_in_catalog)


def _is_translated(message: object) -> bool:
    string = getattr(message, "string", None)
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)


def check_catalog(
    locale: str, template: Catalog | None = None, locales_dir: Path = LOCALES_DIR
) -> CatalogProblems:
    """What keeps one locale's catalog from being complete."""
    problems = CatalogProblems(locale)
    path = catalog_path(locale, locales_dir)
    if not path.exists():
        problems.missing_file = True
        return problems
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    for message in catalog:
        if not message.id:
            continue
        key = str(message.id if isinstance(message.id, str) else message.id[0])
        if message.fuzzy:
            problems.fuzzy.append(key)
        elif not _is_translated(message):
            problems.untranslated.append(key)
    if template is not None:
        for message in template:
            if message.id and catalog.get(message.id, message.context) is None:
                problems.not_in_catalog.append(str(message.id))
    return problems


@click.group(name="i18n")
def i18n_group() -> None:
    """Web UI translations: extract, update, compile and check the message catalogs."""


@i18n_group.command(name="extract")
def extract_command() -> None:
    """Write locales/messages.pot from the strings marked in app/ (Python and templates)."""
    click.echo(f"wrote {extract()}")


@i18n_group.command(name="update")
def update_command() -> None:
    """Extract, then add new strings to every locale's messages.po (translate them next)."""
    update()
    for locale in UI_LOCALES:
        problems = check_catalog(locale)
        click.echo(
            f"{locale}: {len(problems.untranslated)} untranslated, {len(problems.fuzzy)} fuzzy"
        )


@i18n_group.command(name="compile")
def compile_command() -> None:
    """Compile every messages.po into messages.mo (what the app reads)."""
    for path in compile_catalogs():
        click.echo(f"wrote {path}")


@i18n_group.command(name="check")
def check_command() -> None:
    """Fail when a catalog misses strings of the app, or has untranslated or fuzzy entries."""
    with extract().open("rb") as handle:
        template = read_po(handle)
    failed = False
    for locale in UI_LOCALES:
        problems = check_catalog(locale, template)
        if problems.ok:
            click.echo(f"{locale}: complete")
            continue
        failed = True
        if problems.missing_file:
            click.echo(f"{locale}: {catalog_path(locale)} is missing", err=True)
        for label, items in (
            ("untranslated", problems.untranslated),
            ("fuzzy", problems.fuzzy),
            ("not in catalog (run `phrasebook i18n update`)", problems.not_in_catalog),
        ):
            for item in items:
                click.echo(f"{locale}: {label}: {item!r}", err=True)
    if failed:
        fail("message catalogs are incomplete")
