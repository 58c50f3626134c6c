"""The floor tab: areas and their tables; add, rename, reseat, move, and remove an empty one."""

from __future__ import annotations

import json

from browser.dom import el, on_click
from browser.engine import Engine
from browser.tasks import spawn
from screens.manage import logic
from screens.manage.form import Sheet, as_int, number_input, text_input
from ui.i18n import Translator


class FloorPanel:
    def __init__(self, engine: Engine, t: Translator) -> None:
        self.engine, self.t = engine, t
        self.node = el("section", id="manage-floor", cls="manage-panel")
        bar = el("div", cls="panel-bar")
        add = el("button", t("manage.add_area"), type="button", id="add-area")
        bar.appendChild(add)
        self.node.appendChild(bar)
        self.list = el("div", cls="menu-blocks")
        self.node.appendChild(self.list)
        self._proxies = [on_click(add, lambda: self.edit_area(None))]
        self._row_proxies: list = []
        self._shown = ""
        self.sheet: Sheet | None = None

    def opened(self) -> None:
        self._shown = ""

    def close(self) -> None:
        for proxy in self._proxies + self._row_proxies:
            proxy.destroy()
        self._close_sheet()

    def render(self) -> None:
        floor = self.engine.floor()
        shown = json.dumps([floor["areas"], floor["tables"]], sort_keys=True)
        if shown == self._shown:
            return
        self._shown = shown
        for proxy in self._row_proxies:
            proxy.destroy()
        self._row_proxies = []
        self.list.replaceChildren()
        areas = sorted(floor["areas"].values(), key=lambda a: (a.get("position", 0), a["id"]))
        if not areas:
            self.list.appendChild(el("p", self.t("manage.floor_empty"), cls="help"))
        for area in areas:
            self.list.appendChild(self._block(area, floor))

    def _block(self, area: dict, floor: dict):
        block = el("section", cls="menu-block", data_area=area["id"])
        head = el("div", cls="row head")
        head.appendChild(el("h3", area["name"]))
        edit = el(
            "button",
            self.t("manage.edit"),
            type="button",
            cls="small",
            aria_label=self.t("manage.edit_named", name=area["name"]),
        )
        self._row_proxies.append(on_click(edit, lambda a=area: self.edit_area(a)))
        head.appendChild(edit)
        block.appendChild(head)
        tables = sorted(
            (t for t in floor["tables"].values() if t["area_id"] == area["id"]),
            key=lambda t: (t.get("position", 0), t["name"], t["id"]),
        )
        listing = el("ul", cls="menu-items")
        for table in tables:
            row = el("li", cls="row", data_table=table["id"])
            if table.get("pending"):
                row.setAttribute("data-pending", "true")
            row.appendChild(el("span", table["name"], cls="name"))
            row.appendChild(el("span", self.t("manage.seats", n=table["seats"]), cls="muted"))
            status = table.get("status", "free")
            row.appendChild(el("span", self.t(f"table.{status}"), cls=f"pill status-{status}"))
            button = el(
                "button",
                self.t("manage.edit"),
                type="button",
                cls="small",
                data_edit=table["id"],
                aria_label=self.t("manage.edit_named", name=table["name"]),
            )
            self._row_proxies.append(
                on_click(button, lambda t=table: self.edit_table(t, t["area_id"]))
            )
            row.appendChild(button)
            listing.appendChild(row)
        block.appendChild(listing)
        add = el(
            "button",
            self.t("manage.add_table"),
            type="button",
            cls="add-item",
            data_area=area["id"],
        )
        self._row_proxies.append(on_click(add, lambda a=area["id"]: self.edit_table(None, a)))
        block.appendChild(add)
        return block

    def _open(self, sheet: Sheet) -> None:
        self._close_sheet()
        self.sheet = sheet
        self.node.appendChild(sheet.node)
        first = sheet.node.querySelector("input, select")
        if first:
            first.focus()

    def _close_sheet(self) -> None:
        if self.sheet is not None:
            self.sheet.close()
            self.sheet = None

    def edit_area(self, area: dict | None) -> None:
        title = self.t("manage.area_new" if area is None else "manage.area_edit")
        sheet = Sheet(self.t, title, lambda: self._save_area(area), self._close_sheet)
        self.name = sheet.field(
            "name", self.t("manage.name"), text_input(area["name"] if area else "", maxlength="60")
        )
        if area is not None:
            self._remove_button(
                sheet,
                "remove-area",
                lambda: self._submit_and_close(sheet, "remove_area", {"area_id": area["id"]}),
            )
        self._open(sheet)

    def _save_area(self, area: dict | None) -> None:
        floor = self.engine.floor()
        name = self.name.value.strip()
        data = {
            "area_id": area["id"] if area else logic.new_id(name, set(floor["areas"])),
            "name": name,
            "position": area.get("position", 0) if area else len(floor["areas"]),
        }
        self._submit_and_close(self.sheet, "save_area", data)

    def edit_table(self, table: dict | None, area_id: str) -> None:
        t = self.t
        title = t("manage.table_new" if table is None else "manage.table_edit")
        sheet = Sheet(t, title, lambda: self._save_table(table), self._close_sheet)
        self.name = sheet.field(
            "name", t("manage.name"), text_input(table["name"] if table else "", maxlength="60")
        )
        self.seats = sheet.field(
            "seats",
            t("manage.seats_label"),
            number_input(table["seats"] if table else 4, min="0", max="100"),
        )
        self.area = el("select")
        for area in sorted(
            self.engine.floor()["areas"].values(), key=lambda a: (a.get("position", 0), a["id"])
        ):
            option = el("option", area["name"], value=area["id"])
            if area["id"] == area_id:
                option.setAttribute("selected", "")
            self.area.appendChild(option)
        sheet.field("area_id", t("manage.area"), self.area)
        if table is not None:
            self._remove_button(
                sheet,
                "remove-table",
                lambda: self._submit_and_close(sheet, "remove_table", {"table_id": table["id"]}),
            )
        self._open(sheet)

    def _save_table(self, table: dict | None) -> None:
        floor = self.engine.floor()
        name = self.name.value.strip()
        data = {
            "table_id": table["id"] if table else logic.new_id(name, set(floor["tables"])),
            "name": name,
            "seats": as_int(self.seats.value),
            "area_id": self.area.value,
            "position": table.get("position", 0)
            if table
            else max((t.get("position", 0) for t in floor["tables"].values()), default=0) + 1,
        }
        self._submit_and_close(self.sheet, "save_table", data)

    def _remove_button(self, sheet: Sheet, node_id: str, action) -> None:
        remove = el("button", self.t("manage.remove"), type="button", cls="danger", id=node_id)
        sheet.proxies.append(on_click(remove, action))
        sheet.fields.appendChild(remove)

    def _submit_and_close(self, sheet: Sheet | None, op: str, data: dict) -> None:
        """Check with the domain's rule against what this screen shows (a busy table, an area
        with tables), then queue; the sheet stays open with the reason when refused."""
        if sheet is None:
            return
        problems = logic.problems(op, data) or logic.refusal(op, data, self.engine.floor())
        if sheet.show(problems):
            spawn(self.engine.submit(op, data))
            self._close_sheet()
