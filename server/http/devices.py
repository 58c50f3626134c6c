"""Sign-in, renewal, the manager's control of devices and PINs, and a manager's approval on
the spot: /login, /renew, /devices, /pins, /approvals. (The registry itself is
``access.devices``; the guessing limits are ``access.pin_guesses``.)"""

from __future__ import annotations

from flask import g, request

from domain import payloads
from domain.approvals import RIGHT_TO_APPROVE
from domain.errors import DomainError
from domain.schema import Bool, Field, Int, List, Obj, OneOf, Str, validate
from domain.staff import may_sign_in, rights_of

from ..access.approvals import APPROVED_OPS
from ..access.staff import Member
from ..access.tokens import Device
from .routes import endpoint, services
from .staff import require_right

RENEW_RATE = "30/minute"  # per address: a device renews twice a day; this only bounds the work
MANAGE_RATE = "60/minute"  # per manager device: revocations and PIN changes
SIGN_IN_RATE = "120/hour"  # per paired device: people switching on a shared phone at rush
SIGN_INS_RATE = "3000/hour"  # per restaurant: every paired device together
DEMO_DEVICES_RATE = "600/hour"  # per address: a demo's PIN typed in a loop makes a device each

DEVICE = Obj(
    {
        "id": Field(payloads.ID), "name": Field(Str(64)), "role": Field(payloads.ROLE),
        "created_at": Field(Str(40)), "last_seen": Field(Str(40)),
        "revoked_at": Field(Str(40), nullable=True), "revoked_why": Field(Str(32), nullable=True),
        "person": Field(payloads.ID, nullable=True, required=False),
        "signed_in": Field(Bool(), required=False),
        "signed_out_why": Field(Str(32), nullable=True, required=False),
    }
)  # fmt: skip
PERSON = Obj({"id": Field(payloads.ID), "name": Field(Str(60)), "job": Field(Str(32)),
              "rights": Field(List(Str(32), 32)),
              "discount_bp": Field(Int(0, 10_000), nullable=True)})  # fmt: skip
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
    "POST", "/login", "Sign someone in on a paired device with a PIN", roles=None,
    body=payloads.LOGIN, tag="auth",
    response=Obj({**TOKEN, "device": Field(DEVICE), "credential": Field(Str(200)),
                  "person": Field(PERSON, nullable=True), "demo": Field(Bool()),
                  "offline_ticket": Field(Str(1000), nullable=True)}),
    errors=("not_paired", "wrong_pin", "wrong_role", "too_many_attempts", "device_revoked",
            "unauthorized", "rate_limited"),
    description="A real restaurant takes a PIN only from a device that paired (`/pair`): send "
    "its `credential`; without one the answer is 403 `not_paired` and no PIN is looked at, so "
    "nobody on the network has anything to guess. A staff member's own PIN (`passline staff`) "
    "signs them in on the device, which acts in the role it was paired for, with their name on "
    "every change; until the manager ends them (`DELETE /role-pins`), a role's PIN signs the "
    "device in for that role with no person. Wrong PINs are counted per device and for the "
    "restaurant's paired devices together (429). A person whose job may not use this device "
    "(a waiter on the manager screen), or a screen asking `roles` the device is not, is refused "
    "(`wrong_role`, 403, the role in `field`). A **demo** restaurant (`passline demo`) signs any "
    "device in by PIN as before pairing, counted per address and per restaurant: every PIN "
    "opens its own role there. The answer is a short-lived access `token` (`expires_in` "
    "seconds) and the device's `credential`, which `/renew` exchanges for new tokens while "
    "someone is signed in and the device is not revoked.",
)  # fmt: skip
def login(payload: dict) -> dict:
    svc = services()
    restaurant = payload["restaurant"]
    demo = svc.accounts.is_demo(restaurant)
    if payload["credential"]:
        device = svc.devices.paired(restaurant, payload["credential"])
        role, member = _sign_in_on(device, payload, demo)
        svc.devices.sign_in(restaurant, device.id, role, member.id if member else None)
        credential = payload["credential"]
    elif demo:
        role, member = _first_sign_in(payload)
        device, credential = svc.devices.register(
            restaurant, role, payload["device"], member.id if member else None
        )
    else:
        raise DomainError("not_paired", "this device has not joined the restaurant: ask a "
                          "manager for a pairing code")  # fmt: skip
    person = member.id if member is not None else None
    svc.watcher.ensure_running()
    # A person on a paired device may sign in there again while the server is away (README).
    ticket = (svc.tokens.ticket(restaurant, device.id, person)
              if person and payload["credential"] else None)  # fmt: skip
    job = svc.staff.job(restaurant, member.job) if member is not None else None
    return {**_token(restaurant, role, device.id, person), "offline_ticket": ticket,
            "device": svc.devices.get(restaurant, device.id).to_dict(), "credential": credential,
            "person": {"id": member.id, "name": member.name, "job": member.job,
                       "rights": sorted(job.rights), "discount_bp": job.discount_bp}
            if member is not None and job is not None else None, "demo": demo}  # fmt: skip


