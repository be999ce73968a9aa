"""build_pdf on real databases (SQLite file and PostgreSQL), the ``phrasebook pdf`` command
and the /print.pdf route of the web app, checked by reading the PDFs they make."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from app.cli import main
from phrasebook import __version__, editing
from phrasebook.models import PhraseSet
from phrasebook.pdf import build_pdf
from phrasebook.pronunciation import transcribe
from phrasebook.store import Store
from tests.support.pdftools import pages, plain_text, qr_texts, render_png, require_poppler

LANGUAGES = ("ko", "uk", "ru", "en")


@pytest.fixture(autouse=True)
def _poppler() -> None:
    require_poppler()


@pytest.fixture
def cli(runner: CliRunner) -> CliRunner:
    """The ``runner`` fixture's environment, with stderr kept apart (click 8.1 mixes them)."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # gone in click 8.2
    except TypeError:
        return CliRunner()


@pytest.fixture
def field_store(store: Store) -> Store:
    with store.uow() as uow:
        uow.sets.add(PhraseSet(slug="field", names={"en": "Field", "uk": "Поле"}))
        uow.commit()
    texts = [
        ("food", "Їжа і ґудзик, є вода?", "음식과 물이 있어요?"),
        ("stop", "Стій!", "멈춰!"),
        ("hands", "Підніміть руки!", "손 들어!"),
    ]
    for uid, uk, ko in texts:
        editing.create_phrase(
            store.uow(),
            uid=uid,
            category="basics",
            texts={"uk": uk, "ko": ko},
            by="test",
            languages=LANGUAGES,
            sets=["field"],
        )
    for lang in ("uk", "ko"):
        editing.review_translation(
            store.uow(), uid="stop", lang=lang, by="reviewer", expected_revision=None
        )
    return store


def test_a_set_printed_from_the_database(field_store: Store, tmp_path: Path) -> None:
    result = build_pdf(
        field_store.uow(),
        set_slug="field",
        reader="uk",
        target="ko",
        aid=transcribe,
        languages=LANGUAGES,
    )
    pdf = tmp_path / "field.pdf"
    pdf.write_bytes(result.data)
    assert result.pages == 1 and result.warnings == []
    text = plain_text(pdf)
    for expected in ("Їжа і ґудзик, є вода?", "음식과 물이 있어요?", "멈춰!", "Поле"):
        assert expected in text
    aid = transcribe("멈춰!", "ko", "uk")
    assert aid and aid in text
    (page,) = pages(pdf)
    order = [w.text for w in page.words if w.text in ("Їжа", "Стій!", "Підніміть")]
    assert order == ["Їжа", "Стій!", "Підніміть"]
    marks = [w for w in page.words if w.text == "\u26a0" and w.y0 < 280]
    # "food" and "hands" are drafts: marked; "stop" was reviewed in both languages.
    stop = next(w for w in page.words if w.text == "Стій!")
    assert len(marks) == 2 and all(abs(m.y0 - stop.y0) > 20 or m.x0 < 105 for m in marks)


def test_a_corrected_aid_is_the_one_printed(field_store: Store, tmp_path: Path) -> None:
    from phrasebook.pronunciation.service import set_manual_aid

    set_manual_aid(field_store.uow(), "stop", "ko", "uk", "МЕМЧВО (виправлено)", by="reviewer")
    result = build_pdf(
        field_store.uow(),
        uids=["stop", "hands"],
        reader="uk",
        target="ko",
        stored_aids=True,
        languages=LANGUAGES,
    )
    pdf = tmp_path / "aid.pdf"
    pdf.write_bytes(result.data)
    text = plain_text(pdf)
    assert "МЕМЧВО (виправлено)" in text
    computed = transcribe("손 들어!", "ko", "uk")
    assert computed and computed in text


def test_ids_printed_in_their_order(field_store: Store, tmp_path: Path) -> None:
    result = build_pdf(
        field_store.uow(),
        uids=["hands", "food"],
        reader="uk",
        target="ko",
        layout="sheet",
        paper="letter",
        languages=LANGUAGES,
    )
    pdf = tmp_path / "ids.pdf"
    pdf.write_bytes(result.data)
    text = plain_text(pdf)
    assert "Вибрані фрази" in text and "Стій!" not in text
    assert text.index("Підніміть руки!") < text.index("Їжа і ґудзик, є вода?")


