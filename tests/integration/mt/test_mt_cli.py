"""``phrasebook models ...`` and ``phrasebook translate ...`` with genuine tiny packages."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from app.cli import main
from phrasebook.store import Store
from tests.support.argos_build import build_argosmodel


def test_models_list_offline_says_so_in_one_line(
    runner: CliRunner, installed_packages: Path
) -> None:
    result = runner.invoke(main, ["models", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"installed in {installed_packages}:"
    assert any(line.split()[:2] == ["translate-en_ko", "1.0"] for line in lines)
    assert lines[-1].startswith("available: no Argos package index (offline")
    assert "Traceback" not in result.output and "RecursionError" not in result.output
    assert result.stderr == ""  # argostranslate's own log lines about the failed download


def test_install_from_file_and_index_then_remove(
    runner: CliRunner, installed_packages: Path, tmp_path: Path
) -> None:
    import argostranslate.settings as argos_settings

    archive = build_argosmodel(tmp_path, "de", "fr")
    result = runner.invoke(main, ["models", "install", str(archive)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("installed translate-de_fr 1.0 (de → fr) in ")
    assert "translate-de_fr" in runner.invoke(main, ["models", "list", "--offline"]).output
    result = runner.invoke(main, ["models", "remove", "translate-de_fr"])
    assert result.exit_code == 0 and result.output.startswith("removed translate-de_fr 1.0")

    # "from the index": a local index, and the download argostranslate keeps in its cache
    index = Path(argos_settings.local_package_index)
    index.write_text(
        json.dumps(
            [
                {
                    "type": "translate",
                    "from_code": "de",
                    "to_code": "fr",
                    "from_name": "German",
                    "to_name": "French",
                    "package_version": "1.0",
                    "argos_version": "1.9.0",
                    "links": ["https://example.invalid/translate-de_fr.argosmodel"],
                }
            ]
        )
    )
    download = Path(argos_settings.downloads_dir) / "translate-de_fr.argosmodel"
    shutil.copy(archive, download)
    try:
        listed = runner.invoke(main, ["models", "list"])
        assert "translate-de_fr  1.0  German → French" in listed.output
        result = runner.invoke(main, ["models", "install", "translate-de_fr"])
        assert result.exit_code == 0, result.output
        assert not download.exists()
        assert runner.invoke(main, ["models", "remove", "translate-de_fr"]).exit_code == 0
    finally:
        index.unlink()
        download.unlink(missing_ok=True)
    assert "translate-de_fr" not in runner.invoke(main, ["models", "list"]).output


def test_install_errors_are_one_line(
    runner: CliRunner, installed_packages: Path, tmp_path: Path
) -> None:
    bogus = tmp_path / "bogus.argosmodel"
    bogus.write_text("hello")
    for args, expected in [
        (["models", "install", str(bogus)], "not a zip archive"),
        (["models", "install", str(tmp_path / "absent.argosmodel")], "no such file"),
        (["models", "install", "translate-en_ru"], "no Argos package index"),
        (["models", "remove", "translate-en_ru"], "no installed package 'translate-en_ru'"),
    ]:
        result = runner.invoke(main, args)
        assert result.exit_code == 1
        assert result.stderr.startswith("error: ") and expected in result.stderr
        assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert not [p for p in installed_packages.iterdir() if p.name.startswith(".")]


def test_translate_prints_alternatives_one_per_line(
    runner: CliRunner, installed_packages: Path
) -> None:
    result = runner.invoke(main, ["translate", "--from", "en", "--to", "ko", "-n", "3", "Hello."])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert 1 <= len(lines) <= 3 and len(set(lines)) == len(lines) and all(lines)

    one = runner.invoke(main, ["translate", "--to", "uk", "-n", "1", "Where is the water?"])
    assert one.exit_code == 0 and len(one.output.splitlines()) == 1

    missing = runner.invoke(main, ["translate", "--to", "ru", "Hello"])
    assert missing.exit_code == 1
    assert missing.stderr.startswith("error: no translation model for en→ru")
    assert "phrasebook models install translate-en_ru" in missing.stderr

    assert runner.invoke(main, ["translate", "--to", "xx-invalid-", "Hello"]).exit_code == 2
    assert runner.invoke(main, ["translate", "--to", "ko"]).exit_code == 2


def test_translate_set_fills_missing_with_progress(
    runner: CliRunner,
    installed_packages: Path,
    sqlite_store: Store,
    make_phrasebook: Callable[..., None],
) -> None:
    make_phrasebook(
        sqlite_store,
        {"a": {"en": "Hello."}, "b": {"en": "Where is the water?"}, "c": {"en": "Go", "ko": "가"}},
        {"field": ["a", "b", "c"]},
    )
    result = runner.invoke(main, ["translate", "--set", "field", "--to", "ko"])
    assert result.exit_code == 0, result.output
    assert "field → ko" in result.output
    assert result.output.splitlines()[-1] == "2 of 2 missing translations filled"
    again = runner.invoke(main, ["translate", "--set", "field", "--to", "ko"])
    assert again.output.splitlines()[-1] == "0 of 0 missing translations filled"
    unknown = runner.invoke(main, ["translate", "--set", "nope", "--to", "ko"])
    assert unknown.exit_code == 1 and "no phrase set 'nope'" in unknown.stderr
