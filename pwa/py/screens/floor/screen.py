"""The floor on a staff phone: area tabs, a grid of tables coloured by what they need, and a
table's sheet (``table_sheet``) with its orders and the actions a waiter takes there.

What to show comes from ``floor_plan`` (pure); this file draws it and wires the taps. Text goes
in through ``textContent`` only.
"""

from __future__ import annotations

from browser import page
from browser.device import Device
from browser.dom import el, on_click
from browser.engine import Engine
from browser.tasks import spawn
from domain import bill
from domain.checks import check, refund_left, root_of
from domain.drawers import open_drawers
from domain.errors import DomainError
from domain.orders import is_active
from domain.timestamps import iso
from screens.floor import order_forms as forms
from screens.floor import plan as fp
from screens.floor.change_sheet import (
    ChangeForm,
    ChangeSheet,
    cancel_form,
    comp_form,
    discount_form,
    refund_form,
    void_form,
)
from screens.floor.order_pad import OrderPad
from screens.floor.pay_sheet import PaySheet
from screens.floor.table_sheet import TableSheet
from sync.view import refused
from ui.i18n import Translator
from ui.keyed import KeyedList
from ui.kitchen_flag import KitchenFlag
from ui.receipt import order_paper, print_on_printers, print_order
from ui.router import part


