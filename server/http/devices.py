"""Sign-in, renewal, the manager's control of devices and PINs, and a manager's approval on
the spot: /login, /renew, /devices, /pins, /approvals. (The registry itself is
``access.devices``; the guessing limits are ``access.pin_guesses``.)"""

from __future__ import annotations

from flask import g, request

from domain import payloads
from domain.errors import DomainError
from domain.schema import Field, Int, List, Obj, Str, validate
from domain.staff import job_of

from ..access.approvals import APPROVED_OPS
from ..access.staff import Member
from ..access.tokens import Device
from .routes import endpoint, services

RENEW_RATE = "30/minute"  # per address: a device renews twice a day; this only bounds the work
MANAGE_RATE = "60/minute"  # per manager device: revocations and PIN changes

DEVICE = Obj(
    {
        "id": Field(payloads.ID), "name": Field(Str(64)), "role": Field(payloads.ROLE),
        "created_at": Field(Str(40)), "last_seen": Field(Str(40)),
        "revoked_at": Field(Str(40), nullable=True), "revoked_why": Field(Str(32), nullable=True),
        "person": Field(payloads.ID, nullable=True, required=False),
    }
)  # fmt: skip
PERSON = Obj({"id": Field(payloads.ID), "name": Field(Str(60)), "job": Field(Str(32))})
TOKEN = {
    "token": Field(Str(4096)),
    "role": Field(payloads.ROLE),
    "restaurant": Field(payloads.ID),
    "expires_in": Field(Int(0, 2**31)),
}


def _address() -> str:
    return request.remote_addr or "?"


def _token(restaurant: str, role: str, device_id: str, person: str | None = None) -> dict:
    tokens = services().tokens
    return {
        "token": tokens.issue(Device(restaurant, role, device_id, person=person or "")),
        "role": role,
        "restaurant": restaurant,
        "expires_in": tokens.max_age_s,
    }


@endpoint(
    "POST", "/login", "Sign a device in with a restaurant PIN", roles=None,
    body=payloads.LOGIN, tag="auth",
    response=Obj({**TOKEN, "device": Field(DEVICE), "credential": Field(Str(200)),
                  "person": Field(PERSON, nullable=True)}),
    errors=("wrong_pin", "wrong_role", "too_many_attempts"),
    description="Each role (kiosk, floor, kitchen, manager) has its own PIN. A correct PIN makes "
    "the caller a *device* the manager can list and revoke, and answers a short-lived access "
    "`token` (`expires_in` seconds) and the device's `credential`, which `/renew` exchanges for "
    "new tokens until the device is revoked. `device` names it for the manager's list. With "
    "`roles`, a PIN of another role is refused (`wrong_role`, 403, the role in `field`) and signs "
    "nothing in. Wrong PINs are limited per address and per restaurant (429). A staff "
    "member's own PIN (`passline staff`) signs the device in as that `person`, with the role "
    "their job is built on; their changes carry their name, and deactivating them revokes it.",
)  # fmt: skip
def login(payload: dict) -> dict:
    svc = services()
    restaurant = payload["restaurant"]

    def verify() -> tuple[str, Member | None] | None:
        """The role a PIN opens, and the person if it is someone's own."""
        if not svc.accounts.restaurant_exists(restaurant):
            return None
        role = svc.accounts.role_for_pin(restaurant, payload["pin"])
        if role is not None:
            return role, None
        member = svc.staff.for_pin(restaurant, payload["pin"])
        return (job_of(member.job).base, member) if member is not None else None

    found = svc.guesses.check(restaurant, _address(), verify)
    if found is None:
        raise DomainError("wrong_pin", "that restaurant and PIN do not match")
    role, member = found
    if payload["roles"] and role not in payload["roles"]:
        raise DomainError("wrong_role", f"that is the {role} PIN", field=role)
    person = member.id if member is not None else None
    device, credential = svc.devices.register(restaurant, role, payload["device"], person)
    svc.watcher.ensure_running()
    return {**_token(restaurant, role, device.id, person), "device": device.to_dict(),
            "credential": credential,
            "person": {"id": member.id, "name": member.name, "job": member.job}
            if member is not None else None}  # fmt: skip


@endpoint(
    "POST", "/renew", "A new access token for a signed-in device", roles=None,
    body=payloads.RENEW, tag="auth", response=Obj(TOKEN),
    errors=("unauthorized", "device_revoked", "rate_limited"),
    description="Send the `credential` `/login` gave. Refused with 401 `device_revoked` (why in "
    "`field`: `revoked` by a manager, or `pin_changed`) once the device is revoked: sign in "
    "again. A device offline for days renews here when it is back, then sends its queue.",
)  # fmt: skip
def renew(payload: dict) -> dict:
    svc = services()
    svc.rates.check(RENEW_RATE, "renew", _address(), what="renewals")
    device = svc.devices.renew(payload["restaurant"], payload["credential"])
    return _token(payload["restaurant"], device.role, device.id, device.person)


