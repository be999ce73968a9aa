"""Benchmark: pronunciation aids of 500 phrase-length texts, every direction, cold and warm.

"Cold" is the first call (en→ko: the first English call loads the CMU dictionary, shown
separately) in a fresh process (tables loaded from JSON, nothing memoized);
"per text" is the mean over all texts after that; "regenerate" fills the aid cache of a
SQLite store holding those phrases for all readers, as ``phrasebook regenerate-aids`` does.

    .venv/bin/python bench/pronunciation.py      # prints a Markdown table
"""

from __future__ import annotations

import platform
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

KOREAN = [
    "감사합니다",
    "무기를 버려!",
    "손을 들어!",
    "같이 가요.",
    "물이 필요합니까?",
    "읽고 있어요",
]
UKRAINIAN = ["Дякую!", "Кинь зброю!", "Руки вгору!", "Зв’язок є?", "Мені потрібна вода."]
ENGLISH = [
    "Thank you!",
    "Drop your weapon!",
    "Hands up!",
    "Where is the water?",
    "I need a doctor.",
]
RUSSIAN = ["Спасибо!", "Бросай оружие!", "Руки вверх!", "Где вода?", "Нужен врач."]


def _texts(base: list[str], count: int) -> list[str]:
    return [f"{base[i % len(base)]} {i}" for i in range(count)]


def main() -> None:
    started = time.perf_counter()
    from phrasebook.pronunciation import transcribe

    first = transcribe("감사합니다", "ko", "uk")
    cold = time.perf_counter() - started
    assert first == "камсахамніда"
    rows = [("import + first call (ko→uk)", cold * 1000, "ms")]
    begin = time.perf_counter()
    transcribe("Thank you", "en", "ko")
    rows.append(("first English call (loads CMUdict)", (time.perf_counter() - begin) * 1000, "ms"))
    for lang, reader, base in (
        ("ko", "en", KOREAN),
        ("ko", "uk", KOREAN),
        ("ko", "ru", KOREAN),
        ("uk", "en", UKRAINIAN),
        ("uk", "ko", UKRAINIAN),
        ("ru", "en", RUSSIAN),
        ("ru", "ko", RUSSIAN),
        ("en", "ko", ENGLISH),
    ):
        texts = _texts(base, 500)
        begin = time.perf_counter()
        for text in texts:
            transcribe(text, lang, reader)
        elapsed = time.perf_counter() - begin
        rows.append((f"{lang}→{reader}, per text (500 texts)", elapsed / 500 * 1e6, "µs"))

    from phrasebook import editing
    from phrasebook.config import Settings
    from phrasebook.db import migrate
    from phrasebook.pronunciation.service import regenerate_aids
    from phrasebook.store import Store

    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Settings.from_env(environ={}, data_dir=Path(folder)))
        migrate(store.engine)
        for index in range(500):
            editing.create_phrase(
                store.uow(),
                uid=f"p{index}",
                category="basics",
                texts={"ko": KOREAN[index % 6] + f" {index}", "uk": UKRAINIAN[index % 5]},
                by="bench",
                languages=("ko", "uk", "ru", "en"),
            )
        begin = time.perf_counter()
        report = regenerate_aids(store.uow(), ["en", "uk", "ru", "ko"])
        rows.append(
            (
                f"regenerate-aids, 500 phrases ({report.computed} aids, SQLite)",
                time.perf_counter() - begin,
                "s",
            )
        )
        store.close()

    print(
        f"machine: {platform.machine()}, {platform.processor() or '?'}, "
        f"Python {platform.python_version()}, {datetime.now(UTC):%Y-%m-%d}"
    )
    print("| measure | value |\n|---|---|")
    for name, value, unit in rows:
        print(f"| {name} | {value:.1f} {unit} |")


if __name__ == "__main__":
    main()
