"""``phrasebook user ...`` against a real SQLite file in the test's data dir."""

from __future__ import annotations

from click.testing import CliRunner

from app.cli import main


def _add(runner: CliRunner, name: str, role: str, password: str = "long-enough-pw") -> None:
    result = runner.invoke(
        main, ["user", "add", name, "--role", role], input=f"{password}\n{password}\n"
    )
    assert result.exit_code == 0, result.output
    assert f"added {name} ({role})" in result.stdout
    assert password not in result.output


def test_add_list_passwd_role_remove(runner: CliRunner) -> None:
    _add(runner, "admin", "admin")
    _add(runner, "olena", "editor")
    listed = runner.invoke(main, ["user", "list"])
    assert listed.exit_code == 0
    assert listed.stdout.splitlines() == ["admin\tadmin", "olena\teditor"]

    changed = runner.invoke(
        main, ["user", "passwd", "olena"], input="another-password\nanother-password\n"
    )
    assert changed.exit_code == 0 and "password changed for olena" in changed.stdout

    role = runner.invoke(main, ["user", "role", "olena", "reviewer"])
    assert role.exit_code == 0 and "olena is now reviewer" in role.stdout

    removed = runner.invoke(main, ["user", "remove", "olena"])
    assert removed.exit_code == 0
    assert runner.invoke(main, ["user", "list"]).stdout.splitlines() == ["admin\tadmin"]


def test_password_must_be_confirmed_and_long_enough(runner: CliRunner) -> None:
    mismatch = runner.invoke(
        main,
        ["user", "add", "olena"],
        input="first-password\nother-password\nlong-enough-pw\nlong-enough-pw\n",
    )
    assert mismatch.exit_code == 0
    assert "do not match" in mismatch.stderr  # asked again, and only the matching pair counts
    remove = runner.invoke(main, ["user", "remove", "olena"])
    assert remove.exit_code == 0
    short = runner.invoke(main, ["user", "add", "olena"], input="short\nshort\n")
    assert short.exit_code == 1
    assert short.stderr.rstrip().endswith(
        "Repeat for confirmation:error: password: too short: use at least 8 characters"
    )
    assert runner.invoke(main, ["user", "list"]).stdout == ""


def test_errors_are_one_line(runner: CliRunner) -> None:
    _add(runner, "olena", "editor")
    duplicate = runner.invoke(
        main, ["user", "add", "olena"], input="long-enough-pw\nlong-enough-pw\n"
    )
    assert duplicate.exit_code == 1
    assert "error: a user named 'olena' already exists" in duplicate.stderr
    missing = runner.invoke(main, ["user", "passwd", "nobody"])
    assert missing.exit_code == 1 and missing.stderr.strip() == "error: no user 'nobody'"
    bad_role = runner.invoke(main, ["user", "role", "olena", "king"])
    assert bad_role.exit_code == 2


def test_token_is_printed_once_and_works(runner: CliRunner) -> None:
    _add(runner, "bot", "editor")
    issued = runner.invoke(main, ["user", "token", "bot"])
    assert issued.exit_code == 0
    token = issued.stdout.strip()
    assert token.startswith("pbk_") and len(token) > 40
    again = runner.invoke(main, ["user", "token", "bot"]).stdout.strip()
    assert again != token
