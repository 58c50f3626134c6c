"""The layout says what is pure: nothing in the pure parts of the browser's Python touches the
browser (``js``, ``pyodide``, ``pyscript``), directly or through a module it imports. That is
what lets them run here, in plain CPython, against the real server's rules."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PY = Path(__file__).resolve().parents[2] / "pwa" / "py"
BROWSER_ONLY = ("js", "pyodide", "pyscript")
# Pure: the sync core, the words and rules of the frame, and each screen's model.
PURE = ["sync", "ui.banner", "ui.router", "ui.keyed", "ui.i18n", "ui.locales", "ui.first_paint",
        "screens.kiosk.cart", "screens.kitchen.board", "screens.floor.plan",
        "screens.manage.edits", "screens.manage.chart"]  # fmt: skip


def module_name(path: Path) -> str:
    parts = path.relative_to(PY).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PY.rglob("*.py")}


def imports(name: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def reaches(name: str, seen: set[str] | None = None) -> set[str]:
    """Every module ``name`` imports, through the app's own modules."""
    seen = set() if seen is None else seen
    for imported in imports(name):
        if imported in seen:
            continue
        seen.add(imported)
        if imported in MODULES:
            reaches(imported, seen)
    return seen


def pure_modules() -> list[str]:
    return sorted(m for m in MODULES if any(m == p or m.startswith(p + ".") for p in PURE))


def test_the_packages_are_where_the_readme_says():
    assert {"sync", "browser", "ui", "screens.kiosk", "screens.kitchen", "screens.floor"} <= set(
        MODULES
    )
    assert sorted(p.name for p in PY.glob("*.py")) == ["main.py"]  # only the entry point on top


@pytest.mark.parametrize("name", pure_modules())
def test_pure_modules_never_touch_the_browser(name):
    touched = sorted(m for m in reaches(name) if m.split(".")[0] in BROWSER_ONLY)
    assert not touched, f"{name} reaches {touched}"


@pytest.mark.parametrize("name", sorted(m for m in MODULES if m.startswith("sync")))
def test_the_sync_core_imports_only_itself_the_domain_and_the_standard_library(name):
    own = {m for m in imports(name) if m.split(".")[0] in {"browser", "ui", "screens"}}
    assert not own, f"{name} imports {sorted(own)}"


ENGINE_INTERFACE = {
    "floor", "menu", "catalogue", "menu_stale", "order_number", "is_waiting", "refusal", "attention",
    "queued_ids", "status", "submit", "retry", "discard", "refresh", "start", "stop",
    "signed_out_because", "catalogue_view", "kitchen_offline_since", "printers_in_trouble",
    "has_printers", "devices_in_trouble",
    "token", "answer",
    "device_id", "event_listeners", "bill_settings", "role", "rights", "discount_bp",
    "server_now",
}  # fmt: skip


@pytest.mark.parametrize(
    "name", sorted(m for m in MODULES if m.startswith(("ui", "screens")) or m == "main")
)
def test_screens_use_the_engines_interface_not_its_fields(name):
    """Screens read ``engine.floor()``, ``engine.status()``, ``engine.order_number(...)``;
    the session, the outbox and the caches behind them are the engine's to change."""
    used = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text())):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute | ast.Name):
            owner = node.value.attr if isinstance(node.value, ast.Attribute) else node.value.id
            if owner == "engine":
                used.add(node.attr)
    assert used <= ENGINE_INTERFACE, sorted(used - ENGINE_INTERFACE)


# How the browser's storage and network are reached: whoever uses these goes through them.
STORAGE_AND_NETWORK = {"browser.idb", "browser.rest"}
BROWSER_CALLS = re.compile(r"\bjs\.(fetch|indexedDB|localStorage)\b|XMLHttpRequest")


@pytest.mark.parametrize("name", sorted(m for m in MODULES if m.startswith("screens")))
def test_screens_reach_storage_and_the_server_only_through_the_engine_and_the_device(name):
    """A screen's own settings and what needs the server now go through ``browser.device``;
    the floor, the menu and every change through the engine. DOM code stays in the views."""
    reached = {m for m in imports(name) if m.startswith(tuple(STORAGE_AND_NETWORK))}
    assert not reached, f"{name} imports {sorted(reached)}: ask the engine or the device"
    assert not BROWSER_CALLS.search(MODULES[name].read_text()), f"{name} calls storage itself"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_layer_imports_the_one_above_it(name):
    """``sync`` < ``browser`` < ``ui`` < ``screens`` < ``main``: the app's frame is handed its
    screens by ``main`` (the composition root), the adapters know no words of the frame."""
    order = ["sync", "browser", "ui", "screens", "main"]
    mine = name.split(".")[0]
    above = order[order.index(mine) + 1 :] if mine in order else []
    upward = sorted(m for m in imports(name) if m.split(".")[0] in above)
    assert not upward, f"{name} imports {upward}, a layer above it"
