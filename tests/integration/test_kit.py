"""The field kit's builder on the real seeds in a real SQLite file: what goes in, the size
budget, text that cannot break out of the page, queries that do not grow with the kit,
audio from real espeak-ng, the CLI and the web routes."""

from __future__ import annotations

import base64
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import soundfile
from click.testing import CliRunner

from app.cli import main
from phrasebook import editing, reading
from phrasebook.audio.engine import Speed
from phrasebook.audio.service import AudioService
from phrasebook.errors import InvalidInput, NotFound
from phrasebook.kit import KitRequest, embedded_json, kit_data
from phrasebook.kit.installation import installation_kit
from phrasebook.kit.jobs import KITS_DIR
from phrasebook.search.keys import build_keys
from phrasebook.store import Store
from tests.support.queues import consuming, finished_job
from tests.support.statements import counting
from tests.support.webapp import make_app

MADE = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
HOSTILE = '</script><script>alert("kit")</script><!-- <b>bold</b> \u2028 & end'
SCRIPT_BLOCK = re.compile(r'<script type="application/json" id="kit-data">(.*?)</script>', re.S)


def make(store: Store, request: KitRequest, audio: AudioService | None = None) -> Any:
    return installation_kit(store, request, audio, made_at=MADE)


def embedded_document(html: str) -> dict[str, Any]:
    found = SCRIPT_BLOCK.search(html)
    assert found, "no kit-data block"
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_a_kit_holds_the_set_with_aids_variants_notes_and_the_servers_keys(
    seeded_store: Store,
) -> None:
    data = kit_data(
        seeded_store.uow(), KitRequest("uk", "ko", sets=("basics",)),
        languages=seeded_store.settings.languages, version="9.9", made_at=MADE,
    )  # fmt: skip
    document = data.document
    with seeded_store.uow() as uow:
        members = [m.phrase for m in uow.sets.get("basics").memberships]  # type: ignore[union-attr]
    assert [p["id"] for p in document["phrases"]] == [p.uid for p in members]
    assert [s["id"] for s in document["sets"]] == ["basics"]
    thanks = next(p for p in document["phrases"] if p["id"] == "basics.thank-you")
    assert (thanks["reader"], thanks["target"]) == ("Дякую.", "감사합니다.")
    assert thanks["aid"] == "камсахамніда."
    assert [v["lang"] for v in thanks["variants"]] == ["ko-KP"]
    # The keys are the server's own for the texts the kit shows (and the aid shown), then
    # for the book's other languages (by language): a Russian or English word finds it too.
    pairs = [("uk", thanks["reader"]), ("ko", thanks["target"])]
    pairs += [(v["lang"], v["text"]) for v in thanks["variants"]]
    pairs += [("en", "Thank you."), ("ru", "Спасибо.")]
    keys = build_keys(pairs, [(thanks["targetLang"], thanks["aid"])])
    assert thanks["keys"] == keys.text
    assert "thank you." in keys.text.split("\n") and "спасибо." in keys.text.split("\n")
    # one language mark a key line, in the order of the book's languages (ko, uk, ru, en)
    assert document["languages"] == ["ko", "uk", "ru", "en"]
    marks = {"ko": "0", "uk": "1", "ru": "2", "en": "3"}
    assert thanks["langs"] == "".join(marks[t.split("-")[0]] for t in keys.langs.split("\n"))
    assert "ㄱㅅㅎㄴㄷ" in thanks["initials"]
    edition = document["edition"]
    assert (edition["made"], edition["version"], edition["phrases"]) == ("2026-12-02", "9.9", 23)
    unreviewed = sum(1 for p in document["phrases"] if p["status"] != "reviewed")
    assert edition["unreviewed"] == unreviewed


def test_choosing_by_category_ids_and_the_refusals(seeded_store: Store) -> None:
    def ids_of(request: KitRequest) -> list[str]:
        data = kit_data(seeded_store.uow(), request, languages=seeded_store.settings.languages,
                        version="x", made_at=MADE)  # fmt: skip
        return [p["id"] for p in data.document["phrases"]]

    chosen = ["basics.thank-you", "safety.do-not-shoot"]
    assert ids_of(KitRequest("en", "ko", ids=tuple(chosen))) == chosen
    in_category = ids_of(KitRequest("en", "ru", categories=("medical",)))
    assert in_category and all(uid.startswith("medical.") for uid in in_category)
    with pytest.raises(NotFound, match="no phrase set 'nope'"):
        ids_of(KitRequest("uk", "ko", sets=("nope",)))
    with pytest.raises(InvalidInput, match="'xx' is not configured"):
        ids_of(KitRequest("xx", "ko"))
    with pytest.raises(InvalidInput, match="the same"):
        ids_of(KitRequest("ko", "ko"))


