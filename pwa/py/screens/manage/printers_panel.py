"""The Printers tab: the kitchen's network printers, what each prints, whether it can print
now and how many tickets wait on it; add one, test it, send a broken one's queue to another,
remove one. Only the server can do it (the printers are on its network): without it the tab
says so."""

from __future__ import annotations

from browser.device import Device
from browser.dom import el, local_time, on_click
from browser.engine import Engine
from browser.tasks import spawn
from ui.i18n import Translator, refusal

API = "/api/v1/printers"


class PrintersPanel:
    def __init__(self, engine: Engine, t: Translator, device: Device) -> None:
        self.engine, self.t, self.device = engine, t, device
        self.node = el("section", id="manage-printers", cls="panel")
        self.node.appendChild(el("h2", t("manage.tab.printers")))
        self.node.appendChild(el("p", t("printers.help"), cls="help"))
        self.list = el("ul", id="printer-list", cls="printer-list")
        self.message = el("p", role="status", id="printers-message")
        self.node.appendChild(self.list)
        self.node.appendChild(self.message)
        self.node.appendChild(self._form())
        self._printers: list[dict] = []
        self._row_proxies: list = []
        self._trouble: object = None

    def _form(self):
        t = self.t
        form = el("form", id="printer-form", cls="printer-form", novalidate="")
        form.appendChild(el("h3", t("printers.add")))
        self.fields = {}
        for name, kind, extra in (
            ("name", "text", {"maxlength": "40", "placeholder": t("printers.name_hint")}),
            ("host", "text", {"maxlength": "253", "placeholder": "192.168.1.50",
                              "inputmode": "url"}),
            ("port", "number", {"min": "1", "max": "65535", "value": "9100"}),
            ("stations", "text", {"maxlength": "200", "placeholder": "grill, cold"}),
            ("copies", "number", {"min": "1", "max": "5", "value": "1"}),
        ):  # fmt: skip
            label = el("label", t(f"printers.{name}"), cls="field")
            field = el("input", type=kind, name=name, id=f"printer-{name}", **extra)
            label.appendChild(field)
            form.appendChild(label)
            self.fields[name] = field
        width = el("label", t("printers.width"), cls="field")
        self.width = el("select", id="printer-width", name="width")
        for mm in ("80", "58"):
            self.width.appendChild(el("option", f"{mm} mm", value=mm))
        width.appendChild(self.width)
        form.appendChild(width)
        self.checks = {}
        for name in ("bill", "z_report"):
            label = el("label", cls="check")
            box = el("input", type="checkbox", id=f"printer-{name}", name=name)
            label.appendChild(box)
            label.appendChild(el("span", t(f"printers.{name}")))
            form.appendChild(label)
            self.checks[name] = box
        save = el("button", t("printers.save"), type="button", cls="primary", id="printer-save")
        self.form_message = el("p", role="alert", id="printer-form-message", cls="error")
        form.appendChild(save)
        form.appendChild(self.form_message)
        self._proxies = [on_click(save, lambda: spawn(self._add()))]
        return form

    def opened(self) -> None:
        spawn(self._load())

    def render(self) -> None:
        # A printer went down or came back (the log says so): its row shows it.
        trouble = [(p["id"], p.get("waiting"), p.get("offline_since"))
                   for p in self.engine.printers_in_trouble()]  # fmt: skip
        if trouble != self._trouble:
            self._trouble = trouble
            spawn(self._load())

    async def _load(self) -> None:
        status, answer = await self.device.ask("GET", API)
        if status != 200:
            self.message.textContent = self.t("manage.needs_server")
            return
        if self.message.textContent == self.t("manage.needs_server"):
            self.message.textContent = ""  # back: what an action said stays
        self._printers = answer["printers"]
        self._draw()

    def _draw(self) -> None:
        for proxy in self._row_proxies:
            proxy.destroy()
        self._row_proxies = []
        self.list.replaceChildren()
        t = self.t
        if not self._printers:
            self.list.appendChild(el("li", t("printers.none"), cls="help"))
        for printer in self._printers:
            row = el("li", cls="printer-row", data_printer=printer["id"],
                     data_state="offline" if printer["offline_since"] else "ok")  # fmt: skip
            row.appendChild(el("strong", printer["name"], cls="name"))
            routes = ", ".join(printer["stations"]) or "–"
            extras = [t("printers.bill")] * printer["bill"] + [t("printers.z_report")] * printer[
                "z_report"]  # fmt: skip
            row.appendChild(el("span", f"{printer['host']}:{printer['port']} · "
                               f"{printer['width']} mm · {routes}"
                               + "".join(f" · {x}" for x in extras), cls="muted"))  # fmt: skip
            if printer["offline_since"]:
                state = t("printers.offline", time=local_time(printer["offline_since"], t.code),
                          why=printer["last_error"], n=printer["waiting"])  # fmt: skip
            else:
                state = t("printers.ok", n=printer["waiting"])
            row.appendChild(el("span", state, cls="state"))
            test = el("button", t("printers.test"), type="button", data_action="test")
            remove = el("button", t("printers.remove"), type="button", cls="danger",
                        data_action="remove")  # fmt: skip
            self._row_proxies += [
                on_click(test, lambda p=printer: spawn(self._act("POST", f"/{p['id']}/test"))),
                on_click(remove, lambda p=printer: spawn(self._act("DELETE", f"/{p['id']}"))),
            ]
            row.appendChild(test)
            others = [p for p in self._printers if p["id"] != printer["id"]]
            if printer["waiting"] and others:
                target = el("select", aria_label=t("printers.reroute_to"), data_action="to")
                for other in others:
                    target.appendChild(el("option", other["name"], value=other["id"]))
                move = el("button", t("printers.reroute"), type="button", data_action="reroute")
                self._row_proxies.append(on_click(move, lambda p=printer, s=target: spawn(
                    self._act("POST", f"/{p['id']}/reroute", {"to": str(s.value)}))))  # fmt: skip
                row.appendChild(target)
                row.appendChild(move)
            row.appendChild(remove)
            self.list.appendChild(row)

    async def _act(self, method: str, path: str, body: dict | None = None) -> None:
        status, answer = await self.device.ask(method, API + path, body)
        if status >= 300:
            self.message.textContent = refusal(self.t, status, answer)
            return
        if "moved" in answer:
            self.message.textContent = self.t("printers.moved", n=answer["moved"])
        elif "job" in answer:
            self.message.textContent = self.t("printers.test_sent")
        await self._load()

    async def _add(self) -> None:
        f = self.fields
        try:
            port, copies = int(f["port"].value or "9100"), int(f["copies"].value or "1")
        except ValueError:
            self.form_message.textContent = self.t("printers.bad_number")
            return
        body = {
            "name": str(f["name"].value).strip(), "host": str(f["host"].value).strip(),
            "port": port, "width": int(self.width.value), "copies": copies,
            "stations": [s.strip().lower() for s in str(f["stations"].value).split(",")
                         if s.strip()],
            "bill": bool(self.checks["bill"].checked),
            "z_report": bool(self.checks["z_report"].checked),
        }  # fmt: skip
        status, answer = await self.device.ask("POST", API, body)
        if status != 201:
            self.form_message.textContent = refusal(self.t, status, answer)
            return
        self.form_message.textContent = ""
        for name in ("name", "host", "stations"):
            f[name].value = ""
        await self._load()

    def close(self) -> None:
        for proxy in [*self._proxies, *self._row_proxies]:
            proxy.destroy()