def _whose(restaurant: str, pin: str, role_pins: bool) -> tuple[str, Member | None] | None:
    """The role a PIN opens (a person's: their job's base), and the person if it is theirs."""
    svc = services()
    role = svc.accounts.role_for_pin(restaurant, pin) if role_pins else None
    if role is not None:
        return role, None
    member = svc.staff.for_pin(restaurant, pin)
    return (svc.staff.job(restaurant, member.job).base, member) if member is not None else None


def _sign_in_on(device, payload: dict, demo: bool) -> tuple[str, Member | None]:
    """Who a PIN signs in on a paired device, and the role they act in there: the device's
    (a demo's device takes whichever role the PIN opens)."""
    svc, restaurant = services(), payload["restaurant"]
    # A shared phone's pad signs people in and out all day; a loop of correct PINs is bounded.
    svc.rates.check(SIGN_IN_RATE, "sign-in", restaurant, device.id, what="sign-ins")
    svc.rates.check(SIGN_INS_RATE, "sign-ins", restaurant, what="sign-ins")
    open_pins = demo or svc.accounts.role_pins_open(restaurant)
    found = svc.guesses.check_paired(
        restaurant, device.id, lambda: _whose(restaurant, payload["pin"], open_pins)
    )
    if found is None:
        raise DomainError("wrong_pin", "that PIN is not known here", field="pin")
    opened, member = found
    role = opened if demo else device.role
    allowed = opened == role if member is None or demo else may_sign_in(role, opened)
    if not allowed or (payload["roles"] and role not in payload["roles"]):
        raise DomainError("wrong_role", f"this device is for {role}", field=opened)
    return role, member


def _first_sign_in(payload: dict) -> tuple[str, Member | None]:
    """A demo's device signing in for the first time: any PIN from anywhere, as in a try-out."""
    svc, restaurant = services(), payload["restaurant"]
    svc.rates.check(DEMO_DEVICES_RATE, "demo-device", _address(), what="new devices")
    found = svc.guesses.check(restaurant, _address(), lambda: _whose(restaurant, payload["pin"],
                                                                     True))  # fmt: skip
    if found is None:
        raise DomainError("wrong_pin", "that restaurant and PIN do not match")
    role, member = found
    if payload["roles"] and role not in payload["roles"]:
        raise DomainError("wrong_role", f"that is the {role} PIN", field=role)
    return role, member


@endpoint(
    "POST", "/resume", "Sign in again the person who signed in here offline", roles=None,
    body=Obj({"restaurant": Field(payloads.ID), "credential": Field(payloads.CREDENTIAL),
              "ticket": Field(Str(1000, 1, pattern=r"[A-Za-z0-9_.-]+",
                                  description="the offline ticket, as it was given"))}),
    tag="auth", response=Obj(TOKEN),
    errors=("unauthorized", "device_revoked", "rate_limited", "wrong_role"),
    description="A person's PIN opened their `offline_ticket` (given with their last sign-in on "
    "this paired device, valid a day) on the device's pad while the server was away. Back "
    "online, the device sends it here with its credential: the person is signed in on it again, "
    "if they are still active and may use this device, and what they queued meanwhile is sent "
    "under their name. A ticket of another device or restaurant, or older than a day, is "
    "refused (401): the person types their PIN.",
)  # fmt: skip
def resume(payload: dict) -> dict:
    svc, restaurant = services(), payload["restaurant"]
    svc.rates.check(RENEW_RATE, "renew", _address(), what="renewals")
    device = svc.devices.paired(restaurant, payload["credential"])
    member = svc.staff.get(restaurant, svc.tokens.read_ticket(payload["ticket"], restaurant,
                                                              device.id))  # fmt: skip
    if member is None or not member.active:
        raise DomainError("unauthorized", "that person may not sign in any more",
                          field="person_deactivated")  # fmt: skip
    if not may_sign_in(device.role, svc.staff.job(restaurant, member.job).base):
        raise DomainError("wrong_role", f"this device is for {device.role}", field=device.role)
    svc.rates.check(SIGN_IN_RATE, "sign-in", restaurant, device.id, what="sign-ins")
    svc.devices.sign_in(restaurant, device.id, device.role, member.id)
    return _token(restaurant, device.role, device.id, member.id)


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
    require_right("manage_devices")
    svc.rates.check(MANAGE_RATE, "manage", restaurant, g.device.device, what="changes")
    if svc.devices.get(restaurant, device_id) is None:
        raise DomainError("not_found", f"no device {device_id!r}", field="device_id")
    svc.devices.revoke(restaurant, device_id)
    svc.watcher.sweep(restaurant)
    return {"device": svc.devices.get(restaurant, device_id).to_dict()}


