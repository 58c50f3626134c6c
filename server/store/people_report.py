"""The figures by person: who took which orders, took and gave back which money, voided and
discounted what, and worked how long, over a span of local days (``GET /reports/staff``, the
manager's Day tab, CSV). Every event names the person whose change made it (``made_by``), so
each figure goes to whoever did it: an order to who placed it, a payment and its tip to who
took it, a void to who voided, a refund to who gave it back; hours come from clocking in and
out (``staff_shifts``), cut to the span. Pure but for reading the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from domain import money, spreadsheet
from domain.timestamps import iso

from .database import Conn
from .reports import _parse, bounds, events_between

FIELDS = ("orders", "sales", "payments", "tips", "voids", "voided", "discounts", "comps",
          "comped", "refunds", "refunded", "hours")  # fmt: skip


def by_person(
    events: Iterable[dict], shifts: Iterable[Mapping], members: Mapping[str, Mapping],
    start: datetime, end: datetime, now: datetime,
) -> list[dict]:  # fmt: skip
    """One row per person who did anything or worked in [start, end), by name."""
    rows: dict[str, dict] = {}

    def row(person: Mapping) -> dict:
        found = rows.get(person["id"])
        if found is None:
            known = members.get(person["id"], {})
            found = rows[person["id"]] = {
                "id": person["id"], "name": known.get("name") or person.get("name") or "",
                "job": known.get("job", ""), **dict.fromkeys(FIELDS, 0),
            }  # fmt: skip
        return found

    placed: dict[str, tuple[Mapping, dict]] = {}
    seen: set[tuple] = set()
    for event in events:
        order, at = event["data"], _parse(event["at"])
        person = (event.get("by") or {}).get("person")
        if event["type"] == "order_created":
            if person and start <= _parse(order["created_at"]) < end:
                placed[order["id"]] = (person, order)
            continue
        if order["id"] in placed:
            maker, latest = placed[order["id"]]
            placed[order["id"]] = (maker, {**latest, **order})
        for n, payment in enumerate(order.get("payments") or ()):
            key = ("pay", payment.get("id") or f"{order['id']}:{n}")
            taken = _parse(payment["at"]) if payment.get("at") else at
            if key not in seen and start <= taken < end:  # later copies repeat it: once
                seen.add(key)
                if person:
                    row(person)["payments"] += payment["amount"]
                    row(person)["tips"] += payment.get("tip", 0)
        for n, refund in enumerate(order.get("refunds") or ()):
            key = ("refund", refund.get("id") or f"{order['id']}:{n}")
            back = _parse(refund["at"]) if refund.get("at") else at
            if key not in seen and start <= back < end:
                seen.add(key)
                if person:
                    row(person)["refunds"] += 1
                    row(person)["refunded"] += refund["amount"]
        comp = order.get("comp")
        if comp and ("comp", order["id"]) not in seen and start <= at < end:
            seen.add(("comp", order["id"]))
            if person:
                row(person)["comps"] += 1
                row(person)["comped"] += comp.get("amount", 0)
        last = order.get("last_change") or {}
        key = (order["id"], last.get("at"), last.get("what"), last.get("line"))
        if last.get("what") in ("void", "discount") and key not in seen and start <= at < end:
            seen.add(key)
            if person and last["what"] == "void":
                row(person)["voids"] += 1
                row(person)["voided"] += _line_total(placed.get(order["id"]), last.get("line"))
            elif person:
                row(person)["discounts"] += 1
    for maker, order in placed.values():
        if order["status"] != "cancelled":
            row(maker)["orders"] += 1
            row(maker)["sales"] += order["total"]
    for shift in shifts:
        began = max(_parse(shift["started_at"]), start)
        ended = min(_parse(shift["ended_at"]) if shift["ended_at"] else now, end)
        if ended > began:
            row({"id": shift["person"]})["hours"] += (ended - began).total_seconds() / 3600
    for figures in rows.values():
        figures["hours"] = round(figures["hours"], 2)
    return sorted(rows.values(), key=lambda r: (r["name"].casefold(), r["id"]))


def _line_total(placed: tuple[Mapping, dict] | None, line: object) -> int:
    if placed is None or not isinstance(line, int):
        return 0
    lines = placed[1].get("lines") or []
    return lines[line]["line_total"] if 0 <= line < len(lines) else 0


def span(first: date, last: date, tz: str) -> tuple[datetime, datetime]:
    """The instants from the start of local day ``first`` to the end of local day ``last``."""
    return bounds(first, tz)[0], bounds(last, tz)[1]


def people(conn: Conn, restaurant: str, first: date, last: date, tz: str,
           now: datetime) -> list[dict]:  # fmt: skip
    """The figures by person for local days ``first`` to ``last``, in the caller's snapshot."""
    start, end = span(first, last, tz)
    return between(conn, restaurant, events_between(conn, restaurant, start, end), start, end,
                   now)  # fmt: skip


def between(conn: Conn, restaurant: str, events: Iterable[dict], start: datetime,
            end: datetime, now: datetime) -> list[dict]:  # fmt: skip
    """The figures by person over [start, end) from ``events`` (``reports.events_between``):
    a local span of days, or a business day (the Z report)."""
    staff = conn.execute("SELECT id, name, job FROM staff WHERE restaurant = ?", (restaurant,))
    members = {r["id"]: {"name": r["name"], "job": r["job"]} for r in staff.fetchall()}
    shifts = conn.execute(
        "SELECT person, started_at, ended_at FROM staff_shifts WHERE restaurant = ?"
        " AND started_at < ? AND (ended_at IS NULL OR ended_at > ?)",
        (restaurant, iso(end), iso(start)),
    ).fetchall()
    return by_person(events, shifts, members, start, end, now)


def people_csv(
    rows: Iterable[dict], currency: str, dialect: spreadsheet.Dialect = spreadsheet.PLAIN
) -> str:
    """The figures by person, one row each, as a spreadsheet in the reader's ``dialect``
    opens them."""
    out: list[list] = [["name", "job", "orders", "sales", "payments", "tips", "voids",
                        "voided", "discounts", "comps", "comped", "refunds", "refunded",
                        "hours"]]  # fmt: skip
    price = lambda amount: dialect.number(money.plain_price(amount, currency))  # noqa: E731
    for r in rows:
        out.append([
            r["name"], r["job"], r["orders"], price(r["sales"]), price(r["payments"]),
            price(r["tips"]), r["voids"], price(r["voided"]), r["discounts"], r["comps"],
            price(r["comped"]), r["refunds"], price(r["refunded"]),
            dialect.number(f"{r['hours']:.2f}"),
        ])  # fmt: skip
    return spreadsheet.to_text(out, dialect)
