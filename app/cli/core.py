"""Commands for the store itself: init, seed, import, export, stats, serve."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from phrasebook import services
from phrasebook.errors import InvalidInput
from phrasebook.interchange.formats import EXPORTERS
from phrasebook.interchange.importer import read_file

from . import Context, ProgressReporter, fail


def _languages(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


NO_SEEDS = click.option(
    "--no-seeds",
    is_flag=True,
    help="A new database starts empty instead of with the curated seed phrases.",
)


@click.command()
@NO_SEEDS
@click.pass_obj
def init(obj: Context, no_seeds: bool) -> None:
    """Create the database (or bring its schema up to date) and load the seeds when new."""
    report = obj.store.initialize(seed=not no_seeds)
    if report is None:
        click.echo(f"{obj.settings.database_display}: schema up to date")
    else:
        click.echo(f"created {obj.settings.database_display}: {report.summary()}")


@click.command()
@click.option(
    "--from",
    "seeds_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Folder of phrasebook/1 seed files (default: the curated seeds shipped with phrasebook).",
)
@click.pass_obj
def seed(obj: Context, seeds_dir: Path | None) -> None:
    """Load the curated seed phrase sets. Idempotent; phrases someone edited are kept."""
    store = obj.ready_store(seed_if_new=False)
    report = store.seed(seeds_dir)
    click.echo(report.summary())
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)


@click.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--dry-run", is_flag=True, help="Validate and report what would change; write nothing."
)
@click.option("-v", "--verbose", is_flag=True, help="List every change, one per line.")
@click.pass_obj
def import_command(obj: Context, file: Path, dry_run: bool, verbose: bool) -> None:
    """Import a phrasebook/1 JSON file or a bundle with recordings (.zip): all or nothing.

    FILE may be - for standard input; a bundle is what ``export --bundle`` writes.

    Into a new data directory, the file is all there is (no seeds are added first), so that
    export, import into an empty store and export again give the same file."""
    store = obj.ready_store(seed_if_new=False)
    settings = obj.settings
    if str(file) == "-":
        raw = sys.stdin.buffer.read(settings.import_max_bytes + 1)
        source = "stdin"
    else:
        if not file.is_file():
            fail(f"{file}: no such file")
        raw = read_file(file, max_bytes=settings.import_max_bytes)
        if raw.startswith(services.BUNDLE_MAGIC):  # a bundle carries audio: a larger limit
            from phrasebook.audio.bundles import BUNDLE_MAX_BYTES

            raw = read_file(file, max_bytes=BUNDLE_MAX_BYTES)
        source = file.name
    with ProgressReporter("importing") as progress:
        try:
            report = services.import_bytes(
                store.uow(),
                raw,
                source=source,
                languages=settings.languages,
                max_bytes=settings.import_max_bytes,
                dry_run=dry_run,
                progress=progress,
                audio_dir=settings.data_dir / "audio",
            )
        except InvalidInput as exc:
            progress.close()
            fail(f"{source}: {exc}")
    if verbose or dry_run:
        for line in report.changes:
            click.echo(line)
    for warning in report.warnings:
        click.echo(f"warning: {source}: {warning}", err=True)
    click.echo(report.summary())


@click.command()
@click.option("--set", "set_slug", metavar="NAME", help="Only this phrase set.")
@click.option("--category", metavar="C", help="Only this category (no sets are exported).")
@click.option("--lang", "langs", metavar="ko,uk", help="Only these languages (comma-separated).")
@click.option(
    "--format",
    "format_name",
    default="json",
    show_default=True,
    metavar="NAME",
    help="The format: " + "; ".join(f"{name}: {e.summary}" for name, e in EXPORTERS.items()),
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@click.option("--bundle", is_flag=True, help="The same as --format bundle.")
@click.pass_obj
def export(
    obj: Context,
    set_slug: str | None,
    category: str | None,
    langs: str | None,
    format_name: str,
    output: Path | None,
    bundle: bool,
) -> None:
    """Export phrases as phrasebook/1 JSON (deterministic, diff-friendly), or a bundle.

    ``--format`` chooses another format (the list above); ``--format bundle -o FILE.zip``
    writes a zip of the JSON, the recordings' metadata and their audio files."""
    from phrasebook.interchange.formats import ExportSource, exporter
    from phrasebook.interchange.repository import ExportScope

    chosen = exporter("bundle" if bundle else format_name, "--format")
    scope = ExportScope.of(set_slug=set_slug, category=category, languages=_languages(langs))
    source = ExportSource.of(obj.ready_store())
    if output is None:
        if chosen.media_type != "application/json":
            fail(f"--format {chosen.name} writes a .{chosen.extension} file: give it with -o")
        stdout = click.get_binary_stream("stdout")
        for piece in chosen.stream(source, scope):
            stdout.write(piece)
        return
    # Written beside the target and renamed: a failed export never leaves a partial file.
    temporary = output.with_name(f".{output.name}.tmp")
    try:
        with temporary.open("wb") as file:
            note = chosen.write(source, scope, file)
        temporary.replace(output)
    finally:
        temporary.unlink(missing_ok=True)
    click.echo(f"wrote {output}" + (f" ({note})" if note else ""), err=True)


