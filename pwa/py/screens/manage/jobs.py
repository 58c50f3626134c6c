"""The restaurant's own jobs on the staff tab: a name, the base whose screens it opens, and the
rights it holds, ticked ("Head waiter": floor, with voids after the kitchen started). Its people
have them from their next change on; the server keeps the rule (``domain.staff``). Only the
server can do it: without it the block says so."""

from __future__ import annotations

import re
from collections.abc import Callable

from browser.device import Device
from browser.dom import el, on_click
from browser.tasks import spawn
from domain.errors import DomainError
from domain.money import parse_percent
from domain.staff import BASES, DEFAULT_JOBS, RIGHTS
from ui.i18n import Translator, error_text, refusal


def job_id(name: str) -> str:
    """The id a job's name makes: ``Head waiter`` is ``head-waiter``."""
    folded = name.strip().lower().translate(str.maketrans("çğıöşü", "cgiosu"))
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:32]


def job_name(t: Translator, job: dict) -> str:
    """A default job in the page's language; the restaurant's own as the manager named it."""
    return t(f"role.{job['id']}") if job["id"] in DEFAULT_JOBS else job["name"]


class Jobs:
    def __init__(self, t: Translator, device: Device, on_saved: Callable[[list], None]) -> None:
        """``on_saved(jobs)``: the restaurant's jobs as the server now has them."""
        self.t, self.device, self.on_saved = t, device, on_saved
        self.node = el("section", cls="menu-block", id="jobs")
        self.node.appendChild(el("h3", t("jobs.title")))
        self.node.appendChild(el("p", t("jobs.help"), cls="help"))
        form = el("form", cls="pin-form", id="job-form", novalidate="")
        self.name = el("input", type="text", id="job-name", maxlength="40",
                       aria_label=t("jobs.name"), placeholder=t("jobs.name"),
                       autocomplete="off")  # fmt: skip
        self.base = el("select", id="job-base", aria_label=t("jobs.base"))
        for base in BASES:
            self.base.appendChild(el("option", t(f"role.{base}"), value=base))
        said = t("jobs.discount")
        self.discount = el("input", type="text", inputmode="decimal", id="job-discount",
                           aria_label=said, placeholder=said)  # fmt: skip
        form.appendChild(self.name)
        form.appendChild(self.base)
        form.appendChild(self.discount)
        self.rights = {}
        boxes = el("fieldset", cls="rights", id="job-rights")
        boxes.appendChild(el("legend", t("jobs.rights")))
        for right in RIGHTS:
            label = el("label", cls="check")
            box = el("input", type="checkbox", value=right, data_right=right)
            label.appendChild(box)
            label.appendChild(el("span", t(f"right.{right}")))
            boxes.appendChild(label)
            self.rights[right] = box
        form.appendChild(boxes)
        save = el("button", t("jobs.save"), type="button", cls="primary", id="save-job")
        self.message = el("p", role="status", id="job-message")
        form.appendChild(save)
        form.appendChild(self.message)
        self.node.appendChild(form)
        self.listing = el("ul", cls="menu-items", id="jobs-list")
        self.node.appendChild(self.listing)
        self._proxies = [on_click(save, lambda: spawn(self._save()))]

    def close(self) -> None:
        for proxy in self._proxies:
            proxy.destroy()

    async def load(self) -> None:
        status, answer = await self.device.ask("GET", "/api/v1/jobs")
        if status != 200:
            return
        jobs = answer.get("jobs", [])
        self.listing.replaceChildren()
        for job in jobs:
            if job["id"] in DEFAULT_JOBS:
                continue
            row = el("li", cls="row", data_job=job["id"])
            row.appendChild(el("span", job["name"], cls="name"))
            row.appendChild(el("span", self.t(f"role.{job['base']}"), cls="pill"))
            said = ", ".join(self.t(f"right.{r}") for r in job["rights"])
            if job.get("discount_bp") is not None:
                said += " · " + self.t("jobs.discount_up_to", rate=f"{job['discount_bp'] / 100:g}")
            row.appendChild(el("span", said, cls="muted"))
            self.listing.appendChild(row)
        self.on_saved(jobs)

    async def _save(self) -> None:
        name = self.name.value.strip()
        ticked = [right for right, box in self.rights.items() if box.checked]
        body = {"name": name, "base": self.base.value, "rights": ticked}
        if self.discount.value.strip():  # empty: the restaurant's own limit
            try:
                body["discount_bp"] = parse_percent(self.discount.value, "discount_bp")
            except DomainError as exc:
                self.message.textContent = error_text(self.t, exc)
                return
        status, answer = await self.device.ask("PUT", f"/api/v1/jobs/{job_id(name) or '-'}", body)
        problem = refusal(self.t, status, answer)
        if problem:
            self.message.textContent = problem
            return
        self.message.textContent = self.t("jobs.saved", name=answer["job"]["name"])
        self.name.value = self.discount.value = ""
        for box in self.rights.values():
            box.checked = False
        await self.load()