def test_the_whole_book_without_audio_stays_within_800_kb(seeded_store: Store) -> None:
    """Issue 32's budget: the search keys of every language of the book are in it."""
    kit = make(seeded_store, KitRequest("uk", "ko", audio=False))
    assert kit.phrases == 562 and kit.clips == 0
    assert kit.size <= 800_000, kit.size


def test_the_whole_book_with_real_audio_stays_within_6_mb(seeded_store: Store) -> None:
    service = AudioService(seeded_store.settings)  # espeak-ng: every clip is made here
    try:
        kit = make(seeded_store, KitRequest("uk", "ko"), audio=service)
    finally:
        service.close()
    assert kit.phrases == 562 and kit.clips == 562 and not kit.missing_audio
    assert kit.size <= 6_000_000, kit.size


def test_no_text_can_break_out_of_the_embedded_data(seeded_store: Store) -> None:
    editing.create_phrase(
        seeded_store.uow(), uid="test.hostile", category="basics",
        texts={"uk": HOSTILE, "ko": HOSTILE + " 감사"}, by="test",
        languages=seeded_store.settings.languages, sets=["basics"],
    )  # fmt: skip
    html = make(seeded_store, KitRequest("uk", "ko", sets=("basics",), audio=False)).html
    # One closing tag per script element: three data blocks and the program.
    assert html.count("</script>") == 4
    assert "<!--" not in html.split("<body>")[1]
    hostile = next(p for p in embedded_document(html)["phrases"] if p["id"] == "test.hostile")
    assert hostile["reader"] == HOSTILE
    assert json.loads(embedded_json({"t": HOSTILE}))["t"] == HOSTILE


def test_the_file_forbids_itself_every_request(seeded_store: Store) -> None:
    kit = make(seeded_store, KitRequest("uk", "ko", sets=("basics",), audio=False))
    policy = kit.content_security_policy
    assert policy.startswith("default-src 'none'; script-src 'sha256-")
    assert "connect-src 'none'" in policy and "http" not in policy
    assert re.search(r"""(src|href)=["'](https?:)?//""", kit.html) is None


def test_reading_a_kit_takes_the_same_queries_for_one_set_or_the_whole_book(
    seeded_store: Store,
) -> None:
    counts = []
    for request in (KitRequest("uk", "ko", sets=("rights",)), KitRequest("uk", "ko")):
        with counting(seeded_store.engine) as statements:
            kit_data(seeded_store.uow(), request, languages=seeded_store.settings.languages,
                     version="x", made_at=MADE)  # fmt: skip
        counts.append(len(statements))
    small, whole = counts
    assert whole <= small + 20, counts  # 15 vs 562 phrases: no query per phrase
    assert whole < 60, counts


def test_audio_is_real_compact_mp3_made_where_missing(seeded_store: Store) -> None:
    service = AudioService(seeded_store.settings)
    try:
        chosen = ("basics.thank-you", "basics.hello", "basics.please")
        kit = make(seeded_store, KitRequest("uk", "ko", ids=chosen), audio=service)
        again = make(seeded_store, KitRequest("uk", "ko", ids=chosen), audio=service)
    finally:
        service.close()
    assert kit.clips == 3 and not kit.missing_audio
    assert again.html.split("kit-audio")[1] == kit.html.split("kit-audio")[1]  # from the cache
    clips = json.loads(re.search(r'id="kit-audio">(.*?)</script>', kit.html, re.S).group(1))  # type: ignore[union-attr]
    for clip in clips:
        header, encoded = clip.split(",", 1)
        assert header == "data:audio/mpeg;base64"
        raw = base64.b64decode(encoded)
        info = soundfile.info(io.BytesIO(raw))
        assert info.channels == 1 and info.duration > 0.2
        assert len(raw) * 8 / info.duration <= 40_000  # speech quality, ~25 kbit/s


