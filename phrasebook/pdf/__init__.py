"""Printable PDFs of phrases: pocket cards, a folded phrase sheet and duplex cards.

``build_pdf`` (service) gathers phrases into plain ``CardRecord``s; a ``PdfRenderer`` (fpdf2,
or a fake in unit tests) lays them out. See docs/pdf.md.
"""

from .fonts import FontFace, coverage_warnings, default_stack
from .model import CardRecord, Layout, Paper, PrintJob, RenderedPdf
from .renderer import PdfRenderer
from .service import AidFunction, build_pdf

__all__ = [
    "AidFunction",
    "CardRecord",
    "FontFace",
    "Layout",
    "Paper",
    "PdfRenderer",
    "PrintJob",
    "RenderedPdf",
    "build_pdf",
    "coverage_warnings",
    "default_stack",
]
