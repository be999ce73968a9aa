"""Command-line start-up: wall time of fresh ``phrasebook`` processes.

    .venv/bin/python bench/cli.py [--runs 3]

On a new data directory with the seeds (made first, not timed), runs each command
``--runs`` times in a fresh process and reports the best and the median wall time: how long
a person waits for ``phrasebook --help``, ``phrasebook stats`` and a 39-phrase PDF. Not a
test: the numbers go into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHRASEBOOK = ROOT / ".venv" / "bin" / "phrasebook"
COMMANDS = {
    "phrasebook --help": ["--help"],
    "phrasebook stats": ["stats"],
    "phrasebook pdf --set safety --from uk --to ko (39 phrases)": [
        "pdf",
        "--set",
        "safety",
        "--from",
        "uk",
        "--to",
        "ko",
        "-o",
        "{out}/safety.pdf",
    ],  # fmt: skip
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "PHRASEBOOK_DATA_DIR": folder}
        subprocess.run([str(PHRASEBOOK), "init"], env=env, check=True, stdout=subprocess.DEVNULL)
        load = os.getloadavg()[0]
        print(f"# {platform.node()}, {os.cpu_count()} cores, Python "
              f"{platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M')}, "
              f"load average {load:.1f}")  # fmt: skip
        print("| command | best (s) | median (s) |")
        print("|---|---|---|")
        for name, arguments in COMMANDS.items():
            command = [str(PHRASEBOOK), *(a.format(out=folder) for a in arguments)]
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
                times.append(time.perf_counter() - started)
            print(f"| `{name}` | {min(times):.2f} | {statistics.median(times):.2f} |", flush=True)


if __name__ == "__main__":
    main()
