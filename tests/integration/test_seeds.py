"""The curated seed sets: complete, well-formed, loadable and idempotent."""

import json
import re
from pathlib import Path
from typing import Any

import pytest

from phrasebook import services
from phrasebook.answers import body_label_ids
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
    # Answer panels may name phrases of other files (a yes/no panel's "say it again").
    every_id = {p["id"] for p in all_phrases()}
    parsed = parse_document(
        path.read_bytes(), languages=("ko", "uk", "ru", "en"), max_bytes=10**7,
        known_phrase_ids=every_id.__contains__,
    )  # fmt: skip
    assert parsed.warnings == []
    ids = [p["id"] for p in parsed.data["phrases"]]
    for phrase_set in parsed.data["sets"]:
        assert sorted(phrase_set["phrases"]) == sorted(ids)


def test_size_and_coverage() -> None:
    phrases = all_phrases()
    assert len(phrases) >= 500
    assert len({p["category"] for p in phrases}) >= 16
    for phrase in phrases:
        assert {"ko", "uk", "ru", "en"} <= set(phrase["translations"]), phrase["id"]
        for translation in phrase["translations"].values():
            assert translation["status"] in ("reviewed", "draft")  # never "machine"
            assert translation["provenance"]["kind"] == "seed"
    assert sum("ko-KP" in p["translations"] for p in phrases) >= 60


def _review_list() -> set[tuple[str, str, str]]:
    """(phrase id, language, text) of the table in seeds/REVIEW.md."""
    rows = re.findall(
        r"^\| `([^`]+)` \| ([a-zA-Z-]+) \| ([^|]+) \|",
        (SEEDS / "REVIEW.md").read_text("utf-8"),
        re.M,
    )
    return {(uid, lang, text.strip()) for uid, lang, text in rows}


def test_every_draft_text_is_on_the_reviewers_list_and_only_those() -> None:
    drafts = {
        (p["id"], tag, t["text"])
        for p in all_phrases()
        for tag, t in p["translations"].items()
        if t["status"] == "draft"
    }
    assert drafts and drafts == _review_list()


def test_notes_are_in_every_language() -> None:
    """Every note, of a phrase or of one of its texts, is given in all four languages."""
    count = 0
    for phrase in all_phrases():
        items = [phrase, *phrase["translations"].values()]
        for item in items:
            if "notes" in item:
                count += 1
                assert isinstance(item["notes"], dict), phrase["id"]
                assert set(item["notes"]) == {"en", "uk", "ru", "ko"}, phrase["id"]
                assert all(text.strip() for text in item["notes"].values()), phrase["id"]
                assert re.search("[가-힣]", item["notes"]["ko"]), phrase["id"]
                assert re.search("[а-яА-Я]", item["notes"]["uk"] + item["notes"]["ru"]), phrase[
                    "id"
                ]
                assert item["notes"]["uk"] != item["notes"]["ru"], phrase["id"]
    assert count >= 200


def test_no_digits_in_korean_sentences_outside_the_numbers_set() -> None:
    """Numbers are written out in Hangul, so the aid and the audio say them right."""
    for phrase in all_phrases():
        if phrase["category"] == "numbers":
            continue
        for tag, translation in phrase["translations"].items():
            if tag.startswith("ko"):
                assert not re.search("[0-9]", translation["text"]), (phrase["id"], tag)


def test_north_korean_variants_differ_and_use_the_kpa_words() -> None:
    variants = {}
    for phrase in all_phrases():
        translations = phrase["translations"]
        if "ko-KP" in translations:
            assert translations["ko-KP"]["text"] != translations["ko"]["text"], phrase["id"]
            assert "notes" in translations["ko-KP"], phrase["id"]  # says how the North differs
            variants[phrase["id"]] = translations["ko-KP"]["text"]
    text = " ".join(variants.values())
    for word in ("위생병", "통역원", "피형", "철갑모", "무인기"):
        assert word in text, word
    assert "의무병" not in text


def test_categories_and_sets_are_consistent() -> None:
    positions: list[int] = []
    for path in FILES:
        document = json.loads(path.read_text("utf-8"))
        categories = {c["id"] for c in document["categories"]}
        assert len(categories) == 1, path.name
        (category,) = categories
        ids = [p["id"] for p in document["phrases"]]
        assert all(p["category"] == category for p in document["phrases"]), path.name
        assert all(uid.startswith(f"{category}.") for uid in ids), path.name
        (own_set,) = [s for s in document["sets"] if s["id"] == category]
        assert own_set["phrases"] == ids, path.name  # the set is the file, in position order
        assert set(own_set["names"]) >= {"en", "uk", "ru", "ko"}, path.name
        assert set(own_set["descriptions"]) >= {"en", "uk", "ru", "ko"}, path.name
        positions += [p["position"] for p in document["phrases"]]
    assert len(positions) == len(set(positions))


