"""Closed business days and their Z reports (``domain.days``): what a close fixes, and the X
report (the same figures for the day still open, closing nothing).

A close covers the instants from the previous close (or, for a restaurant's first, the local
start of the day it names) to the moment it is made. Its report is computed then, inside the
close's own transaction, and stored whole: whatever happens later (a refund of one of its checks
tomorrow, a carried-over check paid) is in the figures of the day it happens in, and the closed
day's answer never moves.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from domain import money, spreadsheet
from domain.errors import DomainError
from domain.timestamps import iso

from . import approvals, people_report, reports
from .database import Conn

MAX_LISTED = 400  # closed days a list answers with: more than a year of them


def _restaurant(conn: Conn, restaurant: str) -> tuple[str, str]:
    row = conn.execute("SELECT tz, currency FROM restaurants WHERE id = ?",
                       (restaurant,)).fetchone()  # fmt: skip
    return row["tz"], row["currency"]


def last_close(conn: Conn, restaurant: str) -> tuple[str, str] | None:
    """The latest closed day and when it was closed, or None."""
    row = conn.execute(
        "SELECT day, closed_at FROM closed_days WHERE restaurant = ? ORDER BY day DESC LIMIT 1",
        (restaurant,),
    ).fetchone()
    return (row["day"], row["closed_at"]) if row else None


def open_day(conn: Conn, restaurant: str, now: datetime) -> date:
    """The business day a close made now would close: today, or the day after the last one
    closed (a day closed before midnight leaves its last hour to the next)."""
    tz, _ = _restaurant(conn, restaurant)
    today = now.astimezone(ZoneInfo(tz)).date()
    last = last_close(conn, restaurant)
    if last is None:
        return today
    return max(today, date.fromisoformat(last[0]) + timedelta(days=1))


def require_after_last(conn: Conn, restaurant: str, day: str) -> None:
    """A day closes once, and after the last one closed."""
    last = last_close(conn, restaurant)
    if last is not None and day <= last[0]:
        raise DomainError("day_closed", f"{last[0]} is closed already: close a later day",
                          field="day")  # fmt: skip


def _starts(conn: Conn, restaurant: str, day: date, tz: str) -> datetime:
    last = last_close(conn, restaurant)
    if last is not None:
        return reports._parse(last[1])
    return reports.bounds(day, tz)[0]


def report(conn: Conn, restaurant: str, day: date, now: datetime) -> dict:
    """The figures of business ``day`` from its start to ``now``: the Z report when a close
    stores it, the X report when asked any time before."""
    tz, currency = _restaurant(conn, restaurant)
    start = _starts(conn, restaurant, day, tz)
    events = reports.events_between(conn, restaurant, start, now)
    figures = reports.summarize_between(events, start, now, tz, full=True)
    sold = figures.pop("sold")
    return {
        "day": day.isoformat(), "starts_at": iso(start), "ends_at": iso(now),
        "currency": currency, **figures,
        "by_category": _by_category(conn, restaurant, sold),
        "cash": _cash(conn, restaurant, figures),
        "by_person": people_report.between(conn, restaurant, events, start, now, now),
    }  # fmt: skip


def _by_category(conn: Conn, restaurant: str, sold: dict[str, dict]) -> list[dict]:
    """What was sold, by the menu's category (an item removed since keeps its category)."""
    if not sold:
        return []
    marks = ",".join("?" * len(sold))
    rows = conn.execute(
        "SELECT i.id, i.category_id, c.name FROM items i LEFT JOIN categories c"
        " ON c.restaurant = i.restaurant AND c.id = i.category_id"
        f" WHERE i.restaurant = ? AND i.id IN ({marks})",
        (restaurant, *sorted(sold)),
    ).fetchall()
    category = {r["id"]: (r["category_id"], r["name"] or "") for r in rows}
    totals: dict[str, dict] = {}
    for item_id, figures in sold.items():
        cid, name = category.get(item_id, ("", ""))
        entry = totals.setdefault(cid, {"category_id": cid, "name": name or cid, "qty": 0,
                                        "amount": 0})  # fmt: skip
        entry["qty"] += figures["qty"]
        entry["amount"] += figures["amount"]
    return sorted(totals.values(), key=lambda c: (-c["amount"], c["name"]))


def _cash(conn: Conn, restaurant: str, figures: dict) -> dict:
    """The drawers counted since the last close: float, expected, counted, over or short, and
    cash taken outside any drawer (none was open)."""
    rows = conn.execute(
        "SELECT data FROM drawer_shifts WHERE restaurant = ? AND day IS NULL AND status = 'closed'"
        " ORDER BY opened_at, id",
        (restaurant,),
    ).fetchall()
    drawers = [json.loads(r["data"]) for r in rows]
    through = sum(d["cash"]["payments"] - d["cash"]["refunds"] for d in drawers)
    return {
        "drawers": [{"id": d["id"], "name": d["name"], "float": d["float"],
                     "cash_in": d["cash"]["in"], "cash_out": d["cash"]["out"],
                     "expected": d["expected"], "counted": d["counted"],
                     "difference": d["difference"], "opened_at": d["opened_at"],
                     "closed_at": d["closed_at"]} for d in drawers],
        "expected": sum(d["expected"] for d in drawers),
        "counted": sum(d["counted"] for d in drawers),
        "over_short": sum(d["difference"] for d in drawers),
        "outside_drawers": figures["by_payment_method"].get("cash", 0) - through,
    }  # fmt: skip


