"""The ``phrasebook/1`` JSON interchange format: schema, validation, export and import."""

from .exporter import dumps, export_document
from .importer import ImportReport, import_document, load_seeds
from .validation import FORMAT, SCHEMA_PATH, ParsedDocument, parse_document, schema

__all__ = [
    "FORMAT",
    "SCHEMA_PATH",
    "ImportReport",
    "ParsedDocument",
    "dumps",
    "export_document",
    "import_document",
    "load_seeds",
    "parse_document",
    "schema",
]
