"""The ``phrasebook`` command. Each area of the product adds its commands in its own module."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from phrasebook import __version__
from phrasebook.config import ConfigError, Settings
from phrasebook.db import migrate
from phrasebook.errors import PhrasebookError
from phrasebook.store import Store


class Context:
    """What every command needs: settings, and the store opened on first use."""

    def __init__(self, settings: Settings, debug: bool) -> None:
        self.settings = settings
        self.debug = debug
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store.open(self.settings)
        return self._store

    def ready_store(self, *, seed_if_new: bool = True) -> Store:
        """The store with its schema up to date (seeded when it was created just now)."""
        if not seed_if_new:
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
    """Turns domain errors into one line on stderr and a non-zero exit (traceback with --debug)."""

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


def _register_commands() -> None:
    from . import audio, core, i18n, models, pdf, search, transcribe, users

    for module in (core, models, users, audio, transcribe, pdf, i18n, search):
        module.register(main)


_register_commands()
