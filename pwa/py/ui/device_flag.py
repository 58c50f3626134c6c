"""The flag the manager's screen raises when a device needs a person (its health report said
so: changes waiting, refused changes, an old app, a clock off, storage full). Its state comes
from the log (``device_health`` notices), so every manager device sees it at once; it leads
to the Health tab."""

from __future__ import annotations

from browser.dom import el
from browser.engine import Engine
from ui.health_words import notice_words
from ui.i18n import Translator

NAMED = 2  # devices named on the flag; more are counted


class DeviceFlag:
    def __init__(self, engine: Engine, t: Translator) -> None:
        self.engine, self.t = engine, t
        self.node = el("p", id="device-trouble", cls="flag", role="alert", hidden="")
        self.text = el("span")
        self.link = el("a", t("manage.tab.health"), href="#/manage/health", cls="flag-link")
        self.node.appendChild(self.text)
        self.node.appendChild(self.link)
        self._shown = ""

    def render(self) -> None:
        troubled = self.engine.devices_in_trouble()
        if len(troubled) > NAMED:
            text = self.t("health.flag_more", n=len(troubled))
        else:
            text = " · ".join(notice_words(notice, self.t) for notice in troubled)
        if text == self._shown:
            return
        self._shown = text
        self.text.textContent = text + " "
        if text:
            self.node.removeAttribute("hidden")
        else:
            self.node.setAttribute("hidden", "")