class FloorScreen:
    def __init__(self, root, engine: Engine, t: Translator, device: Device) -> None:
        self.engine, self.t, self.device = engine, t, device
        self.area_id: str | None = None
        # ``#/floor/hall-2`` (a tapped notification, a reload) opens with that table's sheet.
        self.open_table: str | None = part(str(page.location.hash)) or None
        # Sheets over the floor, kept across redraws: they hold what is being typed.
        self.paying: PaySheet | None = None
        self.pad: OrderPad | None = None
        self.changing: ChangeSheet | None = None
        self._pad_menu = -1
        self._proxies: list = []
        self.node = el("section", id="floor", cls="floor", aria_label=t("screen.floor"))
        self.ready_total = el("p", id="ready-total", cls="ready-total", role="status", hidden="")
        self.kitchen_flag = KitchenFlag(engine, t, "floor.kitchen_offline")
        takeaway = el("button", t("floor.new_takeaway"), type="button", id="new-takeaway",
                      cls="new-takeaway")  # fmt: skip
        self._proxies.append(on_click(takeaway, self._open_takeaway))
        self.tabs = el("nav", cls="area-tabs", role="tablist", aria_label=t("floor.areas"))
        self.tab_rows = KeyedList(self.tabs, self._tab)
        self.grid = el("ul", id="tables", cls="tables")
        self.table_rows = KeyedList(self.grid, self._tile)
        self.sheet = TableSheet(t, self._close_sheet, self._run_action, self._open_void,
                                self._print)  # fmt: skip
        for node in (self.kitchen_flag.node, self.ready_total, takeaway, self.tabs, self.grid,
                     self.sheet.node):  # fmt: skip
            self.node.appendChild(node)
        root.appendChild(self.node)

    # -- drawing --------------------------------------------------------------------------------

    def render(self) -> None:
        self.kitchen_flag.render()
        floor = self.engine.floor()
        areas = fp.areas(floor)
        if areas and self.area_id not in {a["id"] for a in areas} | {fp.AWAY}:
            self.area_id = areas[0]["id"]
        away = fp.away(floor)
        grouped = fp.by_table(floor)
        ready_by_area: dict[str, int] = {}
        for table_id, orders in grouped.items():
            table = floor["tables"].get(table_id)
            if table is not None:
                n = sum(1 for o in orders if o["status"] == "ready")
                ready_by_area[table["area_id"]] = ready_by_area.get(table["area_id"], 0) + n
        self.tab_rows.update(
            [
                (
                    a["id"],
                    (a["id"], a["name"], a["id"] == self.area_id, ready_by_area.get(a["id"], 0)),
                )
                for a in areas
            ]
            + [(fp.AWAY, (fp.AWAY, self.t("floor.away"), self.area_id == fp.AWAY,
                          sum(1 for g in away.values() for o in g if o["status"] == "ready")))]
        )  # fmt: skip
        if self.area_id == fp.AWAY:
            self.table_rows.update([(tile.key, tile) for tile in fp.away_tiles(away)])
        else:
            tiles = fp.tiles(floor, self.area_id or "", grouped)
            self.table_rows.update([(tile.table_id, tile) for tile in tiles])
        ready = fp.ready_count(floor)
        if ready:
            self.ready_total.textContent = self.t("floor.ready_total", n=ready)
            self.ready_total.removeAttribute("hidden")
        else:
            self.ready_total.setAttribute("hidden", "")
        self.sheet.render(self.open_table, floor, grouped, away)
        if self.paying is not None:
            order = floor["orders"].get(self.paying.order["id"])
            if order is None or not is_active(order["status"]) or order.get("settled_at"):
                self._close_pay()  # paid in full (or closed elsewhere): nothing left to take
            else:
                self.paying.refresh(check(floor, order))
        if self.pad is not None and self._pad_menu != self.engine.catalogue.revision:
            self._pad_menu = self.engine.catalogue.revision
            self.pad.render(self.engine.catalogue, self.engine.menu)

    def _tab(self, value: tuple) -> tuple:
        area_id, name, selected, ready = value
        tab = el("button", name, role="tab", type="button", data_area=area_id)
        tab.setAttribute("aria-selected", "true" if selected else "false")
        if ready:
            tab.appendChild(el("span", str(ready), cls="badge"))
        return tab, [on_click(tab, lambda a=area_id: self._pick_area(a))]

    def _pick_area(self, area_id: str) -> None:
        self.area_id = area_id
        self.render()

    def _tile(self, tile: fp.TableTile | fp.AwayTile) -> tuple:
        if isinstance(tile, fp.AwayTile):
            return self._away_tile(tile)
        item = el("li")
        status = self.t(f"table.{tile.status}")
        button = el(
            "button",
            cls=f"table status-{tile.status}",
            type="button",
            data_table=tile.table_id,
            data_status=tile.status,
            aria_label=f"{tile.name}, {status}",
        )
        button.appendChild(el("span", tile.name, cls="name"))
        button.appendChild(el("span", status, cls="status-text"))
        if tile.ready:
            button.appendChild(el("span", self.t("floor.ready", n=tile.ready), cls="badge ready"))
        if tile.pending:
            button.setAttribute("data-pending", "true")
        item.appendChild(button)
        return item, [on_click(button, lambda i=tile.table_id: self._open(i))]

    def _away_tile(self, tile: fp.AwayTile) -> tuple:
        item = el("li")
        status = self.t(f"order.{tile.status}")
        kind = self.t(f"kitchen.{tile.kind}")
        button = el("button", cls=f"table away status-{tile.status}", type="button",
                    data_away=tile.key, data_status=tile.status,
                    aria_label=f"{tile.number}, {kind}, {status}")  # fmt: skip
        button.appendChild(el("span", tile.number, cls="name"))
        button.appendChild(el("span", f"{kind} · {status}", cls="status-text"))
        if tile.customer:
            button.appendChild(el("span", tile.customer, cls="customer"))
        if tile.pending:
            button.setAttribute("data-pending", "true")
        item.appendChild(button)
        return item, [on_click(button, lambda k=tile.key: self._open(k))]

    def follow(self, hash_: str) -> None:
        """The address names a table (a tapped notification): open its sheet."""
        if part(hash_):
            self._open(part(hash_))

    def _open(self, table_id: str) -> None:
        self.open_table = table_id
        page.history.replaceState(None, "", f"#/floor/{table_id}")
        self.render()
        self.sheet.node.focus()

    def _close_sheet(self) -> None:
        self.open_table = None
        page.history.replaceState(None, "", "#/floor")
        self.render()

    def _print(self, kind: str, order: dict, where: str) -> None:
        """A ticket is the order's; a bill is its whole check's, under the restaurant's rules."""
        if kind == "bill":
            floor = self.engine.floor()
            order = check(floor, root_of(floor, floor["orders"].get(order["id"], order)))
            if self.engine.has_printers():
                spawn(self._print_bill(order, where))
                return
        print_order(kind, order, where, self.t, self.engine.bill_settings())

    async def _print_bill(self, check_: dict, where: str) -> None:
        """The bill at the restaurant's bill printer; the browser's dialog when none takes it."""
        paper = order_paper("bill", check_, where, self.t, self.engine.bill_settings())
        if await print_on_printers(self.device.ask, "bill", paper, check_["id"]):
            self.node.setAttribute("data-bill-printed", check_["id"])
            return
        print_order("bill", check_, where, self.t, self.engine.bill_settings())

    def _run_action(self, action: fp.Action) -> None:
        sheets = {fp.PAY: self._open_pay, fp.ORDER: self._open_pad, fp.COMP: self._open_comp,
                  fp.DISCOUNT: self._open_discount, fp.CANCEL: self._open_cancel}  # fmt: skip
        if action.op in sheets:
            sheets[action.op](action.target)
            return
        op, data = fp.mutation(action)
        spawn(self.engine.submit(op, data))

    # -- sheets over the floor ------------------------------------------------------------------

    def _check(self, op: str, data: dict) -> DomainError | None:
        return refused(self.engine.floor(), op, data, self.engine.menu,
                       self.engine.bill_settings(), self.engine.role,
                       now=iso(self.engine.server_now()), rights=self.engine.rights,
                       discount_bp=self.engine.discount_bp)  # fmt: skip

    def _queue(self, op: str, data: dict) -> None:
        spawn(self.engine.submit(op, data))

    def _open_pad(self, target_id: str) -> None:
        floor = self.engine.floor()
        order = floor["orders"].get(target_id)
        if order is not None:
            table = floor["tables"].get(order.get("table_id") or "", {})
            where = table.get("name") or self.t(f"kitchen.{order.get('type', 'takeaway')}")
            title = self.t("pad.add_title", number=order["number"], where=where)
            target = forms.PadTarget(adds_to=order["id"])
        else:
            table = floor["tables"].get(target_id, {})
            title = self.t("pad.table_title", name=table.get("name", target_id))
            target = forms.PadTarget(kind="dine_in", table_id=target_id)
        self._show_pad(target, title)

    def _open_takeaway(self) -> None:
        self._show_pad(forms.PadTarget(kind="takeaway"), self.t("pad.takeaway_title"))

    def _show_pad(self, target: forms.PadTarget, title: str) -> None:
        self._close_pad()
        self.pad = OrderPad(self.t, target, title, lambda data: self._check("create_order", data),
                            self._pad_send, self._close_pad)  # fmt: skip
        self.node.appendChild(self.pad.node)
        self._pad_menu = self.engine.catalogue.revision
        self.pad.render(self.engine.catalogue, self.engine.menu)
        self.node.setAttribute("data-pad", "open")

    def _pad_send(self, data: dict) -> None:
        self._queue("create_order", data)
        self._close_pad()
        if not data.get("table_id") and not data.get("adds_to"):
            self.area_id = fp.AWAY  # where the new take-away is found again
            self.render()

    def _close_pad(self) -> None:
        if self.pad is not None:
            self.pad.close()
            self.pad = None
            self.node.removeAttribute("data-pad")

    def _open_change(self, form: ChangeForm) -> None:
        self._close_change()
        self.changing = ChangeSheet(self.t, form, self._check, self._approve, self._queue,
                                    self._close_change)  # fmt: skip
        self.node.appendChild(self.changing.node)

    def _close_change(self) -> None:
        if self.changing is not None:
            self.changing.close()
            self.changing = None

    def _reasons(self) -> list[str]:
        return forms.reason_choices(self.engine.bill_settings())

    def _open_void(self, order: dict, index: int, name: str) -> None:
        self._open_change(void_form(self.t, order, index, name, self._reasons()))

    def _open_cancel(self, order_id: str) -> None:
        order = self.engine.floor()["orders"].get(order_id, {"id": order_id, "number": ""})
        self._open_change(cancel_form(self.t, order, self._reasons()))

    def _open_comp(self, order_id: str) -> None:
        order = self.engine.floor()["orders"].get(order_id, {"id": order_id, "number": ""})
        self._open_change(comp_form(self.t, order, self._reasons()))

    def _open_refund(self, payment: dict) -> None:
        """Give back (part of) a payment on the check being paid: a manager approves."""
        if self.paying is None:
            return
        order = self.paying.order
        methods = bill.Settings.read(self.engine.bill_settings()).payment_methods
        left = refund_left(order, payment)
        drawers = open_drawers(self.engine.floor())
        self._open_change(refund_form(self.t, order, payment, left, methods, self._reasons(),
                                      drawers))  # fmt: skip

    def _open_discount(self, order_id: str) -> None:
        order = self.engine.floor()["orders"].get(order_id, {"id": order_id, "number": ""})
        self._open_change(discount_form(self.t, order))

    async def _approve(self, op: str, data: dict, pin: str) -> str:
        """A manager's approval for exactly this change (what the sheet will send), from the PIN
        typed here (needs the server). Another change, even on the same order, asks again."""
        body = {"pin": pin, "op": op, "change": {k: v for k, v in data.items() if k != "approval"}}
        status, answer = await self.device.ask("POST", "/api/v1/approvals", body)
        if status == 0:
            raise DomainError("approval_offline", "no network to check the PIN")
        if status == 200 and answer.get("approval"):
            return str(answer["approval"])
        error = answer.get("error") or {}
        raise DomainError(error.get("code", "wrong_pin"), error.get("message", ""), field="pin")

    def _open_pay(self, order_id: str) -> None:
        self._close_pay()
        floor = self.engine.floor()
        order = floor["orders"].get(order_id)
        if order is None:
            return
        self.paying = PaySheet(
            check(floor, root_of(floor, order)), self.engine.bill_settings(), self.t,
            lambda data: spawn(self.engine.submit("add_payment", data)), self._close_pay,
            self._open_refund, open_drawers(floor),
        )  # fmt: skip
        self.node.appendChild(self.paying.node)
        self.paying.amount.focus()

    def _close_pay(self) -> None:
        if self.paying is not None:
            self.paying.close()
            self.paying = None

    def tick(self) -> None:
        pass

    def close(self) -> None:
        self.tab_rows.clear()
        self.table_rows.clear()
        for proxy in self._proxies:
            proxy.destroy()
        self.sheet.close()
        self._close_pay()
        self._close_pad()
        self._close_change()
        self.node.remove()
