"""The printed answer card, from the seeds through build_pdf and the fpdf2 renderer, inspected
with poppler-utils: the panels' Korean and Ukrainian labels, embedded fonts, the body map as
vector polygons, crop marks; and question cards that point to their panel's letter."""

from __future__ import annotations

import re
import zlib
from pathlib import Path
from typing import Any

import pytest

from phrasebook.errors import InvalidInput
from phrasebook.pdf.service import build_pdf
from phrasebook.store import Store
from tests.support.pdftools import fonts, pages, plain_text, render_png, require_poppler


@pytest.fixture(autouse=True)
def _poppler() -> None:
    require_poppler()


def write(store: Store, path: Path, **options: object) -> Path:
    rendered = build_pdf(store.uow(), reader="uk", target="ko", stored_aids=True, **options)  # type: ignore[arg-type]  # options are the keyword arguments under test
    path.write_bytes(rendered.data)
    return path


def polygons(pdf: Path) -> int:
    """Filled and stroked paths (``x y m`` … ``l`` …) in the page content streams."""
    raw = pdf.read_bytes()
    count = 0
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", raw, re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue  # fonts and images
        count += len(re.findall(rb"[\d.]+ [\d.]+ m\n[\d.]+ [\d.]+ l\n", content))
    return count


def test_the_answer_card_of_the_medical_set(
    seeded_store: Store, tmp_path: Path, artifacts_dir: Path
) -> None:
    pdf = write(seeded_store, tmp_path / "answers.pdf", set_slug="medical", layout="answers")
    text = plain_text(pdf)
    for korean, ukrainian in [("네", "Так"), ("아니요", "Ні"), ("모르겠어요", "Не знаю"),
                              ("통증 없음", "Болю немає"), ("앞", "Спереду"), ("뒤", "Ззаду"),
                              ("페니실린", "Пеніцилін"), ("…시간 전", "… годин тому")]:  # fmt: skip
        assert korean in text and ukrainian in text, (korean, ukrainian)
    assert "Картка відповідей A · Так / ні" in text
    assert "Картка відповідей B · Біль від 0 до 10" in text
    assert "Картка відповідей C · Де: покажіть на тілі" in text
    assert all(row["emb"] == "yes" for row in fonts(pdf))
    assert polygons(pdf) >= 36  # the body map's regions, front and back, as vector paths
    found = pages(pdf)
    assert len(found) == 2
    # the scale's numbers are there, each once on the card
    words = [w.text for w in found[0].words]
    assert all(str(n) in words for n in range(11))
    render_png(pdf, 1, artifacts_dir / "answer-card-medical")


def test_question_cards_point_to_their_panel(seeded_store: Store, tmp_path: Path) -> None:
    cards = write(seeded_store, tmp_path / "cards.pdf", set_slug="medical")
    text = plain_text(cards)
    assert "→ картка відповідей A" in text  # the yes/no questions
    assert "→ картка відповідей C" in text  # where does it hurt
    answers = plain_text(
        write(seeded_store, tmp_path / "a.pdf", set_slug="medical", layout="answers")
    )
    assert "Картка відповідей C · Де: покажіть на тілі" in answers  # the same letter, C


def test_numbers_are_printed_with_their_korean_words(seeded_store: Store, tmp_path: Path) -> None:
    pdf = write(seeded_store, tmp_path / "numbers.pdf", set_slug="safety", layout="answers")
    text = plain_text(pdf)
    assert "Картка відповідей B · Числа" in text
    for digits, words in [("20", "이십"), ("100", "백"), ("16", "십육")]:
        assert digits in text and words in text


def test_nothing_to_answer_is_a_clear_error(seeded_store: Store) -> None:
    with pytest.raises(InvalidInput, match="no phrase of this selection has an answer panel"):
        build_pdf(seeded_store.uow(), set_slug="basics", uids=["basics.thank-you"], reader="uk",
                  target="ko", layout="answers")  # fmt: skip


def test_the_web_print_menu_offers_the_answer_card(client: Any, tmp_path: Path) -> None:
    page = client.get("/sets/medical").get_data(as_text=True)
    assert '<option value="answers">' in page
    response = client.get("/print.pdf?set=medical&from=uk&to=ko&layout=answers")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = tmp_path / "web.pdf"
    pdf.write_bytes(response.data)
    assert "Картка відповідей A · Так / ні" in plain_text(pdf)
    refused = client.get("/print.pdf?ids=basics.thank-you&from=uk&to=ko&layout=answers")
    assert refused.status_code == 400
