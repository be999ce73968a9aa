"""A throwaway PostgreSQL cluster for the test session (initdb + pg_ctl, Unix socket only)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def find_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    return None


class Cluster:
    def __init__(
        self, root: Path, socket_dir: Path, user: str, port: int,
        control: tuple[str | None, list[str]] | None = None,
    ) -> None:  # fmt: skip
        self.root = root
        self.socket_dir = socket_dir
        self.user = user
        self.port = port
        # (the user pg_ctl runs as, and its arguments up to the action)
        self._control = control
        self._template: str | None = None

    def stop(self) -> None:
        """Stop the server (as a database going away under a running app)."""
        assert self._control is not None
        run_user, args = self._control
        _run_as(run_user, [*args, "-m", "fast", "-w", "stop"])

    def start(self) -> None:
        assert self._control is not None
        run_user, args = self._control
        _run_as(run_user, [*args, "-l", str(self.root / "log"), "-w", "start"])

    def url(self, database: str) -> str:
        return (
            f"postgresql+psycopg://{self.user}@/{database}?host={self.socket_dir}&port={self.port}"
        )

    def create_database(self, template: str | None = None) -> str:
        """A new empty database (or a copy of ``template``); its URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        copied = f' TEMPLATE "{template}"' if template else ""
        with psycopg.connect(
            host=str(self.socket_dir),
            port=self.port,
            user=self.user,
            dbname="postgres",
            autocommit=True,
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"{copied}')
        return self.url(name)

    def migrated_database(self) -> str:
        """A new database with this session's schema: a copy of a template migrated once (the
        migration chain runs once per session, not once per test)."""
        if self._template is None:
            from sqlalchemy import create_engine

            from phrasebook.db import migrate

            url = self.create_database()
            engine = create_engine(url)
            try:
                migrate(engine)
            finally:
                engine.dispose()  # CREATE DATABASE ... TEMPLATE needs it unused
            self._template = url.split("@/", 1)[1].split("?", 1)[0]  # (see url())
        return self.create_database(self._template)


def _run_as(user: str | None, args: list[str]) -> None:
    command = ["runuser", "-u", user, "--", *args] if user else args
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:2])} failed: {result.stderr.strip() or result.stdout}")


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    """Start a cluster in a temporary folder; as root, run it as the ``postgres`` user."""
    initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
    if not initdb or not pg_ctl:
        raise FileNotFoundError("PostgreSQL server binaries (initdb, pg_ctl) not found")
    run_user = None
    if os.geteuid() == 0:
        run_user = "postgres"
        pwd.getpwnam(run_user)  # raises KeyError when the system has no such user
    root = Path(tempfile.mkdtemp(prefix="phrasebook-pg-"))
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    if run_user:
        entry = pwd.getpwnam(run_user)
        for path in (root, sockets):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    db_user = run_user or pwd.getpwuid(os.geteuid()).pw_name
    port = 54000 + (os.getpid() % 1000)
    try:
        _run_as(
            run_user,
            [
                initdb,
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                db_user,
                "-E",
                "UTF8",
                "--no-sync",
                "--locale=C.UTF-8",
            ],
        )
        options = f"-k {sockets} -p {port} -c listen_addresses='' -c fsync=off"
        _run_as(
            run_user,
            [pg_ctl, "-D", str(data), "-o", options, "-w", "-l", str(root / "log"), "start"],
        )
        try:
            control = (run_user, [pg_ctl, "-D", str(data), "-o", options])
            yield Cluster(root, sockets, db_user, port, control)
        finally:
            _run_as(run_user, [pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"])
    finally:
        shutil.rmtree(root, ignore_errors=True)
