"""The curated seed sets: complete, well-formed, loadable and idempotent."""

import json
import re
from pathlib import Path
from typing import Any

import pytest

from phrasebook import services
from phrasebook.interchange import parse_document
from phrasebook.store import Store

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FILES = sorted(SEEDS.glob("*.json"))


def all_phrases() -> list[dict[str, Any]]:
    return [p for f in FILES for p in json.loads(f.read_text("utf-8"))["phrases"]]


def english() -> set[str]:
    return {p["translations"]["en"]["text"] for p in all_phrases()}


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_each_file_is_valid_with_no_warnings(path: Path) -> None:
    parsed = parse_document(path.read_bytes(), languages=("ko", "uk", "ru", "en"), max_bytes=10**7)
    assert parsed.warnings == []
    ids = [p["id"] for p in parsed.data["phrases"]]
    for phrase_set in parsed.data["sets"]:
        assert sorted(phrase_set["phrases"]) == sorted(ids)


def test_size_and_coverage() -> None:
    phrases = all_phrases()
    assert len(phrases) >= 200
    assert len({p["category"] for p in phrases}) >= 10
    for phrase in phrases:
        assert {"ko", "uk", "ru", "en"} <= set(phrase["translations"]), phrase["id"]
        for translation in phrase["translations"].values():
            assert translation["status"] == "reviewed"
            assert translation["provenance"]["kind"] == "seed"
    assert sum("ko-KP" in p["translations"] for p in phrases) >= 10


@pytest.mark.parametrize(
    "wanted",
    [
        "I don't understand.",
        "Please speak more slowly.",
        "Do you speak Russian?",
        "Show me, please.",
        "Please write it down here.",
        "Put down your weapon!",
        "Raise your hands!",
        "You will not be harmed.",
        "You will get food, water and medical care.",
        "Are you wounded?",
        "Where does it hurt?",
        "I am a medic.",
        "Can you walk on your own?",
        "Are you thirsty?",
        "Where is the toilet?",
        "What is your name?",
        "How old are you?",
        "Where are you from?",
        "Now.",
        "Today.",
        "Tomorrow.",
        "Follow me.",
        "Stop!",
        "Sit down.",
        "Wait here.",
        "Turn left.",
        "Turn right.",
        "Yes.",
        "No.",
        "Where?",
        "When?",
    ],
)
def test_phrases_the_issue_names_are_there(wanted: str) -> None:
    assert wanted in english()


def test_numbers_zero_to_twenty_tens_hundred_thousand() -> None:
    numbers = {t.split(" ")[0] for t in english() if re.match(r"^[\d,]+ — ", t)}
    wanted = {str(n) for n in range(21)} | {str(n) for n in range(30, 100, 10)} | {"100", "1000"}
    assert wanted <= numbers


def test_ukrainian_is_not_russian_spelling_and_russian_not_ukrainian() -> None:
    for phrase in all_phrases():
        uk = phrase["translations"]["uk"]["text"]
        ru = phrase["translations"]["ru"]["text"]
        assert not re.search("[ыэъёЫЭЪЁ']", uk), (phrase["id"], uk)
        assert not re.search("[іїєґІЇЄҐ]", ru), (phrase["id"], ru)
        assert re.search("[가-힣]", phrase["translations"]["ko"]["text"]), phrase["id"]


def test_seeds_load_idempotently(store: Store) -> None:
    first = store.seed(SEEDS)
    assert first.count("phrase", "added") == len(all_phrases())
    second = store.seed(SEEDS)
    assert not second.changed
    assert services.stats(store.uow()).phrases == len(all_phrases())