@click.command()
@click.pass_obj
def stats(obj: Context) -> None:
    """Count phrases, sets and translations per language and review status."""
    store = obj.ready_store()
    result = services.stats(store.uow())
    click.echo(f"database: {obj.settings.database_display}")
    click.echo(f"phrases: {result.phrases}  sets: {result.sets}  categories: {result.categories}")
    for lang, counts in result.translations.items():
        detail = "  ".join(f"{status} {number}" for status, number in counts.items())
        click.echo(f"  {lang:<6} {sum(counts.values()):>5}  ({detail})")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--queue-threads",
    default=2,
    show_default=True,
    type=click.IntRange(0, 16),
    help="Threads consuming the task queue in this process, when it is the default SQLite "
    "queue (a Redis queue is consumed by `phrasebook worker`); 0: none.",
)
@NO_SEEDS
@click.pass_obj
def serve(
    obj: Context, host: str, port: int, threads: int, queue_threads: int, no_seeds: bool
) -> None:
    """Serve the web app (creating and seeding the database on first run)."""
    from waitress import serve as waitress_serve

    from app import create_app
    from app.extensions import RUNTIME_KEY
    from phrasebook.tasks import HueyQueue, start_in_threads

    store = obj.ready_store(seed_if_new=not no_seeds)
    application = create_app({"PHRASEBOOK_SETTINGS": obj.settings, "PHRASEBOOK_STORE": store})
    queue = application.extensions[RUNTIME_KEY].queue
    click.echo(f"phrasebook {obj.settings.database_display} on http://{host}:{port}/", err=True)
    if isinstance(queue, HueyQueue) and queue.in_serve and queue_threads:
        start_in_threads(queue, queue_threads)
        click.echo(f"task queue: {queue.description}, {queue_threads} threads", err=True)
    waitress_serve(application, host=host, port=port, threads=threads, ident="phrasebook")


@click.command()
@click.option("--threads", default=2, show_default=True, type=click.IntRange(1, 32))
@click.pass_obj
def worker(obj: Context, threads: int) -> None:
    """Run the tasks of the queue (fills, audio builds, kits): one process of any number, on
    any machine that reaches the database and PHRASEBOOK_QUEUE_URL."""
    from phrasebook.tasks import HueyQueue

    obj.ready_store(seed_if_new=False)
    queue = obj.runtime.queue
    if not isinstance(queue, HueyQueue):
        raise click.ClickException("PHRASEBOOK_QUEUE_URL=inline: there is no queue to work on")
    taken_up = queue.resume()
    click.echo(
        f"worker on {queue.description}, {threads} threads; {taken_up} stale jobs taken up",
        err=True,
    )
    queue.consumer(threads).run()  # until SIGINT or SIGTERM: running tasks finish first


@click.command()
@click.option(
    "--lang",
    "language",
    metavar="TAG",
    help="Instead: what each part of the product does for this language, and what it lacks.",
)
@click.pass_obj
def doctor(obj: Context, language: str | None) -> None:
    """Check the installation: database, schema, rate-limit storage, task queue, data folder,
    fonts, voices, translation packages, secret key; one line each, then the settings in
    effect (secrets masked); exit status 1 if something is broken."""
    from phrasebook import health

    if language is not None:
        from phrasebook.language_support import language_report
        from phrasebook.languages import LanguageError

        try:
            report = language_report(language, obj.settings.languages)
        except LanguageError as exc:
            fail(f"--lang {language}: {exc}", code=2)
        for check in report:
            click.echo(check.line())
        if any(check.required and not check.ok for check in report):
            fail(f"{language} cannot be enabled yet: it lacks what the error lines say")
        return

    from ..auth import SECRET_KEY_FILE

    settings = obj.settings
    uri: str = settings.value("PHRASEBOOK_RATELIMIT_STORAGE")
    queue = obj.runtime.queue
    checks = health.doctor(
        obj.store,
        lambda: health.rate_limits(uri),
        lambda: health.task_queue(queue),
        key_file=settings.data_dir / SECRET_KEY_FILE,
    )
    for check in checks:
        click.echo(check.line())
    click.echo("settings (docs/settings.md):")
    for name, shown, origin in settings.effective():
        click.echo(f"  {name}={shown}" + ("" if origin == "set" else f"  ({origin})"))
    broken = [check.name for check in checks if check.required and not check.ok]
    if broken:
        raise click.ClickException(f"not ready: {', '.join(broken)}")
