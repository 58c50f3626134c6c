"""The pickup board: numbers in type readable from five metres, a chime and a highlight when a
number turns ready, the number gone once served. Offline it keeps the last state it had and
says how old it is. No prices, no names.

What to show comes from ``numbers`` (pure); this file draws it.
"""

from __future__ import annotations

from datetime import datetime

from browser.device import Device
from browser.dom import el, local_time, on_click
from browser.engine import Engine
from browser.tasks import spawn
from screens.board import numbers as nb
from sync.session import LIVE
from ui.chime import Chime
from ui.i18n import Translator
from ui.keyed import KeyedList


class BoardScreen:
    def __init__(self, root, engine: Engine, t: Translator, device: Device) -> None:
        self.engine, self.t, self.device = engine, t, device
        self.every_order = False
        self._ready: set[str] | None = None
        self._called: dict[str, float] = {}  # order id -> when it was called (server time, s)
        self.node = el("section", id="board", cls="pickup-board", aria_label=t("screen.board"))
        self.chime = Chime(self.node)
        bar = el("div", cls="board-bar")
        self.sound = el("button", t("kitchen.enable_sound"), id="enable-sound", type="button",
                        cls="primary")  # fmt: skip
        self.every = el("button", t("board.every_order"), id="every-order", type="button",
                        aria_pressed="false")  # fmt: skip
        self.age = el("p", id="board-age", cls="board-age", hidden="")
        for node in (self.sound, self.every, self.age):
            bar.appendChild(node)
        self.node.appendChild(bar)
        body = el("div", cls="board-columns")
        self.lists: dict[str, KeyedList] = {}
        for name in ("preparing", "ready"):
            column = el("section", cls=f"board-column {name}", data_column=name)
            column.appendChild(el("h2", t(f"board.{name}")))
            listing = el("ol", cls="board-numbers", aria_label=t(f"board.{name}"),
                         aria_live="polite" if name == "ready" else "off")  # fmt: skip
            column.appendChild(listing)
            body.appendChild(column)
            self.lists[name] = KeyedList(listing, self._number)
        self.node.appendChild(body)
        root.appendChild(self.node)
        self._proxies = [on_click(self.sound, self._sound), on_click(self.every, self._toggle)]
        spawn(self._load())

    async def _load(self) -> None:
        saved = await self.device.setting("board")
        self.every_order = bool(saved.get("every_order"))
        self.every.setAttribute("aria-pressed", "true" if self.every_order else "false")
        self.render()

    def _toggle(self) -> None:
        self.every_order = not self.every_order
        self.every.setAttribute("aria-pressed", "true" if self.every_order else "false")
        spawn(self.device.keep("board", {"every_order": self.every_order}))
        self.render()

    def _sound(self) -> None:
        if self.chime.enable():
            self.sound.setAttribute("hidden", "")

    def render(self) -> None:
        preparing, ready = nb.columns(self.engine.floor(), self.every_order)
        now = self.engine.server_now().timestamp()
        called = nb.newly_ready(self._ready, ready)
        self._ready = {n.order_id for n in ready}
        for order_id in called:
            self._called[order_id] = now
        if called:
            self.chime.ring(660, 0.6)
            self.node.setAttribute("data-called", ",".join(called))
        self._called = {k: v for k, v in self._called.items() if k in self._ready}
        fresh = {k for k, at in self._called.items() if now - at < nb.CALLED_S}
        self.lists["preparing"].update([(n.order_id, (n, False)) for n in preparing])
        self.lists["ready"].update([(n.order_id, (n, n.order_id in fresh)) for n in ready])
        self._show_age()

    def _number(self, value: tuple) -> tuple:
        number, fresh = value
        return el("li", number.number, cls="board-number" + (" called" if fresh else ""),
                  data_order=number.order_id), []  # fmt: skip

    def _show_age(self) -> None:
        status = self.engine.status()
        if status.state == LIVE or not status.saved_at:
            self.age.setAttribute("hidden", "")
            return
        self.age.textContent = self.t("board.as_of", time=local_time(status.saved_at,
                                                                     self.t.code))  # fmt: skip
        self.age.removeAttribute("hidden")

    def tick(self) -> None:
        now: datetime = self.engine.server_now()
        if any(now.timestamp() - at >= nb.CALLED_S for at in self._called.values()):
            self.render()  # a called number stops standing out
            self._called = {k: v for k, v in self._called.items()
                            if now.timestamp() - v < nb.CALLED_S}  # fmt: skip
        else:
            self._show_age()

    def close(self) -> None:
        for rows in self.lists.values():
            rows.clear()
        for proxy in self._proxies:
            proxy.destroy()
        self.node.remove()
