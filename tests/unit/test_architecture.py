"""The import structure: the domain never imports the web app, and no modules import each other
in a cycle (grimp builds the graph from the source, TYPE_CHECKING imports included)."""

from __future__ import annotations

from functools import cache

import grimp


@cache
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("phrasebook", "app")


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in edges.get(module, ()):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return found


def test_the_domain_does_not_import_the_web_app() -> None:
    chain = graph().find_shortest_chain(importer="phrasebook", imported="app", as_packages=True)
    assert chain is None, f"phrasebook imports app: {' -> '.join(chain or ())}"


def test_no_modules_import_each_other_in_a_cycle() -> None:
    modules = graph().modules
    edges = {m: set(graph().find_modules_directly_imported_by(m)) & modules for m in modules}
    assert cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [["a", "b", "c"]]
