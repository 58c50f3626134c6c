"""The sync banner on every screen, and what a tap on it opens: how fresh the screen is, and
the changes the server refused, each with retry and discard.

The words come from ``banner`` (pure); this file only puts them in the page. All text goes in
through ``textContent``: nothing shown is ever parsed as HTML.
"""

from __future__ import annotations

from datetime import datetime

from browser.dom import el, on_click
from browser.engine import Engine
from ui.banner import banner, details
from ui.i18n import Translator


class SyncBar:
    def __init__(self, engine: Engine, t: Translator) -> None:
        self.engine = engine
        self.t = t
        # The live region holds the button, so a screen reader hears every change of state.
        self.node = el("div", id="sync-banner", role="status", aria_live="polite")
        self.node.className = "status"
        self.toggle = el("button", cls="banner-text", aria_expanded="false")
        self.toggle.setAttribute("aria-controls", "sync-details")
        self.node.appendChild(self.toggle)
        self.panel = el("section", id="sync-details", hidden="", aria_label=t("details.title"))
        self.panel.className = "panel"
        self.facts = el("dl", cls="diag")
        self.attention = el("ul", id="attention", aria_label=t("attention.title"))
        self.refresh = el("button", t("details.refresh"), id="refresh-now", type="button")
        self.refreshed = el("span", id="refresh-result", role="status")
        actions = el("p", cls="refresh")
        actions.appendChild(self.refresh)
        actions.appendChild(self.refreshed)
        for node in (self.facts, actions, self.attention):
            self.panel.appendChild(node)
        self._proxies = [on_click(self.toggle, self._toggle), on_click(self.refresh, self._refresh)]
        self._attention_proxies: list = []

    def mount(self, parent) -> None:
        parent.appendChild(self.node)
        parent.appendChild(self.panel)

    def _toggle(self) -> None:
        self._open(self.panel.hasAttribute("hidden"))

    def _open(self, opened: bool) -> None:
        if opened:
            self.panel.removeAttribute("hidden")
        else:
            self.panel.setAttribute("hidden", "")
        self.toggle.setAttribute("aria-expanded", "true" if opened else "false")
        self.render()

    async def _refresh(self) -> None:
        self.refresh.setAttribute("disabled", "")
        self.refreshed.textContent = self.t("details.refreshing")
        try:
            done = await self.engine.refresh()
        finally:
            self.refresh.removeAttribute("disabled")
        key = "details.refreshed" if done else "details.refresh_failed"
        self.refreshed.textContent = self.t(key, time=f"{datetime.now():%H:%M:%S}")
        self.render()

    def render(self) -> None:
        status = self.engine.status()
        saved_at = _local(status.saved_at)
        shown = banner(
            status.state,
            self.t,
            attempt=status.attempt,
            retry_in=status.retry_in,
            sending=status.sending,
            waiting=status.waiting,
            attention=status.attention,
            saved_at=saved_at,
            menu_stale=status.menu_stale,
        )
        if self.toggle.textContent != shown.text:
            self.toggle.textContent = shown.text
        self.node.className = f"status {shown.kind}"
        self.node.setAttribute("data-state", status.state)
        self.node.setAttribute("data-waiting", str(status.unsent))
        self.node.setAttribute("data-menu-stale", str(status.menu_stale).lower())
        if self.panel.hasAttribute("hidden"):
            return  # what nobody sees is not drawn
        self.facts.replaceChildren()
        lines = details(
            status.state,
            self.t,
            saved_at=saved_at,
            menu_version=status.menu_version,
            menu_fetched_at=_local(status.menu_fetched_at),
            menu_stale=status.menu_stale,
            cursor=status.cursor,
            waiting=status.waiting,
        )
        for key, label, value in lines:
            self.facts.appendChild(el("dt", label))
            self.facts.appendChild(el("dd", value, data_detail=key))
        self._render_attention(self.engine.attention())

    def _render_attention(self, attention: list) -> None:
        for proxy in self._attention_proxies:
            proxy.destroy()
        self._attention_proxies = []
        self.attention.replaceChildren()
        for mutation in attention:
            item = el("li", data_attention=mutation.client_id)
            error = mutation.error or {}
            message = error.get("message") or self.t("attention.refused")
            item.appendChild(el("span", f"{self.t(f'op.{mutation.op}')}: {message}"))
            retry = el("button", self.t("attention.retry"))
            discard = el("button", self.t("attention.discard"))
            self._attention_proxies += [
                on_click(retry, lambda c=mutation.client_id: self.engine.retry(c)),
                on_click(discard, lambda c=mutation.client_id: self.engine.discard(c)),
            ]
            item.appendChild(retry)
            item.appendChild(discard)
            self.attention.appendChild(item)


def _local(moment: str | datetime | None) -> datetime | None:
    if not moment:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone()
