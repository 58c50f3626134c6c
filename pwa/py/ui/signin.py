"""The PIN pad: a screen opens behind a person's PIN, and the device remembers who it is.

Big keys for a thumb; the digits also come from a keyboard. The PIN goes to the server with the
device's credential (a paired device), which says whose it is: a PIN for another role is
refused here with a clear word, not silently used. A device that has not joined a real
restaurant is sent to join it first (``ui.join``); a demo restaurant takes PINs from anywhere.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any

import js

from browser import offline_people, page
from browser.dom import el, local_time, on_click
from browser.idb import Database
from browser.rest import Unreachable, request
from browser.tasks import spawn
from domain.protocol import PARCEL_KEY
from ui.awaited_form import AwaitedForm
from ui.i18n import Translator
from ui.join import JOIN_HASH, JoinForm, join_address
from ui.router import SCREENS

# Which restaurant this device belongs to, from its first sign-in until a manager signs it
# out; boot.js reads it too (the installed app's start address keeps it).
POINTER_KEY = "passline.restaurant"

# Why a device was signed out (the server's word) -> what its PIN pad says.
SIGNED_OUT_BECAUSE = {"revoked": "pin.revoked", "pin_changed": "pin.pin_changed",
                      "person_deactivated": "pin.person_deactivated",
                      "role_pins_ended": "pin.role_pins_ended",
                      "signed_out": "pin.switched", "locked": "pin.locked"}  # fmt: skip
# Only these end the pairing (the credential opens nothing); any other sign-out leaves the
# device paired, at its PIN pad, for the next person.
UNPAIRED_BECAUSE = frozenset({"revoked", ""})
JOIN = "join"  # what the pad answers when the device must join first
UNPAIRED = "unpaired"  # ... and when its pairing was revoked meanwhile


# What a PIN pad asks the server: (an answer or None, what went wrong, the PIN's other role).
Check = Callable[[str, str], Awaitable[tuple[Any, str, str]]]


@dataclass(frozen=True)
class Login:
    token: str
    restaurant: str
    role: str
    credential: str  # renews the token until the device is revoked
    device_id: str
    person: str = ""  # the name of who signed in with their own PIN; "" for a role's PIN
    demo: bool = False  # a demo restaurant: every screen says so
    job: str = ""  # the person's job
    rights: tuple[str, ...] = ()  # what it may do (``domain.staff.rights_of``)
    person_id: str = ""
    ticket: str = ""  # signs the person in here again, offline (``browser.offline_people``)
    offline: bool = False  # signed in by the ticket the PIN opened, the server away
    pin: str = field(default="", repr=False)  # seals the ticket; never stored
    discount_bp: int | None = None  # its own discount limit; None: the restaurant's


OFFLINE_TOKEN = "offline"  # no token yet: the server is away; the ticket gets one when it is back


async def check_pin(
    restaurant: str, pin: str, roles: frozenset[str], device: str, credential: str = ""
) -> tuple[Login | None, str, str]:
    """Ask the server to sign someone in on this device for one of ``roles``: (login, "", "")
    or (None, what went wrong, the PIN's role if it opens another screen)."""
    body = {"restaurant": restaurant, "pin": pin, "device": device, "roles": sorted(roles),
            "credential": credential}  # fmt: skip
    try:
        status, answer = await request("POST", "/api/v1/login", body)
    except Unreachable:
        return None, "pin.unreachable", ""
    error = (answer.get("error") if isinstance(answer, dict) else None) or {}
    if status == 403 and error.get("code") == "wrong_role":
        return None, "pin.wrong_role", error.get("field") or ""
    if status == 403 and error.get("code") == "not_paired":
        return None, "pin.not_paired", ""
    if status == 401 and error.get("code") in ("device_revoked", "unauthorized"):
        return None, "pin.unpaired", ""  # revoked meanwhile: join again
    if status == 429:
        return None, "pin.too_many", ""
    if status != 200 or not isinstance(answer, dict):
        return None, "pin.failed", ""
    person = answer.get("person") or {}
    login = Login(
        answer["token"], answer["restaurant"], answer["role"], answer["credential"],
        answer["device"]["id"], str(person.get("name") or ""), bool(answer.get("demo")),
        str(person.get("job") or ""), tuple(person.get("rights") or ()),
        str(person.get("id") or ""), str(answer.get("offline_ticket") or ""),
        discount_bp=person.get("discount_bp"),
    )  # fmt: skip
    return login, "", ""


def device_name(screen: str) -> str:
    """What the manager's list calls this device: its screen and its platform."""
    platform = str(js.navigator.platform or "") or "browser"
    return f"{screen} · {platform}"[:64]


class PinPad(AwaitedForm):
    """A form with a restaurant field, a PIN field and a keypad. ``await pad.result()``."""

    def __init__(
        self, t: Translator, title: str, restaurant: str, roles: frozenset[str], screen: str = "",
        credential: str = "", check: Check | None = None,
        offline: Callable[[str], Awaitable[Login | None]] | None = None,
    ) -> None:  # fmt: skip
        """``check(restaurant, pin)`` asks the server about the PIN (default: sign in);
        ``offline(pin)`` signs in with the server away, if the PIN sealed a ticket here."""
        self.offline = offline
        self.t = t
        self.roles = roles
        self.credential = credential
        self.check = check or self._sign_in
        super().__init__(el("form", id="sign-in", cls="panel pin-pad", aria_label=title))
        self.node.appendChild(el("h2", title))
        self.restaurant = el(
            "input", id="restaurant", aria_label=t("pin.restaurant"), autocomplete="off"
        )
        self.restaurant.value = restaurant
        self.pin = el(
            "input",
            id="pin",
            aria_label=t("pin.pin"),
            type="password",
            inputmode="numeric",
            autocomplete="off",
            maxlength="12",
        )
        self.screen = screen
        self.message = el("p", id="sign-in-error", role="alert")
        keys = el("div", cls="keys")
        for digit in "123456789":
            keys.appendChild(self._key(digit))
        delete = el("button", "⌫", type="button", aria_label=t("pin.delete"), cls="key")
        self._proxies.append(on_click(delete, lambda: self._set(self.pin.value[:-1])))
        keys.appendChild(delete)
        keys.appendChild(self._key("0"))
        enter = el("button", t("pin.enter"), type="submit", cls="key primary")
        keys.appendChild(enter)
        for node in (self.restaurant, self.pin, keys, self.message):
            self.node.appendChild(node)
        if check is None:  # a person clocks in or out on any pad with their own PIN
            clock = el("button", t("pin.clock"), type="button", id="clock", cls="link")
            self._proxies.append(on_click(clock, lambda: self.spawn(self._clock())))
            self.node.appendChild(clock)
        if not credential and check is None:  # a device that has not joined can join here
            join = el("button", t("join.instead"), type="button", id="join-instead", cls="link")
            self._proxies.append(on_click(join, lambda: self.finish(JOIN)))
            self.node.appendChild(join)

    def _key(self, digit: str):
        button = el("button", digit, type="button", cls="key")
        self._proxies.append(on_click(button, lambda: self._set(self.pin.value + digit)))
        return button

    def _set(self, value: str) -> None:
        self.pin.value = value[:12]
        self.message.textContent = ""

    async def _clock(self) -> None:
        """Clock the PIN's person in or out; nobody signs in."""
        body = {"restaurant": self.restaurant.value.strip(), "pin": self.pin.value,
                "credential": self.credential}  # fmt: skip
        self.pin.value = ""
        try:
            status, answer = await request("POST", "/api/v1/clock", body)
        except Unreachable:
            self.message.textContent = self.t("pin.unreachable")
            return
        if status != 200 or not isinstance(answer, dict):
            error = (answer.get("error") if isinstance(answer, dict) else None) or {}
            said = {"not_paired": "join.not_paired", "too_many_attempts": "pin.too_many"}
            self.message.textContent = self.t(said.get(error.get("code", ""), "pin.failed"))
            return
        at = answer["started_at"] if answer["clocked_in"] else answer["ended_at"]
        key = "pin.clocked_in" if answer["clocked_in"] else "pin.clocked_out"
        self.message.textContent = self.t(key, name=answer["person"]["name"],
                                          time=local_time(at, self.t.code))  # fmt: skip

    async def submitted(self) -> None:
        pin = self.pin.value
        login, problem, role = await self.check(self.restaurant.value.strip(), pin)
        if problem == "pin.unreachable" and self.offline is not None:
            self.message.textContent = self.t("pin.checking_offline")
            login = await self.offline(pin)  # the server is away: a ticket this PIN sealed
            problem = "pin.offline_unknown" if login is None else ""
        if problem in ("pin.not_paired", "pin.unpaired"):
            self.finish(JOIN if problem == "pin.not_paired" else UNPAIRED)
            return
        if login is None:
            if problem == "pin.wrong_role":
                needed = sorted(self.roles - {"manager"}) or ["manager"]
                self.message.textContent = self.t(
                    problem, role=self.t(f"role.{role}"), needed=self.t(f"role.{needed[0]}")
                )
            else:
                self.message.textContent = self.t(problem)
            self.pin.value = ""
            return
        self.finish(replace(login, pin=pin) if isinstance(login, Login) else login)

    async def _sign_in(self, restaurant: str, pin: str) -> tuple[Login | None, str, str]:
        return await check_pin(restaurant, pin, self.roles, device_name(self.screen),
                               self.credential)  # fmt: skip

    async def result(self) -> Login | str:
        """The login, or ``JOIN``: this device must join the restaurant first."""
        return await super().result()


async def sign_in(root, db: Database, t: Translator, screen: str) -> Login:
    """Show the PIN pad for ``screen`` (or the join form first, for a device that has not
    joined) until someone is signed in; remember the device's login."""
    device = await db.get("device") or {}
    why = await db.get("signed_out_why")
    restaurant = pointed_restaurant(device)
    joining = join_address(str(page.location.hash))
    message = SIGNED_OUT_BECAUSE.get(why, "pin.ended") if why is not None else ""
    while True:
        credential = await db.get("credential") or ""
        if joining or message == "join":
            joined = await _join(root, db, t, joining.get("restaurant") or restaurant,
                                 joining.get("code", ""), screen)  # fmt: skip
            joining, restaurant = {}, joined.restaurant
            device = {"restaurant": joined.restaurant, "role": joined.role}
            if joined.token:  # a kiosk: no one to sign in
                login = Login(joined.token, joined.restaurant, joined.role, joined.credential,
                              joined.device_id)  # fmt: skip
                break
            message = "join.paired"
            continue
        title = t("pin.title", screen=t(f"screen.{screen}"))

        async def offline(pin: str, credential: str = credential) -> Login | None:
            return await offline_login(db, pin, credential, SCREENS[screen])

        pad = PinPad(t, title, restaurant, SCREENS[screen], screen, credential,
                     offline=offline if credential else None)  # fmt: skip
        if message and message != "join":
            pad.message.textContent = t(message, role=t(f"role.{device.get('role') or 'floor'}"))
        root.appendChild(pad.node)
        pad.pin.focus()
        result = await pad.result()
        if result in (JOIN, UNPAIRED):
            restaurant = pad.restaurant.value.strip() or restaurant
            message = "join" if result == JOIN else "pin.revoked"
            await db.write(kv_delete=["credential"])  # a revoked pairing opens nothing
            continue
        login = result
        break
    if login.ticket and login.pin and not login.offline:  # she may sign in here offline now
        spawn(offline_people.remember(db, login.pin, login.person_id, _entry(login)))
    await db.write(
        kv={"token": login.token, "credential": login.credential,
            **({offline_people.RESUME_KEY: login.ticket} if login.offline else {}),
            "device": device_record(login)},
        # The parcel was the last sign-in's: the worker sends nothing until this one's engine
        # makes its own (a queue is never sent under another sign-in's token).
        kv_delete=["signed_out_why", PARCEL_KEY],
    )  # fmt: skip
    page.local_storage.setItem(POINTER_KEY, login.restaurant)
    return login


def device_record(login: Login) -> dict:
    """Who this device is signed in as, as stored (kv ``device``) and read at every boot."""
    return {"restaurant": login.restaurant, "role": login.role, "id": login.device_id,
            "person": login.person, "demo": login.demo, "job": login.job,
            "rights": list(login.rights), "discount_bp": login.discount_bp}  # fmt: skip


def _entry(login: Login) -> dict:
    """What a sealed ticket holds: enough to sign the person in here with the server away."""
    return {"ticket": login.ticket, "restaurant": login.restaurant, "role": login.role,
            "device_id": login.device_id, "person": login.person, "person_id": login.person_id,
            "demo": login.demo, "job": login.job, "rights": list(login.rights),
            "discount_bp": login.discount_bp}  # fmt: skip


async def offline_login(db: Database, pin: str, credential: str,
                        roles: frozenset[str]) -> Login | None:  # fmt: skip
    """The person whose ticket ``pin`` opens on this device, signed in until the server is back
    (then the ticket signs them in there, ``/resume``); None if it opens none."""
    entry = await offline_people.open_with(db, pin)
    if entry is None or entry["role"] not in roles:
        return None
    return Login(OFFLINE_TOKEN, entry["restaurant"], entry["role"], credential,
                 entry["device_id"], entry["person"], entry["demo"], entry["job"],
                 tuple(entry["rights"]), entry["person_id"], entry["ticket"],
                 discount_bp=entry.get("discount_bp"), offline=True)  # fmt: skip


async def _join(root, db: Database, t: Translator, restaurant: str, code: str, screen: str):
    """The join form until a code pairs this device; its pairing is kept at once."""
    why = "join.not_paired" if not code else ""
    form = JoinForm(t, restaurant, code, device_name(screen), why)
    root.appendChild(form.node)
    (form.code if restaurant else form.restaurant).focus()
    joined = await form.result()
    await db.write(kv={"credential": joined.credential,
                       "device": {"restaurant": joined.restaurant, "role": joined.role,
                                  "id": joined.device_id, "person": ""}})  # fmt: skip
    page.local_storage.setItem(POINTER_KEY, joined.restaurant)
    if str(page.location.hash).startswith(JOIN_HASH):
        page.history.replaceState(js.undefined, "", page.location.pathname)  # the code is used
    return joined


def pointed_restaurant(device: dict) -> str:
    """The restaurant the pad offers: the one this device is signed in to, else the one its
    address names (``/?restaurant=ID``), else the one it last belonged to, else the demo."""
    named = js.URLSearchParams.new(page.location.search).get("restaurant")
    remembered = page.local_storage.getItem(POINTER_KEY)
    return str(device.get("restaurant") or named or remembered or "demo")
