"""The people on the staff tab: who signs in with their own PIN, enrolled here with their job
and PIN (twice, never shown again), given a new PIN, deactivated (their devices are signed out
at once) and back. Only the server can do it: without it the block says so."""

from __future__ import annotations

from browser.device import Device
from browser.dom import el, on_click
from browser.tasks import spawn
from domain.staff import DEFAULT_JOBS
from screens.manage.jobs import job_name
from ui.i18n import Translator, refusal


def pin_input(node_id: str, label: str):
    """A PIN field: digits on a phone's keypad, hidden, never autofilled as an old one."""
    return el("input", id=node_id, type="password", inputmode="numeric",
              autocomplete="new-password", maxlength="12", aria_label=label,
              placeholder=label)  # fmt: skip


class People:
    def __init__(self, t: Translator, device: Device) -> None:
        self.t, self.device = t, device
        self.node = el("section", cls="menu-block", id="people")
        self.node.appendChild(el("h3", t("people.title")))
        self.node.appendChild(el("p", t("people.help"), cls="help"))
        form = el("form", cls="pin-form", id="person-form", novalidate="")
        self.name = el("input", type="text", id="person-name", maxlength="60",
                       aria_label=t("manage.name"), placeholder=t("manage.name"),
                       autocomplete="off")  # fmt: skip
        self.job = el("select", id="person-job", aria_label=t("people.job"))
        for job in DEFAULT_JOBS:
            self.job.appendChild(el("option", t(f"role.{job}"), value=job))
        self.pin = pin_input("person-pin", t("people.pin"))
        self.again = pin_input("person-pin-again", t("manage.new_pin_again"))
        add = el("button", t("people.add"), type="button", cls="primary", id="add-person")
        self.message = el("p", role="status", id="person-message")
        for node in (self.name, self.job, self.pin, self.again, add, self.message):
            form.appendChild(node)
        self.node.appendChild(form)
        self.listing = el("ul", cls="menu-items", id="people-list")
        self.node.appendChild(self.listing)
        self._proxies = [on_click(add, lambda: spawn(self._add()))]
        self._row_proxies: list = []
        self.jobs: dict[str, dict] = {}

    def close(self) -> None:
        for proxy in self._proxies + self._row_proxies:
            proxy.destroy()

    def offer_jobs(self, jobs: list[dict]) -> None:
        """The jobs a person may be given: the three defaults and the restaurant's own."""
        self.jobs = {job["id"]: job for job in jobs}
        picked = self.job.value
        self.job.replaceChildren()
        for job in jobs:
            self.job.appendChild(el("option", job_name(self.t, job), value=job["id"]))
        self.job.value = picked if picked in self.jobs else "floor"

    async def load(self) -> None:
        status, answer = await self.device.ask("GET", "/api/v1/staff")
        if status != 200:
            self.message.textContent = self.t("manage.needs_server")
            return
        for proxy in self._row_proxies:
            proxy.destroy()
        self._row_proxies = []
        self.listing.replaceChildren()
        for member in answer.get("staff", []):
            row = el("li", cls="row", data_person=member["id"],
                     data_active="true" if member["active"] else "false")  # fmt: skip
            row.appendChild(el("span", member["name"], cls="name"))
            job = self.jobs.get(member["job"], {"id": member["job"], "name": member["job"]})
            row.appendChild(el("span", job_name(self.t, job), cls="pill"))
            if not member["active"]:
                row.appendChild(el("span", self.t("people.inactive"), cls="muted"))
            toggle = el("button", self.t("people.deactivate" if member["active"] else
                                         "people.activate"), type="button",
                        cls="small danger" if member["active"] else "small",
                        data_action="active")  # fmt: skip
            self._row_proxies.append(on_click(toggle, lambda m=member: spawn(self._toggle(m))))
            row.appendChild(toggle)
            self.listing.appendChild(row)

    async def _add(self) -> None:
        if self.pin.value != self.again.value:
            self.message.textContent = self.t("manage.pins_differ")
            return
        body = {"name": self.name.value.strip(), "job": self.job.value, "pin": self.pin.value}
        status, answer = await self.device.ask("POST", "/api/v1/staff", body)
        if self._refused(status, answer):
            return
        self.name.value = self.pin.value = self.again.value = ""
        self.message.textContent = self.t("people.added", name=answer["member"]["name"])
        await self.load()

    async def _toggle(self, member: dict) -> None:
        body = {"active": not member["active"]}
        status, answer = await self.device.ask("PUT", f"/api/v1/staff/{member['id']}/active",
                                               body)  # fmt: skip
        if not self._refused(status, answer):
            await self.load()

    def _refused(self, status: int, answer: dict) -> bool:
        """Say why the server did not do it (or could not be asked); True if so."""
        problem = refusal(self.t, status, answer)
        if problem:
            self.message.textContent = problem
        return bool(problem)
