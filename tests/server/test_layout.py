"""The server's layout is its design: seven parts, each a folder that says what it promises and
what it may import, and a test (this one) that holds each to its rule. ``domain`` imports
nothing of ours; ``store`` only ``domain``; ``access`` the store; ``live``, ``files`` and
``printing`` the store (``live`` also ``access``: a socket checks tokens); ``http`` and ``cli``
sit on top; the package's ``__init__`` (``create_app``) wires them. All SQL lives in
``store``."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PARTS = ("store", "access", "live", "files", "printing", "http", "cli")
# What each part may import, besides itself and the standard library or third parties.
ALLOWED = {
    "domain": set(),
    "store": {"domain"},
    "access": {"domain", "store"},
    "live": {"domain", "store", "access"},
    "files": {"domain", "store"},
    "printing": {"domain", "store"},
    "http": {"domain", "store", "access", "live", "files", "printing", "server"},
    "cli": {"domain", "store", "access", "live", "files", "printing", "http", "server"},
    "server": {"domain", *PARTS},  # the composition root
}
OURS = ("domain", "server", "sync", "browser", "ui", "screens", "tests")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for top in ("server", "domain") for p in (ROOT / top).rglob("*.py")}


def imported(name: str) -> set[str]:
    """The modules of ours ``name`` imports (anywhere in it, lazily too), relative ones resolved."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in MODULES else base)
    return {m for m in found if m.split(".")[0] in OURS}


def part(module: str) -> str:
    """``domain``, a part's name, or ``server`` for the package's own ``__init__``."""
    top, _, rest = module.partition(".")
    if top != "server":
        return top
    return rest.split(".")[0] if rest else "server"


def test_the_server_is_seven_parts_and_its_app_factory():
    folders = sorted(p.name for p in (ROOT / "server").iterdir()
                     if p.is_dir() and p.name != "__pycache__")  # fmt: skip
    assert folders == sorted(PARTS)
    assert sorted(p.name for p in (ROOT / "server").glob("*.py")) == ["__init__.py"]


@pytest.mark.parametrize("name", PARTS)
def test_each_part_says_what_it_promises_and_may_import(name):
    doc = ast.get_docstring(ast.parse((ROOT / "server" / name / "__init__.py").read_text()))
    assert doc and "May import" in doc, f"server/{name}/__init__.py must say what it may import"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_imports_only_what_its_part_may(module):
    mine = part(module)
    for other in imported(module):
        theirs = part(other)
        assert theirs == mine or theirs in ALLOWED[mine], (
            f"{module} ({mine}) imports {other} ({theirs}); {mine} may import "
            f"{sorted(ALLOWED[mine]) or 'nothing of ours'}"
        )


def test_no_module_imports_itself_back_through_another():
    graph = {name: {m for m in imported(name) if m in MODULES and m != name} for name in MODULES}
    loops = []

    def visit(node: str, path: list[str]) -> None:
        for nxt in graph[node]:
            if nxt in path:
                loops.append([*path[path.index(nxt) :], nxt])
            elif nxt not in done:
                visit(nxt, [*path, nxt])
        done.add(node)

    done: set[str] = set()
    for name in sorted(graph):
        if name not in done:
            visit(name, [name])
    assert not loops, f"import loops: {loops[:3]}"


SQL = re.compile(r"\.execute(many)?\(|\b(SELECT\s+\S+.*\s+FROM|INSERT\s+INTO|DELETE\s+FROM|"
                 r"UPDATE\s+\w+\s+SET)\b")  # fmt: skip


@pytest.mark.parametrize("module", sorted(m for m in MODULES if part(m) not in ("store",)))
def test_no_sql_outside_the_store(module):
    source = MODULES[module].read_text()
    assert not SQL.search(source), f"{module} holds SQL: ask the store"
    assert not re.search(r"\.(connection|transaction|snapshot)\(\)", source), (
        f"{module} holds a database connection: ask the store"
    )
