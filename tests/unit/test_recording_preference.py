"""Which recording plays (phrasebook.audio.recordings.preferred), on in-memory rows: only a
reviewed one, with consent, of the current text; the preferred one first, else the latest
approved; none at all means an engine speaks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from phrasebook.audio.models import Recording, RecordingStatus
from phrasebook.audio.preference import preferred
from phrasebook.audio.recordings import Speaker
from phrasebook.errors import InvalidInput

T0 = datetime(2026, 12, 1, tzinfo=UTC)


def _recording(
    rid: int, *, text: str = "물", reviewed: bool = True, consent: bool = True,
    is_preferred: bool = False, minutes: int = 0,
) -> Recording:  # fmt: skip
    return Recording(
        id=rid, translation_id=1, text=text, revision=1, key=f"{rid:032x}", ext="mp3",
        sha256="0" * 64, duration=1.0, speaker=f"speaker {rid}", licence="CC-BY-4.0",
        consent_at=T0 if consent else None, consent_by="editor" if consent else None,
        status=RecordingStatus.REVIEWED if reviewed else RecordingStatus.DRAFT,
        preferred=is_preferred, source="upload", uploaded_by="editor", created_at=T0,
        reviewed_by="reviewer" if reviewed else None,
        reviewed_at=T0 + timedelta(minutes=minutes) if reviewed else None,
    )  # fmt: skip


def test_only_a_reviewed_consented_recording_of_the_current_text_plays() -> None:
    assert preferred([], "물") is None
    assert preferred([_recording(1, reviewed=False)], "물") is None
    assert preferred([_recording(1, consent=False)], "물") is None
    assert preferred([_recording(1, text="물을")], "물") is None  # for an earlier text
    assert preferred([_recording(1)], "물").id == 1


def test_the_preferred_one_wins_else_the_latest_approved() -> None:
    older, newer = _recording(1, minutes=1), _recording(2, minutes=5)
    assert preferred([older, newer], "물").id == 2
    chosen = _recording(3, minutes=0, is_preferred=True)
    assert preferred([older, newer, chosen], "물").id == 3
    stale_choice = _recording(4, text="물을", is_preferred=True)
    assert preferred([older, stale_choice], "물").id == 1


def test_a_speaker_needs_a_name_and_a_known_licence() -> None:
    assert Speaker("  Kim   Min  ").checked().name == "Kim Min"
    with pytest.raises(InvalidInput, match="speaker: name the speaker"):
        Speaker("  ").checked()
    with pytest.raises(InvalidInput, match="licence: 'GPL' is not one of"):
        Speaker("Kim", "GPL").checked()
    # shown to every reader who plays the recording: no NUL or other control character
    with pytest.raises(InvalidInput, match="speaker: contains control character U\\+0000"):
        Speaker("s\x00p").checked()
    with pytest.raises(InvalidInput, match="U\\+001B"):
        Speaker("Kim\x1b[31m").checked()
