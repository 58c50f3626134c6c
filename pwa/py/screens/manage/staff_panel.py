"""The staff tab: the people who sign in as themselves (``people``), new devices paired with a
code (``pairing_panel``), a role's PIN changed, and the restaurant's devices, each signed out
with one tap. Only the server can do these: without it
the tab says so and changes nothing."""

from __future__ import annotations

from browser.device import Device
from browser.dom import el, local_time, on_click
from browser.engine import Engine
from browser.tasks import spawn
from domain import roles
from domain.errors import DomainError
from screens.manage.jobs import Jobs
from screens.manage.pairing_panel import PairDevice
from screens.manage.people import People, pin_input
from ui.i18n import Translator, error_text


class StaffPanel:
    def __init__(self, engine: Engine, t: Translator, device: Device) -> None:
        self.engine, self.t, self.device = engine, t, device
        self.node = el("section", id="manage-staff", cls="manage-panel")
        self._proxies: list = []
        self._row_proxies: list = []
        self.people = People(t, device)
        self.node.appendChild(self.people.node)
        self.jobs = Jobs(t, device, self.people.offer_jobs)
        self.node.appendChild(self.jobs.node)
        self.pairing = PairDevice(t, device, lambda: spawn(self.load()))
        self.node.appendChild(self.pairing.node)
        pins = el("form", cls="menu-block pin-form", id="pin-form", novalidate="")
        pins.appendChild(el("h3", t("manage.pins")))
        pins.appendChild(el("p", t("manage.pins_help"), cls="help"))
        self.role = el("select", id="pin-role", aria_label=t("manage.role"))
        for role in roles.ROLES:
            self.role.appendChild(el("option", t(f"role.{role}"), value=role))
        self.pin = pin_input("new-pin", t("manage.new_pin"))
        self.again = pin_input("new-pin-again", t("manage.new_pin_again"))
        change = el("button", t("manage.change_pin"), type="button", cls="primary", id="change-pin")
        self._proxies.append(on_click(change, lambda: spawn(self._change_pin())))
        self.pin_message = el("p", id="pin-message", role="status")
        for node in (self.role, self.pin, self.again, change, self.pin_message):
            pins.appendChild(node)
        self.node.appendChild(pins)
        devices = el("section", cls="menu-block")
        head = el("div", cls="row head")
        head.appendChild(el("h3", t("manage.devices")))
        refresh = el("button", t("manage.refresh"), type="button", cls="small")
        self._proxies.append(on_click(refresh, lambda: spawn(self.load())))
        head.appendChild(refresh)
        devices.appendChild(head)
        self.devices_message = el("p", cls="help", role="status", id="devices-message")
        devices.appendChild(self.devices_message)
        self.devices = el("ul", cls="menu-items", id="devices")
        devices.appendChild(self.devices)
        self.node.appendChild(devices)

    def opened(self) -> None:
        spawn(self.load())
        spawn(self.people.load())
        spawn(self.jobs.load())
        spawn(self.pairing.load())

    def render(self) -> None:
        pass  # what this tab shows comes from the server when asked, not from the event log

    def close(self) -> None:
        for proxy in self._proxies + self._row_proxies:
            proxy.destroy()
        self.people.close()
        self.jobs.close()
        self.pairing.close()

    async def load(self) -> None:
        status, answer = await self.device.ask("GET", "/api/v1/devices")
        if status != 200:
            self.devices_message.textContent = self.t("manage.needs_server")
            return
        self.devices_message.textContent = ""
        for proxy in self._row_proxies:
            proxy.destroy()
        self._row_proxies = []
        self.devices.replaceChildren()
        mine = self.engine.device_id
        listed = sorted(
            answer.get("devices", []),
            key=lambda d: (d["revoked_at"] is not None, d["role"], d["name"]),
        )
        for device in listed:
            row = el("li", cls="row", data_device=device["id"])
            row.appendChild(el("span", device["name"] or device["id"], cls="name"))
            row.appendChild(el("span", self.t(f"role.{device['role']}"), cls="pill"))
            seen = local_time(device["last_seen"], self.t.code)
            row.appendChild(el("span", self.t("manage.last_seen", time=seen), cls="muted"))
            if not device["revoked_at"] and not device.get("signed_in", True):
                row.appendChild(el("span", self.t("manage.at_pin_pad"), cls="muted"))
            if device["revoked_at"]:
                row.appendChild(el("span", self.t("manage.signed_out"), cls="muted"))
            elif device["id"] != mine:
                out = el(
                    "button",
                    self.t("app.sign_out"),
                    type="button",
                    cls="small danger",
                    aria_label=self.t("manage.sign_out_named", name=device["name"]),
                )
                self._row_proxies.append(on_click(out, lambda d=device: spawn(self._revoke(d))))
                row.appendChild(out)
            else:
                row.appendChild(el("span", self.t("manage.this_device"), cls="muted"))
            self.devices.appendChild(row)

    async def _revoke(self, device: dict) -> None:
        status, _ = await self.device.ask("POST", f"/api/v1/devices/{device['id']}/revoke", {})
        if status != 200:
            self.devices_message.textContent = self.t("manage.needs_server")
            return
        await self.load()

    async def _change_pin(self) -> None:
        pin, again, role = self.pin.value, self.again.value, self.role.value
        if pin != again:
            self.pin_message.textContent = self.t("manage.pins_differ")
            return
        body = {"pin": pin}
        if role == "manager" and self.engine.device_id:
            body["keep_devices"] = [self.engine.device_id]  # this screen stays signed in
        status, answer = await self.device.ask("PUT", f"/api/v1/pins/{role}", body)
        if status == 0:
            self.pin_message.textContent = self.t("manage.needs_server")
            return
        if status != 200:
            error = answer.get("error") or {}
            exc = DomainError(error.get("code", "failed"), error.get("message", ""))
            self.pin_message.textContent = error_text(self.t, exc)
            return
        self.pin.value = self.again.value = ""
        self.pin_message.textContent = self.t(
            "manage.pin_changed", role=self.t(f"role.{role}"), n=answer.get("revoked", 0)
        )
        await self.load()
