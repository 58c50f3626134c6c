"""The day tab: the day's figures from the server (orders, revenue by payment method, average
ticket, cancelled, orders by hour as a bar chart drawn here in SVG, top items, kitchen times),
and its orders as CSV. Offline it shows the figures it last loaded, with their time. Below
them, the close of day (``day_close``)."""

from __future__ import annotations

from datetime import datetime

from browser import page
from browser.device import Device
from browser.dom import el, local_time, on_click
from browser.engine import Engine
from browser.tasks import spawn
from screens.manage import chart
from screens.manage.day_close import DayClose
from ui.i18n import Translator, worded

SVG = "http://www.w3.org/2000/svg"
CHART_W, CHART_H = 600.0, 180.0
SAVED_KEY = "day_report"


def svg(tag: str, **attrs: object):
    node = page.document.createElementNS(SVG, tag)
    for name, value in attrs.items():
        node.setAttribute("class" if name == "cls" else name.replace("_", "-"), str(value))
    return node


class DayPanel:
    def __init__(self, engine: Engine, t: Translator, device: Device) -> None:
        self.t, self.device = t, device
        self.node = el("section", id="manage-day", cls="manage-panel")
        bar = el("div", cls="panel-bar")
        self.date = el("input", type="date", id="report-date", aria_label=t("manage.day"))
        # Empty until the server says which day it is where the restaurant is: this device's
        # date may be another (another time zone, a clock set wrong), and after its midnight
        # and before the restaurant's, the figures would be yesterday's, or nothing.
        self._today = ""
        show = el("button", t("manage.show"), type="button", id="show-day")
        self.csv = el("button", t("manage.csv"), type="button", id="day-csv")
        for node in (self.date, show, self.csv):
            bar.appendChild(node)
        self.node.appendChild(bar)
        self.note = el("p", cls="help", role="status", id="day-note")
        self.node.appendChild(self.note)
        self.figures = el("div", id="day-figures", cls="figures")
        self.node.appendChild(self.figures)
        self.people = el("section", id="by-person", cls="figures")
        self.node.appendChild(self.people)
        self._people_proxy = None
        self.closing = DayClose(engine, t, device, lambda: spawn(self.load()))
        self.node.appendChild(self.closing.node)
        self._proxies = [
            on_click(show, lambda: spawn(self.load())),
            on_click(self.csv, lambda: spawn(self._download())),
        ]

    def opened(self) -> None:
        spawn(self.load())
        spawn(self.closing.opened())

    def render(self) -> None:
        self.closing.render()  # the figures are the server's, loaded when asked

    def close(self) -> None:
        for proxy in self._proxies:
            proxy.destroy()
        if self._people_proxy is not None:
            self._people_proxy.destroy()
        self.closing.close()

    def _picked(self) -> str:
        """The day the person picked; empty for the restaurant's today."""
        day = self.date.value
        return day if day != self._today else ""

    def _asked(self, path: str) -> str:
        """The report's URL: for the day picked, else the restaurant's today (the server's
        default)."""
        return f"{path}?date={day}" if (day := self._picked()) else path

    async def load(self) -> None:
        status, report = await self.device.ask("GET", self._asked("/api/v1/reports/day"))
        if status == 200:
            self.note.textContent = ""
            if not self._picked():
                self._today = self.date.value = report["date"]
            at = datetime.now().astimezone().isoformat()
            await self.device.keep(SAVED_KEY, {"report": report, "at": at})
            self.show(report)
            await self._load_people(report["date"])
            return
        saved = await self.device.setting(SAVED_KEY)
        if saved.get("report"):
            when = local_time(saved["at"], self.t.code)
            self.note.textContent = self.t(
                "manage.day_offline", date=saved["report"]["date"], time=when
            )
            self.show(saved["report"])
        else:
            self.note.textContent = self.t("manage.needs_server")

    def show(self, report: dict) -> None:
        t, money = self.t, lambda m: self.t.money(m, report["currency"])
        self.figures.replaceChildren()
        tiles = el("dl", cls="tiles")
        # A report kept from before the server counted voids, discounts and tips has none.
        voids = report.get("voids") or {"count": 0, "amount": 0}
        discounts = report.get("discounts") or {"count": 0, "amount": 0}
        for key, value in (
            ("manage.orders", str(report["orders"])),
            ("manage.revenue", money(report["revenue"])),
            ("manage.average", money(report["average_ticket"])),
            ("manage.cancelled", str(report["cancelled"])),
            ("manage.tips", money(report.get("tips", 0))),
            ("manage.voids", f"{voids['count']} · {money(voids['amount'])}"),
            ("manage.discounts", f"{discounts['count']} · {money(discounts['amount'])}"),
        ):
            tile = el("div", cls="tile")
            tile.appendChild(el("dt", t(key)))
            tile.appendChild(el("dd", value, data_figure=key.split(".")[1]))
            tiles.appendChild(tile)
        self.figures.appendChild(tiles)
        methods = report.get("by_payment_method") or {}
        if methods:
            named = {"unrecorded": t("manage.pay_unrecorded")}
            line = " · ".join(
                f"{named.get(m) or worded(t, 'pay.method', m)} {money(v)}"
                for m, v in sorted(methods.items())
            )
            self.figures.appendChild(el("p", line, cls="muted", id="by-method"))
        self.figures.appendChild(el("h3", t("manage.by_hour")))
        self.figures.appendChild(self._chart(report["by_hour"]))
        if report["top_items"]:
            self.figures.appendChild(el("h3", t("manage.top_items")))
            self.figures.appendChild(
                self._table(
                    [t("manage.item"), t("manage.qty"), t("manage.revenue")],
                    [(i["name"], str(i["qty"]), money(i["revenue"])) for i in report["top_items"]],
                    "top-items",
                )
            )
        if report["prep"]:
            self.figures.appendChild(el("h3", t("manage.prep")))
            self.figures.appendChild(
                self._table(
                    [
                        t("manage.station"),
                        t("manage.orders"),
                        t("manage.prep_avg"),
                        t("manage.prep_p90"),
                    ],
                    [
                        (
                            t("manage.whole_orders") if p["station"] == "*" else p["station"],
                            str(p["orders"]),
                            _minutes(p["average_s"]),
                            _minutes(p["p90_s"]),
                        )
                        for p in report["prep"]
                    ],
                    "prep",
                )
            )

    def _chart(self, by_hour: list[dict]):
        bars = chart.bars(by_hour, "orders", CHART_W, CHART_H)
        if not bars:
            return el("p", self.t("manage.no_orders"), cls="help")
        drawing = svg(
            "svg",
            viewBox=f"0 -16 {CHART_W} {CHART_H + 40}",
            cls="chart",
            role="img",
            id="hour-chart",
        )
        label = self.t("manage.chart_label", n=sum(b.value for b in bars))
        drawing.setAttribute("aria-label", label)
        for bar in bars:
            rect = svg(
                "rect",
                x=f"{bar.x:.1f}",
                y=f"{bar.y:.1f}",
                width=f"{bar.width:.1f}",
                height=f"{bar.height:.1f}",
                rx=3,
                data_hour=bar.hour,
                data_value=bar.value,
            )
            title = svg("title")
            title.textContent = f"{bar.hour:02d}:00 — {bar.value}"
            rect.appendChild(title)
            drawing.appendChild(rect)
            middle = bar.x + bar.width / 2
            value = svg("text", x=f"{middle:.1f}", y=f"{bar.y - 4:.1f}", text_anchor="middle")
            value.textContent = str(bar.value)
            hour = svg("text", x=f"{middle:.1f}", y=f"{CHART_H + 18:.1f}", text_anchor="middle")
            hour.textContent = f"{bar.hour:02d}"
            drawing.appendChild(value)
            drawing.appendChild(hour)
        return drawing

    async def _load_people(self, day: str) -> None:
        """Who did what that day (``/reports/staff``): a row per person, and its CSV."""
        path = f"/api/v1/reports/staff?from={day}&to={day}"
        status, answer = await self.device.ask("GET", path)
        self.people.replaceChildren()
        if status != 200 or not answer.get("people"):
            return
        t, money = self.t, lambda m: self.t.money(m, answer["currency"])
        head = el("div", cls="row head")
        head.appendChild(el("h3", t("manage.by_person")))
        download = el("button", t("manage.staff_csv"), type="button", id="staff-csv", cls="small")
        if self._people_proxy is not None:
            self._people_proxy.destroy()
        self._people_proxy = on_click(download, lambda: spawn(self._download_people(day)))
        head.appendChild(download)
        self.people.appendChild(head)
        heads = ["manage.person", "manage.orders", "manage.sales", "manage.taken", "manage.tips",
                 "manage.voids", "manage.discounts", "manage.hours"]  # fmt: skip
        rows = [(p["name"], str(p["orders"]), money(p["sales"]), money(p["payments"]),
                 money(p["tips"]), f"{p['voids']} · {money(p['voided'])}", str(p["discounts"]),
                 f"{p['hours']:.2f}") for p in answer["people"]]  # fmt: skip
        self.people.appendChild(self._table([t(h) for h in heads], rows, "people-figures"))

    async def _download_people(self, day: str) -> None:
        path = f"/api/v1/reports/staff.csv?from={day}&to={day}&lang={self.t.code}"
        if not await self.device.save_file(path, f"staff-{day}.csv"):
            self.note.textContent = self.t("manage.needs_server")

    def _table(self, heads: list[str], rows: list[tuple], table_id: str):
        table = el("table", cls="figures-table", id=table_id)
        head = el("tr")
        for text in heads:
            head.appendChild(el("th", text, scope="col"))
        table.appendChild(head)
        for row in rows:
            line = el("tr")
            for text in row:
                line.appendChild(el("td", text))
            table.appendChild(line)
        return table

    async def _download(self) -> None:
        """The day's orders as a file: fetched with this device's token, then saved."""
        name = f"orders-{self.date.value or self._today}.csv"
        asked = self._asked("/api/v1/reports/day.csv")
        asked += ("&" if "?" in asked else "?") + f"lang={self.t.code}"
        if not await self.device.save_file(asked, name):
            self.note.textContent = self.t("manage.needs_server")


def _minutes(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"
