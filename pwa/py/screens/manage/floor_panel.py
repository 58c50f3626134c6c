"""The floor tab: areas and their tables; add, rename, reseat, move, and remove an empty one."""

from __future__ import annotations

from browser.dom import el
from browser.engine import Engine
from browser.tasks import spawn
from domain.timestamps import iso
from screens.manage import edits
from screens.manage.form import Sheet, as_int, number_input, text_input
from screens.manage.panel import ListPanel
from ui.i18n import Translator


class FloorPanel(ListPanel):
    def __init__(self, engine: Engine, t: Translator) -> None:
        add = (t("manage.add_area"), "add-area", lambda: self.edit_area(None))
        super().__init__(engine, t, "manage-floor", add)

    def render(self) -> None:
        floor = self.engine.floor()
        if not self._cleared_if_changed(floor["areas"], floor["tables"]):
            return
        areas = sorted(floor["areas"].values(), key=lambda a: (a.get("position", 0), a["id"]))
        if not areas:
            self.list.appendChild(el("p", self.t("manage.floor_empty"), cls="help"))
        for area in areas:
            self.list.appendChild(self._block(area, floor))

    def _block(self, area: dict, floor: dict):
        block = el("section", cls="menu-block", data_area=area["id"])
        head = el("div", cls="row head")
        head.appendChild(el("h3", area["name"]))
        head.appendChild(self._edit_button(area, lambda a=area: self.edit_area(a)))
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
            row.appendChild(
                self._edit_button(table, lambda t=table: self.edit_table(t, t["area_id"]), row=True)
            )
            listing.appendChild(row)
        block.appendChild(listing)
        block.appendChild(
            self._add_button(
                self.t("manage.add_table"),
                lambda a=area["id"]: self.edit_table(None, a),
                data_area=area["id"],
            )
        )
        return block

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
            "area_id": area["id"] if area else edits.new_id(name, set(floor["areas"])),
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
            "table_id": table["id"] if table else edits.new_id(name, set(floor["tables"])),
            "name": name,
            "seats": as_int(self.seats.value),
            "area_id": self.area.value,
            "position": table.get("position", 0)
            if table
            else max((t.get("position", 0) for t in floor["tables"].values()), default=0) + 1,
        }
        self._submit_and_close(self.sheet, "save_table", data)

    def _submit_and_close(self, sheet: Sheet | None, op: str, data: dict) -> None:
        """Check with the domain's rule against what this screen shows (a busy table, an area
        with tables), then queue; the sheet stays open with the reason when refused."""
        if sheet is None:
            return
        problems = edits.problems(op, data) or edits.refusal(
            op, data, self.engine.floor(), iso(self.engine.server_now())
        )
        if sheet.show(problems):
            spawn(self.engine.submit(op, data))
            self._close_sheet()
