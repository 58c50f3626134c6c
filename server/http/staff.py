"""The restaurant's people, for the manager's Staff tab: list, enrol with a personal PIN, a new
PIN, deactivate and back (``access.staff``); and clocking in and out with one's own PIN. A PIN
goes in a body only, is never answered, and no answer here is kept by a cache."""

from __future__ import annotations

from flask import g, request

from domain import payloads
from domain.errors import DomainError
from domain.schema import Bool, Field, Int, List, Obj, Str
from domain.staff import BASES, JOB_ID, MAX_NAME, RIGHTS, rights_of

from .routes import endpoint, services

MANAGER = ("manager",)
MANAGE_RATE = "60/minute"  # per manager device, as for role PINs and devices
MEMBER = Obj({"id": Field(payloads.ID), "name": Field(Str(MAX_NAME)), "job": Field(Str(32)),
              "active": Field(Bool()), "created_at": Field(Str(40)),
              "updated_at": Field(Str(40))})  # fmt: skip
ANSWER = Obj({"member": Field(MEMBER)})
NEW_MEMBER = Obj({"name": Field(Str(MAX_NAME, 1)), "job": Field(payloads.ID),
                  "pin": Field(payloads.PIN)})  # fmt: skip
NEW_PIN = Obj({"pin": Field(payloads.PIN)})
ERRORS = ("weak_pin", "pin_in_use", "not_found", "invalid_value", "forbidden", "rate_limited")


def _counted(right: str = "manage_staff") -> None:
    device = g.device
    require_right(right)
    services().rates.check(MANAGE_RATE, "manage", device.restaurant, device.device,
                           what="changes")  # fmt: skip


def require_right(right: str) -> None:
    """Refuse (403 ``forbidden``) unless whoever is signed in holds ``right``: the person's job
    (a restaurant's own job built on a manager's may hold less), or the role's."""
    device, svc = g.device, services()
    if not device.person:
        held = rights_of(device.role)
    else:
        member = svc.staff.get(device.restaurant, device.person)
        jobs = svc.staff.jobs(device.restaurant)
        held = rights_of(device.role, member.job, jobs) if member else frozenset()
    if right not in held:
        raise DomainError("forbidden", f"this needs the right to {right}", field=right)


JOB = Obj({"name": Field(Str(40, 1)), "base": Field(Str(16, choices=BASES)),
           "rights": Field(List(Str(32, choices=RIGHTS), len(RIGHTS))),
           "discount_bp": Field(Int(0, 10_000, "discounts up to this without asking; null:"
                                " the restaurant's limit"), required=False,
                                nullable=True)})  # fmt: skip
JOB_ANSWER = Obj({"id": Field(payloads.ID), **JOB.fields})


@endpoint(
    "GET", "/jobs", "The restaurant's jobs: the three every restaurant has, and its own",
    roles=MANAGER, tag="staff", response=Obj({"jobs": Field(List(JOB_ANSWER, 100))}),
)  # fmt: skip
def get_jobs() -> dict:
    jobs = services().staff.jobs(g.device.restaurant)
    return {"jobs": [job.to_dict() for job in jobs.values()]}


@endpoint(
    "PUT", "/jobs/<job_id>", "A job of the restaurant's own, new or changed", roles=MANAGER,
    path_specs={"job_id": Str(32, 1, pattern=JOB_ID.pattern,
                              description="lowercase letters, digits and dashes")},
    tag="staff", body=JOB, response=Obj({"job": Field(JOB_ANSWER)}), errors=ERRORS,
    description="Built on a base (`floor`, `kitchen`, `manager`: the screens it opens) with the "
    "rights it holds (`take_orders`, `void_before_start`, `void_after_start`, `discount` beyond "
    "the restaurant's limit, `comp`, `refund`, `cash_drawer`, `close_day`, `kitchen`, "
    "`manage_menu`, `manage_floor`, `manage_staff`, `manage_devices`). Its people have them "
    "from their next change on. The three default jobs (`floor`, `kitchen`, `manager`) cannot "
    "be changed: 409 `already_exists`.",
)  # fmt: skip
def put_job(job_id: str, payload: dict) -> dict:
    _counted()
    job = services().staff.put_job(g.device.restaurant, job_id, payload["name"],
                                   payload["base"], payload["rights"],
                                   payload.get("discount_bp"))  # fmt: skip
    return {"job": job.to_dict()}


@endpoint(
    "PUT", "/staff/<person>/job", "Give a person another job", roles=MANAGER, tag="staff",
    body=Obj({"job": Field(payloads.ID)}), response=ANSWER, errors=ERRORS,
)  # fmt: skip
def put_staff_job(person: str, payload: dict) -> dict:
    _counted()
    return {"member": services().staff.set_job(g.device.restaurant, person,
                                               payload["job"]).to_dict()}  # fmt: skip


