"""The manager's figures of a day, and by person over a span of days, as JSON and as CSV."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Response, g, request

from domain import payloads
from domain.errors import DomainError
from domain.schema import Anything, Bool, Field, Int, List, Obj, Str
from domain.spreadsheet import Dialect, dialect_for

from ..store import people_report
from ..store import reports as report_rows
from .routes import endpoint, services

DATE = payloads.DAY
# The reader's language for a CSV ("tr", "de-DE"): where its decimal mark is a comma, the file
# is ";"-separated with 12,50. Else the request's Accept-Language says.
LANG = Str(12, 2, pattern=r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?", description="e.g. tr, en-GB")
CSV_NOTE = (
    "UTF-8 with a BOM (Excel reads it so); `;`-separated with decimal commas (12,50) "
    "for a language that writes them (`lang`, else the request's Accept-Language)."
)


def csv_response(text: str, filename: str) -> Response:
    response = Response(text.encode(), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def reader_dialect(query: dict) -> Dialect:
    language = query.get("lang") or (request.accept_languages.best or "")
    return dialect_for(language)


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
    query={"date": DATE, "lang": LANG}, errors=("invalid_value", "rate_limited"),
    description="One row per order placed that day: number, local time, table, status, "
    "items, total (as printed: 12.50) and the time it was paid. " + CSV_NOTE,
)  # fmt: skip
def get_day_csv(query: dict) -> Response:
    on, settings = _report_day(query)
    restaurant, tz, currency = g.device.restaurant, settings["tz"], settings["currency"]
    text = services().store.day_orders_csv(restaurant, on, tz, currency, reader_dialect(query))
    return csv_response(text, f"orders-{on}.csv")


MAX_SPAN_DAYS = 62  # two months: each answer reads the span's log
COUNT, AMOUNT = Int(0, 2**31), Int(0, 2**53)
PERSON_FIGURES = Obj({
    "id": Field(payloads.ID), "name": Field(Str(60)), "job": Field(Str(32)),
    "orders": Field(COUNT), "sales": Field(AMOUNT), "payments": Field(AMOUNT),
    "tips": Field(AMOUNT), "voids": Field(COUNT), "voided": Field(AMOUNT),
    "discounts": Field(COUNT), "comps": Field(COUNT), "comped": Field(AMOUNT),
    "refunds": Field(COUNT), "refunded": Field(AMOUNT), "hours": Field(Anything()),
})  # fmt: skip
SPAN = {"from": DATE, "to": DATE}


def _report_span(query: dict) -> tuple[date, date, dict]:
    """The asked local days and the settings: ``from`` to ``to``, one of them alone that one
    day, neither today; given the other way round, the same span; more than MAX_SPAN_DAYS, the
    last MAX_SPAN_DAYS up to ``to``. The answer says which days it covers."""
    today, settings = _report_day({"date": None})
    asked = [date.fromisoformat(query[n]) if query[n] else None for n in ("from", "to")]
    first, last = (asked[0] or asked[1] or today), (asked[1] or asked[0] or today)
    first, last = min(first, last), max(first, last)
    first = max(first, last - timedelta(days=MAX_SPAN_DAYS - 1))
    return first, last, settings


@endpoint(
    "GET", "/reports/staff", "The figures by person", roles=("manager",), tag="reports",
    query=SPAN, errors=("invalid_value", "rate_limited"),
    response=Obj({"from": Field(DATE), "to": Field(DATE), "currency": Field(payloads.CURRENCY),
                  "people": Field(List(PERSON_FIGURES, 10_000))}),
    description="For the local days `from` to `to` (one of them alone: that day; neither: "
    "today; the other way round: the same days; at most 62 days: the last 62 up to `to`; the "
    "answer's `from` and `to` say which), one "
    "row per person who did anything or worked: `orders` they placed (not cancelled) and their "
    "`sales` (those orders' totals), `payments` and `tips` they took, `voids` (and what the lines "
    "were worth, `voided`), `discounts` they gave, `comps` (and `comped`: what those checks "
    "still owed), `refunds` (and `refunded`) and `hours` between clocking in and out (`POST "
    "/clock`), cut to the span. Money in minor units. A role's PIN is nobody: its changes are "
    "in the day's figures, not here.",
)  # fmt: skip
def get_staff_report(query: dict) -> dict:
    first, last, settings = _report_span(query)
    people = services().store.staff_report(g.device.restaurant, first, last, settings["tz"])
    return {"from": first.isoformat(), "to": last.isoformat(),
            "currency": settings["currency"], "people": people}  # fmt: skip


@endpoint(
    "GET", "/reports/staff.csv", "The figures by person as CSV", roles=("manager",),
    tag="reports", query=SPAN, errors=("invalid_value", "rate_limited"),
    description="The rows of `/reports/staff`, money as printed (12.50), hours to the "
    "hundredth. " + CSV_NOTE,
)  # fmt: skip
def get_staff_csv(query: dict) -> Response:
    first, last, settings = _report_span(query)
    people = services().store.staff_report(g.device.restaurant, first, last, settings["tz"])
    text = people_report.people_csv(people, settings["currency"], reader_dialect(query))
    return csv_response(text, f"staff-{first}-to-{last}.csv")
