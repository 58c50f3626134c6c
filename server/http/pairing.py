"""Devices join once: a manager makes a one-time code (``POST /pairings``), the new device
sends it (``POST /pair``), the manager sees it join and names it. Also here: a person signing
out of a device that stays paired (``POST /sign-out``: a switch, the idle lock) and the end of
role PINs (``DELETE /role-pins``). The rules are ``access.pairing``; no answer here is kept by
a cache (``headers``: every API answer is ``no-store``)."""

from __future__ import annotations

import segno
from flask import g, request

from domain import payloads
from domain.errors import DomainError
from domain.roles import ROLES
from domain.schema import Bool, Field, Int, List, Obj, Str
from domain.staff import job_of

from ..access.devices import SIGNED_OUT
from ..access.pairing import LIFETIME_S
from .devices import DEVICE, MANAGE_RATE, TOKEN, _token, holds
from .routes import endpoint, services
from .staff import require_right

MANAGER = ("manager",)
PAIRING = Obj(
    {
        "id": Field(payloads.ID), "role": Field(payloads.ROLE), "name": Field(Str(64)),
        "made_by": Field(Str(64)), "created_at": Field(Str(40)), "expires_at": Field(Str(40)),
        "used_at": Field(Str(40), nullable=True), "device": Field(payloads.ID, nullable=True),
    }
)  # fmt: skip
NEW_PAIRING = Obj({"role": Field(Str(16, choices=ROLES)),
                   "name": Field(Str(64), required=False, default="")})  # fmt: skip
JOIN = Obj({"restaurant": Field(payloads.ID), "code": Field(Str(20, 1)),
            "device": Field(Str(64), required=False, default="")})  # fmt: skip


def _address() -> str:
    return request.remote_addr or "?"


def _counted(right: str = "manage_devices") -> None:
    device = g.device
    require_right(right)
    services().rates.check(MANAGE_RATE, "manage", device.restaurant, device.device,
                           what="changes")  # fmt: skip


@endpoint(
    "POST", "/pairings", "A one-time code that pairs one new device", roles=MANAGER,
    body=NEW_PAIRING, status=201, tag="auth", errors=("too_many_codes", "rate_limited"),
    response=Obj({"code": Field(Str(9, 9)), "pairing": Field(PAIRING),
                  "join": Field(Str(600)), "qr": Field(Str(40_000))}),
    description=f"The `code` (8 characters, `K7QM-2XHD`) is shown once and dies after "
    f"{LIFETIME_S // 60} minutes or its first use; the device it pairs acts in `role` and is "
    "listed as `name` until renamed. `join` is the address a new device opens to join with it "
    "(the code rides in the fragment, which no server or proxy log sees) and `qr` that address "
    "as a QR code (an SVG `data:` URI) for a tablet's camera. At most 10 codes wait at once "
    "(409 `too_many_codes`).",
)  # fmt: skip
def post_pairing(payload: dict) -> tuple[dict, int]:
    _counted()
    restaurant = g.device.restaurant
    code, made = services().pairings.make(restaurant, payload["role"], payload["name"],
                                          g.device.device)  # fmt: skip
    join = f"{request.host_url.rstrip('/')}/#/join?restaurant={restaurant}&code={code}"
    qr = segno.make(join, error="m").svg_data_uri(scale=6, border=2)
    return {"code": code, "pairing": made.to_dict(), "join": join, "qr": qr}, 201


@endpoint(
    "GET", "/pairings", "Codes made in the last hour, and how sign-in works here",
    roles=MANAGER, tag="auth",
    response=Obj({"pairings": Field(List(PAIRING, 1_000)), "demo": Field(Bool()),
                  "role_pins": Field(Bool())}),
    description="Never the codes themselves: whether each was used, by which device. `demo`: "
    "any device signs in by PIN; `role_pins`: the roles' PINs still sign in on paired devices.",
)  # fmt: skip
def get_pairings() -> dict:
    svc, restaurant = services(), g.device.restaurant
    return {"pairings": [p.to_dict() for p in svc.pairings.pending(restaurant)],
            "demo": svc.accounts.is_demo(restaurant),
            "role_pins": svc.accounts.role_pins_open(restaurant)}  # fmt: skip


