"""The pass (expo): every order the kitchen has in hand, each station's progress on it, who
holds it up and for how long; one tap calls it ready or served, R recalls the last.

What to show comes from ``pass_board`` (pure); this file draws it and wires the inputs.
"""

from __future__ import annotations

from pyodide.ffi import create_proxy

from browser import page
from browser.device import Device
from browser.dom import el, on_click
from browser.engine import Engine
from browser.tasks import spawn
from screens.kitchen import pass_board as pb
from screens.kitchen.board import KEYS, key_command, parsed_time
from ui.chime import Chime
from ui.i18n import Translator
from ui.keyed import KeyedList
from ui.printer_flag import PrinterFlag


class PassScreen:
    def __init__(self, root, engine: Engine, t: Translator, device: Device) -> None:
        self.engine, self.t, self.device = engine, t, device
        self._rows: dict[str, pb.PassRow] = {}
        self._ages: dict[str, tuple] = {}  # order id -> (age element, since, waiting element, row)
        self._bumped: list[str] = []  # orders the pass called ready, newest last: what R recalls
        self._ready: set[str] | None = None
        self._proxies: list = []
        self.node = el("section", id="pass", cls="kitchen pass", aria_label=t("screen.pass"))
        self.chime = Chime(self.node)
        self.printer_flag = PrinterFlag(engine, t)
        self.node.appendChild(self.printer_flag.node)
        bar = el("div", cls="kitchen-bar")
        recall = el("button", t("kitchen.recall"), id="pass-recall", type="button")
        self.sound = el("button", t("kitchen.enable_sound"), id="enable-sound", type="button")
        self.sound.className = "primary"
        self._proxies += [on_click(recall, self.recall), on_click(self.sound, self._sound)]
        bar.appendChild(recall)
        bar.appendChild(self.sound)
        self.node.appendChild(bar)
        board = el("div", cls="board pass-board")
        self.columns: dict[str, KeyedList] = {}
        self.counts: dict[str, object] = {}
        for name in pb.COLUMNS:
            column = el("section", cls="column", data_column=name)
            heading = el("h2", t(f"pass.col.{name}"))
            self.counts[name] = el("span", "0", cls="count")
            heading.appendChild(self.counts[name])
            listing = el("ol", cls="tickets", aria_label=t(f"pass.col.{name}"))
            column.appendChild(heading)
            column.appendChild(listing)
            board.appendChild(column)
            self.columns[name] = KeyedList(listing, self._card)
        self.empty = el("p", t("kitchen.empty"), cls="empty", hidden="")
        self.node.appendChild(self.empty)
        self.node.appendChild(board)
        self.node.appendChild(el("p", t("pass.keys"), cls="keys-help"))
        root.appendChild(self.node)
        self._on_key = create_proxy(self._key)
        page.listen(page.document, "keydown", self._on_key, KEYS)

    def _sound(self) -> None:
        if self.chime.enable():
            self.sound.setAttribute("hidden", "")

    # -- drawing --------------------------------------------------------------------------------

    def render(self) -> None:
        self.printer_flag.render()
        rows = pb.rows(self.engine.floor())
        self._rows = {r.order_id: r for r in rows}
        ready = {r.order_id for r in rows if r.column == "ready"}
        if self._ready is not None and ready - self._ready:
            self.chime.ring(660)  # food is up: the runner looks
        self._ready = ready
        for name in pb.COLUMNS:
            mine = [r for r in rows if r.column == name]
            self.columns[name].update([(r.order_id, r) for r in mine])
            self.counts[name].textContent = str(len(mine))
        if rows:
            self.empty.setAttribute("hidden", "")
        else:
            self.empty.removeAttribute("hidden")
        self.tick()

    def _card(self, row: pb.PassRow) -> tuple:
        node = el("li", cls="ticket pass-card", data_order=row.order_id, data_status=row.status,
                  data_holding=",".join(row.holding), tabindex="0")  # fmt: skip
        head = el("header")
        head.appendChild(el("span", row.number, cls="number"))
        head.appendChild(el("span", row.where or self.t(f"kitchen.{row.kind}"), cls="where"))
        if row.added:
            head.appendChild(el("span", self.t("kitchen.added"), cls="badge added"))
        age = el("time", "", cls="age")
        head.appendChild(age)
        node.appendChild(head)
        shares = el("ul", cls="stations")
        for share in row.shares:
            chip = el("li", cls=f"station-chip {share.status}" +
                      (" holding" if share.station in row.holding else ""),
                      data_station=share.station or "pass")  # fmt: skip
            chip.appendChild(el("span", share.station or self.t("pass.pass_lines"), cls="name"))
            chip.appendChild(el("span", f"{share.done}/{share.lines}", cls="done"))
            shares.appendChild(chip)
        node.appendChild(shares)
        waiting = None
        if row.holding:
            waiting = el("p", "", cls="holding-up")
            node.appendChild(waiting)
        if row.pending:
            node.appendChild(el("p", self.t("kitchen.sending"), cls="sending"))
        bump = el("button", self.t(pb.bump_label(row)), cls="bump", type="button",
                  data_bump=row.status)  # fmt: skip
        foot = el("div", cls="foot")
        foot.appendChild(bump)
        node.appendChild(foot)
        self._ages[row.order_id] = (age, row.created_at, waiting, row)
        return node, [on_click(bump, lambda oid=row.order_id: self.bump(oid))]

    def tick(self) -> None:
        now = self.engine.server_now()
        for order_id, (age, since, waiting, row) in list(self._ages.items()):
            if order_id not in self._rows:
                del self._ages[order_id]
                continue
            age.textContent = _clock(now, since)
            if waiting is not None:
                held = ", ".join(row.holding)
                waiting.textContent = self.t("pass.waiting_on", stations=held,
                                             time=_clock(now, row.waiting_since))  # fmt: skip

    # -- bump, recall, keys ---------------------------------------------------------------------

    def bump(self, order_id: str) -> None:
        row = self._rows.get(order_id)
        if row is None:
            return
        if row.status != "ready":
            self._bumped = [*self._bumped[-19:], order_id]
        spawn(self._send(pb.bump_changes(row)))

    async def _send(self, changes: list[tuple[str, dict]]) -> None:
        for change in changes:  # in turn: each step of the lifecycle is its own change
            await self.engine.submit(*change)

    def recall(self) -> None:
        while self._bumped:
            row = self._rows.get(self._bumped.pop())
            change = pb.recall_change(row) if row is not None else None
            if change is not None:
                spawn(self.engine.submit(*change))
                return

    def _key(self, event) -> None:
        tag = str(getattr(event.target, "tagName", "") or "").lower()
        if tag in ("input", "select", "textarea"):
            return
        order = [r.order_id for name in pb.COLUMNS for r in self._rows.values()
                 if r.column == name]  # fmt: skip
        command = key_command(str(event.key), len(order))
        if command is None:
            return
        if command[0] == "bump":
            self.bump(order[command[1]])
        else:
            self.recall()
        event.preventDefault()

    def close(self) -> None:
        page.document.removeEventListener("keydown", self._on_key)
        self._on_key.destroy()
        for rows in self.columns.values():
            rows.clear()
        for proxy in self._proxies:
            proxy.destroy()
        self.node.remove()


def _clock(now, since: str) -> str:
    if not since:
        return ""
    whole = max(0, int((now - parsed_time(since)).total_seconds()))
    return f"{whole // 60}:{whole % 60:02d}"
