"""The close of day: the manager closes the business day (``domain.days``); its Z report is
fixed then and answered as it was closed, as JSON and as CSV; the X report is the same for the
day still open, any time, closing nothing; and the list of closed days."""

from __future__ import annotations

from flask import Response, g

from domain import payloads
from domain.schema import Field, Int, List, Obj, Str

from .changes import submit
from .reports import CSV_NOTE, LANG, REPORT, REPORT_RATE, csv_response, reader_dialect
from .routes import endpoint, services

MANAGER = ("manager",)
COUNTED = Obj({"count": Field(Int(0, 2**31)), "amount": Field(Int(0, 2**53))})
MONEY = Int(-(2**53), 2**53)
Z_REPORT = Obj({
    **{k: v for k, v in REPORT.fields.items() if k not in ("date", "complete")},
    "day": Field(payloads.DAY), "starts_at": Field(Str(32)), "ends_at": Field(Str(32)),
    "first_number": Field(Str(8), nullable=True), "last_number": Field(Str(8), nullable=True),
    "tax_rates": Field(Obj(open=True)),
    "by_category": Field(List(Obj({"category_id": Field(Str(64)), "name": Field(Str(80)),
                                   "qty": Field(Int(0, 2**31)), "amount": Field(MONEY)}),
                              10_000)),
    "cash": Field(Obj({"drawers": Field(List(Obj(open=True), 1_000)),
                       "expected": Field(MONEY), "counted": Field(MONEY),
                       "over_short": Field(MONEY), "outside_drawers": Field(MONEY)})),
    "carried": Field(List(Str(8), 100_000), required=False),
    "closed_by": Field(Obj(open=True), required=False),
    # Who did what (``/reports/staff``'s rows) over the business day; none in days closed before.
    "by_person": Field(List(Obj(open=True), 10_000), required=False),
})  # fmt: skip
CLOSED_DAY = Obj({"day": Field(payloads.DAY), "closed_at": Field(Str(32)),
                  "carried": Field(List(Str(8), 100_000)),
                  "by": Field(Obj(open=True))})  # fmt: skip


def _rate() -> None:
    services().rates.check(REPORT_RATE, "reports", g.device.restaurant, g.device.device,
                           what="reports")  # fmt: skip


@endpoint(
    "POST", "/days/close", "Close the business day (the Z report)", roles=MANAGER, tag="reports",
    body=payloads.with_client_id(payloads.CLOSE_DAY),
    response=Obj({"day": Field(CLOSED_DAY), "report": Field(Z_REPORT)}),
    errors=("drawers_open", "checks_open", "day_closed", "invalid_value", "not_found",
            "idempotency_mismatch", "forbidden", "rate_limited"),
    description="Refused while a cash drawer is open (`drawers_open`, naming them) or a check "
    "is unpaid (`checks_open`) unless `carry_over` is true: the open checks then go on into "
    "the next day, listed in the report as `carried`. `day` is the business day closed (a "
    "later one than the last closed; not one to come); the close covers everything since the "
    "last close. Its Z report is fixed from then on (`GET /reports/close`); every manager's "
    "approval given before it ends. Sent again with the same `client_id`: the same answer.",
)  # fmt: skip
def post_close_day(payload: dict) -> tuple[dict, int]:
    client_id = payload.pop("client_id")
    answer, status = submit("close_day", payload, client_id)
    made = services().store.closed_day(g.device.restaurant, answer["day"]["day"])
    return {**answer, "report": made}, status


@endpoint(
    "GET", "/reports/close", "A closed day's Z report, as it was closed", roles=MANAGER,
    tag="reports", query={"day": payloads.DAY}, response=Z_REPORT,
    errors=("not_found", "rate_limited"),
    description="Sales by category and by payment method, taxes by rate (`tax_rates`, basis "
    "points to minor units), discounts, voids, comps, write-offs, refunds, tips, service, "
    "the cash drawers (float, in, out, expected, counted, difference) with their sum "
    "(`over_short`) and cash taken with no drawer open (`outside_drawers`), the first and last "
    "order number, and the checks carried over. Without `day`: the last closed day.",
)  # fmt: skip
def get_close_report(query: dict) -> dict:
    _rate()
    day = query["day"] or _last_closed()
    return services().store.closed_day(g.device.restaurant, day)


def _last_closed() -> str:
    listed = services().store.closed_days(g.device.restaurant)
    return listed[0]["day"] if listed else "none"


@endpoint(
    "GET", "/reports/close.csv", "A closed day's Z report as CSV", roles=MANAGER, tag="reports",
    query={"day": payloads.DAY, "lang": LANG}, errors=("not_found", "rate_limited"),
    description="Rows of section, what, count, amount (as printed: 12.50); every cell safe to "
    "open in a spreadsheet. " + CSV_NOTE,
)  # fmt: skip
def get_close_csv(query: dict) -> Response:
    _rate()
    day = query["day"] or _last_closed()
    made = services().store.closed_day(g.device.restaurant, day)
    text = services().store.report_csv(made, reader_dialect(query))
    return csv_response(text, f"z-report-{day}.csv")


@endpoint(
    "GET", "/reports/x", "The X report: the open business day so far", roles=MANAGER,
    tag="reports", response=Z_REPORT, errors=("rate_limited",),
    description="The figures of the Z report from the last close to now, closing nothing.",
)  # fmt: skip
def get_x_report() -> dict:
    _rate()
    return services().store.open_day_report(g.device.restaurant)


@endpoint(
    "GET", "/reports/days", "The closed business days, newest first", roles=MANAGER,
    tag="reports", errors=("rate_limited",),
    response=Obj({"days": Field(List(Obj({
        "day": Field(payloads.DAY), "starts_at": Field(Str(32)), "closed_at": Field(Str(32)),
        "orders": Field(Int(0, 2**31)), "revenue": Field(MONEY), "over_short": Field(MONEY),
    }), 400))}),
)  # fmt: skip
def get_closed_days() -> dict:
    _rate()
    return {"days": services().store.closed_days(g.device.restaurant)}