@endpoint(
    "POST", "/pair", "Join a restaurant with a pairing code", roles=None, body=JOIN, tag="auth",
    response=Obj({**TOKEN, "token": Field(Str(4096), nullable=True), "device": Field(DEVICE),
                  "credential": Field(Str(200))}),
    errors=("wrong_code", "code_used", "code_expired", "too_many_attempts"),
    description="The device keeps the `credential` for good: with it, people sign in on it "
    "(`/login`) and it renews its tokens, until a manager revokes it. A kiosk has no person: it "
    "is signed in at once (`token`); other devices get `token: null` and show their PIN pad. "
    "Wrong codes are counted per address and per restaurant (429).",
)  # fmt: skip
def pair(payload: dict) -> dict:
    svc, restaurant = services(), payload["restaurant"]
    joined = svc.guesses.check_code(
        restaurant, _address(),
        lambda: svc.pairings.join(restaurant, payload["code"], payload["device"]),
    )  # fmt: skip
    if joined is None:
        raise DomainError("wrong_code", "that code opens nothing here; check it, or ask for a "
                          "new one", field="code")  # fmt: skip
    device, credential = joined
    svc.watcher.ensure_running()
    answer = _token(restaurant, device.role, device.id)
    if not device.signed_in:
        answer["token"] = None
    return {**answer, "device": device.to_dict(), "credential": credential}


@endpoint(
    "PUT", "/devices/<device_id>/name", "Name a device for the manager's list", roles=MANAGER,
    body=Obj({"name": Field(Str(64, 1))}), tag="auth", response=Obj({"device": Field(DEVICE)}),
    errors=("not_found", "rate_limited"),
)  # fmt: skip
def put_device_name(device_id: str, payload: dict) -> dict:
    _counted()
    svc, restaurant = services(), g.device.restaurant
    if not svc.devices.rename(restaurant, device_id, payload["name"]):
        raise DomainError("not_found", f"no device {device_id!r}", field="device_id")
    return {"device": svc.devices.get(restaurant, device_id).to_dict()}


@endpoint(
    "POST", "/sign-out", "Whoever is signed in on this device signs out; it stays paired",
    roles=("floor", "kitchen", "manager"), tag="auth", response=Obj({"signed_out": Field(Bool())}),
    description="A shared phone's switch and idle lock: this token and every other of this "
    "sign-in end (401 `signed_out`); the next person signs in with their PIN (`/login` with the "
    "device's credential). The device sends what the person queued before it asks, so each "
    "change arrives under its maker's name.",
)  # fmt: skip
def sign_out() -> dict:
    svc, device = services(), g.device
    done = svc.devices.sign_out(device.restaurant, device.device, SIGNED_OUT)
    svc.watcher.sweep(device.restaurant)
    return {"signed_out": done}


@endpoint(
    "DELETE", "/role-pins", "End role PINs: people sign in with their own", roles=MANAGER,
    tag="auth", response=Obj({"signed_out": Field(Int(0, 2**31))}),
    errors=("no_manager_person", "demo", "rate_limited"),
    description="The move from one PIN per role to people: from now on a role's PIN opens "
    "nothing, and every device signed in with one is signed out (`signed_out` counts them; "
    "they stay paired, a kiosk stays signed in). Refused (409 `no_manager_person`) while no "
    "active manager has their own PIN: nobody could manage the restaurant after it.",
)  # fmt: skip
def delete_role_pins() -> dict:
    _counted("manage_staff")
    svc, restaurant = services(), g.device.restaurant
    jobs = svc.staff.jobs(restaurant)
    if not any(m.active and job_of(m.job, jobs).base == "manager" and "manage_staff" in
               job_of(m.job, jobs).rights for m in svc.staff.list(restaurant)):  # fmt: skip
        raise DomainError("no_manager_person", "enrol a manager with their own PIN first")
    count = svc.accounts.end_role_pins(restaurant)
    svc.watcher.sweep(restaurant)
    return {"signed_out": count}


@endpoint(
    "POST", "/manager-check", "Is this a manager's PIN? (asked on this device's own pad)",
    roles=("kiosk", "floor", "kitchen", "manager"), body=Obj({"pin": Field(payloads.PIN)}),
    tag="auth", response=Obj({"manager": Field(Bool())}),
    errors=("wrong_pin", "too_many_attempts"),
    description="A device's own dialogs that a manager must open (unpairing it) ask here; "
    "nothing changes and nobody signs in. Wrong PINs are counted per device, as approvals'.",
)  # fmt: skip
def manager_check(payload: dict) -> dict:
    svc, device = services(), g.device
    if not svc.guesses.check_device(
        device.restaurant, device.device,
        lambda: holds(device.restaurant, payload["pin"], "manage_devices"),
    ):  # fmt: skip
        raise DomainError("wrong_pin", "that is not a manager's PIN", field="pin")
    return {"manager": True}


@endpoint(
    "POST", "/unpair", "This device leaves the restaurant", tag="auth",
    roles=ROLES, response=Obj({"revoked": Field(Bool())}),
    description="The device revokes itself (as a manager's revocation does: its tokens and "
    "credential open nothing; to come back it pairs again). Its screen asks a manager's PIN "
    "first (`/manager-check`) and sends or discards its queue before it leaves.",
)  # fmt: skip
def unpair() -> dict:
    svc, device = services(), g.device
    done = svc.devices.revoke(device.restaurant, device.device)
    svc.watcher.sweep(device.restaurant)
    return {"revoked": done}