def test_cli_prints_a_seeded_set(seeded_store: Store, cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "basics.pdf"
    result = cli.invoke(
        main, ["pdf", "--set", "basics", "--from", "uk", "--to", "ko", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stderr and "(3 pages)" in result.stderr
    found = pages(out)
    assert len(found) == 3  # 23 phrases, 10 cards per A4 page
    assert all(f"phrasebook {__version__}" in page.text for page in found)
    assert "Основне та ввічливість" in found[0].text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--set", "nope"], "error: no phrase set 'nope'"),
        (["--set", "basics", "--layout", "poster"], "error: layout: 'poster' is not one of"),
        (["--set", "basics", "--paper", "a3"], "error: paper: 'a3' is not one of: a4, letter"),
        (["--set", "basics", "--to", "de"], "error: to: language 'de' is not configured"),
        (["--ids", "basics.hello,bogus"], "error: no phrase 'bogus'"),
        ([], "error: give --set NAME or --ids A,B,C"),
    ],
)
def test_cli_errors_are_one_line(
    seeded_store: Store, cli: CliRunner, tmp_path: Path, arguments: list[str], message: str
) -> None:
    out = tmp_path / "x.pdf"
    result = cli.invoke(main, ["pdf", "--from", "uk", "--to", "ko", *arguments, "-o", str(out)])
    assert result.exit_code != 0
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--set", "basics", "--to", "ko", "-o", "x.pdf"], "error: give the languages"),
        (["--set", "basics", "--from", "uk", "--to", "ko"], "error: give the file to write"),
    ],
)
def test_cli_missing_options_are_one_line(
    seeded_store: Store, cli: CliRunner, arguments: list[str], message: str
) -> None:
    result = cli.invoke(main, ["pdf", *arguments])
    assert result.exit_code == 1
    assert result.stderr.startswith(message) and len(result.stderr.splitlines()) == 1


def test_cli_reports_uncovered_characters_and_fails_only_when_strict(
    seeded_store: Store, cli: CliRunner, tmp_path: Path
) -> None:
    editing.save_translation(
        seeded_store.uow(),
        uid="basics.hello",
        lang="ko",
        text="ሰላም 안녕하세요",
        by="test",
        languages=LANGUAGES,
        expected_revision=None,
    )
    out = tmp_path / "hello.pdf"
    command = ["pdf", "--ids", "basics.hello", "--from", "uk", "--to", "ko", "-o", str(out)]
    relaxed = cli.invoke(main, command)
    assert relaxed.exit_code == 0, relaxed.output
    assert "warning: no font covers U+1230 ETHIOPIC SYLLABLE SA" in relaxed.stderr
    assert out.exists()
    out.unlink()
    strict = cli.invoke(main, [*command, "--strict"])
    assert strict.exit_code == 1
    assert "error: 3 warning(s) and --strict given" in strict.stderr
    assert not out.exists()


def test_web_print_link_and_pdf(client: Any, tmp_path: Path) -> None:
    page = client.get("/sets/basics?reader=uk&target=ko")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'action="/print.pdf"' in html and 'name="set" value="basics"' in html
    card = client.get("/mycard?ids=basics.thank-you,basics.hello&reader=uk&target=ko")
    assert 'name="ids" value="basics.thank-you,basics.hello"' in card.get_data(as_text=True)
    response = client.get("/print.pdf?set=basics&from=uk&to=ko&layout=duplex&paper=letter")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition == 'inline; filename="phrasebook-basics-uk-ko-duplex.pdf"'
    pdf = tmp_path / "web.pdf"
    pdf.write_bytes(response.data)
    assert len(pages(pdf)) == 6  # 23 phrases, 8 per Letter page, front and back


def test_web_ids_with_qr_codes_that_open_the_phrase_pages(client: Any, tmp_path: Path) -> None:
    ids = ["basics.thank-you", "basics.hello"]
    response = client.get(f"/print.pdf?ids={','.join(ids)}&from=uk&to=ko&qr=1")
    assert response.status_code == 200
    pdf = tmp_path / "qr.pdf"
    pdf.write_bytes(response.data)
    text = plain_text(pdf)
    assert text.index("Дякую.") < text.index("Добрий день.")
    urls = qr_texts(render_png(pdf, 1, tmp_path / "qr", dpi=200))
    assert sorted(urlsplit(url).path for url in urls) == sorted(f"/phrases/{uid}" for uid in ids)
    for url in urls:
        assert client.get(urlsplit(url).path).status_code == 200


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("set=nope&from=uk&to=ko", 404, "no phrase set 'nope'"),
        ("set=basics&from=uk&to=ko&layout=poster", 400, "layout: 'poster' is not one of"),
        ("ids=basics.hello,bogus&from=uk&to=ko", 404, "no phrase 'bogus'"),
        ("from=uk&to=ko", 400, "set: give a phrase set or a list of phrase ids"),
    ],
)
def test_web_bad_requests(client: Any, query: str, status: int, message: str) -> None:
    response = client.get(f"/print.pdf?{query}")
    assert response.status_code == status
    assert response.get_data(as_text=True).startswith(message)


