"""The PDF renderer interface (the fake that records what it was asked to print: tests/fakes.py)."""

from __future__ import annotations

from typing import Protocol

from .model import PrintJob, RenderedPdf


class PdfRenderer(Protocol):
    def render(self, job: PrintJob) -> RenderedPdf:
        """Lay out ``job`` and return the PDF with any warnings (e.g. characters no font has)."""
        ...