@endpoint(
    "GET", "/staff", "The restaurant's people, active or not", roles=MANAGER, tag="staff",
    response=Obj({"staff": Field(List(MEMBER, 10_000))}),
)  # fmt: skip
def get_staff() -> dict:
    return {"staff": [m.to_dict() for m in services().staff.list(g.device.restaurant)]}


@endpoint(
    "POST", "/staff", "Enrol a person with their own PIN", roles=MANAGER, tag="staff",
    body=NEW_MEMBER, status=201, response=ANSWER, errors=ERRORS,
    description="The PIN follows the policy of the job (a manager's is 6 to 12 digits, others 4 "
    "to 8, never one digit repeated), is the person's alone in the restaurant and never a role's "
    "PIN (`pin_in_use`). It is kept only as a slow hash and never answered. The person then "
    "signs in on any PIN pad with it (`POST /login`).",
)  # fmt: skip
def post_staff(payload: dict) -> tuple[dict, int]:
    _counted()
    member = services().staff.add(g.device.restaurant, payload["name"], payload["job"],
                                  payload["pin"])  # fmt: skip
    return {"member": member.to_dict()}, 201


@endpoint(
    "PUT", "/staff/<person>/pin", "Give a person a new PIN", roles=MANAGER, tag="staff",
    body=NEW_PIN, response=ANSWER, errors=ERRORS,
)  # fmt: skip
def put_staff_pin(person: str, payload: dict) -> dict:
    _counted()
    return {"member": services().staff.set_pin(g.device.restaurant, person,
                                               payload["pin"]).to_dict()}  # fmt: skip


@endpoint(
    "PUT", "/staff/<person>/active", "Deactivate a person, or bring them back", roles=MANAGER,
    tag="staff", body=Obj({"active": Field(Bool())}), response=ANSWER, errors=ERRORS,
    description="Deactivated, the person's sessions end at once: they are signed out of every "
    "device they were on (401 `signed_out`, field `person_deactivated`; sockets closed; the "
    "devices stay paired for the next person) and their PIN opens nothing until they are "
    "active again.",
)  # fmt: skip
def put_staff_active(person: str, payload: dict) -> dict:
    _counted()
    svc = services()
    member = svc.staff.set_active(g.device.restaurant, person, payload["active"])
    svc.devices.forget(g.device.restaurant)
    svc.watcher.sweep(g.device.restaurant)
    return {"member": member.to_dict()}


CLOCK = Obj({"restaurant": Field(payloads.ID), "pin": Field(payloads.PIN),
             "credential": Field(payloads.MAYBE_CREDENTIAL, required=False,
                                 default="")})  # fmt: skip


@endpoint(
    "POST", "/clock", "Clock in or out with one's own PIN", roles=None, body=CLOCK, tag="staff",
    response=Obj({"person": Field(Obj({"id": Field(payloads.ID), "name": Field(Str(60))})),
                  "clocked_in": Field(Bool()), "started_at": Field(Str(40)),
                  "ended_at": Field(Str(40), nullable=True)}),
    errors=("not_paired", "wrong_pin", "too_many_attempts", "unauthorized", "device_revoked"),
    description="A person types their PIN on any paired device's pad: clocked in if they were "
    "not, else out of their shift (`ended_at`). Nobody signs in. A PIN is counted as a sign-in's "
    "is (per paired device; in a demo, per address), and a real restaurant takes it only with a "
    "paired device's `credential`. Hours are in `/reports/staff`.",
)  # fmt: skip
def post_clock(payload: dict) -> dict:
    svc, restaurant = services(), payload["restaurant"]
    if payload["credential"]:
        device = svc.devices.paired(restaurant, payload["credential"]).id
        check = lambda verify: svc.guesses.check_paired(restaurant, device, verify)  # noqa: E731
    elif svc.accounts.is_demo(restaurant):
        device = request.remote_addr or "?"
        check = lambda verify: svc.guesses.check(restaurant, device, verify)  # noqa: E731
    else:
        raise DomainError("not_paired", "this device has not joined the restaurant")
    member = check(lambda: svc.staff.for_pin(restaurant, payload["pin"]))
    if member is None:
        raise DomainError("wrong_pin", "that is nobody's own PIN here", field="pin")
    clocked_in, shift = svc.store.clock_person(restaurant, member.id, device)
    return {"person": {"id": member.id, "name": member.name}, "clocked_in": clocked_in,
            "started_at": shift["started_at"], "ended_at": shift["ended_at"]}  # fmt: skip
