"""The manager's figures of a day, as JSON and as CSV."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Response, g

from domain import payloads
from domain.errors import DomainError
from domain.schema import Bool, Field, Int, List, Obj, Str

from ..store import reports as report_rows
from .routes import endpoint, services

DATE = Str(10, 10, pattern=r"[0-9]{4}-[0-9]{2}-[0-9]{2}", description="YYYY-MM-DD")
REPORT = Obj({
    "date": Field(DATE), "tz": Field(Str(64)), "currency": Field(payloads.CURRENCY),
    "complete": Field(Bool()), "orders": Field(Int(0, 2**31)), "cancelled": Field(Int(0, 2**31)),
    # Net of refunds: a day that gives back yesterday's money can take in less than nothing.
    "revenue": Field(Int(-(2**53), 2**53)), "paid_orders": Field(Int(0, 2**31)),
    "average_ticket": Field(Int(-(2**53), 2**53)),
    "by_payment_method": Field(Obj(open=True)),
    "tips": Field(Int(0, 2**53)), "service": Field(Int(0, 2**53)),
    "voids": Field(Obj({"count": Field(Int(0, 2**31)), "amount": Field(Int(0, 2**53))})),
    "discounts": Field(Obj({"count": Field(Int(0, 2**31)), "amount": Field(Int(0, 2**53))})),
    "refunds": Field(Obj({"count": Field(Int(0, 2**31)), "amount": Field(Int(0, 2**53))})),
    "comps": Field(Obj({"count": Field(Int(0, 2**31)), "amount": Field(Int(0, 2**53))})),
    "write_offs": Field(Obj({"count": Field(Int(0, 2**31)), "amount": Field(Int(0, 2**53))})),
    "by_hour": Field(List(Obj({"hour": Field(Int(0, 23)), "orders": Field(Int(0, 2**31)),
                               "revenue": Field(Int(-(2**53), 2**53))}), 24, 24)),
    "top_items": Field(List(Obj({"item_id": Field(payloads.ID), "name": Field(Str(80)),
                                 "qty": Field(Int(0, 2**31)),
                                 "revenue": Field(Int(0, 2**53))}), report_rows.TOP_ITEMS)),
    "prep": Field(List(Obj({"station": Field(Str(32)), "orders": Field(Int(0, 2**31)),
                            "average_s": Field(Int(0, 2**31)), "p90_s": Field(Int(0, 2**31))}),
                       1_000)),
})  # fmt: skip
REPORT_RATE = "60/minute"  # per manager device: each answer reads a day of the log


def _report_day(query: dict) -> tuple[date, dict]:
    """The asked day (default: today in the restaurant's time zone) and its time zone."""
    restaurant = g.device.restaurant
    services().rates.check(REPORT_RATE, "reports", restaurant, g.device.device, what="reports")
    settings = services().accounts.settings(restaurant)
    if query["date"] is None:
        return datetime.now(ZoneInfo(settings["tz"])).date(), settings
    try:
        return date.fromisoformat(query["date"]), settings
    except ValueError:
        raise DomainError("invalid_value", "date is not a day of the calendar",
                          field="date") from None  # fmt: skip


@endpoint(
    "GET", "/reports/day", "The day's figures", roles=("manager",), tag="reports",
    query={"date": DATE}, response=REPORT, errors=("invalid_value", "rate_limited"),
    description="Computed from the event log for one day in the restaurant's time zone "
    "(default: today). `orders`: placed that day and not cancelled; `cancelled`: placed that "
    "day and cancelled; `revenue` (minor units): the payments taken that day, split in "
    "`by_payment_method` (an order marked paid without one: `unrecorded`), `tips` beside it; "
    "`paid_orders`: checks paid that day; `voids`: lines voided on the day's orders (count, "
    "worth); `discounts`: how many given and what the day's paid checks were discounted by; "
    "`refunds`: money given back that day (revenue is net of it); `comps` and `write_offs`: "
    "checks closed unpaid with a manager's approval (count, what "
    "they still owed; not revenue); "
    "`service`: service charge on them; `by_hour`: orders placed and revenue paid per local hour; "
    "`top_items`: quantities on the day's orders; `prep`: seconds from placed to ready per "
    "kitchen station (average and 90th percentile). `complete` is false when the day is older "
    "than the events kept.",
)  # fmt: skip
def get_day_report(query: dict) -> dict:
    on, _ = _report_day(query)
    return services().store.day_report(g.device.restaurant, on)


@endpoint(
    "GET", "/reports/day.csv", "The day's orders as CSV", roles=("manager",), tag="reports",
    query={"date": DATE}, errors=("invalid_value", "rate_limited"),
    description="One row per order placed that day: number, local time, table, status, "
    "items, total (as printed: 12.50) and the time it was paid.",
)  # fmt: skip
def get_day_csv(query: dict) -> Response:
    on, settings = _report_day(query)
    restaurant, tz, currency = g.device.restaurant, settings["tz"], settings["currency"]
    text = services().store.day_orders_csv(restaurant, on, tz, currency)
    response = Response(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="orders-{on}.csv"'
    return response
