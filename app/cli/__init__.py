"""The ``phrasebook`` command. Each area of the product adds its commands in its own module."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from phrasebook import __version__
from phrasebook.config import ConfigError, Settings
from phrasebook.errors import PhrasebookError

if TYPE_CHECKING:
    from phrasebook.bootstrap import Runtime
    from phrasebook.store import Store

# Each command's module is imported only when that command runs, so that `phrasebook --help`
# loads neither SQLAlchemy nor Flask (heavy modules are imported inside the commands that need
# them). name -> (module, attribute, the one-line help `--help` lists; a test keeps it equal
# to the command's own docstring).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "init": (
        "core",
        "init",
        "Create the database (or bring its schema up to date) and load the seeds when new.",
    ),
    "seed": ("core", "seed", "Load the curated seed phrase sets."),
    "import": (
        "core",
        "import_command",
        "Import a phrasebook/1 JSON file or a bundle with recordings (.zip): all or nothing.",
    ),
    "export": (
        "core",
        "export",
        "Export phrases as phrasebook/1 JSON (deterministic, diff-friendly), or a bundle.",
    ),
    "stats": (
        "core",
        "stats",
        "Count phrases, sets and translations per language and review status.",
    ),
    "serve": (
        "core",
        "serve",
        "Serve the web app (creating and seeding the database on first run).",
    ),
    "doctor": (
        "core",
        "doctor",
        "Check the installation: database, schema, rate-limit storage, task queue, data folder, "
        "fonts, voices, translation packages, secret key; one line each, then the settings in "
        "effect (secrets masked); exit status 1 if something is broken.",
    ),
    "worker": (
        "core",
        "worker",
        "Run the tasks of the queue (fills, audio builds, kits): one process of any number, on "
        "any machine "
        "that reaches the database and PHRASEBOOK_QUEUE_URL.",
    ),
    "models": ("models", "models", "Offline translation models (Argos Translate packages)."),
    "translate": (
        "models",
        "translate",
        "Translate TEXT offline (alternatives one per line, best first), "
        "or with --set fill a phrase set's missing translations.",
    ),
    "user": (
        "users",
        "user_group",
        "Manage the people who may sign in to the web app, and their roles.",
    ),
    "audio": (
        "audio",
        "audio",
        "Generated audio for phrases (espeak-ng offline; gTTS or Piper when configured).",
    ),
    "transcribe": (
        "transcribe",
        "transcribe_command",
        "Print the pronunciation aid of TEXT in the reader's own script, on one line.",
    ),
    "regenerate-aids": (
        "transcribe",
        "regenerate_aids_command",
        "Compute every stored translation's pronunciation aids again (hand-written ones stay).",
    ),
    "pdf": (
        "pdf",
        "pdf_command",
        "Print phrases as a PDF: a set (--set) or chosen phrases (--ids).",
    ),
    "kit": (
        "kit",
        "kit_command",
        "Write the phrase book as one self-contained HTML file for a phone with no network.",
    ),
    "i18n": (
        "i18n",
        "i18n_group",
        "Web UI translations: extract, update, compile and check the message catalogs.",
    ),
    "reindex": (
        "search",
        "reindex",
        "Rebuild every phrase's search keys (after changing how pronunciation aids are made).",
    ),
}


# Commands whose process runs work in overlapping threads: bulk work there leaves the garbage
# collector alone (phrasebook.collector).
THREADED_COMMANDS = frozenset({"serve", "worker"})


class Context:
    """What every command needs: settings, and the store opened on first use."""

    def __init__(self, settings: Settings, debug: bool) -> None:
        self.settings = settings
        self.debug = debug
        self._runtime: Runtime | None = None

    @property
    def runtime(self) -> Runtime:
        """What the command works with, wired by phrasebook.bootstrap on first use (the
        database is opened then, not before)."""
        if self._runtime is None:
            from phrasebook.bootstrap import bootstrap

            self._runtime = bootstrap(self.settings)
        return self._runtime

    @property
    def store(self) -> Store:
        return self.runtime.store

    def ready_store(self, *, seed_if_new: bool = True) -> Store:
        """The store with its schema up to date (seeded when it was created just now)."""
        if not seed_if_new:
            from phrasebook.db import migrate

            if migrate(self.store.engine):
                click.echo(f"created {self.settings.database_display} (empty)", err=True)
            return self.store
        report = self.store.initialize()
        if report is not None:
            click.echo(f"created {self.settings.database_display}: {report.summary()}", err=True)
        return self.store


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line to stderr and exit non-zero."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


class ProgressReporter:
    """A ``progress(done, total)`` callback drawing a click progress bar on stderr.

    The bar appears once the total is known (after validation); click hides it when stderr is
    not a terminal.
    """

    def __init__(self, label: str) -> None:
        self.label = label
        self._bar: Any = None
        self._done = 0

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._done)
        self._done = done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None

    def __enter__(self) -> ProgressReporter:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class PhrasebookGroup(click.Group):
    """Turns domain errors into one line on stderr and a non-zero exit (traceback with --debug);
    loads each command's module when the command is asked for (see COMMANDS)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module_name, attribute, _help = COMMANDS[cmd_name]
        module = importlib.import_module(f"{__name__}.{module_name}")
        command: click.Command = getattr(module, attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx) if name in COMMANDS]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (PhrasebookError, ConfigError, OSError) as exc:
            obj = ctx.obj
            if isinstance(obj, Context) and obj.debug:
                raise
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)


@click.group(cls=PhrasebookGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="PHRASEBOOK_DATA_DIR",
    help="Where the database, caches and generated files live [env: PHRASEBOOK_DATA_DIR].",
)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(__version__, prog_name="phrasebook")
@click.pass_context
def main(ctx: click.Context, data_dir: Path | None, debug: bool) -> None:
    """phrasebook: an offline, multilingual field phrase book.

    Curated phrases in Korean, Ukrainian, Russian and English with review status and
    provenance; import and export as phrasebook/1 JSON; a local web app.
    """
    try:
        settings = Settings.from_env(data_dir=data_dir)
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    ctx.obj = Context(settings, debug)
    if ctx.invoked_subcommand not in THREADED_COMMANDS:
        from phrasebook import collector

        collector.allow_pausing()  # one piece of work owns this process (phrasebook.collector)
