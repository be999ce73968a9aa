"""`phrasebook audio ...` end to end, with real espeak-ng."""

from __future__ import annotations

from pathlib import Path

import pytest
import soundfile
from click.testing import CliRunner

from app.cli import main


def test_say_writes_the_format_the_extension_names(runner: CliRunner, tmp_path: Path) -> None:
    for name, container in [("thanks.mp3", "MP3"), ("thanks.ogg", "OGG"), ("thanks.wav", "WAV")]:
        target = tmp_path / name
        result = runner.invoke(
            main, ["audio", "say", "--lang", "ko", "감사합니다", "-o", str(target)]
        )
        assert result.exit_code == 0, result.output
        assert soundfile.info(str(target)).format == container
    slow = tmp_path / "slow.mp3"
    assert runner.invoke(main, ["audio", "say", "--lang", "ko", "--slow", "감사합니다",
                                "-o", str(slow)]).exit_code == 0  # fmt: skip
    assert (
        soundfile.info(str(slow)).duration > soundfile.info(str(tmp_path / "thanks.mp3")).duration
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--lang", "ko", "안녕", "-o", "out.aac"], "unknown audio format '.aac'"),
     (["--lang", "tlh", "nuqneH", "-o", "out.mp3"], "no voice for 'tlh'"),
     (["--lang", "ko", "  ", "-o", "out.mp3"], "TEXT is empty"),
     (["--lang", "ko", "안녕", "-o", "missing/out.mp3"], "no folder missing")],
)  # fmt: skip
def test_say_errors_are_one_line(
    runner: CliRunner, tmp_path: Path, args: list[str], message: str
) -> None:
    with runner.isolated_filesystem(temp_dir=tmp_path):
        result = runner.invoke(main, ["audio", "say", *args])
        assert result.exit_code != 0
        assert result.stderr.startswith("error: ") and message in result.stderr
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
        assert not Path("out.mp3").exists() and not Path("out.aac").exists()


def test_build_reports_failures_at_the_end_and_exits_non_zero(
    runner: CliRunner, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHRASEBOOK_ESPEAK_VOICE_KO", "no-such-voice")
    result = runner.invoke(main, ["audio", "build", "--set", "basics", "--lang", "ko,uk"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors and all("/ko (normal): espeak-ng has no voice" in line for line in errors)
    generated = len(list((data_dir / "audio").glob("*.mp3")))
    assert generated > 0 and f"{generated} generated" in result.output
    assert f"{len(errors)} failed" in result.output


def test_build_then_prune(runner: CliRunner, data_dir: Path) -> None:
    first = runner.invoke(main, ["audio", "build", "--set", "basics", "--lang", "ko", "--slow"])
    assert first.exit_code == 0, first.output
    files = sorted((data_dir / "audio").glob("*.mp3"))
    assert files and f"{len(files)} generated, 0 already cached, 0 failed" in first.output
    again = runner.invoke(main, ["audio", "build", "--set", "basics", "--lang", "ko", "--slow"])
    assert f"0 generated, {len(files)} already cached" in again.output
    orphan = data_dir / "audio" / ("0" * 32 + ".mp3")
    orphan.write_bytes(files[0].read_bytes())
    pruned = runner.invoke(main, ["audio", "prune"])
    assert pruned.exit_code == 0 and "removed 1 files" in pruned.output
    assert not orphan.exists() and all(path.exists() for path in files)


def test_pin_and_engines(runner: CliRunner) -> None:
    result = runner.invoke(main, ["audio", "pin", "basics.hello", "ko", "gtts"])
    assert result.exit_code == 0, result.output
    assert "pinned to gtts" in result.output
    cleared = runner.invoke(main, ["audio", "pin", "basics.hello", "ko", "--clear"])
    assert cleared.exit_code == 0 and "pin removed" in cleared.output
    missing = runner.invoke(main, ["audio", "pin", "no.such", "ko", "gtts"])
    assert missing.exit_code == 1 and "no phrase 'no.such'" in missing.stderr
    engines = runner.invoke(main, ["audio", "engines", "--lang", "ko"])
    assert engines.exit_code == 0
    assert "ko: espeak" in engines.output and "piper   unavailable: " in engines.output
