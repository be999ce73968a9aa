"""A reader's "my card" downloads as a phrasebook/1 file that imports elsewhere as a set."""

import json
from typing import Any

from phrasebook import services
from phrasebook.interchange.validation import validate_export
from phrasebook.store import Store

CARD = ["safety.put-down-your-weapon", "basics.thank-you", "no.such-phrase"]


def download(client: Any, ui: str = "en") -> Any:
    client.set_cookie("reader", "uk")
    client.set_cookie("target", "ko")
    client.set_cookie("ui_lang", ui)
    return client.get("/mycard.json?ids=" + ",".join(CARD))


def test_card_is_a_valid_phrasebook_file_in_the_readers_pair(client: Any) -> None:
    response = download(client, ui="uk")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="my-card.json"'
    document = json.loads(response.get_data(as_text=True))
    validate_export(document)
    assert sorted(p["id"] for p in document["phrases"]) == sorted(CARD[:2])
    languages = {tag for p in document["phrases"] for tag in p["translations"]}
    assert languages <= {"uk", "ko", "ko-KP"} and {"uk", "ko"} <= languages
    (card,) = document["sets"]
    assert card["id"] == "my-card"
    assert card["phrases"] == CARD[:2]  # the card's order, the unknown id skipped
    assert card["names"] == {"uk": "Моя картка"}
    korean = next(p for p in document["phrases"] if p["id"] == CARD[0])["translations"]["ko"]
    assert korean["derived"]["pronunciation"]["uk"]


def test_card_imports_into_another_phrase_book_as_a_set(client: Any, make_store: Any) -> None:
    raw = download(client).get_data()
    other: Store = make_store(f"sqlite:///{make_store().settings.data_dir / 'other.sqlite3'}")
    report = services.import_bytes(
        other.uow(),
        raw,
        source="my-card.json",
        languages=other.settings.languages,
        max_bytes=10**6,
    )
    assert report.count("phrase", "added") == 2
    with other.uow() as uow:
        phrase_set = uow.sets.get("my-card")
        assert phrase_set is not None
        assert [m.phrase.uid for m in phrase_set.memberships] == CARD[:2]
