"""The menu tab: categories with their items in order, sold out and stock at a glance, and
the forms that edit them (an item's option groups and photo included)."""

from __future__ import annotations

import asyncio

from browser import page
from browser.device import Device
from browser.dom import el, on_click
from browser.engine import Engine
from browser.tasks import spawn
from domain import payloads
from domain.errors import DomainError
from domain.money import parse_percent, parse_price, plain_price
from screens.manage import edits
from screens.manage.form import Sheet, as_int, number_input, text_input
from screens.manage.option_groups import OptionGroups
from screens.manage.panel import ListPanel
from ui.i18n import Translator, error_text

ACK_WAIT_S = 15.0  # a photo goes up once the server has its item


class MenuPanel(ListPanel):
    def __init__(self, engine: Engine, t: Translator, device: Device) -> None:
        add = (t("manage.add_category"), "add-category", lambda: self.edit_category(None))
        super().__init__(engine, t, "manage-menu", add)
        self.device = device
        self.options: OptionGroups | None = None  # the open item sheet's choices

    # -- the list -------------------------------------------------------------------------------

    def render(self) -> None:
        categories, items = self.engine.catalogue_view()
        if not self._cleared_if_changed(categories, items):
            return
        ordered = sorted(categories.values(), key=lambda c: (c["position"], c["name"], c["id"]))
        if not ordered:
            self.list.appendChild(el("p", self.t("manage.menu_empty"), cls="help"))
        for category in ordered:
            self.list.appendChild(self._block(category, ordered, items))

    def _block(self, category: dict, ordered: list[dict], items: dict[str, dict]):
        block = el("section", cls="menu-block", data_category=category["id"])
        head = el("div", cls="row head")
        title = el("h3", category["name"])
        title.appendChild(el("span", f" · {category['station']}", cls="muted"))
        head.appendChild(title)
        head.appendChild(self._mover(ordered, category["id"], self._move_category))
        head.appendChild(self._edit_button(category, lambda c=category: self.edit_category(c)))
        block.appendChild(head)
        rows = sorted(
            (i for i in items.values() if i["category_id"] == category["id"]),
            key=lambda i: (i["position"], i["name"], i["id"]),
        )
        listing = el("ul", cls="menu-items")
        for item in rows:
            listing.appendChild(self._item_row(item, rows))
        block.appendChild(listing)
        block.appendChild(
            self._add_button(
                self.t("manage.add_item"),
                lambda c=category["id"]: self.edit_item(None, c),
                data_category=category["id"],
            )
        )
        return block

    def _item_row(self, item: dict, rows: list[dict]):
        row = el("li", cls="row", data_item=item["id"])
        if item.get("pending"):
            row.setAttribute("data-pending", "true")
        name = el("span", item["name"], cls="name")
        row.appendChild(name)
        row.appendChild(el("span", self.t.money(item["price"]), cls="price"))
        stock = item.get("stock")
        if stock is not None:
            low = stock <= item.get("stock_low_at", 0)
            row.appendChild(
                el("span", self.t("manage.left", n=stock), cls="pill low" if low else "pill")
            )
        available = item.get("available", True)
        toggle = el(
            "button",
            self.t("manage.on" if available else "manage.sold_out"),
            type="button",
            cls="small toggle" + ("" if available else " off"),
            aria_pressed="false" if available else "true",
            data_toggle=item["id"],
            aria_label=self.t("manage.sold_out_named", name=item["name"]),
        )
        self._row_proxies.append(on_click(toggle, lambda i=item: self._toggle(i)))
        row.appendChild(toggle)
        row.appendChild(self._mover(rows, item["id"], self._move_item))
        row.appendChild(
            self._edit_button(item, lambda i=item: self.edit_item(i, i["category_id"]), row=True)
        )
        return row

    def _mover(self, rows: list[dict], row_id: str, move):
        box = el("span", cls="mover")
        name = next((r["name"] for r in rows if r["id"] == row_id), row_id)
        for delta, glyph, key in ((-1, "↑", "manage.up"), (1, "↓", "manage.down")):
            button = el(
                "button", glyph, type="button", cls="small", aria_label=self.t(key, name=name)
            )
            self._row_proxies.append(on_click(button, lambda d=delta: move(rows, row_id, d)))
            box.appendChild(button)
        return box

    def _toggle(self, item: dict) -> None:
        data = {"item_id": item["id"], "available": not item.get("available", True)}
        spawn(self.engine.submit("set_item_availability", data))

    def _move_item(self, rows: list[dict], item_id: str, delta: int) -> None:
        by_id = {r["id"]: r for r in rows}
        for moved, position in edits.reorder(rows, item_id, delta):
            spawn(self.engine.submit("save_item", _item_form(by_id[moved], position=position)))

    def _move_category(self, rows: list[dict], category_id: str, delta: int) -> None:
        by_id = {r["id"]: r for r in rows}
        for moved, position in edits.reorder(rows, category_id, delta):
            category = by_id[moved]
            spawn(
                self.engine.submit(
                    "save_category",
                    {
                        "category_id": moved,
                        "name": category["name"],
                        "station": category["station"],
                        "position": position,
                    },
                )
            )

    # -- forms ----------------------------------------------------------------------------------

    def _close_sheet(self) -> None:
        super()._close_sheet()
        self.options = None

    def edit_category(self, category: dict | None) -> None:
        title = self.t("manage.category_new" if category is None else "manage.category_edit")
        sheet = Sheet(self.t, title, lambda: self._save_category(category), self._close_sheet)
        self.name = sheet.field(
            "name",
            self.t("manage.name"),
            text_input(category["name"] if category else "", maxlength="60"),
        )
        self.station = sheet.field(
            "station",
            self.t("manage.station"),
            text_input(category["station"] if category else "kitchen", maxlength="32"),
            hint=self.t("manage.station_hint"),
        )
        if category is not None:
            self._remove_button(sheet, "remove-category", lambda: self._remove_category(category))
        self._open(sheet)

    def _save_category(self, category: dict | None) -> None:
        categories, _ = self.engine.catalogue_view()
        name = self.name.value.strip()
        data = {
            "category_id": category["id"] if category else edits.new_id(name, set(categories)),
            "name": name,
            "station": self.station.value.strip().lower(),
            "position": category["position"]
            if category
            else (
                max((c["position"] for c in categories.values()), default=0) + edits.POSITION_STEP
            ),
        }
        if self.sheet is not None and self.sheet.show(edits.problems("save_category", data)):
            spawn(self.engine.submit("save_category", data))
            self._close_sheet()

    def _remove_category(self, category: dict) -> None:
        _, items = self.engine.catalogue_view()
        held = sum(1 for i in items.values() if i["category_id"] == category["id"])
        if held and self.sheet is not None:
            self.sheet.message.textContent = self.t("manage.category_not_empty", n=held)
            return
        spawn(self.engine.submit("remove_category", {"category_id": category["id"]}))
        self._close_sheet()

    def edit_item(self, item: dict | None, category_id: str) -> None:
        t = self.t
        title = t("manage.item_new" if item is None else "manage.item_edit")
        sheet = Sheet(t, title, lambda: spawn(self._save_item(item)), self._close_sheet)
        currency = self.engine.catalogue.currency
        item = item or {}
        self.name = sheet.field(
            "name", t("manage.name"), text_input(item.get("name", ""), maxlength="80")
        )
        price = plain_price(item["price"], currency) if "price" in item else ""
        self.price = sheet.field(
            "price",
            t("manage.price", currency=currency),
            text_input(price, inputmode="decimal", placeholder="12.50"),
        )
        tax = f"{item['tax_bp'] / 100:g}" if item.get("tax_bp") else ""
        self.tax = sheet.field(
            "tax_bp",
            t("manage.tax_rate"),
            text_input(tax, inputmode="decimal", placeholder="8"),
            hint=t("manage.tax_hint"),
        )
        self.category = el("select")
        categories, _ = self.engine.catalogue_view()
        for category in sorted(categories.values(), key=lambda c: (c["position"], c["name"])):
            option = el("option", category["name"], value=category["id"])
            if category["id"] == category_id:
                option.setAttribute("selected", "")
            self.category.appendChild(option)
        sheet.field("category_id", t("manage.category"), self.category)
        self.item_station = sheet.field(
            "station", t("manage.station"),
            text_input(item.get("own_station", ""), maxlength="32",
                       placeholder=(categories.get(category_id) or {}).get("station", "")),
            hint=t("manage.item_station_hint"),
        )  # fmt: skip
        self.description = el("textarea", maxlength="300", rows="2")
        self.description.value = item.get("description", "")
        sheet.field("description", t("manage.description"), self.description)
        groups_box = el("div", cls="groups")
        sheet.fields.appendChild(el("h4", t("manage.options")))
        sheet.fields.appendChild(groups_box)
        add_group = el("button", t("manage.add_group"), type="button", id="add-group")
        sheet.fields.appendChild(add_group)
        self._open(sheet)
        options = self.options = OptionGroups(sheet, t, currency, groups_box)
        sheet.proxies.append(on_click(add_group, lambda: options.add(None)))
        for group in item.get("modifiers", []):
            options.add(group)
        stock = item.get("stock")
        self.stock = sheet.field(
            "stock", t("manage.stock"), number_input(stock, min="0"), hint=t("manage.stock_hint")
        )
        self.stock_low = sheet.field(
            "stock_low_at",
            t("manage.stock_low"),
            number_input(item.get("stock_low_at", 0), min="0"),
        )
        self.photo = el("input", type="file", accept="image/jpeg,image/png,image/webp,image/gif")
        sheet.field("image", t("manage.photo"), self.photo, hint=t("manage.photo_hint"))
        if item.get("image"):
            sheet.fields.appendChild(el("img", src=item["image"], alt="", cls="thumb"))
        if item.get("id"):
            self._remove_button(sheet, "remove-item", lambda: self._remove_item(item))
        self.editing = item

    async def _save_item(self, item: dict | None) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        currency = self.engine.catalogue.currency
        _, items = self.engine.catalogue_view()
        name = self.name.value.strip()
        problems: dict[str, DomainError] = {}
        try:
            price: int | str = parse_price(self.price.value, currency, "price")
        except DomainError as exc:
            price, problems["price"] = 0, exc
        try:
            tax = parse_percent(self.tax.value or "0", "tax_bp", most=50)
        except DomainError as exc:
            tax, problems["tax_bp"] = 0, exc
        try:
            groups = self.options.read() if self.options is not None else []
        except DomainError as exc:
            groups, problems[edits.field_of(exc.field or "")] = [], exc
        siblings = [i for i in items.values() if i["category_id"] == self.category.value]
        data = {
            "item_id": item["id"] if item else edits.new_id(name, set(items)),
            "name": name,
            "price": price,
            "category_id": self.category.value,
            "station": self.item_station.value.strip().lower(),
            "description": self.description.value.strip(),
            "modifiers": groups,
            "tax_bp": tax,
            "position": item["position"]
            if item
            else max((i["position"] for i in siblings), default=0) + edits.POSITION_STEP,
        }
        stock_text = self.stock.value.strip()
        stock = {
            "item_id": data["item_id"],
            "stock": as_int(stock_text) if stock_text else None,
            "stock_low_at": as_int(self.stock_low.value or "0"),
        }
        problems = {**edits.problems("save_item", data), **problems}
        problems.update(edits.problems("set_item_stock", stock))
        if not sheet.show(problems):
            return
        client_id = await self.engine.submit("save_item", data)
        before = (item or {}).get("stock"), (item or {}).get("stock_low_at", 0)
        if (stock["stock"], stock["stock_low_at"]) != before:
            await self.engine.submit("set_item_stock", stock)
        photo = await page.picked_file(self.photo)
        if photo is None:
            self._close_sheet()
            return
        sheet.message.textContent = self.t("manage.photo_sending")
        problem = await self._upload(client_id, data["item_id"], photo)
        if problem and self.sheet is sheet:
            sheet.errors["image"].textContent = problem
            sheet.message.textContent = ""
        elif self.sheet is sheet:
            self._close_sheet()

    async def _upload(self, client_id: str, item_id: str, photo) -> str:
        """Send the photo once the server has the item; what went wrong, or ""."""
        waited = 0.0
        while self.engine.answer(client_id) is None and waited < ACK_WAIT_S:
            if self.engine.refusal(client_id) is not None:
                return self.engine.refusal(client_id) or ""
            await asyncio.sleep(0.2)
            waited += 0.2
        if self.engine.answer(client_id) is None:
            return self.t("manage.photo_offline")
        status, body = await self.device.upload(f"/api/v1/menu/items/{item_id}/image", photo)
        if status == 0:
            return self.t("manage.photo_offline")
        if status != 200:
            error = body.get("error") or {}
            return error_text(
                self.t, DomainError(error.get("code", "failed"), error.get("message", ""))
            )
        return ""

    def _remove_item(self, item: dict) -> None:
        spawn(self.engine.submit("remove_item", {"item_id": item["id"]}))
        self._close_sheet()


def _item_form(item: dict, **changed: object) -> dict:
    """An item as the ``save_item`` form holds it, with ``changed`` fields."""
    data = {k: item[k] for k in payloads.ITEM_FORM if k in item}
    return {"item_id": item["id"], **data, **changed}
