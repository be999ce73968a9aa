"""Which recording of a translation plays: the rule, kept apart from the audio handling
in ``recordings.py`` so that the reader's pages ask it without loading numpy and soundfile."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from phrasebook.shown import ShownText
from phrasebook.uow import UnitOfWork

from .models import Recording, RecordingStatus

SLOW_RATE = 0.75  # a recording played slowly: the browser's playbackRate, pitch kept


def preferred(recordings: Iterable[Recording], text: str) -> Recording | None:
    """The recording that plays for ``text``: reviewed, consented, of this very text; the
    one marked preferred, else the last approved. None: an engine speaks."""
    playable = [
        r
        for r in recordings
        if r.status == RecordingStatus.REVIEWED and r.consent_at is not None and r.text == text
    ]
    if not playable:
        return None
    return max(playable, key=lambda r: (r.preferred, r.reviewed_at or r.created_at, r.id))


def preferred_of(uow: UnitOfWork, translations: Sequence[ShownText]) -> dict[int, Recording]:
    """Translation id -> the recording that plays, for many translations in one query."""
    found = uow.audio.recordings_of([t.id for t in translations])
    chosen = {t.id: preferred(found.get(t.id, ()), t.text) for t in translations}
    return {tid: recording for tid, recording in chosen.items() if recording is not None}
