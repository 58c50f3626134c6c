"""The manager's screen, ``#/manage``: the menu, the floor plan, staff and devices, the bill
rules, the cash drawers, the day's figures with its close, and every device's health, one tab
each; tablet and phone sizes.

Edits are mutations through the outbox like an order: made offline they show at once and
reach the server once. What only the server can do (a PIN, a device's sign-out, a photo, the
day's figures) asks it and says so when it cannot be reached.
"""

from __future__ import annotations

from browser import page
from browser.device import Device
from browser.dom import el, on_click
from browser.engine import Engine
from screens.manage.day_panel import DayPanel
from screens.manage.drawer_panel import DrawerPanel
from screens.manage.floor_panel import FloorPanel
from screens.manage.health_panel import HealthPanel
from screens.manage.menu_panel import MenuPanel
from screens.manage.printers_panel import PrintersPanel
from screens.manage.rules_panel import RulesPanel
from screens.manage.staff_panel import StaffPanel
from ui.device_flag import DeviceFlag
from ui.i18n import Translator
from ui.kitchen_flag import KitchenFlag
from ui.printer_flag import PrinterFlag
from ui.router import part

TABS = ("menu", "floor", "staff", "printers", "rules", "drawer", "day", "health")
# The right a tab's changes need (``domain.staff.OP_RIGHTS``; the server refuses them without it):
# a person whose job lacks it does not see the tab. The day's figures are every manager's.
TAB_RIGHTS = {"menu": "manage_menu", "floor": "manage_floor", "staff": "manage_staff",
              "printers": "manage_devices", "rules": "manage_menu",
              "drawer": "cash_drawer", "health": "manage_devices"}  # fmt: skip


def shown_tabs(rights: frozenset[str] | None) -> tuple[str, ...]:
    """The tabs for whoever is signed in (None: a role's PIN, every tab)."""
    if rights is None:
        return TABS
    return tuple(tab for tab in TABS if TAB_RIGHTS.get(tab) in (None, *rights))


class ManageScreen:
    def __init__(self, root, engine: Engine, t: Translator, device: Device) -> None:
        self.engine, self.t, self.device = engine, t, device
        self.node = el("section", id="manage", cls="manage", aria_label=t("screen.manage"))
        self.kitchen_flag = KitchenFlag(engine, t, "manage.kitchen_offline")
        self.node.appendChild(self.kitchen_flag.node)
        self.printer_flag = PrinterFlag(engine, t)
        self.node.appendChild(self.printer_flag.node)
        self.device_flag = DeviceFlag(engine, t)
        self.node.appendChild(self.device_flag.node)
        nav = el("nav", cls="manage-nav", aria_label=t("screen.manage"))
        self.tabs = el("div", cls="manage-tabs", role="tablist")
        self._proxies: list = []
        self._tab_buttons = {}
        self.shown = shown_tabs(engine.rights)
        for name in self.shown:
            button = el(
                "button",
                t(f"manage.tab.{name}"),
                role="tab",
                type="button",
                id=f"tab-{name}",
                data_tab=name,
            )
            self._proxies.append(on_click(button, lambda n=name: self.pick(n)))
            self._tab_buttons[name] = button
            self.tabs.appendChild(button)
        nav.appendChild(self.tabs)
        screens = el("div", cls="manage-links")
        for name in ("floor", "kitchen", "pass", "kiosk", "board"):
            screens.appendChild(el("a", t(f"screen.{name}"), href=f"#/{name}", cls="link-button"))
        nav.appendChild(screens)
        self.node.appendChild(nav)
        self.body = el("div", cls="manage-body")
        self.node.appendChild(self.body)
        root.appendChild(self.node)
        self.panels = {
            "menu": MenuPanel(engine, t, device),
            "floor": FloorPanel(engine, t),
            "staff": StaffPanel(engine, t, device),
            "printers": PrintersPanel(engine, t, device),
            "rules": RulesPanel(engine, t),
            "drawer": DrawerPanel(engine, t),
            "day": DayPanel(engine, t, device),
            "health": HealthPanel(engine, t, device),
        }
        wanted = part(str(page.location.hash))
        self.current = wanted if wanted in self.shown else self.shown[0]
        self.pick(self.current)

    def follow(self, hash_: str) -> None:
        """The address names a tab (a tapped stock notification names the menu)."""
        if part(hash_) in self.shown:
            self.pick(part(hash_))

    def pick(self, name: str) -> None:
        left = getattr(self.panels.get(getattr(self, "current", "")), "left", None)
        if left is not None and name != self.current:
            left()
        self.current = name
        for tab, button in self._tab_buttons.items():
            button.setAttribute("aria-selected", "true" if tab == name else "false")
        self.body.replaceChildren(self.panels[name].node)
        self.panels[name].opened()
        page.history.replaceState(None, "", f"#/manage/{name}")
        self.render()

    def render(self) -> None:
        self.kitchen_flag.render()
        self.printer_flag.render()
        self.device_flag.render()
        self.panels[self.current].render()

    def tick(self) -> None:
        pass

    def close(self) -> None:
        for proxy in self._proxies:
            proxy.destroy()
        for panel in self.panels.values():
            panel.close()
        self.node.remove()
