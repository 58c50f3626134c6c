"""The restaurant's people, for the manager's Staff tab: list, enrol with a personal PIN, a new
PIN, deactivate and back (``access.staff``). A PIN goes in a body only, is never answered, and
no answer here is kept by a cache."""

from __future__ import annotations

from flask import g

from domain import payloads
from domain.schema import Bool, Field, List, Obj, Str
from domain.staff import DEFAULT_JOBS, MAX_NAME

from .routes import endpoint, services

MANAGER = ("manager",)
MANAGE_RATE = "60/minute"  # per manager device, as for role PINs and devices
MEMBER = Obj({"id": Field(payloads.ID), "name": Field(Str(MAX_NAME)), "job": Field(Str(32)),
              "active": Field(Bool()), "created_at": Field(Str(40)),
              "updated_at": Field(Str(40))})  # fmt: skip
ANSWER = Obj({"member": Field(MEMBER)})
JOB = Str(32, choices=tuple(DEFAULT_JOBS))
NEW_MEMBER = Obj({"name": Field(Str(MAX_NAME, 1)), "job": Field(JOB),
                  "pin": Field(payloads.PIN)})  # fmt: skip
NEW_PIN = Obj({"pin": Field(payloads.PIN)})
ERRORS = ("weak_pin", "pin_in_use", "not_found", "invalid_value", "forbidden", "rate_limited")


def _counted() -> None:
    device = g.device
    services().rates.check(MANAGE_RATE, "manage", device.restaurant, device.device,
                           what="changes")  # fmt: skip


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
