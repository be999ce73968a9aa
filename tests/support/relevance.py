"""The search relevance set (tests/integration/search_relevance.tsv): a query as a reader
types it and the id of a seed phrase that must be among its first five results."""

from __future__ import annotations

from pathlib import Path

RELEVANCE_SET = Path(__file__).resolve().parent.parent / "integration" / "search_relevance.tsv"


def relevance_cases() -> list[tuple[str, str]]:
    cases = []
    for line in RELEVANCE_SET.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            query, wanted = line.split("\t")
            cases.append((query, wanted))
    return cases
