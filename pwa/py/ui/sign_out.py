"""Signing a device out: a manager's PIN, a decision about unsent changes, then a clean device
that has left the restaurant (it joins again with a new code; a demo's, with a PIN).

What a device stored belongs to the restaurant and role it was signed in as (the floor and its
cursor, the menu, the queue). Signing out removes all of it, so the next sign-in, maybe to
another restaurant, starts from nothing of the previous one. Unsent changes are never dropped
silently: the manager is told how many, and either waits until they are sent or discards them
with a second tap.
"""

from __future__ import annotations

import asyncio

import js

from browser import first_paint, offline_people, page
from browser.dom import el, on_click
from browser.engine import Engine
from browser.idb import Database
from browser.rest import Unreachable, request
from browser.tasks import spawn
from domain.protocol import API_CACHE_PREFIX, LEGACY_MENU_CACHE, PARCEL_KEY, REPLIES_KEY
from ui.i18n import Translator
from ui.signin import POINTER_KEY, PinPad

SEND_FIRST_CHECK_S = 0.25
# kv records of the signed-in device
DEVICE_KEYS = ["token", "credential", "device", "floor", "menu", "signed_out_why", PARCEL_KEY,
               REPLIES_KEY, offline_people.KEY, offline_people.RESUME_KEY]  # fmt: skip
REVOKE_TIMEOUT_MS = 3000


class SignOut:
    """The dialog. ``open()`` shows it; it ends by reloading into the PIN pad, or by closing."""

    def __init__(self, engine: Engine, db: Database, t: Translator, restaurant: str) -> None:
        self.engine, self.db, self.t, self.restaurant = engine, db, t, restaurant
        self.dialog = None
        self._proxies: list = []
        self._cancelled = False
        self.manager: bool | None = None  # a manager's PIN was typed

    def open(self) -> None:
        if page.document.getElementById("sign-out-dialog"):
            return
        self.dialog = el(
            "div", id="sign-out-dialog", cls="dialog", role="dialog", aria_modal="true"
        )
        pad = PinPad(self.t, self.t("app.sign_out"), self.restaurant, frozenset({"manager"}),
                     check=self._manager_check)  # fmt: skip
        pad.restaurant.setAttribute("hidden", "")  # it is this device's restaurant
        pad.node.insertBefore(el("p", self.t("app.sign_out_help")), pad.restaurant)
        waiting = self.engine.status().unsent
        if waiting:
            pad.node.insertBefore(
                el("p", self.t("app.sign_out_waiting", n=waiting)), pad.restaurant
            )
        cancel = el("button", self.t("app.cancel"), type="button", id="sign-out-cancel")
        pad.node.appendChild(cancel)
        self.dialog.appendChild(pad.node)
        page.document.body.appendChild(self.dialog)
        pad.pin.focus()
        self._proxies.append(on_click(cancel, pad.cancel))
        spawn(self._run(pad))

    async def _manager_check(self, _restaurant: str, pin: str) -> tuple[bool | None, str, str]:
        """A manager's PIN on this device's own pad: nobody signs in, nothing changes."""
        try:
            status, _ = await request("POST", "/api/v1/manager-check", {"pin": pin},
                                      token=self.engine.token())  # fmt: skip
        except Unreachable:
            return None, "pin.unreachable", ""
        if status == 200:
            return True, "", ""
        return None, "pin.too_many" if status == 429 else "pin.not_manager", ""

    async def _run(self, pad: PinPad) -> None:
        try:
            self.manager = await pad.result()  # a manager's PIN, checked by the server
        except asyncio.CancelledError:
            self._close()  # not signed out: the screen goes on
            return
        if self.engine.status().unsent:
            self._ask_about_unsent()
        else:
            await self._finish()

    # -- unsent changes -----------------------------------------------------------------------

    def _ask_about_unsent(self) -> None:
        panel = el("div", id="sign-out-unsent", cls="panel")
        self.unsent = el("p", id="sign-out-count", role="status")
        self.send = el(
            "button", self.t("app.sign_out_send"), cls="primary", type="button", id="sign-out-send"
        )
        self.discard = el(
            "button", self.t("app.sign_out_discard"), cls="danger", type="button",
            id="sign-out-discard",
        )  # fmt: skip
        cancel = el("button", self.t("app.cancel"), type="button", id="sign-out-keep")
        for node in (self.unsent, self.send, self.discard, cancel):
            panel.appendChild(node)
        self.dialog.replaceChildren(panel)
        self._show_count()
        self._proxies.append(on_click(self.send, lambda: spawn(self._send_first())))
        self._proxies.append(on_click(self.discard, self._discard_tapped))
        self._proxies.append(on_click(cancel, self._keep_signed_in))
        self.send.focus()

    def _show_count(self) -> None:
        self.unsent.textContent = self.t("app.sign_out_unsent", n=self.engine.status().unsent)

    async def _send_first(self) -> None:
        """Wait while the engine sends (it is already trying); sign out once nothing is left
        to send. Changes the server refused cannot be sent: they need the discard."""
        self.send.setAttribute("disabled", "")
        while not self._cancelled:
            pending = self.engine.status().waiting
            if not pending:
                break
            self.unsent.textContent = self.t("app.sign_out_sending", n=pending)
            await asyncio.sleep(SEND_FIRST_CHECK_S)
        if self._cancelled:
            return
        refused = self.engine.status().attention
        if refused:
            self.unsent.textContent = self.t("app.sign_out_refused", n=refused)
            self.send.removeAttribute("disabled")
            return
        await self._finish()

    def _discard_tapped(self) -> None:
        if self.discard.getAttribute("data-armed") != "true":  # a second tap, or nothing
            self.discard.setAttribute("data-armed", "true")
            self.discard.textContent = self.t(
                "app.sign_out_discard_confirm", n=self.engine.status().unsent
            )
            return
        spawn(self._finish())

    def _keep_signed_in(self) -> None:
        self._cancelled = True
        self._close()

    # -- the end ------------------------------------------------------------------------------

    async def _finish(self) -> None:
        """Forget this sign-in: its records, its queue (sent or discarded by now), the worker's
        caches of server answers. The device keeps only its own settings (language, kitchen
        layout)."""
        self.engine.stop()
        await self._revoke_on_server()
        own = self.engine.queued_ids()
        first_paint.forget()
        await self.db.write(kv_delete=DEVICE_KEYS, outbox_delete=own)
        page.local_storage.removeItem(POINTER_KEY)  # the device no longer belongs anywhere
        await delete_api_caches()
        page.location.hash = ""
        page.location.reload()

    async def _revoke_on_server(self) -> None:
        """This device's pairing ends on the server too: a copy of its credential taken from
        this tablet opens nothing. Best effort: signing out offline still forgets everything
        here (a manager can revoke it from the device list)."""
        if self.manager is None:
            return
        try:
            await request("POST", "/api/v1/unpair", {}, token=self.engine.token(),
                          timeout_ms=REVOKE_TIMEOUT_MS)  # fmt: skip
        except Unreachable:
            return

    def _close(self) -> None:
        for proxy in self._proxies:
            proxy.destroy()
        self._proxies = []
        if self.dialog is not None:
            self.dialog.remove()
            self.dialog = None


async def delete_api_caches() -> None:
    """Drop every worker cache that may hold server answers (builds before this one kept
    some): nothing of this sign-in may be served to the next."""
    if not hasattr(js, "caches"):
        return
    for name in (await js.caches.keys()).to_py():
        if str(name).startswith(API_CACHE_PREFIX) or name == LEGACY_MENU_CACHE:
            await js.caches.delete(name)
