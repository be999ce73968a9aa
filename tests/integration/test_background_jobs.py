"""Audio builds as background jobs (``POST /api/v1/sets/<slug>/audio``) on the task queue,
with real espeak-ng audio, on SQLite and PostgreSQL; and two processes making the same clips
into one shared audio folder at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import soundfile

from app import create_app
from phrasebook.store import Store
from tests.support.accounts import csrf_token, fill_store, sign_in
from tests.support.queues import consuming, finished_job
from tests.support.servers import run_cli, start_cli
from tests.support.snapshot import store_snapshot


@pytest.fixture
def book(store: Store) -> tuple[Store, dict[str, str], Any]:
    tokens = fill_store(store)
    app = create_app(
        {"TESTING": True, "PHRASEBOOK_SETTINGS": store.settings, "PHRASEBOOK_STORE": store}
    )
    return store, tokens, app


def _clips(store: Store) -> list[Path]:
    return sorted((store.settings.data_dir / "audio").glob("*.mp3"))


def test_a_sets_audio_is_made_by_a_job_and_made_once(book: tuple[Store, dict[str, str], Any]):
    store, tokens, app = book
    client = app.test_client()
    editor = {"Authorization": f"Bearer {tokens['editor']}"}
    started = client.post("/api/v1/sets/surrender/audio", json={"lang": "ko"}, headers=editor)
    assert started.status_code == 202, started.get_json()
    job_id = started.get_json()["job"]
    assert started.get_json()["status_url"] == f"/api/v1/jobs/{job_id}"
    queued = client.get(f"/api/v1/jobs/{job_id}", headers=editor).get_json()
    assert (queued["kind"], queued["status"], queued["set"], queued["langs"]) == (
        "audio", "queued", "surrender", ["ko"],
    )  # fmt: skip
    assert _clips(store) == []  # nothing made in the request

    with consuming(app.extensions["phrasebook"].queue):
        done = finished_job(store.uow, job_id)
    assert (done["status"], done["done"], done["total"], done["made"], done["cached"]) == (
        "done", 3, 3, 3, 0,
    )  # fmt: skip
    assert done["errors"] == [] and done["message"] == "3 clips made, 0 already cached, 0 failed"
    clips = _clips(store)
    assert len(clips) == 3
    assert all(0.2 < soundfile.info(str(path)).duration < 5 for path in clips)
    # The phrase's play button now finds its clip made, not to be made.
    played = client.get("/audio/phrase/stop/ko?format=json").get_json()
    assert played["generated"] is False and played["url"].endswith(clips[0].suffix)

    # Again, with the slow versions: the normal clips are found, the slow ones made.
    again = client.post(
        "/api/v1/sets/surrender/audio", json={"lang": ["ko"], "slow": True}, headers=editor
    )
    with consuming(app.extensions["phrasebook"].queue):
        second = finished_job(store.uow, again.get_json()["job"])
    assert (second["total"], second["made"], second["cached"]) == (6, 3, 3)
    assert len(_clips(store)) == 6


def test_the_set_page_starts_the_job_with_its_form(book: tuple[Store, dict[str, str], Any]):
    store, _tokens, app = book
    client = app.test_client()
    assert sign_in(client, "editor").status_code == 302
    page = client.get("/edit/sets/surrender").get_data(as_text=True)
    assert 'action="/api/v1/sets/surrender/audio"' in page
    form = {"csrf_token": csrf_token(client, "/edit/sets/surrender"), "slow": "1"}
    posted = client.post("/api/v1/sets/surrender/audio", data=form)
    assert posted.status_code == 303 and posted.location.startswith("/edit/sets/surrender?job=")
    job_id = posted.location.rsplit("=", 1)[1]
    progress = client.get(posted.location).get_data(as_text=True)
    assert f'data-job-url="/api/v1/jobs/{job_id}"' in progress
    assert "Making the set&#39;s audio in the background." in progress
    with consuming(app.extensions["phrasebook"].queue):
        done = finished_job(store.uow, job_id)
    assert (done["langs"], done["speeds"], done["total"]) == ([], ["normal", "slow"], 12)


@pytest.mark.parametrize(
    ("body", "role", "status", "location"),
    [
        ({"lang": "xx"}, "editor", 400, "/lang"),
        ({"lang": {"ko": 1}}, "editor", 400, "/lang"),
        ({"lang": "ko", "slow": "yes"}, "editor", 400, "/slow"),  # JSON booleans only
        ({"lang": "ko", "slow": 1}, "editor", 400, "/slow"),
        ({}, "viewer", 403, ""),
        ({}, None, 401, ""),
    ],
)
def test_refused_audio_builds_start_nothing(
    book: tuple[Store, dict[str, str], Any], body: dict[str, Any], role: str | None,
    status: int, location: str,
) -> None:  # fmt: skip
    store, tokens, app = book
    before = store_snapshot(store)
    headers = {"Authorization": f"Bearer {tokens[role]}"} if role else {}
    refused = app.test_client().post("/api/v1/sets/surrender/audio", json=body, headers=headers)
    assert refused.status_code == status
    assert refused.get_json()["error"]["location"] == location
    assert store_snapshot(store) == before


def test_an_unknown_set_is_refused(book: tuple[Store, dict[str, str], Any]) -> None:
    store, tokens, app = book
    before = store_snapshot(store)
    headers = {"Authorization": f"Bearer {tokens['editor']}"}
    refused = app.test_client().post("/api/v1/sets/nope/audio", json={}, headers=headers)
    assert refused.status_code == 404 and "no phrase set 'nope'" in refused.get_data(as_text=True)
    assert store_snapshot(store) == before


def test_two_processes_making_the_same_clips_at_once_leave_one_whole_file_each(
    tmp_path: Path,
) -> None:
    """Two `phrasebook audio build` processes on one data folder and database: both finish,
    each clip is one file that decodes, no temporary file is left."""
    env = {"PHRASEBOOK_DATA_DIR": str(tmp_path)}
    assert run_cli(env, "init").returncode == 0
    args = ("audio", "build", "--set", "basics", "--lang", "ko,uk")
    both = [start_cli(env, *args) for _ in range(2)]
    codes = [process.wait(timeout=300) for process in both]
    logs = [path.read_text() for path in sorted(tmp_path.glob("audio-*.log"))]
    assert codes == [0, 0], logs
    clips = sorted((tmp_path / "audio").glob("*.mp3"))
    again = run_cli(env, *args)  # a third build finds every clip made
    assert again.returncode == 0 and f"0 generated, {len(clips)} already cached" in again.stdout
    assert len(clips) > 10
    assert all(soundfile.info(str(path)).duration > 0.2 for path in clips)
    assert list((tmp_path / "audio").glob(".*")) == []