def close(conn: Conn, restaurant: str, record: dict) -> None:
    """Store a ``day_closed`` event's meaning: the day's Z report, fixed; its counted drawers
    taken in; every manager's approval given so far ended. In the close's own transaction."""
    tz, _ = _restaurant(conn, restaurant)
    try:
        day = date.fromisoformat(record["day"])
    except ValueError:
        raise DomainError("invalid_value", "day is not a day of the calendar",
                          field="day") from None  # fmt: skip
    now = reports._parse(record["closed_at"])
    if day > now.astimezone(ZoneInfo(tz)).date():
        raise DomainError("day_not_begun", f"{day} has not begun", field="day")
    made = {**report(conn, restaurant, day, now), "carried": record["carried"],
            "closed_by": record["by"]}  # fmt: skip
    conn.execute(
        "INSERT INTO closed_days (restaurant, day, starts_at, closed_at, report)"
        " VALUES (?, ?, ?, ?, ?)",
        (restaurant, record["day"], made["starts_at"], record["closed_at"], json.dumps(made)),
    )
    conn.execute(
        "UPDATE drawer_shifts SET day = ? WHERE restaurant = ? AND day IS NULL"
        " AND status = 'closed'",
        (record["day"], restaurant),
    )
    approvals.end_all(conn, restaurant)


def closed(conn: Conn, restaurant: str, day: str) -> dict:
    row = conn.execute(
        "SELECT report FROM closed_days WHERE restaurant = ? AND day = ?", (restaurant, day)
    ).fetchone()
    if row is None:
        raise DomainError("not_found", f"{day} is not closed", field="day")
    return json.loads(row["report"])


def listed(conn: Conn, restaurant: str) -> list[dict]:
    """The closed days, newest first, each with its headline figures."""
    rows = conn.execute(
        "SELECT day, starts_at, closed_at, report FROM closed_days WHERE restaurant = ?"
        " ORDER BY day DESC LIMIT ?",
        (restaurant, MAX_LISTED),
    ).fetchall()
    out = []
    for row in rows:
        made = json.loads(row["report"])
        out.append({"day": row["day"], "starts_at": row["starts_at"],
                    "closed_at": row["closed_at"], "orders": made["orders"],
                    "revenue": made["revenue"],
                    "over_short": made["cash"]["over_short"]})  # fmt: skip
    return out


def report_csv(made: dict, dialect: spreadsheet.Dialect = spreadsheet.PLAIN) -> str:
    """A Z (or X) report as rows a spreadsheet opens: section, what, count, amount, in the
    reader's ``dialect``."""
    currency = made["currency"]

    def price(amount: int) -> str:
        return dialect.number(money.plain_price(amount, currency))

    rows: list[list] = [["section", "what", "count", "amount"],
                        ["day", made["day"], "", ""], ["from", made["starts_at"], "", ""],
                        ["to", made["ends_at"], "", ""],
                        ["orders", "first", "", made["first_number"] or ""],
                        ["orders", "last", "", made["last_number"] or ""],
                        ["orders", "placed", made["orders"], ""],
                        ["orders", "cancelled", made["cancelled"], ""],
                        ["revenue", "total", made["paid_orders"],
                         price(made["revenue"])]]  # fmt: skip
    rows += [["by_method", m, "", price(a)] for m, a in made["by_payment_method"].items()]
    rows += [["by_category", c["name"], c["qty"], price(c["amount"])]
             for c in made["by_category"]]  # fmt: skip
    rows += [["tax", dialect.number(f"{int(r) / 100:g}") + " %", "", price(a)]
             for r, a in made["tax_rates"].items()]  # fmt: skip
    for what in ("discounts", "voids", "refunds", "comps", "write_offs"):
        rows.append([what, "", made[what]["count"], price(made[what]["amount"])])
    rows += [["tips", "", "", price(made["tips"])], ["service", "", "", price(made["service"])]]
    cash = made["cash"]
    for d in cash["drawers"]:
        rows += [
            ["drawer", f"{d['name']}: {key}", "", price(d[key])]
            for key in ("float", "cash_in", "cash_out", "expected", "counted", "difference")
        ]
    rows += [
        ["cash", key, "", price(cash[key])]
        for key in ("expected", "counted", "over_short", "outside_drawers")
    ]
    rows += [["carried", number, "", ""] for number in made.get("carried", ())]
    for p in made.get("by_person", ()):  # days closed before people signed in have none
        rows += [["person", f"{p['name']}: sales", p["orders"], price(p["sales"])],
                 ["person", f"{p['name']}: taken", "", price(p["payments"])],
                 ["person", f"{p['name']}: tips", "", price(p["tips"])]]  # fmt: skip
    return spreadsheet.to_text(rows, dialect)
