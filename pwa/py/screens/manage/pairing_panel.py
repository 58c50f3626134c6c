"""Pairing a new device on the staff tab: the manager picks what it is for, gets a one-time code
and its QR code (shown once), watches it join and names it; and ends role PINs once everyone
has their own. Only the server can do it: without it the block says so."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from browser.device import Device
from browser.dom import el, local_time, on_click
from browser.tasks import spawn
from domain import roles
from ui.i18n import Translator, refusal

WATCH_EVERY_S = 2.0  # how often the block asks whether the code was used
CODE_LIFETIME_S = 600  # server.access.pairing.LIFETIME_S: no use watching a dead code


class PairDevice:
    def __init__(self, t: Translator, device: Device, on_joined: Callable[[], None]) -> None:
        self.t, self.device, self.on_joined = t, device, on_joined
        self.node = el("section", cls="menu-block", id="pair-device")
        self.node.appendChild(el("h3", t("pair.title")))
        self.node.appendChild(el("p", t("pair.help"), cls="help"))
        form = el("form", cls="pin-form", id="pair-form", novalidate="")
        self.role = el("select", id="pair-role", aria_label=t("manage.role"))
        for role in roles.ROLES:
            self.role.appendChild(el("option", t(f"role.{role}"), value=role))
        self.name = el("input", type="text", id="pair-name", maxlength="64",
                       aria_label=t("pair.name"), placeholder=t("pair.name"),
                       autocomplete="off")  # fmt: skip
        make = el("button", t("pair.make"), type="button", cls="primary", id="pair-make")
        self.message = el("p", role="status", id="pair-message")
        for node in (self.role, self.name, make, self.message):
            form.appendChild(node)
        self.node.appendChild(form)
        self.shown = el("div", id="pair-shown", hidden="")
        self.code = el("p", cls="pairing-code", id="pair-code")
        self.qr = el("img", cls="pairing-qr", id="pair-qr", alt=t("pair.qr"))
        self.expires = el("p", cls="help", id="pair-expires")
        for node in (self.code, self.qr, self.expires):
            self.shown.appendChild(node)
        self.node.appendChild(self.shown)
        self.role_pins = el("div", id="role-pins", hidden="")
        self.role_pins.appendChild(el("p", t("pair.role_pins_help"), cls="help"))
        end = el("button", t("pair.end_role_pins"), type="button", cls="danger",
                 id="end-role-pins")  # fmt: skip
        self.role_pins_message = el("p", role="status", id="role-pins-message")
        self.role_pins.appendChild(end)
        self.role_pins.appendChild(self.role_pins_message)
        self.node.appendChild(self.role_pins)
        self._proxies = [on_click(make, lambda: spawn(self._make())),
                         on_click(end, lambda: spawn(self._end_role_pins()))]  # fmt: skip
        self._watching = ""  # the pairing whose use is awaited
        self._closed = False

    async def load(self) -> None:
        status, answer = await self.device.ask("GET", "/api/v1/pairings")
        if status != 200:
            self.message.textContent = self.t("manage.needs_server")
            return
        if answer.get("role_pins") and not answer.get("demo"):
            self.role_pins.removeAttribute("hidden")
        else:
            self.role_pins.setAttribute("hidden", "")

    async def _make(self) -> None:
        body = {"role": self.role.value, "name": self.name.value.strip()}
        status, answer = await self.device.ask("POST", "/api/v1/pairings", body)
        if status != 201:
            self.message.textContent = refusal(self.t, status, answer)
            return
        made = answer["pairing"]
        self.message.textContent = self.t("pair.waiting", role=self.t(f"role.{made['role']}"))
        self.code.textContent = answer["code"]
        self.qr.setAttribute("src", answer["qr"])
        self.qr.setAttribute("title", answer["join"])
        self.expires.textContent = self.t(
            "pair.expires", time=local_time(made["expires_at"], self.t.code)
        )
        self.shown.removeAttribute("hidden")
        self.name.value = ""
        self._watching = made["id"]
        spawn(self._watch(made["id"]))

    async def _watch(self, pairing: str) -> None:
        """Until the code is used (the device is named in the list) or dies."""
        for _ in range(int(CODE_LIFETIME_S / WATCH_EVERY_S)):
            await asyncio.sleep(WATCH_EVERY_S)
            if self._closed or self._watching != pairing:
                return
            status, answer = await self.device.ask("GET", "/api/v1/pairings")
            if status != 200:
                continue
            found = [p for p in answer.get("pairings", []) if p["id"] == pairing]
            if found and found[0]["device"]:
                self.shown.setAttribute("hidden", "")
                self.code.textContent = ""
                self.message.textContent = self.t("pair.joined")
                self._watching = ""
                self.on_joined()
                return

    async def _end_role_pins(self) -> None:
        button = self.role_pins.querySelector("#end-role-pins")
        if button.getAttribute("data-armed") != "true":  # a second tap: it signs people out
            button.setAttribute("data-armed", "true")
            button.textContent = self.t("pair.end_role_pins_confirm")
            return
        status, answer = await self.device.ask("DELETE", "/api/v1/role-pins")
        if status != 200:
            self.role_pins_message.textContent = refusal(self.t, status, answer)
            return
        self.role_pins_message.textContent = self.t("pair.role_pins_ended",
                                                    n=answer.get("signed_out", 0))  # fmt: skip
        button.setAttribute("hidden", "")
        self.on_joined()

    def close(self) -> None:
        self._closed = True
        for proxy in self._proxies:
            proxy.destroy()
        self._proxies = []
