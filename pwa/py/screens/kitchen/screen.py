"""The kitchen display: ticket columns read from two metres, bumped with a tap or a key.

What to show comes from ``kitchen_board`` (pure); this file draws it and wires the inputs.
Tickets are keyed elements in oldest-first columns, so a new ticket is appended and never
moves the one under a cook's finger. Text goes in through ``textContent`` only.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import js
from pyodide.ffi import create_proxy, to_js

from browser import page
from browser.device import Device
from browser.dom import el, on_click
from browser.engine import Engine
from browser.tasks import spawn
from screens.kitchen import board as kb
from screens.kitchen.paper import print_ticket
from screens.kitchen.sold_out import SoldOutPanel
from ui.chime import Chime
from ui.i18n import Translator
from ui.keyed import KeyedList
from ui.order_lines import order_lines
from ui.printer_flag import PrinterFlag

FLASH_MS = 4000
BUMP_KEYS = ("Enter", " ", "Spacebar")


class KitchenScreen:
    def __init__(self, root, engine: Engine, t: Translator, device: Device) -> None:
        self.engine, self.t, self.device = engine, t, device
        self.settings = kb.Settings()
        self.bumps = kb.Bumps()
        self.selected: str | None = None
        self._seen: set[str] | None = None  # None until the first draw: nothing flashes then
        self._ages: dict[str, object] = {}  # order id -> its age element, updated every second
        self._levels: dict[str, str] = {}  # order id -> the aging colour it was drawn with
        self._cache: kb.TicketCache = {}
        self._stations_version = -1
        self._shown: dict[str, kb.Ticket] = {}
        self._proxies: list = []

        self.node = el("section", id="kitchen", cls="kitchen", aria_label=t("screen.kitchen"))
        self.chime = Chime(self.node)
        self.sold_out = SoldOutPanel(engine, t)
        self.printer_flag = PrinterFlag(engine, t)
        self.node.appendChild(self.printer_flag.node)
        self.node.appendChild(self._toolbar())
        board = el("div", cls="board")
        self.columns: dict[str, KeyedList] = {}
        self.counts: dict[str, object] = {}
        self.headings: dict[str, object] = {}
        for name, _ in kb.COLUMNS:
            column = el("section", cls="column", data_column=name)
            heading = el("h2")
            self.headings[name] = el("span", t(f"kitchen.col.{name}"))
            heading.appendChild(self.headings[name])
            count = el("span", "0", cls="count")
            heading.appendChild(count)
            tickets = el("ol", cls="tickets", aria_label=t(f"kitchen.col.{name}"))
            column.appendChild(heading)
            column.appendChild(tickets)
            board.appendChild(column)
            self.columns[name] = KeyedList(tickets, self._ticket)
            self.counts[name] = count
        self.all_day = el("ul", id="all-day-list")
        aside = el("aside", id="all-day", aria_label=t("kitchen.all_day"))
        aside.appendChild(el("h2", t("kitchen.all_day")))
        aside.appendChild(self.all_day)
        self.all_day_rows = KeyedList(self.all_day, self._all_day_row)
        self.empty = el("p", t("kitchen.empty"), cls="empty", hidden="")
        body = el("div", cls="kitchen-body")
        body.appendChild(board)
        body.appendChild(aside)
        self.node.appendChild(self.empty)
        self.node.appendChild(body)
        self.node.appendChild(el("p", t("kitchen.keys"), cls="keys-help"))
        root.appendChild(self.node)
        self._on_key = create_proxy(self._key)
        page.listen(page.document, "keydown", self._on_key, kb.KEYS)
        self._load_task = spawn(self._load())

    # -- toolbar --------------------------------------------------------------------------------

    def _toolbar(self):
        bar = el("div", cls="kitchen-bar")
        name = self.t("kitchen.station")
        label = el("label", name, cls="field")
        self.station = el("select", id="station", aria_label=name)
        self.station.appendChild(el("option", self.t("kitchen.all_stations"), value=""))
        label.appendChild(self.station)
        change = create_proxy(lambda _e: self._station_changed())
        self.station.addEventListener("change", change)
        self._proxies.append(change)
        recall = el("button", self.t("kitchen.recall"), id="recall", type="button")
        self._proxies.append(on_click(recall, self.recall))
        self.sound = el("button", self.t("kitchen.enable_sound"), id="enable-sound", type="button")
        self.sound.className = "primary"
        self._proxies.append(on_click(self.sound, self._enable_sound))
        aging = el("details", id="aging", cls="aging")
        aging.appendChild(el("summary", self.t("kitchen.settings")))
        self.amber = el("input", id="amber-after", type="number", min="1", max="1440", step="1")
        self.red = el("input", id="red-after", type="number", min="1", max="1440", step="1")
        for field, key in ((self.amber, "kitchen.amber_after"), (self.red, "kitchen.red_after")):
            wrap = el("label", self.t(key), cls="field")
            wrap.appendChild(field)
            aging.appendChild(wrap)
        save = el("button", self.t("kitchen.save"), id="save-aging", type="button")
        self._proxies.append(on_click(save, self._save_aging))
        self.aging_error = el("p", cls="error", role="alert")
        aging.appendChild(save)
        aging.appendChild(self.aging_error)
        for node in (label, recall, self.sound, aging, self.sold_out.node):
            bar.appendChild(node)
        return bar

    async def _load(self) -> None:
        saved = await self.device.setting("kitchen")
        self.settings = kb.Settings(
            amber_after_min=float(saved.get("amber_after_min", 8)),
            red_after_min=float(saved.get("red_after_min", 15)),
            station=str(saved.get("station", kb.ALL_STATIONS)),
        )
        self.bumps = kb.Bumps(saved.get("cleared", []))
        self.station.value = self.settings.station
        self.amber.value = f"{self.settings.amber_after_min:g}"
        self.red.value = f"{self.settings.red_after_min:g}"
        self.render()

    async def _save(self) -> None:
        await self.device.keep(
            "kitchen",
            {
                "amber_after_min": self.settings.amber_after_min,
                "red_after_min": self.settings.red_after_min,
                "station": self.settings.station,
                "cleared": self.bumps.cleared,
            },
        )

    def _station_changed(self) -> None:
        self.settings = replace(self.settings, station=str(self.station.value))
        spawn(self._save())
        self.render()

    def _label_columns(self) -> None:
        """A station's last column holds what it has done; for all stations, what is ready."""
        done = "kitchen.col.done" if self.settings.station else "kitchen.col.ready"
        self.headings["ready"].textContent = self.t(done)

    def _save_aging(self) -> None:
        try:
            wanted = replace(
                self.settings,
                amber_after_min=float(self.amber.value),
                red_after_min=float(self.red.value),
            )
        except ValueError:
            wanted = None
        if wanted is None or not wanted.valid():
            self.aging_error.textContent = self.t("kitchen.invalid_thresholds")
            return
        self.aging_error.textContent = ""
        self.settings = wanted
        spawn(self._save())
        self._rebuild()

    def _enable_sound(self) -> None:
        if self.chime.enable():
            self.sound.setAttribute("hidden", "")

    # -- drawing --------------------------------------------------------------------------------

    def render(self) -> None:
        self.printer_flag.render()
        self._fill_stations()
        self._label_columns()
        self.sold_out.render(self.engine.menu, self.settings.station)
        floor = self.engine.floor()
        board = kb.tickets(floor, self.settings.station, self._cache)
        active = {o["id"] for o in floor["orders"].values()}
        self.bumps.forget_gone(active)
        visible = self.bumps.visible(board)
        now = self.engine.server_now()
        fresh: list[str] = []
        if self._seen is None:
            self._seen = {t.order_id for t in board}
        else:
            fresh = [t.order_id for t in board if t.order_id not in self._seen]
            self._seen.update(fresh)
        columns = kb.columns(visible)
        self._shown = {t.order_id: t for t in visible}
        for name, tickets in columns.items():
            self.columns[name].update(
                [
                    (
                        t.order_id,
                        (t, self.settings.aging(t.age_s(now)), t.order_id == self.selected),
                    )
                    for t in tickets
                ]
            )
            self.counts[name].textContent = str(len(tickets))
        self.all_day_rows.update([(name, (name, n)) for name, n in kb.all_day(visible)])
        if visible:
            self.empty.setAttribute("hidden", "")
        else:
            self.empty.removeAttribute("hidden")
        if fresh:
            self._flash(fresh)

    def _rebuild(self) -> None:
        for rows in self.columns.values():
            rows.clear()
        self.render()

    def _fill_stations(self) -> None:
        if self._stations_version == self.engine.catalogue.version:
            return  # the stations change only with the menu
        self._stations_version = self.engine.catalogue.version
        names = kb.stations(self.engine.menu.values())
        self.station.replaceChildren(el("option", self.t("kitchen.all_stations"), value=""))
        for name in names:
            self.station.appendChild(el("option", name, value=name))
        self.station.value = self.settings.station

    def _ticket(self, value: tuple) -> tuple:
        ticket, aging, selected = value
        node = el(
            "li",
            cls=f"ticket aging-{aging}" + (" selected" if selected else ""),
            data_order=ticket.order_id,
            data_status=ticket.status,
            data_stage=ticket.stage,
            data_aging=aging,
            tabindex="0",
        )
        head = el("header")
        head.appendChild(el("span", ticket.number, cls="number"))
        where = ticket.where or self.t(f"kitchen.{ticket.kind}")
        head.appendChild(el("span", where, cls="where"))
        if ticket.added:
            head.appendChild(el("span", self.t("kitchen.added"), cls="badge added"))
        if ticket.by:  # who to ask about it
            head.appendChild(el("span", ticket.by, cls="by"))
        age = el("time", _age_text(ticket.age_s(self.engine.server_now())), cls="age")
        head.appendChild(age)
        paper = el(
            "button", self.t("print.short"), cls="print", type="button", data_print="ticket",
            aria_label=self.t("print.print_ticket"), title=self.t("print.print_ticket"),
        )  # fmt: skip
        node.appendChild(head)
        node.appendChild(order_lines(ticket.lines, self.t))
        if ticket.note:
            node.appendChild(el("p", ticket.note, cls="note order-note"))
        if ticket.pending:
            node.appendChild(el("p", self.t("kitchen.sending"), cls="sending"))
        bump = el("button", self.t(ticket.bump_label), cls="bump", type="button")
        bump.setAttribute("data-bump", ticket.stage or ticket.status)
        if ticket.stage == "waiting":
            bump.setAttribute("disabled", "")
        proxies = [
            on_click(bump, lambda oid=ticket.order_id: self.bump(oid)),
            on_click(paper, lambda tk=ticket: self._print(tk)),
        ]
        foot = el("div", cls="foot")
        foot.appendChild(paper)
        foot.appendChild(bump)
        node.appendChild(foot)
        self._ages[ticket.order_id] = age
        self._levels[ticket.order_id] = aging
        return node, proxies

    def _print(self, ticket) -> None:
        print_ticket(self.engine, self.device, self.t, ticket, self.node)

    def _all_day_row(self, value: tuple) -> tuple:
        name, count = value
        row = el("li")
        row.appendChild(el("span", str(count), cls="qty"))
        row.appendChild(el("span", name, cls="name"))
        return row, []

    def _update_ages(self, now: datetime) -> None:
        for order_id, ticket in self._shown.items():
            node = self._ages.get(order_id)
            if node is None:
                continue
            node.textContent = _age_text(ticket.age_s(now))

    def _node(self, order_id: str):
        """The ticket's element, in whichever column it is; None when not on the screen."""
        for rows in self.columns.values():
            try:
                return rows.node(order_id)
            except KeyError:
                continue
        return None

    def _flash(self, order_ids: list[str]) -> None:
        for order_id in order_ids:
            node = self._node(order_id)
            if node is not None:
                node.classList.add("flash")
        self.node.setAttribute("data-new", str(len(order_ids)))
        self.chime.ring()

    def tick(self) -> None:
        now = self.engine.server_now()
        self._update_ages(now)
        # A ticket crossing its amber or red line is redrawn in its new colour.
        for ticket in self._shown.values():
            if self._levels.get(ticket.order_id) != self.settings.aging(ticket.age_s(now)):
                self.render()
                return

    # -- bump, recall, keys ---------------------------------------------------------------------

    def bump(self, order_id: str) -> None:
        ticket = self._shown.get(order_id)
        if ticket is None:
            return
        change = kb.bump_change(ticket)
        if change is None and ticket.column != "ready":
            return  # its lines are held back: nothing to cook yet
        self.bumps.bumped(order_id, cleared=change is None)
        if change is None:
            spawn(self._save())
            self.render()
        else:
            spawn(self.engine.submit(*change))

    def recall(self) -> None:
        order_id = self.bumps.recall()
        if order_id is None:
            return
        board = kb.tickets(self.engine.floor(), self.settings.station, self._cache)
        ticket = next((t for t in board if t.order_id == order_id), None)
        change = kb.recall_change(ticket) if ticket is not None else None
        if change is not None:  # a station takes its done lines back
            spawn(self.engine.submit(*change))
        spawn(self._save())
        self.selected = order_id
        self.render()
        node = self._node(order_id)
        if node is not None:
            node.classList.add("flash")
            node.scrollIntoView(to_js({"block": "nearest"}, dict_converter=js.Object.fromEntries))

    def _key(self, event) -> None:
        tag = str(getattr(event.target, "tagName", "") or "").lower()
        if tag in ("input", "select", "textarea"):
            return
        order = [
            t.order_id for name, _ in kb.COLUMNS for t in self._shown.values() if t.column == name
        ]
        if not order:
            return
        key = str(event.key)
        if key in ("ArrowRight", "ArrowLeft"):
            step = 1 if key == "ArrowRight" else -1
            at = order.index(self.selected) if self.selected in order else -step
            self.selected = order[(at + step) % len(order)]
            self.render()
        elif key in BUMP_KEYS and self.selected in order:
            self.bump(self.selected)
        elif (command := kb.key_command(key, len(order))) is not None:
            if command[0] == "bump":
                self.bump(order[command[1]])
            else:
                self.recall()
        else:
            return
        event.preventDefault()

    def close(self) -> None:
        page.document.removeEventListener("keydown", self._on_key)
        self._on_key.destroy()
        for rows in self.columns.values():
            rows.clear()
        self.all_day_rows.clear()
        self.sold_out.close()
        for proxy in self._proxies:
            proxy.destroy()
        self.node.remove()


def _age_text(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
