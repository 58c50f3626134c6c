"""The kitchen's printers over REST: the manager's Printers tab adds, changes, tests, removes
and re-routes them (the right to manage devices); the kitchen and the pass see their state and
reprint a ticket; a waiter prints a guest's bill and a manager the Z report on the printers
set for them. The rules and the worker are ``server.printing``."""

from __future__ import annotations

from flask import g

from domain import payloads
from domain.errors import DomainError
from domain.schema import Bool, Field, Int, List, Obj, Str

from ..printing.printers import PRINTER
from .devices import MANAGE_RATE
from .routes import endpoint, services
from .staff import require_right

MANAGER = ("manager",)
KITCHEN = ("kitchen", "manager")
PRINT_RATE = "30/minute"  # per device: reprints, bills, Z reports (a paper each)
PRINTER_ANSWER = Obj({
    **PRINTER.fields, "id": Field(payloads.ID), "created_at": Field(Str(40)),
    "offline_since": Field(Str(40), nullable=True), "last_error": Field(Str(200)),
    "waiting": Field(Int(0, 2**31)),
})  # fmt: skip
JOB = Obj({
    "id": Field(payloads.ID), "printer": Field(payloads.ID), "kind": Field(Str(16)),
    "order_id": Field(Str(64)), "station": Field(Str(32)), "status": Field(Str(16)),
    "attempts": Field(Int(0, 2**31)), "maybe_printed": Field(Bool()),
    "created_at": Field(Str(40)), "printed_at": Field(Str(40), nullable=True),
    "reprint_of": Field(Str(64), nullable=True), "number": Field(Str(16)),
})  # fmt: skip
ROW = List(Str(80), 2, 2)
PAPER = Obj({
    "kind": Field(Str(16, choices=("bill", "z_report"))),
    "order_id": Field(Str(64), required=False, default=""),
    "title": Field(Str(60, 1)),
    "rows": Field(List(ROW, 200, 1)),
    "footer": Field(Str(120), required=False, default=""),
})  # fmt: skip


def _managed() -> None:
    require_right("manage_devices")
    services().rates.check(MANAGE_RATE, "manage", g.device.restaurant, g.device.device,
                           what="changes")  # fmt: skip


def _paper_rate() -> None:
    services().rates.check(PRINT_RATE, "print", g.device.restaurant, g.device.device,
                           what="printouts")  # fmt: skip


def _job(job: dict) -> dict:
    keep = ("id", "printer", "kind", "order_id", "station", "status", "attempts",
            "maybe_printed", "created_at", "printed_at", "reprint_of")  # fmt: skip
    return {**{k: job[k] for k in keep}, "number": str(job["doc"].get("number", ""))}


@endpoint(
    "GET", "/printers", "The printers, their routes, state and jobs waiting", tag="printers",
    roles=KITCHEN, response=Obj({"printers": Field(List(PRINTER_ANSWER, 100))}),
)  # fmt: skip
def list_printers() -> dict:
    return {"printers": services().printers.list(g.device.restaurant)}


@endpoint(
    "POST", "/printers", "Add a network (ESC/POS, port 9100) printer", tag="printers",
    roles=MANAGER, body=PRINTER, status=201, errors=("already_exists", "invalid_value"),
    response=Obj({"printer": Field(PRINTER_ANSWER)}),
    description="`stations`: whose tickets it prints (`pass`: lines no station cooks; `*`: "
    "all); `bill`, `z_report`: it prints those too. Its id comes from its name.",
)  # fmt: skip
def add_printer(payload: dict) -> tuple[dict, int]:
    _managed()
    return {"printer": services().printers.add(g.device.restaurant, payload)}, 201


@endpoint(
    "PUT", "/printers/<printer_id>", "Change a printer's address, paper or routes",
    tag="printers", roles=MANAGER, body=PRINTER, errors=("not_found", "invalid_value"),
    response=Obj({"printer": Field(PRINTER_ANSWER)}),
)  # fmt: skip
def put_printer(printer_id: str, payload: dict) -> dict:
    _managed()
    return {"printer": services().printers.add(g.device.restaurant, payload, printer_id)}


@endpoint(
    "DELETE", "/printers/<printer_id>", "Remove a printer and the jobs it has not printed",
    tag="printers", roles=MANAGER, errors=("not_found",),
    response=Obj({"dropped": Field(Int(0, 2**31))}),
)  # fmt: skip
def remove_printer(printer_id: str) -> dict:
    _managed()
    return {"dropped": services().printers.remove(g.device.restaurant, printer_id)}


@endpoint(
    "POST", "/printers/<printer_id>/test", "Print a test page", tag="printers", roles=MANAGER,
    status=202, errors=("not_found",), response=Obj({"job": Field(payloads.ID)}),
)  # fmt: skip
def test_printer(printer_id: str) -> tuple[dict, int]:
    _managed()
    return {"job": services().printers.test(g.device.restaurant, printer_id)}, 202


@endpoint(
    "POST", "/printers/<printer_id>/reroute", "Send a printer's waiting jobs to another",
    tag="printers", roles=MANAGER, body=Obj({"to": Field(payloads.ID)}),
    errors=("not_found", "invalid_value"), response=Obj({"moved": Field(Int(0, 2**31))}),
    description="For a printer out of order: what waits on it prints on `to` (its routes stay "
    "as they are: change them with PUT to send new tickets there too).",
)  # fmt: skip
def reroute_printer(printer_id: str, payload: dict) -> dict:
    _managed()
    moved = services().printers.reroute(g.device.restaurant, printer_id, payload["to"])
    return {"moved": moved}


@endpoint(
    "GET", "/print-jobs", "Recent print jobs (of one order)", tag="printers", roles=KITCHEN,
    query={"order_id": payloads.ID}, response=Obj({"jobs": Field(List(JOB, 200))}),
)  # fmt: skip
def list_jobs(query: dict) -> dict:
    found = services().store.print_rows.jobs(g.device.restaurant, query.get("order_id") or None)
    return {"jobs": [_job(j) for j in found]}


@endpoint(
    "POST", "/print-jobs/<job_id>/reprint", "Print a job again, headed REPRINT",
    tag="printers", roles=KITCHEN, status=202, errors=("not_found", "rate_limited"),
    body=Obj({"printer": Field(Str(64), required=False, default="")}),
    response=Obj({"job": Field(payloads.ID)}),
    description="On its own printer, or `printer` (the one that works).",
)  # fmt: skip
def reprint_job(job_id: str, payload: dict) -> tuple[dict, int]:
    _paper_rate()
    made = services().printers.reprint(g.device.restaurant, job_id, payload["printer"])
    return {"job": made}, 202


@endpoint(
    "POST", "/print", "Print a guest's bill or the Z report on the printers set for it",
    tag="printers", roles=("floor", "manager"), body=PAPER, status=202,
    errors=("no_printer", "forbidden", "rate_limited"),
    response=Obj({"jobs": Field(List(payloads.ID, 100))}),
    description="The page lays the paper out as it shows it (title, then label and amount on "
    "each row, in its language); the server prints it on every printer with `bill` (or "
    "`z_report`: managers only) set. No such printer: 409 `no_printer` (print from the "
    "browser instead).",
)  # fmt: skip
def print_paper(payload: dict) -> tuple[dict, int]:
    if payload["kind"] == "z_report" and g.device.role != "manager":
        raise DomainError("forbidden", "the Z report is a manager's")
    _paper_rate()
    jobs = services().printers.paper(g.device.restaurant, payload)
    if not jobs:
        raise DomainError("no_printer", f"no printer is set to print the {payload['kind']}")
    return {"jobs": jobs}, 202
