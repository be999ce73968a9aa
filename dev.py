#!/usr/bin/env python3
"""Set up and run phrasebook from a source checkout with nothing but Python 3.11+.

    python3 dev.py serve    install, create the database with the seeds, serve on :5000
    python3 dev.py test     install (with test tools), run checks and the whole test suite
    python3 dev.py test --quick    the same checks, the unit tier and the integration tests
                                   that need no browser (the inner loop; minutes, not a quarter
                                   of an hour)

Installing means: a private copy of uv (pinned) in .tools/, then the project's environment
in .venv/ exactly as uv.lock pins it. For the browser, PDF and PostgreSQL tests, the test
command also installs Debian's chromium, poppler-utils and PostgreSQL server packages when
it runs as root on Debian and they are missing; elsewhere those tests are skipped and say why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
TOOLS = ROOT / ".tools"
VENV = ROOT / ".venv"
UV_VERSION = "0.13.9"
BIN = "Scripts" if os.name == "nt" else "bin"


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    completed = subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=False)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def uv() -> Path:
    executable = TOOLS / BIN / "uv"
    if not executable.exists():
        venv.create(TOOLS, with_pip=True)
        run(TOOLS / BIN / "python", "-m", "pip", "install", "--quiet", f"uv=={UV_VERSION}")
    return executable


def install(with_dev: bool) -> None:
    env = {**os.environ, "UV_PYTHON": sys.executable, "UV_PROJECT_ENVIRONMENT": str(VENV)}
    # --compile-bytecode: every command is a fresh process, and one that has to compile
    # SQLAlchemy from source (PYTHONDONTWRITEBYTECODE set, or a read-only venv) takes a
    # second longer to start.
    args: list[str | Path] = [uv(), "sync", "--frozen", "--compile-bytecode"]
    if not with_dev:
        args.append("--no-dev")
    run(*args, env=env)
    # The project's own modules too (uv compiles only what it installs).
    run(VENV / BIN / "python", "-m", "compileall", "-q", ROOT / "phrasebook", ROOT / "app")
    compile_catalogs()


def compile_catalogs() -> None:
    """Compiled message catalogs are build output, not committed: make them here."""
    if (ROOT / "locales").is_dir() and any((ROOT / "locales").glob("*/LC_MESSAGES/*.po")):
        run(
            VENV / BIN / "pybabel",
            "compile",
            "--use-fuzzy",
            "-d",
            ROOT / "locales",
            "-D",
            "messages",
            "--statistics",
        )


def system_packages_for_tests() -> None:
    wanted = {
        "chromium": shutil.which("chromium") is None,
        "poppler-utils": shutil.which("pdftotext") is None,
        # shared rate limits across server processes (tests/integration/test_processes.py)
        "redis-server": shutil.which("redis-server") is None,
    }
    has_pg = shutil.which("initdb") or any(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    wanted["postgresql"] = not has_pg
    missing = [name for name, needed in wanted.items() if needed]
    if not missing:
        return
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(
            f"note: not installing {', '.join(missing)} (needs root and apt-get); "
            "the tests that need them will be skipped and say why",
            flush=True,
        )
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", env=env)
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)


def serve(extra: list[str]) -> None:
    install(with_dev=False)
    phrasebook = VENV / BIN / "phrasebook"
    run(phrasebook, "init")
    os.execv(str(phrasebook), [str(phrasebook), "serve", *extra])


def test(extra: list[str]) -> None:
    quick = "--quick" in extra
    extra = [arg for arg in extra if arg != "--quick"]
    install(with_dev=True)
    if not quick:
        system_packages_for_tests()
    python = VENV / BIN / "python"
    run(python, "-m", "ruff", "check", ".")
    run(python, "-m", "ruff", "format", "--check", ".")
    run(python, "-m", "mypy")
    if quick:  # the inner loop: the unit tier and the integration tests without a browser
        extra = ["tests/unit", "tests/integration", "-m", "not browser", *extra]
    run(python, "-m", "pytest", *extra)


def main() -> None:
    commands = {"serve": serve, "test": test, "install": lambda extra: install(with_dev=True)}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        sys.exit(2)
    if sys.version_info < (3, 11):  # noqa: UP036  dev.py is run by whatever python3 a user has
        sys.exit("phrasebook needs Python 3.11 or newer")
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
