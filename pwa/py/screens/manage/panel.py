"""What the menu and floor-plan tabs share: a list of what they edit, drawn again only when it
changed (a redraw must not lose where the manager scrolled to), and one sheet at a time for
editing a row, whose fields the list's redraws leave alone."""

from __future__ import annotations

import json
from collections.abc import Callable

from browser.dom import el, on_click
from browser.engine import Engine
from screens.manage.form import Sheet
from ui.i18n import Translator


class ListPanel:
    def __init__(
        self, engine: Engine, t: Translator, panel_id: str, add: tuple[str, str, Callable]
    ) -> None:
        """``add``: the bar's button that starts a new row, as (label, element id, action)."""
        self.engine, self.t = engine, t
        self.node = el("section", id=panel_id, cls="manage-panel")
        bar = el("div", cls="panel-bar")
        label, node_id, action = add
        button = el("button", label, type="button", id=node_id)
        bar.appendChild(button)
        self.node.appendChild(bar)
        self.list = el("div", cls="menu-blocks")
        self.node.appendChild(self.list)
        self._proxies = [on_click(button, action)]
        self._row_proxies: list = []
        self._shown = ""
        self.sheet: Sheet | None = None

    def opened(self) -> None:
        self._shown = ""  # drawn afresh when the tab comes back

    def close(self) -> None:
        for proxy in self._proxies + self._row_proxies:
            proxy.destroy()
        self._close_sheet()

    def _cleared_if_changed(self, *shown: object) -> bool:
        """Whether ``shown`` differs from what the list shows; if so the list is emptied, for
        the caller to draw again."""
        key = json.dumps(shown, sort_keys=True)
        if key == self._shown:
            return False
        self._shown = key
        for proxy in self._row_proxies:
            proxy.destroy()
        self._row_proxies = []
        self.list.replaceChildren()
        return True

    def _edit_button(self, thing: dict, action: Callable, row: bool = False):
        """ "Edit" for a block's head or, with ``row``, for a row (marked with its id)."""
        marks = {"data_edit": thing["id"]} if row else {}
        name = self.t("manage.edit_named", name=thing["name"])
        edit = el(
            "button", self.t("manage.edit"), type="button", cls="small", aria_label=name, **marks
        )
        self._row_proxies.append(on_click(edit, action))
        return edit

    def _add_button(self, label: str, action: Callable, **marks: str):
        """A block's last line: add a row to it."""
        add = el("button", label, type="button", cls="add-item", **marks)
        self._row_proxies.append(on_click(add, action))
        return add

    def _open(self, sheet: Sheet) -> None:
        self._close_sheet()
        self.sheet = sheet
        self.node.appendChild(sheet.node)
        first = sheet.node.querySelector("input, select, textarea")
        if first:
            first.focus()

    def _close_sheet(self) -> None:
        if self.sheet is not None:
            self.sheet.close()
            self.sheet = None

    def _remove_button(self, sheet: Sheet, node_id: str, action: Callable) -> None:
        remove = el("button", self.t("manage.remove"), type="button", cls="danger", id=node_id)
        sheet.proxies.append(on_click(remove, action))
        sheet.fields.appendChild(remove)