def test_an_approved_recording_is_the_kits_clip_and_named(seeded_store: Store) -> None:
    from phrasebook.audio.recordings import Speaker, add_recording, review_recording
    from tests.support.sounds import encoded

    service = AudioService(seeded_store.settings)
    try:
        recording = add_recording(
            seeded_store.uow(), service.cache, uid="basics.hello", lang="ko",
            data=encoded(1.3), name="hello.wav", speaker=Speaker("Kim", consent=True),
            by="editor", source="upload", ext="mp3",
        )  # fmt: skip
        review_recording(seeded_store.uow(), "basics.hello", "ko", recording.id, by="reviewer")
        chosen = ("basics.hello", "basics.please")
        kit = make(seeded_store, KitRequest("uk", "ko", ids=chosen), audio=service)
    finally:
        service.close()
    data = json.loads(re.search(r'id="kit-data">(.*?)</script>', kit.html, re.S).group(1))  # type: ignore[union-attr]
    clips = json.loads(re.search(r'id="kit-audio">(.*?)</script>', kit.html, re.S).group(1))  # type: ignore[union-attr]
    voices = {p["id"]: (p.get("voice"), p["audio"]) for p in data["phrases"]}
    assert voices["basics.hello"][0] == "Kim" and voices["basics.please"][0] is None
    person = base64.b64decode(clips[voices["basics.hello"][1]].split(",", 1)[1])
    assert abs(soundfile.info(io.BytesIO(person)).duration - recording.duration) < 0.15
    assert '"recorded":"' in kit.html.replace(": ", ":")  # the label's text travels with it


def test_audio_for_a_kit_takes_the_same_queries_for_few_or_many_phrases(
    seeded_store: Store,
) -> None:
    def targets(set_slug: str) -> list[Any]:
        with seeded_store.uow() as uow:
            return [p.translations["ko"] for p in uow.phrases.list(set_slug=set_slug)]

    service = AudioService(seeded_store.settings)
    counts = []
    try:
        for set_slug in ("rights", "basics"):  # 15 and 23 phrases
            service.clips_of(seeded_store.uow(), targets(set_slug), Speed.NORMAL)  # made
            with counting(seeded_store.engine) as statements:
                results = service.clips_of(seeded_store.uow(), targets(set_slug), Speed.NORMAL)
            assert not [r for r in results.values() if isinstance(r, Exception)]
            counts.append(len(statements))
    finally:
        service.close()
    assert counts[0] == counts[1] and counts[0] <= 6, counts


# --- command line --------------------------------------------------------------------------


@pytest.fixture
def kit_runner(seeded_store: Store, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("PHRASEBOOK_DATA_DIR", str(seeded_store.settings.data_dir))
    return CliRunner()


def test_the_command_writes_the_file(kit_runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "kit.html"
    done = kit_runner.invoke(
        main, ["kit", "--from", "uk", "--to", "ko", "--set", "safety", "--no-audio", "-o", str(out)]
    )
    assert done.exit_code == 0, done.output
    assert "60 phrases" in done.output
    assert embedded_document(out.read_text("utf-8"))["edition"]["sets"] == ["safety"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "nope"], "no phrase set 'nope'"),
        (["--ids", "basics.thank-you,ghost"], "no phrase 'ghost'"),
        (["--ui", "zz"], "--ui zz: not an interface language"),
    ],
)
def test_bad_arguments_are_one_line_and_write_nothing(
    kit_runner: CliRunner, tmp_path: Path, args: list[str], message: str
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    done = kit_runner.invoke(
        main,
        ["kit", "--from", "uk", "--to", "ko", "--no-audio", *args, "-o", str(out_dir / "k.html")],
    )
    assert done.exit_code != 0
    lines = done.output.strip().splitlines()
    assert lines[-1].startswith("error:") and message in lines[-1], done.output
    assert not list(out_dir.iterdir())  # no file, no temporary file


# --- web -----------------------------------------------------------------------------------


def _kits(store: Store) -> list[str]:
    folder = store.settings.data_dir / KITS_DIR
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


def test_the_web_app_builds_the_file_on_the_queue_and_offers_it_as_a_download(
    seeded_store: Store,
) -> None:
    """The default queue (SQLite in the data folder): nobody consumes it at first, so the
    request goes to the waiting page; a consumer makes the file; later requests get it at once
    until the phrase book changes."""
    app = make_app(seeded_store)
    client = app.test_client()
    address = "/kit.html?from=uk&to=ko&set=safety&audio=0"
    generation = reading.generation(seeded_store.uow())
    waiting = client.get(address)
    assert waiting.status_code == 303 and waiting.location.startswith("/kit-jobs/")
    page = client.get(waiting.location)
    assert page.status_code == 202
    assert page.headers["Refresh"] == "2" and page.headers["Cache-Control"] == "no-store"
    assert '<meta http-equiv="refresh" content="2">' in page.get_data(as_text=True)
    assert "Preparing the phone file" in page.get_data(as_text=True)
    assert _kits(seeded_store) == []
    job_id = waiting.location.rsplit("/", 1)[1]
    assert client.get(address).location == waiting.location  # the same job, joined

    with consuming(app.extensions["phrasebook"].queue):
        job = finished_job(seeded_store.uow, job_id)
    assert (job["kind"], job["status"], job["phrases"], job["clips"]) == ("kit", "done", 60, 0)
    # A job's rows are bookkeeping: the phrase book (and so every kept page) is as it was.
    assert reading.generation(seeded_store.uow()) == generation
    onward = client.get(waiting.location)
    assert (onward.status_code, onward.location) == (302, address)
    response = client.get(address)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="phrasebook-uk-ko-safety.html"'
    )
    html = response.get_data(as_text=True)
    assert f'content="{response.headers["Content-Security-Policy"]}"' in html
    assert embedded_document(html)["edition"]["phrases"] == 60
    kept = _kits(seeded_store)
    assert len(kept) == 2 and kept[0].endswith(".html") and kept[1] == kept[0] + ".csp"

    # An edit moves the store's generation: the kept file is old, a new one is made, and
    # writing it removes the old one.
    with seeded_store.uow() as uow:
        phrase = uow.phrases.list(set_slug="safety")[0]
        uid, old = phrase.uid, phrase.translations["uk"]
        old_text, revision = old.text, old.revision
    editing.save_translation(
        seeded_store.uow(), uid=uid, lang="uk", text=old_text + " (нове)", by="editor",
        languages=seeded_store.settings.languages, expected_revision=revision,
    )  # fmt: skip
    again = client.get(address)
    assert again.status_code == 303 and again.location != waiting.location
    with consuming(app.extensions["phrasebook"].queue):
        finished_job(seeded_store.uow, again.location.rsplit("/", 1)[1])
    fresh = client.get(address).get_data(as_text=True)
    assert old_text + " (нове)" in json.dumps(embedded_document(fresh), ensure_ascii=False)
    assert len(_kits(seeded_store)) == 2 and _kits(seeded_store) != kept


