"""The signed-in app: the header's controls, the sync banner, and the screen the hash names.

Screens share one engine; moving between screens this device's role may open swaps only the
screen. A screen needing another role's PIN signs in again and reloads, so the engine always
runs with one token.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import js
from pyodide.ffi import create_proxy, to_js

from browser import first_paint as picture
from browser import notify, offline_people, page
from browser.device import Device
from browser.dom import el, on_click
from browser.engine import Engine
from browser.error_report import REPORTER, report
from browser.idb import Database
from browser.tasks import spawn
from domain.roles import UNATTENDED
from domain.staff import lock_after_s
from domain.timestamps import iso, utcnow
from ui import i18n
from ui.first_paint import Keeper, addresses, record
from ui.i18n import Translator
from ui.notices import NOTIFYING_ROLES, notices
from ui.router import may_open, screen_for
from ui.shell import Shell
from ui.sign_out import SignOut
from ui.signin import UNPAIRED_BECAUSE, sign_in
from ui.sync_bar import SyncBar

TICK_S = 1.0
SEND_FIRST_S = 10.0  # a switch waits this long for the person's queue to be sent


# A screen, made as ``Screen(root, engine, t, device)``; main.py names the four.
ScreenFactory = Callable[[object, Engine, Translator, Device], object]


class App:
    def __init__(
        self, shell: Shell, engine: Engine, db: Database, t: Translator, role: str,
        restaurant: str, screens: dict[str, ScreenFactory], person: str = "",
        demo: bool = False,
    ) -> None:  # fmt: skip
        """``person``: who signed in here with their own PIN, named in the header; ``demo``:
        the restaurant is a demo, which the header says on every screen."""
        self.shell, self.engine, self.db, self.t, self.role = shell, engine, db, t, role
        self.person = person
        self.demo = demo
        self.restaurant = restaurant
        self.screens = screens
        self.device = Device(db, engine)
        self.sync_bar = SyncBar(engine, t)
        self.sync_bar.mount(shell.main)
        self.area = el("div", id="screen-area")
        shell.main.appendChild(self.area)
        self.screen = None
        self.screen_name = ""
        self._proxies: list = []
        self._leaving = False
        self.notify_button = None
        self._controls()
        self._touched = page.now_ms()
        self._on_touch = create_proxy(self._touch)
        for kind in ("pointerdown", "keydown"):
            page.document.addEventListener(kind, self._on_touch, True)
        engine.event_listeners.append(self._notify)
        self._on_hash = create_proxy(lambda _event: self.route())
        page.window.addEventListener("hashchange", self._on_hash)
        self.keeper = Keeper()  # the screen's picture, for the next boot's first paint
        self._drawn = False
        self._on_hide = create_proxy(
            lambda _event: self._keep_picture(hiding=page.document.visibilityState == "hidden")
        )
        page.document.addEventListener("visibilitychange", self._on_hide)

    # -- header ---------------------------------------------------------------------------------

    def _controls(self) -> None:
        label = el("label", cls="language")
        label.appendChild(el("span", self.t("app.language"), cls="visually-hidden"))
        select = el("select", id="language", aria_label=self.t("app.language"))
        for code, name in i18n.available().items():
            option = el("option", name, value=code)
            if code == self.t.code:
                option.setAttribute("selected", "")
            select.appendChild(option)
        label.appendChild(select)
        change = create_proxy(lambda _event: spawn(self._set_language(select.value)))
        select.addEventListener("change", change)
        self._proxies.append(change)
        sign_out = el("button", self.t("app.sign_out"), id="sign-out", type="button")
        self._proxies.append(on_click(sign_out, self._ask_sign_out))
        if self.demo:
            badge = el("span", self.t("app.demo"), id="demo-badge", cls="demo-badge")
            badge.setAttribute("title", self.t("app.demo_help"))
            self.shell.controls.appendChild(badge)
        if self.role not in UNATTENDED:  # a shared phone passes from hand to hand: next PIN
            self.switch = el("button", self.t("app.switch"), id="switch", type="button")
            self._proxies.append(on_click(self.switch, lambda: spawn(self._switch_person())))
            self.shell.controls.appendChild(self.switch)
        if self.role in NOTIFYING_ROLES and notify.supported():
            self.notify_button = el("button", id="notify", type="button")
            self._proxies.append(on_click(self.notify_button, self._ask_to_notify))
            self._show_permission()
            self.shell.controls.appendChild(self.notify_button)
        self.shell.controls.appendChild(label)
        self.shell.controls.appendChild(sign_out)

    def _show_permission(self) -> None:
        """Only "not asked yet" is a question in the header; the answer, whichever it was, is
        in Diagnostics (a phone's header has no room for a switch that cannot be switched:
        once allowed or blocked, only the browser's site settings change it)."""
        state = notify.permission()
        self.notify_button.setAttribute("data-permission", state)
        if state == "default":
            self.notify_button.textContent = self.t("notify.enable")
            self.notify_button.removeAttribute("hidden")
        else:
            self.notify_button.setAttribute("hidden", "")
        self.shell.set_diag("Notifications", state)

    async def _ask_to_notify(self) -> None:
        await notify.ask()
        self._show_permission()

    def _notify(self, before: dict, after: dict, events: list[dict]) -> None:
        found = notices(self.role, before, after, events, self.t)
        if found:
            spawn(notify.show(found))

    async def _set_language(self, code: str) -> None:
        picture.forget()  # drawn in the other language
        await self.db.write(kv={"lang": code})
        page.location.reload()  # every word on screen comes back in the new language

    async def _switch_person(self, why: str = "signed_out") -> None:
        """The person signs out once what they queued is sent; the device stays paired, at its
        PIN pad. Refused changes (which need a person's decision) stay for whoever comes next."""
        self._leaving = True
        # What they queued goes first, under their own sign-in: the server names the person
        # signed in when a change arrives, so a change sent after the switch would be the next
        # person's.
        for _ in range(int(SEND_FIRST_S / TICK_S)):
            if not self.engine.status().waiting:
                break
            self.switch.textContent = self.t("app.switch_sending")
            await asyncio.sleep(TICK_S)
        status = 0
        if not self.engine.status().waiting:
            status, _ = await self.device.ask("POST", "/api/v1/sign-out", {})
        if status == 0:  # nobody could sign in after it: the pad needs the server for now
            self._leaving = False
            self.switch.textContent = self.t("app.switch_needs_server")
            await asyncio.sleep(4)
            self.switch.textContent = self.t("app.switch")
            return
        self.engine.stop()
        picture.forget()  # the next person does not see this one's screen
        await self.db.write(kv={"signed_out_why": why}, kv_delete=["token"])
        page.location.reload()

    def _touch(self, _event) -> None:
        self._touched = page.now_ms()

    def _lock_if_idle(self) -> None:
        """A person's shared phone left unused goes back to its PIN pad (the restaurant's
        rule). Not while offline: nobody could sign in again until the server is back."""
        limit = lock_after_s(self.engine.bill_settings(), self.role)
        if limit is None or not self.person or self._leaving:
            return
        idle_s = (page.now_ms() - self._touched) / 1000
        status = self.engine.status()
        if idle_s >= limit and status.state in ("live", "polling") and not status.waiting:
            spawn(self._switch_person("locked"))

    def _ask_sign_out(self) -> None:
        SignOut(self.engine, self.db, self.t, self.restaurant).open()

    # -- screens --------------------------------------------------------------------------------

    def route(self) -> None:
        name = screen_for(str(page.location.hash), self.role)
        if name == self.screen_name:
            follow = getattr(self.screen, "follow", None)
            if follow is not None:
                follow(str(page.location.hash))  # #/floor/hall-2: the same screen, another table
            return
        if not may_open(name, self.role):
            spawn(self._switch_role(name))
            return
        self.show(name)

    async def _switch_role(self, name: str) -> None:
        if self.screen is not None:
            self.screen.close()
            self.screen, self.screen_name = None, ""
        picture.forget()
        await sign_in(self.area, self.db, self.t, name)
        page.location.reload()  # the engine starts again with the new role's token

    def open(self, url: str) -> None:
        """Go to a same-origin address a notification named (the worker tells us on a tap)."""
        hash_ = str(js.URL.new(url, page.location.href).hash)
        if hash_ == str(page.location.hash):
            self.route()  # no hashchange comes: the same table, tapped again after closing it
        else:
            page.location.hash = hash_

    def show(self, name: str) -> None:
        if self.screen is not None:
            self.screen.close()
        self.area.replaceChildren()
        self.screen = self.screens[name](self.area, self.engine, self.t, self.device)
        self.screen_name = name
        page.document.documentElement.setAttribute("data-screen", name)
        title = f"Passline · {self.t(f'screen.{name}')}"
        self.shell.title.textContent = f"{title} · {self.person}" if self.person else title
        self.render()

    def render(self) -> None:
        if self.engine.signed_out_because() is not None and not self._leaving:
            self._leaving = True
            spawn(self._back_to_the_pin_pad())
            return
        started = js.performance.now()
        self.t.currency = self.engine.catalogue.currency
        # A render that fails is reported and the next change renders again: it must never
        # stop the engine that called it (its pump) or the other part of the screen.
        try:
            self.sync_bar.render()
        except Exception as exc:
            report("render banner", exc)
        if self.screen is not None:
            try:
                self.screen.render()
            except Exception as exc:
                report(f"render {self.screen_name}", exc)
            else:
                self._drew()
        # A User Timing entry per render: DevTools and bench/screens.py observe it. Only the
        # last one stays in the buffer, so a screen up all day does not collect them.
        name = f"passline-render-{self.screen_name}"
        js.performance.clearMeasures(name)
        js.performance.measure(
            name, to_js({"start": started}, dict_converter=js.Object.fromEntries)
        )

    def _drew(self) -> None:
        self.keeper.rendered()
        if not self._drawn:  # the real screen is up: the boot's picture of it goes
            self._drawn = True
            picture.lift()
            page.document.documentElement.setAttribute("data-drawn", "")

    def _keep_picture(self, hiding: bool = False) -> None:
        """The screen's picture for the next boot: after renders, at most every few seconds,
        and at once when the page is hidden (a reload, the app sent to the background)."""
        now = js.performance.now() / 1000
        if self._leaving or self.screen is None:
            return
        if not (self.keeper.due(now) or (hiding and self.keeper.dirty)):
            return
        home = screen_for("", self.role)
        hashes = addresses(str(page.location.hash), self.screen_name, home)
        title = str(self.shell.title.textContent)
        kept = record(picture.markup(), hashes, self.screen_name, REPORTER.build, self.t.code,
                      iso(utcnow()), title, self.t("app.starting"))  # fmt: skip
        picture.save(kept)
        self.keeper.saved(now)

    async def _back_to_the_pin_pad(self) -> None:
        """The server revoked this device: the PIN pad, saying why. What is queued stays, and
        goes out after the next sign-in of this restaurant and role."""
        self.engine.stop()
        picture.forget()
        why = self.engine.signed_out_because() or ""
        # A person signed out (a switch, deactivated, role PINs ended) leaves the device paired:
        # only a revocation takes its credential.
        await self.db.write(
            kv={"signed_out_why": why or "ended"},
            kv_delete=(
                ["token", "credential", offline_people.KEY, offline_people.RESUME_KEY]
                if why in UNPAIRED_BECAUSE
                else ["token", offline_people.RESUME_KEY]
            ),
        )
        page.location.reload()

    async def run_clock(self) -> None:
        """Ages on tickets, a kiosk's idle timer: a screen that shows time needs a tick."""
        while True:
            await asyncio.sleep(TICK_S)
            self._lock_if_idle()
            self._keep_picture()
            if self.screen is not None:
                try:
                    self.screen.tick()
                except Exception as exc:  # a clock that fails must not stop the next tick
                    report(f"tick {self.screen_name}", exc)