def test_cards_print_the_readers_regional_variant(
    seeded_store: Store, client: Any, cli: CliRunner, tmp_path: Path
) -> None:
    """With North Korean usage chosen (web) or --variant ko-KP (CLI), a phrase that has a
    ko-KP text is printed with it; the others keep the standard Korean."""
    with seeded_store.uow() as uow:
        both = [p for p in uow.phrases.list() if {"ko", "ko-KP", "uk"} <= set(p.translations)]
        phrase = next(p for p in both if p.translations["ko-KP"].text != p.translations["ko"].text)
        north, south = phrase.translations["ko-KP"].text, phrase.translations["ko"].text
    client.get("/prefs?reader=uk&target=ko&variant=ko-KP&next=/")
    response = client.get(f"/print.pdf?ids={phrase.uid}")
    assert response.status_code == 200
    web_pdf = tmp_path / "north.pdf"
    web_pdf.write_bytes(response.data)
    assert north in plain_text(web_pdf) and south not in plain_text(web_pdf)
    out = tmp_path / "cli.pdf"
    result = cli.invoke(
        main,
        ["pdf", "--ids", phrase.uid, "--from", "uk", "--to", "ko", "--variant", "ko-KP",
         "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert north in plain_text(out)
    standard = tmp_path / "south.pdf"
    result = cli.invoke(
        main, ["pdf", "--ids", phrase.uid, "--from", "uk", "--to", "ko", "-o", str(standard)]
    )
    assert south in plain_text(standard)


def add_yes_phrase(store: Store) -> Store:
    """A set with a phrase whose Korean is 네 ("yes"), with notes in English and Ukrainian."""
    with store.uow() as uow:
        uow.sets.add(PhraseSet(slug="answers", names={"en": "Answers"}))
        uow.commit()
    editing.create_phrase(
        store.uow(), uid="yes", category="basics", texts={"uk": "Так.", "ko": "네.", "ru": "Да."},
        by="test", languages=LANGUAGES, sets=["answers"],
        notes={"en": "Nod as you say it.", "uk": "Кивніть, коли кажете."},
    )  # fmt: skip
    return store


@pytest.fixture
def yes_store(store: Store) -> Store:
    return add_yes_phrase(store)


@pytest.mark.parametrize("layout", ["cards", "sheet", "duplex"])
def test_cards_warn_of_the_false_friend_and_print_notes_when_asked(
    yes_store: Store, tmp_path: Path, layout: str
) -> None:
    def printed(reader: str, **options: Any) -> str:
        pdf = tmp_path / f"{reader}.pdf"
        result = build_pdf(
            yes_store.uow(), set_slug="answers", reader=reader, target="ko", layout=layout,
            **options,
        )  # fmt: skip
        pdf.write_bytes(result.data)
        return " ".join(plain_text(pdf).split())

    text = printed("uk")
    assert "네 = ТАК" in text and "звучить як «не»" in text
    assert "Кивніть" not in text  # notes only when asked for
    text = printed("ru", notes=True)
    assert "звучит как «не»" in text
    # No Russian note: the English one, marked as English.
    assert "Nod as you say it. (по-английски)" in text


def test_cli_notes_flag(sqlite_store: Store, cli: CliRunner, tmp_path: Path) -> None:
    add_yes_phrase(sqlite_store)
    out = tmp_path / "answers.pdf"
    arguments = ["pdf", "--set", "answers", "--from", "uk", "--to", "ko", "--notes", "-o", str(out)]
    result = cli.invoke(main, arguments)
    assert result.exit_code == 0, result.output
    text = " ".join(plain_text(out).split())
    assert "Кивніть, коли кажете." in text and "звучить як «не»" in text