@endpoint(
    "GET", "/devices", "The restaurant's devices, revoked ones included", roles=("manager",),
    tag="auth", response=Obj({"devices": Field(List(DEVICE, 100_000))}),
)  # fmt: skip
def get_devices() -> dict:
    devices = services().devices.list(g.device.restaurant)
    return {"devices": [d.to_dict() for d in devices]}


@endpoint(
    "POST", "/devices/<device_id>/revoke", "Sign a device out for good", roles=("manager",),
    tag="auth", response=Obj({"device": Field(DEVICE)}), errors=("not_found", "rate_limited"),
    description="Its requests are refused (401 `device_revoked`) and its live socket is closed "
    "with 4401 at once; it cannot renew. Revoking a revoked device changes nothing.",
)  # fmt: skip
def revoke_device(device_id: str) -> dict:
    svc, restaurant = services(), g.device.restaurant
    svc.rates.check(MANAGE_RATE, "manage", restaurant, g.device.device, what="changes")
    if svc.devices.get(restaurant, device_id) is None:
        raise DomainError("not_found", f"no device {device_id!r}", field="device_id")
    svc.devices.revoke(restaurant, device_id)
    svc.watcher.sweep(restaurant)
    return {"device": svc.devices.get(restaurant, device_id).to_dict()}


@endpoint(
    "PUT", "/pins/<role>", "Change a role's PIN", roles=("manager",), body=payloads.SET_PIN,
    tag="auth", response=Obj({"role": Field(payloads.ROLE), "revoked": Field(Int(0, 2**31))}),
    errors=("weak_pin", "pin_in_use", "rate_limited"),
    description="Staff PINs are 4 to 8 digits, the manager's 6 to 12, never one digit repeated. "
    "Every device signed in with the old PIN is revoked (`revoked` counts them), but those in "
    "`keep_devices`.",
)  # fmt: skip
def put_pin(role: str, payload: dict) -> dict:
    svc, restaurant = services(), g.device.restaurant
    svc.rates.check(MANAGE_RATE, "manage", restaurant, g.device.device, what="changes")
    role = validate(payloads.ROLE, role, "role")
    revoked = svc.accounts.set_pin(restaurant, role, payload["pin"], keep=payload["keep_devices"])
    svc.devices.forget(restaurant)
    svc.watcher.sweep(restaurant)
    return {"role": role, "revoked": revoked}


APPROVAL_ASK = Obj(
    {
        "pin": Field(payloads.PIN),
        "op": Field(Str(32, choices=APPROVED_OPS)),
        # The change as it will be sent (without its approval): what the approval approves.
        "change": Field(Obj(open=True)),
    }
)


@endpoint(
    "POST", "/approvals", "A manager approves one change on a staff phone",
    roles=("floor", "manager"), body=APPROVAL_ASK, tag="auth",
    response=Obj({"approval": Field(Str(600)), "expires_in": Field(Int(1, 86_400))}),
    errors=("wrong_pin", "too_many_attempts", "forbidden"),
    description="The manager types their PIN on the waiter's phone. The answer approves that "
    "one change (`op` with `change`, as it will be sent: which order, line, status, amount or "
    "rate) from this device, once: send it as the change's `approval` (it may wait in the "
    "outbox, for a service). A different change is refused (`approval_mismatch`), a second use "
    "too (`approval_used`); a new manager PIN, a manager device revoked or the day closed ends "
    "it (`approval_ended`). Wrong PINs are counted per device (5 in 15 minutes, 10 an hour, 30 "
    "a day, then 429 for that device's approvals only), never against the sign-in limits a "
    "flood of wrong sign-ins fills. Checking a PIN needs the server, so asking needs the network.",
)  # fmt: skip
def post_approval(payload: dict) -> dict:
    svc, device = services(), g.device
    op = payload["op"]
    change = validate(payloads.OPS[op], {**payload["change"], "approval": ""}, "change")

    def verify() -> str | None:
        """The manager's PIN, or the own PIN of a person whose job is a manager's."""
        role = svc.accounts.role_for_pin(device.restaurant, payload["pin"])
        if role is None:
            member = svc.staff.for_pin(device.restaurant, payload["pin"])
            role = job_of(member.job).base if member is not None else None
        return role if role == "manager" else None

    if svc.guesses.check_device(device.restaurant, device.device, verify) is None:
        raise DomainError("wrong_pin", "that is not the manager's PIN", field="pin")
    approval = svc.approvals.issue(device.restaurant, device.device, op, change,
                                   svc.store.approvals_generation(device.restaurant))  # fmt: skip
    return {"approval": approval, "expires_in": svc.approvals.max_age_s}
