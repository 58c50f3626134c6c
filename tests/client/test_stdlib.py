"""The standard library shipped to browsers (``tools/trim_stdlib.py``) holds every module that is
imported when the app's modules, Pyodide's and PyScript's are: each import made at import time
(not inside a function, not under ``if __name__ == "__main__"``) is followed through Pyodide's
own archive, and nothing it reaches may be one the trimmed archive left out. Imports inside our
own functions count too: any of ours, at any depth, is a root."""

from __future__ import annotations

import ast
import re
import zipfile
from pathlib import Path

import pytest

from tools.trim_stdlib import shipped

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"
SHIPPED = ROOT / "pwa" / "vendor" / "pyodide" / "python_stdlib.zip"
PYSCRIPT = ROOT / "pwa" / "vendor" / "pyscript"
# What starts before any module of ours: the interpreter's own start and Pyodide's runtime.
STARTUP = {"site", "encodings", "encodings.utf_8", "encodings.aliases", "codecs", "io", "abc",
           "os", "stat", "posixpath", "genericpath", "_collections_abc", "_sitebuiltins",
           "pyodide", "_pyodide", "asyncio", "zipfile", "shutil"}  # fmt: skip
ANY_IMPORT = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w., ]+))", re.M)


def modules_of(archive: Path) -> dict[str, str]:
    found = {}
    with zipfile.ZipFile(archive) as z:
        for name in z.namelist():
            if name.endswith(".py"):
                module = name[:-3].replace("/", ".").removesuffix(".__init__")
                found[module] = z.read(name).decode("utf-8", "replace")
    return found


def any_imports(source: str) -> set[str]:
    """Every module a source names in an import, wherever the import stands."""
    names = set()
    for fr, plain in ANY_IMPORT.findall(source):
        names |= {fr} if fr else {p.strip().split(" ")[0] for p in plain.split(",")}
    return names


def import_time(module: str, source: str, package: bool) -> set[str]:
    """The modules importing ``module`` imports (its body and class bodies, not functions);
    where this Python cannot parse newer syntax, every import in it."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return any_imports(source)
    base = module if package else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(body: list) -> None:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if isinstance(node, ast.If):
                test = ast.unparse(node.test)
                if "__main__" not in test and "TYPE_CHECKING" not in test:
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                name = node.module or ""
                if node.level:
                    anchor = base.split(".")[: len(base.split(".")) - node.level + 1]
                    name = ".".join([*anchor, name] if name else anchor)
                found.add(name)
                found.update(f"{name}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.ClassDef):
                visit(node.body)
            elif isinstance(node, ast.Try | ast.With):
                for block in ("body", "orelse", "finalbody"):
                    visit(getattr(node, block, []))
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)

    visit(tree.body)
    return found


def reached(sources: dict[str, str], roots: set[str]) -> set[str]:
    packages = {m.rpartition(".")[0] for m in sources}
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        parts = todo.pop().split(".")
        for i in range(1, len(parts) + 1):
            module = ".".join(parts[:i])
            if module in sources and module not in seen:
                seen.add(module)
                todo.extend(import_time(module, sources[module], module in packages))
    return seen


def roots() -> set[str]:
    found = set(STARTUP)
    for path in [*(ROOT / "pwa" / "py").rglob("*.py"), *(ROOT / "domain").rglob("*.py")]:
        found |= any_imports(path.read_text())
    for script in PYSCRIPT.glob("core-*.js"):  # PyScript's own Python rides in its bundle
        found |= any_imports(script.read_text().replace("\\n", "\n"))
    return found


def left_out_but_reached(sources: dict[str, str], ships) -> list[str]:
    """Modules reached from our roots that the archive ``ships`` would not hold."""
    packages = {m.rpartition(".")[0] for m in sources}

    def kept(module: str) -> bool:
        path = module.replace(".", "/")
        return ships(f"{path}/__init__.py" if module in packages else f"{path}.py")

    return sorted(m for m in reached(sources, roots()) if not kept(m))


@pytest.fixture(scope="module")
def sources() -> dict[str, str]:
    if not ORIGINAL.exists() or not SHIPPED.exists():
        pytest.fail("run `make pwa` first: node_modules and pwa/vendor are built by it")
    return modules_of(ORIGINAL)


def test_nothing_imported_at_import_time_was_left_out(sources):
    assert left_out_but_reached(sources, shipped) == []
    kept = modules_of(SHIPPED)  # the archive built is the one this rule describes
    assert set(kept) < set(sources)
    assert "email" not in kept and "logging" in kept and "encodings.cp850" not in kept
    assert "html" in kept and "zipfile" in kept


def test_the_check_finds_a_module_left_out_that_is_needed(sources):
    # asyncio imports logging when it is imported: leaving logging out would break every boot
    def without_logging(name: str) -> bool:
        return shipped(name) and not name.startswith("logging/")

    assert "logging" in left_out_but_reached(sources, without_logging)
