"""People's recordings end to end, on SQLite and PostgreSQL: uploaded through the editor's
form, approved by a reviewer, then played before espeak-ng everywhere a reader presses play;
no longer played once the text changes; added and imported from the command line; and every
kind of bad file refused with one line and nothing stored."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile
from click.testing import CliRunner

from app import create_app
from app.cli import main
from phrasebook import editing
from phrasebook.store import Store
from tests.support.accounts import csrf_token, fill_store, sign_in
from tests.support.snapshot import store_snapshot
from tests.support.sounds import duration_of, encoded


@pytest.fixture
def book(store: Store) -> tuple[Store, Any]:
    fill_store(store)
    app = create_app(
        {"TESTING": True, "PHRASEBOOK_SETTINGS": store.settings, "PHRASEBOOK_STORE": store}
    )
    return store, app


def _audio_files(store: Store) -> list[str]:
    folder = store.settings.data_dir / "audio"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _upload(client: Any, data: bytes, name: str, **fields: str) -> Any:
    page = "/edit/phrases/thanks/ko"
    form = {
        "csrf_token": csrf_token(client, page), "speaker": "Kim", "licence": "CC-BY-4.0",
        "consent": "yes", **fields, "audio": (io.BytesIO(data), name),
    }  # fmt: skip
    return client.post(page + "/recordings", data=form, content_type="multipart/form-data")


def _act(client: Any, recording_id: int, action: str) -> Any:
    page = "/edit/phrases/thanks/ko"
    return client.post(
        f"{page}/recordings/{recording_id}/{action}",
        data={"csrf_token": csrf_token(client, page)},
    )


def _only_recording_id(store: Store) -> int:
    from phrasebook.audio.recordings import recordings_page

    views = recordings_page(store.uow(), "thanks", "ko")
    assert len(views) == 1
    return views[0].recording.id


def test_an_approved_recording_plays_before_the_engine_until_the_text_changes(
    book: tuple[Store, Any],
) -> None:
    store, app = book
    editor, reviewer, reader = app.test_client(), app.test_client(), app.test_client()
    sign_in(editor, "editor")
    sign_in(reviewer, "reviewer")

    page = editor.get("/edit/phrases/thanks/ko")
    assert "microphone=(self)" in page.headers["Permissions-Policy"]
    assert 'class="recorder"' in page.get_data(as_text=True)

    saved = _upload(editor, encoded(1.6, rate=44100), "take1.wav")
    assert saved.status_code == 303, saved.get_data(as_text=True)
    recording_id = _only_recording_id(store)
    # A draft does not play: espeak-ng still speaks.
    before = reader.get("/audio/phrase/thanks/ko?format=json").get_json()
    assert before["engine"] == "espeak" and before["speaker"] is None
    assert "synthetic voice" in reader.get("/phrases/thanks").get_data(as_text=True)

    # An editor may not approve; a reviewer may.
    assert _act(editor, recording_id, "review").status_code == 403
    assert _act(reviewer, recording_id, "review").status_code == 303

    played = reader.get("/audio/phrase/thanks/ko?format=json").get_json()
    assert (played["engine"], played["speaker"], played["rate"]) == ("recording", "Kim", 1.0)
    served = reader.get(played["url"])
    assert served.status_code == 200 and served.mimetype == "audio/mpeg"
    # Trimmed to the voiced 1.6 s (plus the little silence kept at each end), decodable MP3.
    assert 1.5 < duration_of(served.data) < 1.9
    slow = reader.get("/audio/phrase/thanks/ko?speed=slow&format=json").get_json()
    assert (slow["url"], slow["rate"]) == (played["url"], 0.75)  # same clip, played slower
    assert reader.get("/audio/phrase/thanks/ko").headers["Location"] == played["url"]
    for path in ("/phrases/thanks", "/sets/surrender", "/phrases/thanks/show"):
        assert "recorded: Kim" in reader.get(path).get_data(as_text=True), path
    found = reader.get("/api/v1/search?q=감사합니다&reader=uk&target=ko").get_json()["results"]
    assert [(r["id"], r["voice"]) for r in found] == [("thanks", "Kim")]

    # The text changes: the recording is for an earlier text and the engine speaks again.
    editing.save_translation(
        store.uow(), uid="thanks", lang="ko", text="고맙습니다", by="editor",
        languages=store.settings.languages, expected_revision=None,
    )  # fmt: skip
    again = reader.get("/audio/phrase/thanks/ko?format=json").get_json()
    assert again["engine"] == "espeak"
    assert "synthetic voice" in reader.get("/phrases/thanks").get_data(as_text=True)
    listed = reviewer.get("/edit/phrases/thanks/ko").get_data(as_text=True)
    assert "recorded for an earlier text: «감사합니다»" in listed
    # A reviewer who listened approves it for the new text: it plays again.
    assert _act(reviewer, recording_id, "review").status_code == 303
    assert reader.get("/audio/phrase/thanks/ko?format=json").get_json()["speaker"] == "Kim"


def test_without_consent_a_recording_cannot_be_approved(book: tuple[Store, Any]) -> None:
    store, app = book
    editor, reviewer = app.test_client(), app.test_client()
    sign_in(editor, "editor")
    sign_in(reviewer, "reviewer")
    form = {"consent": ""}
    assert _upload(editor, encoded(1.0), "take.wav", **form).status_code == 303
    recording_id = _only_recording_id(store)
    before = store_snapshot(store)
    refused = _act(reviewer, recording_id, "review")
    assert refused.status_code == 400
    assert "consent is not recorded" in refused.get_data(as_text=True)
    assert store_snapshot(store) == before
    assert _act(editor, recording_id, "consent").status_code == 303
    assert _act(reviewer, recording_id, "review").status_code == 303


def _wav_claiming_more(seconds: float) -> bytes:
    data = encoded(seconds)
    return data[: len(data) // 2]


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.wav", b"\0" * 50_000_000)
    return buffer.getvalue()


def _two_hours() -> bytes:
    """Two hours of FLAC (digital silence compresses to a few kilobytes), written in blocks."""
    buffer = io.BytesIO()
    block = np.zeros(8000 * 60, dtype=np.int16)
    with soundfile.SoundFile(buffer, "w", 8000, 1, "PCM_16", format="FLAC") as sound:
        for _minute in range(120):
            sound.write(block)
    return buffer.getvalue()


def _silence_wav() -> bytes:
    buffer = io.BytesIO()
    soundfile.write(buffer, np.zeros(48000, dtype=np.float32), 48000, format="WAV")
    return buffer.getvalue()


# (case, the file's bytes, its name, what the refusal says); made when the test runs.
HOSTILE: list[tuple[str, Callable[[], bytes], str, str]] = [
    (
        "not audio",
        lambda: b"<html>not a recording</html>" * 40,
        "take.wav",
        "not audio that can be read",
    ),
    ("empty", lambda: b"", "take.wav", "the file is empty"),
    ("truncated WAV", lambda: _wav_claiming_more(2.0), "take.wav", "truncated"),
    ("truncated MP3", lambda: encoded(3.0, "MP3", None)[:6000], "take.mp3", "truncated"),
    ("too long", lambda: encoded(40.0, rate=8000), "take.wav", "longer than 30 s"),
    ("two hours", _two_hours, "take.flac", "7200 s is longer than 30 s"),
    ("too short", lambda: encoded(0.1, pad=0.0), "take.wav", "shorter than 0.3 s"),
    ("lying extension", lambda: encoded(1.0), "take.mp3", "holds WAV, not what .mp3 says"),
    ("a zip", _zip_bomb, "take.ogg", "not audio that can be read"),
    ("unknown kind", lambda: encoded(1.0), "take.aac", "not a recording file"),
    ("200 MB", lambda: b"RIFF" + b"\0" * 200_000_000, "take.wav", "allowed"),
    ("silence", _silence_wav, "silence.wav", "silent"),
]


@pytest.mark.parametrize(("case", "make", "name", "reason"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_bad_files_are_refused_with_one_line_and_nothing_stored(
    book: tuple[Store, Any], case: str, make: Callable[[], bytes], name: str, reason: str
) -> None:
    store, app = book
    editor = app.test_client()
    sign_in(editor, "editor")
    before = store_snapshot(store)
    refused = _upload(editor, make(), name)
    assert refused.status_code in (400, 413), case
    body = refused.get_data(as_text=True)
    if refused.status_code == 400:
        assert f"{name}: " in body and reason in body, body[-2000:]
    assert store_snapshot(store) == before
    assert _audio_files(store) == []  # no clip, no temporary file


def test_the_command_line_adds_imports_lists_and_approves(
    runner: CliRunner, data_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "takes"
    folder.mkdir()
    (folder / "basics.hello.ko.wav").write_bytes(encoded(1.2))
    (folder / "basics.hello.uk.flac").write_bytes(encoded(1.0, "FLAC"))
    (folder / "no-such-phrase.ko.wav").write_bytes(encoded(1.0))
    (folder / "basics.hello.ru.wav").write_bytes(b"not audio")
    (folder / "notes.txt").write_text("hello")
    assert runner.invoke(main, ["init"]).exit_code == 0
    result = runner.invoke(
        main, ["audio", "import", str(folder), "--speaker", "Olena", "--consent"]
    )
    assert result.exit_code == 0, result.output + result.stderr
    lines = result.output.splitlines()
    assert "added: basics.hello.ko.wav: basics.hello/ko" in lines
    assert "added: basics.hello.uk.flac: basics.hello/uk" in lines
    assert any(line.startswith("not matched: no-such-phrase.ko.wav") for line in lines)
    assert any(line.startswith("not matched: notes.txt") for line in lines)
    assert any(line.startswith("refused: basics.hello.ru.wav: ") for line in lines)
    assert lines[-1] == "2 added, 2 without a translation, 1 refused"

    take = tmp_path / "take.ogg"
    take.write_bytes(encoded(1.5, "OGG", "OPUS"))
    added = runner.invoke(
        main, ["audio", "add", "basics.hello", "ko", str(take), "--speaker", "Kim",
               "--licence", "CC0-1.0"],
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert "no consent recorded" in added.output
    listed = runner.invoke(main, ["audio", "recordings", "basics.hello", "ko"]).output
    ids = [line.split("\t")[0] for line in listed.splitlines()]
    assert len(ids) == 2 and "no consent" in listed.splitlines()[1]
    refused = runner.invoke(main, ["audio", "review", "basics.hello", "ko", ids[1]])
    assert refused.exit_code != 0 and "consent is not recorded" in refused.stderr
    assert len(refused.stderr.splitlines()) == 1
    approved = runner.invoke(main, ["audio", "review", "basics.hello", "ko", ids[1], "--consent"])
    assert approved.exit_code == 0, approved.stderr
    listed = runner.invoke(main, ["audio", "recordings", "basics.hello", "ko"]).output
    assert "plays" in listed.splitlines()[1] and "plays" not in listed.splitlines()[0]
    bad = runner.invoke(main, ["audio", "add", "basics.hello", "ko", str(folder / "notes.txt"),
                               "--speaker", "Kim"])  # fmt: skip
    assert bad.exit_code != 0 and bad.stderr.startswith("error: notes.txt: not a recording")
    # Recordings' files are referenced: pruning keeps them.
    pruned = runner.invoke(main, ["audio", "prune"])
    assert pruned.exit_code == 0 and "kept 3 referenced files" in pruned.output


def test_the_kit_and_audio_builds_take_the_approved_recording(book: tuple[Store, Any]) -> None:
    from phrasebook.audio.engine import Speed
    from phrasebook.audio.recordings import Speaker, add_recording, review_recording
    from phrasebook.audio.service import AudioService

    store, _app = book
    service = AudioService(store.settings)
    try:
        recording = add_recording(
            store.uow(), service.cache, uid="thanks", lang="ko", data=encoded(1.0),
            name="t.wav", speaker=Speaker("Kim", consent=True),
            by="editor", source="upload", ext="mp3",
        )  # fmt: skip
        review_recording(store.uow(), "thanks", "ko", recording.id, by="reviewer")
        with store.uow() as uow:
            phrases = uow.phrases.get_many(["thanks", "stop"])
            translations = [phrases[uid].translations["ko"] for uid in ("thanks", "stop")]
        clips = service.clips_of(store.uow(), translations, Speed.NORMAL)
        recorded, synthetic = (clips[t.id] for t in translations)
        assert not isinstance(recorded, Exception) and not isinstance(synthetic, Exception)
        assert (recorded.engine, recorded.speaker, recorded.filename) == (
            "recording", "Kim", recording.filename,
        )  # fmt: skip
        assert synthetic.engine == "espeak" and synthetic.speaker is None
    finally:
        service.close()
