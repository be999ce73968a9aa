"""The PDF renderer interface, and a fake that records what it was asked to print."""

from __future__ import annotations

from typing import Protocol

from .model import PrintJob, RenderedPdf


class PdfRenderer(Protocol):
    def render(self, job: PrintJob) -> RenderedPdf:
        """Lay out ``job`` and return the PDF with any warnings (e.g. characters no font has)."""
        ...


class FakePdfRenderer:
    """Keeps every job; returns a tiny placeholder document, one "page" per card."""

    def __init__(self, warnings: list[str] | None = None) -> None:
        self.jobs: list[PrintJob] = []
        self.warnings = warnings or []

    def render(self, job: PrintJob) -> RenderedPdf:
        self.jobs.append(job)
        body = "\n".join(f"{card.uid}\t{card.target_text}" for card in job.cards)
        return RenderedPdf(
            data=b"%PDF-fake\n" + body.encode("utf-8"),
            pages=len(job.cards),
            warnings=list(self.warnings),
        )
