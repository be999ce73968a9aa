"""What the product does for a language is read from each part's own data: `phrasebook doctor
--lang TAG` lists it, and a new catalog folder is a new interface language."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from phrasebook import interface_language


def _doctor(runner: CliRunner, data_dir: Path, tag: str) -> tuple[int, list[str], str]:
    done = runner.invoke(main, ["--data-dir", str(data_dir), "doctor", "--lang", tag])
    return done.exit_code, done.stdout.splitlines(), done.stderr


def test_korean_has_every_part_but_installed_models(runner: CliRunner, data_dir: Path) -> None:
    code, lines, _err = _doctor(runner, data_dir, "ko")
    assert code == 0
    assert lines[:8] == [
        "ok      configured: enabled",
        "ok      language data: script Hang, variants ko-KP",
        "ok      interface: catalog locales/ko",
        "ok      pronunciation aids: its texts aided for en, uk, ru; its readers get aids of "
        "en, uk, ru",
        "ok      search word forms: particles and endings stripped by rule (word_forms.json)",
        "ok      numbers in words: answers/number_words.json",
        "ok      PDF and kit: labels; fonts draw Hang",
        "ok      speech: espeak-ng yes, gTTS (online) yes",
    ]


def test_a_fifth_language_is_told_what_it_lacks(runner: CliRunner, data_dir: Path) -> None:
    code, lines, _err = _doctor(runner, data_dir, "pl")
    assert code == 0  # it can be enabled: only optional parts are missing
    lacking = {line.split(":")[0].split(maxsplit=1)[1] for line in lines if line.startswith("warn")}
    assert {"interface", "pronunciation aids", "search word forms", "numbers in words"} <= lacking
    assert "ok      language data: script Latn" in lines
    assert "ok      configured: not enabled (add it to PHRASEBOOK_LANGUAGES)" in lines


@pytest.mark.parametrize(
    ("tag", "exit_code", "message"),
    [("tlh", 1, "error: tlh cannot be enabled yet: it lacks what the error lines say\n"),
     ("xx-", 2, "error: --lang xx-: invalid language tag 'xx-': not a BCP-47 tag\n")],
)  # fmt: skip
def test_a_language_that_cannot_be_enabled_says_why(
    runner: CliRunner, data_dir: Path, tag: str, exit_code: int, message: str
) -> None:
    code, _lines, err = _doctor(runner, data_dir, tag)
    assert (code, err) == (exit_code, message)


def test_a_catalog_folder_is_an_interface_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for tag in ("en", "uk", "pl"):
        folder = tmp_path / tag / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "messages.po").write_text("", "utf-8")
    (tmp_path / "xx").mkdir()  # no catalog in it
    monkeypatch.setattr(interface_language, "LOCALES_DIR", tmp_path)
    assert interface_language._catalog_languages() == ("en", "uk", "pl")
