"""Message catalogs: complete in all four languages, compiled, and the i18n commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po, write_po

from app.cli import main
from app.cli.i18n import catalog_path, check_catalog, compile_catalogs
from app.i18n import UI_LOCALES


@pytest.mark.parametrize("locale", UI_LOCALES)
def test_catalog_is_complete(locale: str) -> None:
    path = catalog_path(locale)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    assert len(catalog) > 50
    problems = check_catalog(locale)
    assert problems.fuzzy == [], f"{path}: fuzzy entries"
    assert problems.untranslated == [], f"{path}: untranslated entries"


@pytest.mark.parametrize("locale", UI_LOCALES)
def test_placeholders_survive_translation(locale: str) -> None:
    import re

    with catalog_path(locale).open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\((\w+)\)s", ids[-1]))
        for string in strings:
            assert set(re.findall(r"%\((\w+)\)s", string)) <= wanted | {"num"}, (locale, ids[0])
            assert wanted - {"num"} <= set(re.findall(r"%\((\w+)\)s", string)), (locale, ids[0])


def test_check_reports_untranslated_and_fuzzy(tmp_path: Path) -> None:
    catalog = Catalog(locale="uk")
    catalog.add("Done", "Готово")
    catalog.add("Missing", "")
    catalog.add("Guessed", "Вгадано", flags=["fuzzy"])
    path = catalog_path("uk", tmp_path)
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)
    template = Catalog()
    for text in ("Done", "Missing", "Guessed", "New"):
        template.add(text)
    problems = check_catalog("uk", template, tmp_path)
    assert problems.untranslated == ["Missing"]
    assert problems.fuzzy == ["Guessed"]
    assert problems.not_in_catalog == ["New"]
    assert not problems.ok
    assert check_catalog("ko", None, tmp_path).missing_file


def test_compile_writes_catalogs_the_app_reads(tmp_path: Path) -> None:
    catalog = Catalog(locale="ko")
    catalog.add("Search", "검색")
    catalog.add("Maybe", "아마", flags=["fuzzy"])
    path = catalog_path("ko", tmp_path)
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)
    assert compile_catalogs(tmp_path) == [path.with_suffix(".mo")]
    with path.with_suffix(".mo").open("rb") as handle:
        compiled = read_mo(handle)
    assert compiled.get("Search").string == "검색"
    assert compiled.get("Maybe") is None  # fuzzy guesses are never shown


def test_compile_command(runner: Any) -> None:
    result = runner.invoke(main, ["i18n", "compile"])
    assert result.exit_code == 0, result.output
    for locale in UI_LOCALES:
        assert catalog_path(locale).with_suffix(".mo").is_file()
