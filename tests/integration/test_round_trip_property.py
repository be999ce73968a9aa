"""Export, import into an empty store, export again: byte-identical, for generated books."""

import json
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phrasebook import services
from phrasebook.config import Settings
from phrasebook.db import migrate
from phrasebook.notes import from_document, to_document
from phrasebook.store import Store

LANGS = ("ko", "ko-KP", "uk", "ru", "en")

# Letters, marks (combining characters), symbols (emoji), punctuation, spaces; no surrogates
# or control characters (the format rejects those).
text_chars = st.characters(
    categories=["L", "M", "N", "P", "S", "Zs"], exclude_characters="\u2028\u2029"
)
samples = st.sampled_from(
    [
        "감사합니다 🙏",
        "e\u0301\u0301 combining",
        "שלום עליכם",  # right-to-left
        "مرحبا بكم",
        "Будь ласка, п’ять хвилин",
        "Ещё раз, пожалуйста",
        "👨‍⚕️ medic",
    ]
)
texts = st.one_of(
    samples,
    st.text(text_chars, min_size=1, max_size=40).filter(lambda s: s.strip() != ""),
    # Long text (up to the 10,000-character limit of phrasebook.textcheck), built by repetition.
    st.tuples(samples, st.integers(100, 400)).map(
        lambda pair: " ".join([pair[0]] * pair[1])[:10_000]
    ),
)
# Tags and names: short (at most 500 characters, phrasebook.textcheck.MAX_LABEL).
labels = st.one_of(
    samples, st.text(text_chars, min_size=1, max_size=40).filter(lambda s: s.strip())
)
# Notes as old files write them (one English string) or by language (docs/format.md).
notes = st.one_of(st.just(""), texts, st.dictionaries(st.sampled_from(LANGS), texts, min_size=1))
ids = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,20}", fullmatch=True)


@st.composite
def phrase_books(draw: st.DrawFn) -> dict[str, Any]:
    uids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    phrases = []
    for position, uid in enumerate(uids):
        langs = draw(st.lists(st.sampled_from(LANGS), min_size=1, max_size=5, unique=True))
        phrases.append(
            {
                "id": uid,
                "category": draw(st.sampled_from(["basics", "medical", "safety"])),
                "position": position,
                "tags": draw(st.lists(labels, max_size=2)),
                "notes": draw(notes),
                "register": draw(st.sampled_from(["polite", "neutral", "command"])),
                "translations": {
                    tag: {
                        "text": draw(texts),
                        "status": draw(st.sampled_from(["draft", "machine", "reviewed"])),
                        "notes": draw(notes),
                    }
                    for tag in langs
                },
            }
        )
    for phrase in phrases:  # answer panels naming other phrases of the book
        others = [uid for uid in uids if uid != phrase["id"]]
        kinds = ["none", "number", "time"] + (
            ["yes-no", "choice", "scale"] if len(others) >= 2 else []
        )
        kind = draw(st.sampled_from(kinds))
        if kind in ("yes-no", "choice"):
            options = draw(st.lists(st.sampled_from(others), min_size=2, max_size=6, unique=True))
            phrase["answers"] = {"kind": kind, "options": options}
        elif kind == "scale":
            low, high = draw(st.lists(st.sampled_from(others), min_size=2, max_size=2, unique=True))
            phrase["answers"] = {"kind": "scale", "max": draw(st.integers(1, 20)), "low": low,
                                 "high": high}  # fmt: skip
        elif kind == "number":
            phrase["answers"] = {"kind": "number", "counting": draw(st.booleans())}
        elif kind == "time":
            units = draw(st.lists(st.sampled_from(["minutes", "hours", "days", "weeks"]),
                                  min_size=1, unique=True))  # fmt: skip
            phrase["answers"] = {"kind": "time", "units": units}
    members = draw(st.lists(st.sampled_from(uids), unique=True))
    return {
        "format": "phrasebook/1",
        "phrases": phrases,
        "sets": [{"id": "set-1", "phrases": members}],
    }


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    store = Store.open(
        Settings(data_dir=path.parent, env={"PHRASEBOOK_DATABASE_URL": f"sqlite:///{path}"})
    )
    migrate(store.engine)
    store.close()
    return path


def fresh_store(template: Path, target: Path) -> Store:
    shutil.copy(template, target)
    return Store.open(
        Settings(data_dir=target.parent, env={"PHRASEBOOK_DATABASE_URL": f"sqlite:///{target}"})
    )


def import_export(store: Store, raw: bytes) -> str:
    try:
        services.import_bytes(
            store.uow(),
            raw,
            source="gen.json",
            languages=("ko", "uk", "ru", "en"),
            max_bytes=10**7,
        )
        return services.export_text(store.uow())
    finally:
        store.close()


def nfc(value: Any) -> Any:
    """``value`` (a note: None, a string or an object) as the store keeps it: NFC."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {tag: unicodedata.normalize("NFC", text) for tag, text in value.items()}
    return value


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(book=phrase_books())
def test_round_trip_is_byte_identical(
    book: dict[str, Any], template_db: Path, tmp_path: Path
) -> None:
    first = import_export(
        fresh_store(template_db, tmp_path / "a.sqlite3"), json.dumps(book).encode()
    )
    second = import_export(fresh_store(template_db, tmp_path / "b.sqlite3"), first.encode())
    assert second == first
    exported = {p["id"]: p for p in json.loads(first)["phrases"]}
    for phrase in book["phrases"]:
        # A string stays a string; an object stays an object unless English is its only key.
        assert exported[phrase["id"]].get("notes") == nfc(
            to_document(from_document(phrase["notes"]))
        )
        assert exported[phrase["id"]].get("answers") == phrase.get("answers")
        for tag, item in phrase["translations"].items():
            written = exported[phrase["id"]]["translations"][tag]
            assert written["text"] == unicodedata.normalize("NFC", item["text"])  # stored NFC
            assert written.get("notes") == nfc(to_document(from_document(item["notes"])))
