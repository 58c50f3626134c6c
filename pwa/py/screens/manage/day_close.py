"""The close of day, on the day tab: the X report (the day so far) any time; closing the day
once every drawer is counted and no check is open (or the open ones carried over); the closed
days, each with its Z report as it was closed, shown as it prints at 80 mm, printed through the
print dialog and saved as CSV.

Closing is a change through the outbox like any other: made offline it waits, said so, and
closes the day once when the server has it. The reports are the server's: they need it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import js
from pyodide.ffi import to_js

from browser.device import Device
from browser.dom import el, local_time, on_click
from browser.engine import Engine
from browser.tasks import spawn
from domain.timestamps import iso
from screens.manage import edits
from ui import receipt, z_report
from ui.i18n import Translator, error_text

OPEN_DAY_KEY = "open_day"  # the business day to close, as the server last said


class DayClose:
    def __init__(
        self, engine: Engine, t: Translator, device: Device, on_closed: Callable[[], None]
    ) -> None:
        """``on_closed``: the day's figures above are loaded again once a close is in."""
        self.engine, self.t, self.device, self.on_closed = engine, t, device, on_closed
        self.node = el("section", id="day-close", cls="day-close")
        self.node.appendChild(el("h3", t("day.close_title")))
        self.status = el("p", cls="help", role="status", id="close-status")
        self.node.appendChild(self.status)
        bar = el("div", cls="panel-bar")
        x = el("button", t("day.x_report"), type="button", id="x-report")
        self.carry = el("input", type="checkbox", id="carry-over")
        carry = el("label", cls="check")
        carry.appendChild(self.carry)
        carry.appendChild(el("span", t("day.carry_over")))
        close = el("button", t("day.close"), type="button", id="close-day", cls="primary")
        self.close_button = close
        for node in (x, carry, close):
            bar.appendChild(node)
        self.node.appendChild(bar)
        self.error = el("p", cls="error", role="alert", id="close-error")
        self.node.appendChild(self.error)
        self.node.appendChild(el("h3", t("day.closed_list")))
        self.listing = el("div", id="closed-days")
        self.node.appendChild(self.listing)
        self.view = el("div", id="z-view", cls="z-view")
        self.node.appendChild(self.view)
        self._proxies = [
            on_click(x, lambda: spawn(self.show_x())),
            on_click(close, lambda: spawn(self.close_day())),
        ]
        self._row_proxies: list = []
        self._day = ""
        self._closing = ""  # the close's client_id while it waits for the server
        self._shown: dict | None = None

    def close(self) -> None:
        for proxy in self._proxies + self._row_proxies:
            proxy.destroy()

    async def opened(self) -> None:
        status, report = await self.device.ask("GET", "/api/v1/reports/x")
        if status == 200:
            self._day = report["day"]
            await self.device.keep(OPEN_DAY_KEY, {"day": self._day})
        else:
            self._day = (await self.device.setting(OPEN_DAY_KEY)).get("day", "")
        await self.list_days()
        self.render()

    def render(self) -> None:
        """Where the close stands: waiting to be sent, refused (why), or done."""
        self.close_button.disabled = bool(self._closing)  # one close at a time
        if self._closing:
            refusal = self.engine.refusal(self._closing)
            if refusal:
                self.error.textContent = refusal
                self._closing = ""
            elif self.engine.answer(self._closing) is not None:
                self._closing = ""
                spawn(self._closed(self._day))
            else:
                self.status.textContent = self.t("day.closing", day=self._day)
                self.status.setAttribute("data-state", "waiting")
                return
        self.status.setAttribute("data-state", "open")
        self.status.textContent = self.t("day.open", day=self._day) if self._day else ""

    async def close_day(self) -> None:
        self.error.textContent = ""
        if not self._day:
            self.error.textContent = self.t("manage.needs_server")
            return
        data = {"day": self._day, "carry_over": bool(self.carry.checked)}
        now = iso(self.engine.server_now())
        refused = edits.refusal("close_day", data, self.engine.floor(), now)
        if refused:
            self.error.textContent = error_text(self.t, next(iter(refused.values())))
            return
        self._closing = await self.engine.submit("close_day", data)
        self.render()

    async def _closed(self, day: str) -> None:
        """The server closed ``day``: its Z report, and the next day is the open one."""
        await self.show_z(day)
        await self.opened()
        self.on_closed()

    async def list_days(self) -> None:
        status, answer = await self.device.ask("GET", "/api/v1/reports/days")
        if status != 200:
            return
        for proxy in self._row_proxies:
            proxy.destroy()
        self._row_proxies = []
        self.listing.replaceChildren()
        if not answer["days"]:
            self.listing.appendChild(el("p", self.t("day.none_closed"), cls="help"))
            return
        table = el("table", cls="figures-table")
        head = el("tr")
        for key in ("manage.day", "manage.orders", "manage.revenue", "z.over_short", ""):
            head.appendChild(el("th", self.t(key) if key else "", scope="col"))
        table.appendChild(head)
        for day in answer["days"]:
            row = el("tr", data_day=day["day"])
            for text in (day["day"], str(day["orders"]), self.t.money(day["revenue"]),
                         self.t.money(day["over_short"])):  # fmt: skip
                row.appendChild(el("td", text))
            cell = el("td")
            button = el("button", self.t("day.z_report"), type="button", cls="small",
                        data_z=day["day"])  # fmt: skip
            self._row_proxies.append(on_click(button, lambda d=day["day"]: spawn(self.show_z(d))))
            cell.appendChild(button)
            row.appendChild(cell)
            table.appendChild(row)
        self.listing.appendChild(table)

    async def show_x(self) -> None:
        status, report = await self.device.ask("GET", "/api/v1/reports/x")
        self._show(report if status == 200 else None, closed=False)

    async def show_z(self, day: str) -> None:
        status, report = await self.device.ask("GET", f"/api/v1/reports/close?day={day}")
        self._show(report if status == 200 else None, closed=True)

    def _show(self, report: dict | None, closed: bool) -> None:
        for proxy in getattr(self, "_view_proxies", []):
            proxy.destroy()
        self._view_proxies = []
        self.view.replaceChildren()
        if report is None:
            self.view.appendChild(el("p", self.t("manage.needs_server"), cls="help"))
            return
        paper = self._paper(report, closed)
        sheet = el("div", cls="receipt on-screen", data_kind="z", id="z-paper",
                   data_closed="true" if closed else "false")  # fmt: skip
        receipt.lay_out(paper, sheet)
        self.view.appendChild(sheet)
        actions = el("div", cls="actions")
        printing = el("button", self.t("day.print"), type="button", id="z-print")
        actions.appendChild(printing)
        self._view_proxies.append(on_click(printing, lambda: self._print(report, closed)))
        if closed:
            csv = el("button", self.t("day.z_csv"), type="button", id="z-csv")
            self._view_proxies.append(on_click(csv, lambda: spawn(self._csv(report["day"]))))
            actions.appendChild(csv)
        self.view.appendChild(actions)

    def _print(self, report: dict, closed: bool) -> None:
        """On the restaurant's Z report printer if it has one; else the browser prints it, in
        the tap itself (a dialog opened later may be taken for a pop-up)."""
        paper = self._paper(report, closed)
        if self.engine.has_printers():
            spawn(self._print_on_printers(paper))
        else:
            receipt.print_rows("z", paper)

    async def _print_on_printers(self, paper: list[receipt.Row]) -> None:
        if await receipt.print_on_printers(self.device.ask, "z_report", paper):
            self.view.setAttribute("data-z-printed", "true")
            return
        receipt.print_rows("z", paper)

    def _paper(self, report: dict, closed: bool) -> list[receipt.Row]:
        now = local_time(datetime.now(UTC).isoformat(), self.t.code)
        return z_report.rows(report, self.t, self._moment, now, closed)

    def _moment(self, at: str) -> str:
        """An instant with its date, as this device shows them: a business day may begin the
        evening before (the last close) and end after midnight."""
        shown = {"month": "short", "day": "numeric", "hour": "2-digit", "minute": "2-digit"}
        options = to_js(shown, dict_converter=js.Object.fromEntries)
        return str(js.Date.new(at).toLocaleString(self.t.code, options))

    async def _csv(self, day: str) -> None:
        # In the reader's language: a Turkish spreadsheet wants ";" and 12,50.
        path = f"/api/v1/reports/close.csv?day={day}&lang={self.t.code}"
        if not await self.device.save_file(path, f"z-report-{day}.csv"):
            self.error.textContent = self.t("manage.needs_server")