def test_the_reported_wordings_are_fixed() -> None:
    """Issue 11's individual items."""
    texts = {
        (p["id"], tag): t["text"] for p in all_phrases() for tag, t in p["translations"].items()
    }
    everything = " ".join(texts.values())
    assert texts[("medical.are-you-taking-any-medicine", "uk")] == "Ви вживаєте (п’єте) якісь ліки?"
    assert "прізвище та ім’я" in texts[("safety.only-name-rank-number-and-date-of-birth", "uk")]
    assert "фамилию и имя" in texts[("safety.only-name-rank-number-and-date-of-birth", "ru")]
    assert texts[("needs.food-will-be-here-soon", "ko")] == "곧 식사를 드리겠습니다."
    assert texts[("safety.raise-your-hands", "uk")] == "Руки вгору!"
    assert texts[("safety.raise-your-hands", "ru")] == "Руки вверх!"
    assert "особовий" not in everything and "особистий номер" in everything
    assert texts[("time.not-yet", "ko")] == "아직요."
    assert texts[("time.tonight", "uk")] == "Сьогодні вночі."  # as 오늘 밤: the night
    assert texts[("time.this-evening", "ko")] == "오늘 저녁."
    assert texts[("directions.get-out-of-the-vehicle", "uk")] == "Вийдіть із машини."
    friend = next(p for p in all_phrases() if p["id"] == "people.friend")
    assert "sounds southern" not in friend["translations"]["ko-KP"]["notes"]["en"]


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
        # Issue 11: capture and search, rights, detention, evacuation, body, danger,
        # checkpoints, calendar, civilians.
        "Kneel down!",
        "Empty your pockets slowly.",
        "Put the grenades on the ground. Do not pull the pin!",
        "Take off your body armour slowly.",
        "Stop or I will shoot!",
        "There will be no torture.",
        "The Red Cross will be told that you are a prisoner.",
        "This is a receipt for your belongings.",
        "Lie on the stretcher.",
        "I am wounded.",
        "It hurts here.",
        "I can't breathe.",
        "Frostbite.",
        "Drone!",
        "Take cover!",
        "Booby trap! Don't touch anything.",
        "Stop the vehicle!",
        "Monday.",
        "At three o'clock.",
        "We will help you find your family.",
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


def test_the_default_import_limit_covers_an_export_of_100000_phrases(seeded_store: Store) -> None:
    """Issue 17: what we export we can import. The seeds' export with every reader's aids,
    scaled to 100,000 phrases, stays under the default PHRASEBOOK_IMPORT_MAX_BYTES."""
    from phrasebook.config import DEFAULT_IMPORT_MAX_BYTES
    from phrasebook.pronunciation.service import export_deriver

    uow = seeded_store.uow()
    derive = export_deriver(uow, ("ko", "uk", "ru", "en"))
    size = len(services.export_text(uow, derive=derive).encode("utf-8"))
    per_phrase = size / len(all_phrases())
    assert per_phrase * 100_000 < DEFAULT_IMPORT_MAX_BYTES, per_phrase


def test_questions_offer_answer_panels() -> None:
    phrases = all_phrases()
    with_panel = {p["id"]: p["answers"] for p in phrases if "answers" in p}
    questions = [p for p in phrases if p["translations"]["en"]["text"].endswith("?")]
    linked = [p["id"] for p in questions if p["id"] in with_panel]
    assert len(linked) >= 40, len(linked)
    # Every yes/no question of the medical and safety sets ("Are…", "Do…", "Can…", "Is…").
    yes_no = re.compile(r"^(Are|Is|Do|Does|Did|Can|Have|Has)\b")
    for phrase in questions:
        if phrase["category"] in ("medical", "safety") and yes_no.match(
            phrase["translations"]["en"]["text"]
        ):
            assert with_panel.get(phrase["id"], {}).get("kind") in ("yes-no", "choice"), phrase[
                "id"
            ]
    assert with_panel["medical.where-does-it-hurt"] == {"kind": "body"}
    assert with_panel["medical.how-bad-is-the-pain"]["kind"] == "scale"
    assert with_panel["safety.how-many-of-you-are-there"] == {
        "kind": "number", "min": 0, "max": 100, "counting": True,
    }  # fmt: skip
    assert with_panel["medical.how-long-ago-were-you-wounded"]["kind"] == "time"
    kinds = {panel["kind"] for panel in with_panel.values()}
    assert kinds == {"yes-no", "scale", "number", "choice", "body", "time"}


def test_the_answers_set_has_the_standalone_panels_and_an_unmistakable_yes() -> None:
    document = json.loads((SEEDS / "19-answers.json").read_text("utf-8"))
    by_id = {p["id"]: p for p in document["phrases"]}
    kinds = {p["answers"]["kind"] for p in by_id.values() if "answers" in p}
    assert {"yes-no", "scale", "body", "number", "time"} <= kinds
    yes = by_id["answers.yes"]["translations"]
    assert (yes["ko"]["text"], yes["ko-KP"]["text"], yes["uk"]["text"]) == ("네.", "예.", "Так.")
    assert "«не»" in yes["ko"]["notes"]["uk"]  # the reader is told 네 is not «не»
    yes_no = by_id["answers.yes-or-no"]["answers"]["options"]
    assert yes_no[:3] == ["answers.yes", "answers.no", "answers.dont-know"]
    assert {"understanding.i-dont-understand", "understanding.say-it-again",
            "understanding.speak-more-slowly"} <= set(yes_no)  # fmt: skip
    every_id = {p["id"] for p in all_phrases()}
    assert set(body_label_ids()) <= every_id
