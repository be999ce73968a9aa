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


REPOSITORIES = ("phrases", "sets", "categories", "users", "aids", "mt", "jobs", "audio", "search",
                "exports")  # fmt: skip


def test_the_web_app_and_the_command_line_reach_storage_only_through_services() -> None:
    """Views and commands parse, call a service (which opens the unit of work), and render:
    none opens a unit of work itself or calls a repository; app/ takes no ORM class from the
    domain (the models' enums are values, not storage)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "app"
    opens = re.compile(r"uow\(\)\s+as\b|\bwith\s+\w*uow\b")
    reaches = re.compile(r"\buow\.(" + "|".join(REPOSITORIES) + r")\.")
    orm = re.compile(r"from phrasebook\.models import ([^\n]+)")
    found = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text("utf-8")
        for pattern in (opens, reaches):
            found += [f"{path.name}: {m.group(0)}" for m in pattern.finditer(text)]
        for match in orm.finditer(text):
            names = {name.strip() for name in match.group(1).split(",")}
            found += [f"{path.name}: imports {name}" for name in names - {"Status", "Register"}]
    assert found == []
