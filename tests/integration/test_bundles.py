"""Bundles (phrases + people's recordings in one zip): the round trip through the command line
(export bundle → import into an empty store → export bundle: the same bytes), and hostile
bundles refused with one line, the store byte-identical and no audio file left behind, on
SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from phrasebook import services
from phrasebook.audio.bundles import write_bundle
from phrasebook.audio.cache import AudioCache
from phrasebook.audio.recordings import Speaker, add_recording, record_consent, review_recording
from phrasebook.errors import InvalidInput
from phrasebook.interchange.repository import ExportScope
from phrasebook.store import Store
from tests.support.accounts import fill_store
from tests.support.snapshot import store_snapshot
from tests.support.sounds import encoded


def _cli(runner: CliRunner, data_dir: Path, *args: str) -> str:
    result = runner.invoke(main, list(args), env={"PHRASEBOOK_DATA_DIR": str(data_dir)})
    assert result.exit_code == 0, result.output + result.stderr
    return result.output + result.stderr


def test_a_bundle_round_trip_gives_the_same_json_and_audio_bytes(
    runner: CliRunner, tmp_path: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    takes = tmp_path / "takes"
    takes.mkdir()
    (takes / "basics.hello.ko.wav").write_bytes(encoded(1.2))
    (takes / "basics.hello.uk.flac").write_bytes(encoded(0.9, "FLAC"))
    (takes / "basics.i-am-fine.ko.ogg").write_bytes(encoded(1.4, "OGG", "OPUS"))
    _cli(runner, first, "init")
    _cli(runner, first, "audio", "import", str(takes), "--speaker", "Kim", "--consent")
    listed = _cli(runner, first, "audio", "recordings", "basics.hello", "ko")
    _cli(runner, first, "audio", "review", "basics.hello", "ko", listed.split("\t")[0])
    one = tmp_path / "one.zip"
    assert "(3 recordings)" in _cli(runner, first, "export", "--bundle", "-o", str(one))

    _cli(runner, second, "init", "--no-seeds")
    imported = _cli(runner, second, "import", str(one))
    assert "recordings: 3 added" in imported
    two = tmp_path / "two.zip"
    _cli(runner, second, "export", "--bundle", "-o", str(two))
    assert two.read_bytes() == one.read_bytes()  # same JSON, same metadata, same audio bytes
    with zipfile.ZipFile(one) as archive:
        names = archive.namelist()
        meta = json.loads(archive.read("recordings.json"))
    assert names[:2] == ["phrasebook.json", "recordings.json"] and len(names) == 5
    assert [(r["phrase"], r["lang"], r["status"]) for r in meta["recordings"]] == [
        ("basics.hello", "ko", "reviewed"), ("basics.hello", "uk", "draft"),
        ("basics.i-am-fine", "ko", "draft"),
    ]  # fmt: skip
    # What readers hear came along: the approved recording plays in the second store too.
    assert "plays" in _cli(runner, second, "audio", "recordings", "basics.hello", "ko")
    # Importing again adds nothing.
    assert "recordings: 3 unchanged" in _cli(runner, second, "import", str(one))


@pytest.fixture
def bundle(store: Store, tmp_path: Path) -> tuple[Store, bytes]:
    """A store with known phrases and one approved recording, and its bundle; the store's
    recordings are then removed, so importing the bundle back has something to add."""
    fill_store(store)
    cache = AudioCache(store.settings.data_dir / "audio")
    recording = add_recording(
        store.uow(), cache, uid="thanks", lang="ko", data=encoded(1.0), name="t.wav",
        speaker=Speaker("Kim", consent=True), by="editor", source="upload", ext="mp3",
    )  # fmt: skip
    record_consent(store.uow(), "thanks", "ko", recording.id, by="editor")
    review_recording(store.uow(), "thanks", "ko", recording.id, by="reviewer")
    buffer = io.BytesIO()
    write_bundle(store.uow, cache, buffer, ExportScope.of())
    from phrasebook.audio.recordings import delete_recording

    delete_recording(store.uow(), "thanks", "ko", recording.id)
    for path in cache.files():
        path.unlink()
    return store, buffer.getvalue()


def _rezip(raw: bytes, change: Callable[[dict[str, bytes]], None], **extra: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    members.update(extra)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _audio_name(raw: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return next(n for n in archive.namelist() if n.startswith("audio/"))


def _edit_meta(edit: Callable[[dict[str, object]], None]) -> Callable[[dict[str, bytes]], None]:
    def change(members: dict[str, bytes]) -> None:
        meta = json.loads(members["recordings.json"])
        edit(meta["recordings"][0])
        members["recordings.json"] = json.dumps(meta).encode()

    return change


def _with_link(raw: bytes) -> bytes:
    out = io.BytesIO(raw)
    with zipfile.ZipFile(out, "a") as archive:
        info = zipfile.ZipInfo("audio/" + "a" * 32 + ".mp3")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    return out.getvalue()


def _encrypted(raw: bytes) -> bytes:
    """The bundle with its recordings.json flagged as encrypted (general-purpose bit 0, set in
    its local header and its central-directory entry; zipfile clears the bit when writing):
    zipfile then asks for a password, a RuntimeError, instead of reading it."""
    data = bytearray(raw)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        offset = archive.getinfo("recordings.json").header_offset
    data[offset + 6] |= 0x1  # local file header: flags at byte 6
    entry = data.find(b"PK\x01\x02")  # the central directory's entries, one by one
    while entry >= 0:
        name_length = int.from_bytes(data[entry + 28 : entry + 30], "little")
        if data[entry + 46 : entry + 46 + name_length] == b"recordings.json":
            data[entry + 8] |= 0x1  # central directory entry: flags at byte 8
        entry = data.find(b"PK\x01\x02", entry + 4)
    return bytes(data)


def _bomb(raw: bytes) -> bytes:
    name = _audio_name(raw)
    return _rezip(raw, lambda m: m.update({name: b"\0" * 60_000_000}))


def _not_audio(raw: bytes) -> bytes:
    import hashlib

    junk = b"not audio at all " * 100
    digest = hashlib.sha256(junk).hexdigest()
    name = f"audio/{digest[:32]}.mp3"

    def change(members: dict[str, bytes]) -> None:
        del members[_audio_name(raw)]
        members[name] = junk
        _edit_meta(lambda r: r.update(file=name, sha256=digest))(members)

    return _rezip(raw, change)


HOSTILE: list[tuple[str, Callable[[bytes], bytes], str]] = [
    ("traversal", lambda raw: _rezip(raw, lambda m: None, **{"../evil.mp3": b"x"}), "'..'"),
    ("absolute", lambda raw: _rezip(raw, lambda m: None, **{"/etc/evil": b"x"}), "absolute"),
    ("stray file", lambda raw: _rezip(raw, lambda m: None, **{"run.sh": b"x"}), "not phrasebook"),
    ("link", _with_link, "a link"),
    ("zip bomb", _bomb, "larger than"),
    (
        "wrong hash",
        lambda raw: _rezip(raw, _edit_meta(lambda r: r.update(sha256="0" * 64))),
        "do not match the sha256",
    ),
    ("not audio", _not_audio, "not audio that can be decoded"),
    (
        "bad metadata",
        lambda raw: _rezip(raw, _edit_meta(lambda r: r.update(licence="mine"))),
        "recordings.json /recordings/0/licence",
    ),
    (
        "unknown phrase",
        lambda raw: _rezip(raw, _edit_meta(lambda r: r.update(phrase="nope"))),
        "nope/ko is not a translation",
    ),
    ("no phrases", lambda raw: _rezip(raw, lambda m: m.pop("phrasebook.json")), "no phrasebook"),
    ("damaged", lambda raw: raw[: len(raw) // 2], "zip archive"),
    (
        "deep recordings",
        lambda raw: _rezip(
            raw, lambda m: m.update({"recordings.json": b"[" * 100_000 + b"]" * 100_000})
        ),
        "nested more than",
    ),
    ("encrypted member", lambda raw: _encrypted(raw), "an encrypted member"),
]


@pytest.mark.parametrize(("case", "spoil", "reason"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_bundles_are_refused_and_nothing_is_stored(
    bundle: tuple[Store, bytes], case: str, spoil: Callable[[bytes], bytes], reason: str
) -> None:
    store, raw = bundle
    before = store_snapshot(store)
    with pytest.raises(InvalidInput) as refused:
        services.import_bytes(
            store.uow(), spoil(raw), source="b.zip", languages=store.settings.languages,
            max_bytes=store.settings.import_max_bytes,
            audio_dir=store.settings.data_dir / "audio",
        )  # fmt: skip
    assert reason in str(refused.value) and "\n" not in str(refused.value), case
    assert store_snapshot(store) == before
    assert list((store.settings.data_dir / "audio").iterdir()) == []


def test_the_intact_bundle_imports_its_recording(bundle: tuple[Store, bytes]) -> None:
    store, raw = bundle
    report = services.import_bytes(
        store.uow(), raw, source="b.zip", languages=store.settings.languages,
        max_bytes=store.settings.import_max_bytes, audio_dir=store.settings.data_dir / "audio",
    )  # fmt: skip
    assert report.count("recording", "added") == 1
    from phrasebook.audio.recordings import recordings_page

    (view,) = recordings_page(store.uow(), "thanks", "ko")
    assert view.plays and view.recording.speaker == "Kim"
    assert len(list((store.settings.data_dir / "audio").iterdir())) == 1


def test_the_web_import_previews_and_applies_a_bundle(bundle: tuple[Store, bytes]) -> None:
    from app import create_app
    from phrasebook.audio.recordings import recordings_page
    from tests.support.accounts import csrf_token, sign_in

    store, raw = bundle
    app = create_app(
        {"TESTING": True, "PHRASEBOOK_SETTINGS": store.settings, "PHRASEBOOK_STORE": store}
    )
    client = app.test_client()
    sign_in(client, "editor")
    before = store_snapshot(store)
    preview = client.post(
        "/edit/import",
        data={"csrf_token": csrf_token(client, "/edit/import"),
              "file": (io.BytesIO(raw), "book.zip")},
        content_type="multipart/form-data",
    )  # fmt: skip
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "recordings: 1 added" in page
    assert store_snapshot(store) == before  # a preview writes nothing
    token = page.split('name="token" value="')[1].split('"')[0]
    applied = client.post(
        "/edit/import/apply",
        data={"csrf_token": csrf_token(client, "/edit/import"), "token": token,
              "filename": "book.zip"},
    )  # fmt: skip
    assert applied.status_code == 302
    (view,) = recordings_page(store.uow(), "thanks", "ko")
    assert view.plays
    spoiled = client.post(
        "/edit/import",
        data={"csrf_token": csrf_token(client, "/edit/import"),
              "file": (io.BytesIO(raw[: len(raw) // 2]), "book.zip")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert spoiled.status_code == 400 and "book.zip: bundle: " in spoiled.get_data(as_text=True)