def test_kit_requests_that_cannot_be_made_are_refused_before_any_job(seeded_store: Store) -> None:
    client = make_app(seeded_store, env={"PHRASEBOOK_QUEUE_URL": "inline"}).test_client()
    assert client.get("/kit.html?from=uk&to=ko&set=nope").status_code == 404
    assert client.get("/kit.html?from=uk&to=ko&category=nope").status_code == 404
    assert client.get("/kit.html?from=uk&to=ko&ids=nope").status_code == 404
    assert client.get("/kit.html?from=uk&to=ko&ui=zz").status_code == 400
    assert client.get("/kit.html?from=uk&to=uk").status_code == 400
    with seeded_store.uow() as uow:
        assert uow.jobs.active() == [] and not uow.jobs.with_key("")
    # What only the build finds (no phrase has the target's text) fails the job: one line.
    editing.create_phrase(
        seeded_store.uow(), uid="only-english", category="basics", texts={"en": "Only English"},
        by="editor", languages=seeded_store.settings.languages,
    )  # fmt: skip
    refused = client.get("/kit.html?from=en&to=ko&ids=only-english")
    assert refused.status_code == 400
    assert "nothing to put in the kit: no phrase has ko text" in refused.get_data(as_text=True)
    assert _kits(seeded_store) == []
    assert client.get("/kit-jobs/" + "0" * 32).status_code == 404


def test_with_a_consumer_a_small_kit_comes_in_one_request(seeded_store: Store) -> None:
    # (the first kit of a data folder makes its font subsets: seconds; later ones reuse them)
    make(seeded_store, KitRequest(reader="uk", target="ko", sets=("safety",), audio=False))
    app = make_app(seeded_store)
    with consuming(app.extensions["phrasebook"].queue):
        response = app.test_client().get("/kit.html?from=uk&to=ko&set=safety&audio=0")
    assert response.status_code == 200 and response.mimetype == "text/html"
    for page in ("/", "/sets/safety", "/categories/medical", "/mycard?ids=basics.thank-you"):
        assert "/kit.html?" in app.test_client().get(page).get_data(as_text=True), page


def test_the_qr_code_points_at_the_kit(seeded_store: Store) -> None:
    import zxingcpp
    from PIL import Image

    settings = seeded_store.settings
    public = settings.with_changes(env={"PHRASEBOOK_PUBLIC_URL": "http://10.0.0.5:5000/"})
    app = make_app(seeded_store, PHRASEBOOK_SETTINGS=public)
    png = app.test_client().get("/kit-qr.png?from=uk&to=ko&set=safety")
    assert png.mimetype == "image/png"
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.get_data())))
    assert [d.text for d in decoded] == ["http://10.0.0.5:5000/kit.html?from=uk&to=ko&set=safety"]