@endpoint(
    "PUT", "/pins/<role>", "Change a role's PIN", roles=("manager",), body=payloads.SET_PIN,
    path_specs={"role": payloads.ROLE},
    tag="auth", response=Obj({"role": Field(payloads.ROLE), "revoked": Field(Int(0, 2**31))}),
    errors=("weak_pin", "pin_in_use", "rate_limited"),
    description="Staff PINs are 4 to 8 digits, the manager's 6 to 12, never one digit repeated. "
    "Every device signed in with the old PIN is revoked (`revoked` counts them), but those in "
    "`keep_devices`.",
)  # fmt: skip
def put_pin(role: str, payload: dict) -> dict:
    svc, restaurant = services(), g.device.restaurant
    require_right("manage_staff")
    svc.rates.check(MANAGE_RATE, "manage", restaurant, g.device.device, what="changes")
    role = validate(payloads.ROLE, role, "role")
    revoked = svc.accounts.set_pin(restaurant, role, payload["pin"], keep=payload["keep_devices"])
    svc.devices.forget(restaurant)
    svc.watcher.sweep(restaurant)
    return {"role": role, "revoked": revoked}


def _approval_ask(op: str) -> Obj:
    change = payloads.OPS[op]
    return Obj({
        "pin": Field(payloads.PIN),
        "op": Field(Str(32, choices=(op,))),
        # The change as it will be sent (without its approval): what the approval approves.
        "change": Field(Obj({k: f for k, f in change.fields.items() if k != "approval"},
                            one_of_these=change.one_of_these)),
    })  # fmt: skip


# One body per operation: its `change` is exactly that operation's (a void names its order and
# line, a refund its payment), so a document reader knows what to send.
APPROVAL_ASK = OneOf("op", {op: _approval_ask(op) for op in APPROVED_OPS})


@endpoint(
    "POST", "/approvals", "A manager approves one change on a staff phone",
    roles=("floor", "manager"), body=APPROVAL_ASK, tag="auth",
    response=Obj({"approval": Field(Str(600)), "expires_in": Field(Int(1, 86_400))}),
    errors=("wrong_pin", "too_many_attempts", "forbidden"),
    description="Someone who holds the right the change needs (a void after the kitchen "
    "started: `void_after_start`; a discount beyond the limit: `discount`; `comp`; `refund`: a "
    "manager's job has them all) types their PIN on the waiter's phone. The answer approves that "
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

    right = RIGHT_TO_APPROVE[op]
    if not svc.guesses.check_device(
        device.restaurant, device.device, lambda: holds(device.restaurant, payload["pin"], right)
    ):
        raise DomainError("wrong_pin", f"that is not the PIN of someone who may {right}",
                          field="pin")  # fmt: skip
    approval = svc.approvals.issue(device.restaurant, device.device, op, change,
                                   svc.store.approvals_generation(device.restaurant))  # fmt: skip
    return {"approval": approval, "expires_in": svc.approvals.max_age_s}


def holds(restaurant: str, pin: str, right: str) -> bool | None:
    """True if ``pin`` is the PIN of someone who holds ``right``: an active person whose job
    has it, or (while role PINs still open) a role whose job has it; None if not (a guess,
    counted)."""
    found = _whose(restaurant, pin, services().accounts.role_pins_open(restaurant))
    if found is None:
        return None
    role, member = found
    jobs = services().staff.jobs(restaurant) if member else None
    return True if right in rights_of(role, member.job if member else None, jobs) else None
