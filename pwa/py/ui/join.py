"""Joining a restaurant: a new device types (or scans) the one-time code a manager made for it.

A real restaurant takes no PIN from a device that has not joined; the PIN pad sends a device
here when the server says so, and the join address of a manager's QR code
(``#/join?restaurant=…&code=…``) opens it filled in. Once joined the device keeps its credential
until a manager revokes it: a kiosk is at work at once, other devices go to their PIN pad.
"""

from __future__ import annotations

from dataclasses import dataclass

import js

from browser.dom import el
from browser.rest import Unreachable, request
from ui.awaited_form import AwaitedForm
from ui.i18n import Translator

JOIN_HASH = "#/join"
PROBLEMS = {"wrong_code": "join.wrong_code", "code_used": "join.code_used",
            "code_expired": "join.code_expired", "too_many_attempts": "join.too_many"}  # fmt: skip


@dataclass(frozen=True)
class Joined:
    restaurant: str
    role: str
    device_id: str
    credential: str
    token: str  # "" but for a kiosk, which has no person to sign in


def join_address(hash_: str) -> dict[str, str]:
    """``{restaurant, code}`` from a join address's fragment, or {} if it is not one."""
    if not hash_.startswith(JOIN_HASH):
        return {}
    _, _, query = hash_.partition("?")
    params = js.URLSearchParams.new(query)
    return {key: str(params.get(key) or "") for key in ("restaurant", "code")}


async def send_code(restaurant: str, code: str, device: str) -> tuple[Joined | None, str]:
    """Ask the server to pair this device: (joined, "") or (None, what to say)."""
    body = {"restaurant": restaurant, "code": code, "device": device}
    try:
        status, answer = await request("POST", "/api/v1/pair", body)
    except Unreachable:
        return None, "pin.unreachable"
    if status != 200 or not isinstance(answer, dict):
        error = (answer.get("error") if isinstance(answer, dict) else None) or {}
        return None, PROBLEMS.get(error.get("code", ""), "join.failed")
    joined = Joined(answer["restaurant"], answer["role"], answer["device"]["id"],
                    answer["credential"], answer.get("token") or "")  # fmt: skip
    return joined, ""


class JoinForm(AwaitedForm):
    """Restaurant and code, and a Join button. ``await form.result()``."""

    def __init__(self, t: Translator, restaurant: str, code: str, device: str,
                 why: str = "") -> None:  # fmt: skip
        self.t, self.device = t, device
        super().__init__(
            el("form", id="join", cls="panel pin-pad join", aria_label=t("join.title"))
        )
        self.node.appendChild(el("h2", t("join.title")))
        self.node.appendChild(el("p", t("join.help"), cls="help"))
        self.restaurant = el("input", id="join-restaurant", aria_label=t("pin.restaurant"),
                             autocomplete="off")  # fmt: skip
        self.restaurant.value = restaurant
        self.code = el("input", id="join-code", aria_label=t("join.code"), autocomplete="off",
                       autocapitalize="characters", spellcheck="false", maxlength="12",
                       placeholder="K7QM-2XHD")  # fmt: skip
        self.code.value = code
        self.message = el("p", t(why) if why else "", id="join-error", role="alert")
        self.send = el("button", t("join.join"), type="submit", cls="key primary", id="join-send")
        for node in (self.restaurant, self.code, self.send, self.message):
            self.node.appendChild(node)

    async def submitted(self) -> None:
        self.message.textContent = ""
        self.send.textContent = self.t("join.joining")  # the button says it is under way
        self.send.setAttribute("disabled", "")
        joined, problem = await send_code(self.restaurant.value.strip(), self.code.value,
                                          self.device)  # fmt: skip
        if joined is None:
            self.message.textContent = self.t(problem)
            self.send.textContent = self.t("join.join")
            self.send.removeAttribute("disabled")
            return
        self.finish(joined)

    async def result(self) -> Joined:
        return await super().result()
