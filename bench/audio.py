"""Benchmark: audio for 500 phrases with espeak-ng, and serving a cached clip.

1. Synthesis: the first 500 translations of the curated seeds (all four languages), each
   rendered to a cached MP3 the way the app does it (Korean pronounced spelling, espeak-ng
   in its worker process, trim, normalize, encode), into an empty cache. Then the same 500
   again, now all cache hits. Peak memory: this process (ru_maxrss) and the espeak-ng worker.
2. Serving: one cached clip fetched 1000 times through the Flask test client, then 1000 times
   over HTTP from a local waitress server on 127.0.0.1 (whole file, and a Range request).

    .venv/bin/python bench/audio.py       # prints a Markdown table, writes bench/results/
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
PHRASES = 500
REQUESTS = 1000


def seed_texts(count: int = PHRASES) -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    for path in sorted((ROOT / "seeds").glob("*.json")):
        for phrase in json.loads(path.read_text("utf-8"))["phrases"]:
            for lang, translation in sorted(phrase["translations"].items()):
                texts.append((lang, translation["text"]))
    return texts[:count]


def bench_synthesis(data_dir: Path) -> dict[str, float]:
    from phrasebook.audio.engine import Speed
    from phrasebook.audio.service import AudioService
    from phrasebook.config import Settings

    texts = seed_texts()
    service = AudioService(Settings.from_env(environ={}, data_dir=data_dir))
    service.render("warm up", "en", Speed.NORMAL)  # worker start-up is not per phrase
    started = time.perf_counter()
    for lang, text in texts:
        service.render(text, lang, Speed.NORMAL)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    hits = sum(not service.render(text, lang, Speed.NORMAL).generated for lang, text in texts)
    warm = time.perf_counter() - started
    service.close()
    files = list(service.cache.files())
    return {
        "phrases": len(texts),
        "seconds": cold,
        "phrases_per_second": len(texts) / cold,
        "cache_hits_per_second": hits / warm,
        "files": len(files),
        "mean_file_kib": statistics.mean(p.stat().st_size for p in files) / 1024,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_peak_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": ordered[len(ordered) // 2] * 1000,
        "p95_ms": ordered[int(len(ordered) * 0.95)] * 1000,
        "p99_ms": ordered[int(len(ordered) * 0.99)] * 1000,
    }


def bench_serving(data_dir: Path) -> dict[str, dict[str, float]]:
    from waitress.server import create_server

    from app import create_app
    from phrasebook import editing
    from phrasebook.config import Settings
    from phrasebook.db import migrate
    from phrasebook.store import Store

    store = Store.open(Settings.from_env(environ={}, data_dir=data_dir))
    migrate(store.engine)
    editing.create_phrase(
        store.uow(), uid="bench.surrender", category="safety", by="bench",
        languages=store.settings.languages, texts={"ko": "손을 들고 천천히 걸어 나오세요"},
    )  # fmt: skip
    app = create_app({"PHRASEBOOK_SETTINGS": store.settings, "PHRASEBOOK_STORE": store})
    client = app.test_client()
    url = client.get("/audio/phrase/bench.surrender/ko?format=json").get_json()["url"]
    size = len(client.get(url).get_data())

    timings: list[float] = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        response.get_data()
        timings.append(time.perf_counter() - started)
    results = {"test_client": percentiles(timings)}

    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    port = server.effective_port  # type: ignore[union-attr]  # a TCP server here, not a unix one
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for name, headers in [("waitress", {}), ("waitress_range", {"Range": "bytes=0-4095"})]:
            connection = http.client.HTTPConnection("127.0.0.1", port)
            timings = []
            for _ in range(REQUESTS):
                started = time.perf_counter()
                connection.request("GET", url, headers=headers)
                response = connection.getresponse()
                response.read()
                timings.append(time.perf_counter() - started)
                assert response.status in (200, 206)
            connection.close()
            results[name] = percentiles(timings)
    finally:
        time.sleep(0.2)  # let waitress finish with the last connection before closing
        server.close()
    app.extensions["phrasebook"].close()
    store.close()
    results["file"] = {"bytes": float(size)}
    return results


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} cores, {system}, Python {platform.python_version()}"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="phrasebook-bench-audio-") as folder:
        synthesis = bench_synthesis(Path(folder) / "synthesis")
        serving = bench_serving(Path(folder) / "serving")
    stamp = datetime.now(UTC)
    result = {"date": stamp.isoformat(timespec="seconds"), "machine": machine(),
              "synthesis": synthesis, "serving": serving}  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"audio-{stamp:%Y%m%d-%H%M}.json").write_text(json.dumps(result, indent=2) + "\n")

    s = synthesis
    print(f"{result['date']} — {result['machine']}\n")
    print("| espeak-ng, 500 seed phrases (ko/uk/ru/en) | value |\n|---|---|")
    print(f"| cold cache: time | {s['seconds']:.1f} s |")
    print(f"| cold cache: phrases per second | {s['phrases_per_second']:.1f} |")
    print(f"| warm cache: hits per second | {s['cache_hits_per_second']:.0f} |")
    print(f"| distinct files / mean size | {s['files']:.0f} / {s['mean_file_kib']:.1f} KiB |")
    print(f"| peak memory: app process / espeak-ng worker | {s['peak_rss_mib']:.0f} MiB / "
          f"{s['worker_peak_rss_mib']:.0f} MiB |\n")  # fmt: skip
    print(f"| serving one cached clip ({serving['file']['bytes'] / 1024:.1f} KiB), "
          f"{REQUESTS} requests | p50 | p95 | p99 |\n|---|---|---|---|")  # fmt: skip
    for name, label in [("test_client", "Flask test client"), ("waitress", "waitress, 127.0.0.1"),
                        ("waitress_range", "waitress, Range bytes=0-4095")]:  # fmt: skip
        row = serving[name]
        cells = " | ".join(f"{row[column]:.2f} ms" for column in ("p50_ms", "p95_ms", "p99_ms"))
        print(f"| {label} | {cells} |")


if __name__ == "__main__":
    main()
