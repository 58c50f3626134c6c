"""The Health tab: every device with what it last reported and, in plain words, whether it needs
a person ("3 changes waiting for 12 min", "old app", "clock 2 h off", "offline since 14:05");
the server's own state (uptime, database and disk, last backup, broker, printers); the app's
errors of the last month, grouped. Only the server knows it: without it the tab says so.
Refreshed every 20 s while open, and at once when a device's notice comes in the log."""

from __future__ import annotations

import asyncio

from browser.device import Device
from browser.dom import el, local_time
from browser.engine import Engine
from browser.tasks import spawn
from ui.health_words import duration, state_words
from ui.i18n import Translator

API = "/api/v1/devices/health"
REFRESH_S = 20.0


def megabytes(size: int | None) -> str:
    """A size as a person reads it: 0.4 MB, 13.1 MB, 10.8 GB."""
    if size is None:
        return "?"
    return f"{size / 1e9:,.1f} GB" if size >= 1e9 else f"{size / 1e6:,.1f} MB"


class HealthPanel:
    def __init__(self, engine: Engine, t: Translator, device: Device) -> None:
        self.engine, self.t, self.device = engine, t, device
        self.node = el("section", id="manage-health", cls="panel health")
        self.node.appendChild(el("h2", t("manage.tab.health")))
        self.node.appendChild(el("p", t("health.help"), cls="help"))
        self.message = el("p", role="status", id="health-message")
        self.node.appendChild(self.message)
        self.node.appendChild(el("h3", t("health.devices")))
        self.devices = el("ul", id="health-devices", cls="health-devices")
        self.node.appendChild(self.devices)
        self.node.appendChild(el("h3", t("health.server")))
        self.server = el("ul", id="health-server", cls="health-server")
        self.node.appendChild(self.server)
        self.node.appendChild(el("h3", t("health.errors")))
        self.errors = el("ul", id="health-errors", cls="health-errors")
        self.node.appendChild(self.errors)
        self._open = False
        self._troubled: object = None
        self._names: dict[str, str] = {}

    def opened(self) -> None:
        if not self._open:
            self._open = True
            spawn(self._keep_fresh())

    def render(self) -> None:
        # A device's notice came (or went): its row says so now, not at the next refresh.
        troubled = [(d["device"], str(d.get("troubles"))) for d in self.engine.devices_in_trouble()]
        if troubled != self._troubled:
            first = self._troubled is None
            self._troubled = troubled
            if not first and self._open:
                spawn(self._load())

    def left(self) -> None:
        """Another tab was picked: stop asking the server."""
        self._open = False

    def close(self) -> None:
        self._open = False

    async def _keep_fresh(self) -> None:
        while self._open:
            await self._load()
            await asyncio.sleep(REFRESH_S)
        self._open = False

    async def _load(self) -> None:
        status, answer = await self.device.ask("GET", API)
        if status != 200:
            self.message.textContent = self.t("manage.needs_server")
            return
        self.message.textContent = ""
        self._names = {d["id"]: d["name"] or d["id"] for d in answer["devices"]}
        self._draw_devices(answer["devices"])
        self._draw_server(answer["server"])
        self._draw_errors(answer["errors"])

    def _when(self, at: str | None) -> str:
        return local_time(at, self.t.code) if at else self.t("health.never")

    def _draw_devices(self, devices: list[dict]) -> None:
        t = self.t
        self.devices.replaceChildren()
        for device in devices:
            troubles = device["troubles"]
            row = el("li", cls="health-device", data_device=device["id"],
                     data_state="trouble" if troubles else "ok")  # fmt: skip
            head = el("div", cls="health-head")
            head.appendChild(el("strong", device["name"] or device["id"], cls="name"))
            role = f"role.{device['role']}"
            head.appendChild(el("span", t(role) if t.has(role) else device["role"], cls="muted"))
            if device["id"] == self.engine.device_id:
                head.appendChild(el("span", t("health.this_device"), cls="muted"))
            row.appendChild(head)
            row.appendChild(el("p", state_words(troubles, t, self._when(device["last_seen"])),
                               cls="state"))  # fmt: skip
            row.appendChild(self._figures(device))
            self.devices.appendChild(row)

    def _figures(self, device: dict) -> object:
        t = self.t
        report = device["report"] or {}
        figures = el("dl", cls="health-figures")
        shown = [(t("health.seen"), self._when(device["last_seen"]))]
        if report:
            unsent = str(report["unsent"])
            if report["unsent"]:
                unsent += f" ({duration(report['oldest_unsent_s'], t)})"
            shown += [
                (t("health.unsent"), unsent),
                (t("health.refused_short"), str(report["refused"])),
                (t("health.app"), report["build"] or "?"),
                (
                    t("health.link_short"),
                    t("health.link_figures", ms=report["rtt_ms"], n=report["reconnects_hour"]),
                ),
            ]
            if report["storage_quota"]:
                shown.append((t("health.storage_short"),
                              f"{megabytes(report['storage_used'])} / "
                              f"{megabytes(report['storage_quota'])}"))  # fmt: skip
            if report["last_error"]:
                shown.append((t("health.last_error"), report["last_error"]))
        for term, value in shown:
            figures.appendChild(el("dt", term))
            figures.appendChild(el("dd", value))
        return figures

    def _draw_server(self, server: dict) -> None:
        t = self.t
        lines = [
            t("health.version", version=server["version"], build=server["build"] or "?"),
            t("health.uptime", time=duration(server["uptime_s"], t)),
            t("health.database", engine=server["engine"], size=megabytes(server["database_bytes"]),
              free=megabytes(server["disk_free_bytes"])),
        ]  # fmt: skip
        backup = server["backup"]
        if backup:
            at, size = self._when(backup["at"]), megabytes(backup["bytes"])
            lines.append(t("health.backup", time=at, size=size))
        else:
            lines.append(t("health.no_backup"))
        if server["broker"]["configured"]:
            lines.append(t("health.broker_up" if server["broker"]["up"] else "health.broker_down"))
        if server["printers"]["total"]:
            lines.append(t("health.printers", **server["printers"]))
        self.server.replaceChildren()
        for line in lines:
            self.server.appendChild(el("li", line))

    def _draw_errors(self, errors: list[dict]) -> None:
        t = self.t
        self.errors.replaceChildren()
        if not errors:
            self.errors.appendChild(el("li", t("health.no_errors"), cls="help"))
            return
        for error in errors:
            devices = ", ".join(self._names.get(d, d) for d in error["devices"][-3:])
            self.errors.appendChild(el(
                "li", t("health.error_row", where=error["place"], message=error["message"],
                        n=error["count"], devices=devices, time=self._when(error["last_at"])),
                cls="health-error",
            ))  # fmt: skip
