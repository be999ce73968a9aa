"""Export formats are one registry (phrasebook.interchange.formats): the command line, the API
and the editor's download look the format up there, so a format registered once is offered by
all three; an unknown one is refused with one line (CLI) or a 400 naming ?format."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from click.testing import CliRunner

from app.cli import main
from phrasebook import users
from phrasebook.interchange import formats
from phrasebook.interchange.formats import EXPORTERS, Exporter, ExportSource, register
from phrasebook.interchange.repository import ExportScope
from phrasebook.store import Store
from tests.support.accounts import PASSWORD, sign_in
from tests.support.snapshot import store_snapshot
from tests.support.webapp import make_app

ROOT = Path(__file__).resolve().parents[2]


def _cli(runner: CliRunner, data_dir: Path, *args: str) -> Any:
    return runner.invoke(main, list(args), env={"PHRASEBOOK_DATA_DIR": str(data_dir)})


class CsvForTest(Exporter):
    """A format the registry does not ship: phrase id and texts, one row per phrase."""

    name = "csv-test"
    media_type = "text/csv"
    extension = "csv"
    summary = "a test's CSV"

    def write(self, source: ExportSource, scope: ExportScope, out: IO[bytes]) -> str:
        text = b"".join(EXPORTERS["json"].stream(source, scope)).decode("utf-8")
        rows = io.StringIO()
        writer = csv.writer(rows)
        for phrase in json.loads(text)["phrases"]:
            texts = phrase["translations"]
            writer.writerow([phrase["id"], *(texts[k]["text"] for k in sorted(texts))])
        out.write(rows.getvalue().encode("utf-8"))
        return f"{len(json.loads(text)['phrases'])} rows"


@pytest.fixture
def with_csv() -> Iterator[None]:
    register(CsvForTest)
    try:
        yield
    finally:
        del EXPORTERS["csv-test"]


def test_the_default_format_is_the_phrasebook_1_json(runner: CliRunner, data_dir: Path) -> None:
    assert _cli(runner, data_dir, "init").exit_code == 0
    default = _cli(runner, data_dir, "export", "--set", "safety")
    chosen = _cli(runner, data_dir, "export", "--set", "safety", "--format", "json")
    assert default.exit_code == chosen.exit_code == 0
    assert default.stdout_bytes == chosen.stdout_bytes
    assert json.loads(default.stdout_bytes)["format"] == "phrasebook/1"


def test_a_format_is_refused_with_one_line_naming_the_ones_there_are(
    runner: CliRunner, data_dir: Path
) -> None:
    assert _cli(runner, data_dir, "init").exit_code == 0
    unknown = _cli(runner, data_dir, "export", "--format", "xliff")
    assert unknown.exit_code == 1
    assert unknown.stderr == "error: --format: 'xliff' is not an export format (json, bundle)\n"
    no_file = _cli(runner, data_dir, "export", "--format", "bundle")
    assert no_file.exit_code == 1
    assert no_file.stderr == "error: --format bundle writes a .zip file: give it with -o\n"


def test_a_registered_format_is_offered_by_the_cli_the_api_and_the_editor(
    with_csv: None, seeded_store: Store, tmp_path: Path
) -> None:
    runner = CliRunner(mix_stderr=False)
    out = tmp_path / "safety.csv"
    data_dir = seeded_store.settings.data_dir
    done = _cli(
        runner, data_dir, "export", "--set", "safety", "--format", "csv-test", "-o", str(out)
    )
    assert done.exit_code == 0, done.stderr
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8"))))
    assert done.stderr.startswith(f"wrote {out} ({len(rows)} rows)")
    assert ["safety.do-not-shoot"] == [r[0] for r in rows if r[0] == "safety.do-not-shoot"]

    app = make_app(seeded_store)
    api = app.test_client().get("/api/v1/export?set=safety&format=csv-test")
    assert api.status_code == 200 and api.mimetype == "text/csv"
    assert api.headers["Content-Disposition"] == "attachment; filename=phrasebook-safety.csv"
    assert api.get_data() == out.read_bytes()

    users.add_user(seeded_store.uow(), name="editor", password=PASSWORD, role="editor")
    editor = app.test_client()
    sign_in(editor, "editor")
    page = editor.get("/edit/export?set=safety&format=csv-test")
    assert page.status_code == 200 and page.get_data() == out.read_bytes()


def test_the_api_and_the_editor_give_a_bundle_and_refuse_an_unknown_format(
    seeded_store: Store,
) -> None:
    app = make_app(seeded_store)
    before = store_snapshot(seeded_store)
    client = app.test_client()
    bundle = client.get("/api/v1/export?set=basics&format=bundle")
    assert bundle.status_code == 200 and bundle.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(bundle.get_data())) as archive:
        document = json.loads(archive.read("phrasebook.json"))
    assert {p["id"].split(".")[0] for p in document["phrases"]} == {"basics"}
    refused = client.get("/api/v1/export?format=docx")
    assert refused.status_code == 400
    assert refused.get_json() == {
        "error": {
            "status": 400,
            "location": "?format",
            "message": "'docx' is not an export format (json, bundle)",
        }
    }
    assert store_snapshot(seeded_store) == before


def test_the_api_description_lists_the_registered_formats() -> None:
    described = json.loads((ROOT / "app" / "api" / "openapi.json").read_text("utf-8"))
    parameters = described["paths"]["/export"]["get"]["parameters"]
    (format_parameter,) = [p for p in parameters if p["name"] == "format"]
    assert format_parameter["schema"]["enum"] == list(formats.EXPORTERS)
