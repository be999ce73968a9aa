"""Several `phrasebook import` processes on one SQLite file: they wait their turn; one that
waits longer than the lock timeout stops with one line and writes nothing.

Real processes (the installed command line) on a real SQLite file."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import phrase_entry

PROCESSES = 6


def command(data_dir: Path, *args: str) -> list[str]:
    # The installed console script, beside this interpreter, as a user runs it.
    script = Path(sys.executable).parent / "phrasebook"
    return [str(script), "--data-dir", str(data_dir), *args]


def document_file(path: Path, prefix: str, count: int = 30) -> Path:
    phrases = [
        phrase_entry(f"{prefix}-{n}", en=f"Phrase {n} of {prefix}", uk=f"Фраза {n}")
        for n in range(count)
    ]
    path.write_text(json.dumps({"format": "phrasebook/1", "phrases": phrases}), "utf-8")
    return path


def phrase_count(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "phrasebook.sqlite3") as connection:
        return int(connection.execute("SELECT count(*) FROM phrases").fetchone()[0])


def init(data_dir: Path) -> None:
    subprocess.run(command(data_dir, "init", "--no-seeds"), check=True, capture_output=True)


def test_parallel_imports_wait_their_turn(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    init(data_dir)
    files = [document_file(tmp_path / f"part{n}.json", f"part{n}") for n in range(PROCESSES)]
    running: list[subprocess.Popen[str]] = [
        subprocess.Popen(
            command(data_dir, "import", str(path)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in files
    ]
    results: list[tuple[int, Any, Any]] = []
    for process in running:
        out, err = process.communicate(timeout=120)
        results.append((process.returncode, out, err))
    assert [code for code, _out, err in results] == [0] * PROCESSES, results
    assert all("Traceback" not in err for _code, _out, err in results)
    assert phrase_count(data_dir) == PROCESSES * 30


def test_an_import_that_cannot_get_the_lock_stops_with_one_line(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    init(data_dir)
    path = document_file(tmp_path / "late.json", "late")
    holder = sqlite3.connect(data_dir / "phrasebook.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, held past the 5 s busy timeout
    try:
        done = subprocess.run(
            command(data_dir, "import", str(path)), capture_output=True, text=True, timeout=120
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert lines and "Traceback" not in done.stderr
    assert lines[-1].startswith("error:") and "busy" in lines[-1], done.stderr
    assert phrase_count(data_dir) == 0


SAME_FILE_PROCESSES = 10


def test_parallel_imports_of_one_file_all_succeed_and_add_it_once(tmp_path: Path) -> None:
    """The race of issue 37: each process reads which phrases are new, then writes them; a
    process whose new phrases another one wrote meanwhile is refused by the unique index and
    reads again (its phrases are then unchanged), instead of ending in a traceback."""
    data_dir = tmp_path / "data"
    init(data_dir)
    path = document_file(tmp_path / "same.json", "same", count=200)
    running = [
        subprocess.Popen(
            command(data_dir, "import", str(path)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(SAME_FILE_PROCESSES)
    ]
    outputs = []
    for process in running:
        out, err = process.communicate(timeout=180)
        outputs.append((process.returncode, out, err))
    assert [code for code, _out, _err in outputs] == [0] * SAME_FILE_PROCESSES, outputs
    # stderr holds the progress bar's label ("importing") and nothing else: no traceback.
    assert all(err.strip() in ("", "importing") for _code, _out, err in outputs), outputs
    assert phrase_count(data_dir) == 200
    summaries = sorted(out.strip().splitlines()[-1] for _code, out, _err in outputs)
    assert sum("200 added" in line for line in summaries) == 1, summaries
