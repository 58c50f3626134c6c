"""Which screen a location hash names, and which roles may open it. Pure.

    #/kiosk    guests order (kiosk PIN)
    #/floor    staff phones (floor PIN); #/floor/<table> opens that table's sheet
    #/kitchen  the kitchen display (kitchen PIN): all stations, or one
    #/pass     the pass (expo): each order's stations, called ready and served (kitchen PIN)
    #/board    the guests' pickup board: numbers preparing and ready (a paired board device)
    #/manage   menu, floor plan, staff and the day's figures (manager PIN); #/manage/<tab>

A manager's PIN opens any of them. A device remembers its role and restaurant; with no hash it
opens its own role's screen.
"""

from __future__ import annotations

SCREENS: dict[str, frozenset[str]] = {
    "kiosk": frozenset({"kiosk", "manager"}),
    "floor": frozenset({"floor", "manager"}),
    "kitchen": frozenset({"kitchen", "manager"}),
    "pass": frozenset({"kitchen", "manager"}),
    "board": frozenset({"board", "manager"}),
    "manage": frozenset({"manager"}),
}
HOME = {"kiosk": "kiosk", "floor": "floor", "kitchen": "kitchen", "manager": "manage",
        "board": "board"}  # fmt: skip


def screen_for(hash_: str, role: str | None) -> str:
    """The screen to show for ``location.hash`` on a device signed in as ``role``."""
    name = hash_.lstrip("#").strip("/").split("/")[0].split("?")[0]
    if name in SCREENS:
        return name
    return HOME.get(role or "", "floor")


def part(hash_: str) -> str:
    """What the hash names inside its screen: ``#/floor/hall-2`` -> ``hall-2`` (a table),
    ``#/manage/day`` -> ``day`` (a tab); "" when it names none."""
    parts = hash_.lstrip("#").strip("/").split("?")[0].split("/")
    return parts[1] if len(parts) > 1 else ""


def may_open(screen: str, role: str | None) -> bool:
    return role in SCREENS.get(screen, frozenset())
