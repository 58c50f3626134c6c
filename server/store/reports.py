"""The day's figures, computed from the event log for one local day of the restaurant.

``summarize`` is pure: it folds a day's order events (and a few hours after it, to find the
"ready" of an order placed just before midnight) into the report. ``day`` reads those events
with one indexed range query on the events' time (``events_by_time``), so a restaurant with a
season of history answers as fast as a new one.

What counts:
- ``orders``: placed that day and not cancelled; ``cancelled``: placed that day, cancelled.
- ``revenue``: the payments taken that day (a check opened before midnight and paid after
  counts on the day it was paid, as the till does), split ``by_payment_method``; an order
  marked paid without a payment counts its total as ``unrecorded``. ``tips`` beside it (not
  revenue); ``paid_orders`` the checks settled that day (a take-away paid up front too),
  ``average_ticket`` over those.
- ``voids``: lines voided on the day's orders (how many, what they were worth);
  ``discounts``: how many were given, and what the checks paid that day were discounted by;
- ``refunds``: money given back that day (how many, how much); revenue and its methods are
  net of them (the payment and its refund both stay in the log);
- ``comps`` and ``write_offs``: checks closed unpaid that day with a manager's approval (how
  many, what they still owed): not revenue, counted apart;
  ``service``: the service charge on those checks.
- ``by_hour``: orders placed and revenue paid in each local hour.
- ``top_items``: quantities on the day's orders that were not cancelled.
- ``prep``: per kitchen station, seconds from an order being placed to the station's own bump
  of its last line (or, without one, to the order being ready), for the day's orders that
  reached ready and held a line of that station (average and 90th percentile); station ``*``:
  whole orders, placed to ready.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain import money, spreadsheet
from domain.timestamps import iso

from .database import Conn

LATE_READY = timedelta(hours=12)  # how long after the day an order's "ready" is still looked for
TOP_ITEMS = 10
UNRECORDED = "unrecorded"  # payments without a method (before the bill screen records one)


def bounds(day: date, tz: str) -> tuple[datetime, datetime]:
    """The local day as UTC instants [start, end): 23 or 25 hours on a clock change."""
    zone = ZoneInfo(tz)
    start = datetime.combine(day, time(), zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(), zone).astimezone(UTC)
    return start, end


def summarize(events: Iterable[dict], day: date, tz: str) -> dict:
    """The report for ``day`` from order events ``{type, data, at}`` in seq order covering the
    day (and ``LATE_READY`` after it)."""
    start, end = bounds(day, tz)
    return {"date": day.isoformat(), **summarize_between(events, start, end, tz)}


def summarize_between(
    events: Iterable[dict], start: datetime, end: datetime, tz: str, *, full: bool = False
) -> dict:
    """The report for the instants [start, end) (a local day, or a business day from one close
    to the next). ``full`` adds what the close of day prints: every item sold (``sold``, voided
    lines left out), taxes by rate (``tax_rates``) and the first and last order number."""
    zone = ZoneInfo(tz)
    placed: dict[str, dict] = {}  # the day's orders, latest copy
    placed_at: dict[str, datetime] = {}
    ready_at: dict[str, datetime] = {}
    paid: dict[str, tuple[dict, datetime]] = {}
    settled: dict[str, tuple[dict, datetime]] = {}  # by check: as it was last settled
    payments: dict[str, tuple[dict, datetime]] = {}  # by payment id: each counted once
    changes: set[tuple] = set()  # (order, at, what, line) of voids and discounts, once each
    comps: dict[str, dict] = {}  # by check: what a comp or write-off closed unpaid that day
    refunds: dict[str, tuple[dict, datetime]] = {}  # by refund id: money given back that day
    voided = 0
    for event in events:
        order = event["data"]
        at = _parse(event["at"])
        if event["type"] == "order_created":
            created = _parse(order["created_at"])
            if start <= created < end:
                placed[order["id"]] = order
                placed_at[order["id"]] = created
            continue
        if order["id"] in placed:
            placed[order["id"]] = {**placed[order["id"]], **order}
        if order["status"] == "ready" and order["id"] not in ready_at:
            ready_at[order["id"]] = at
        if order["status"] == "paid" and start <= at < end and order["id"] not in paid:
            paid[order["id"]] = (order, at)
        if order.get("billed") and start <= at < end:  # settled (a take-away paid up front)
            settled[order["id"]] = (order, at)
        for n, payment in enumerate(order.get("payments") or ()):
            taken = _parse(payment["at"]) if payment.get("at") else at
            if start <= taken < end:  # every later copy of the order repeats it: once by id
                payments.setdefault(payment.get("id") or f"{order['id']}:{n}", (payment, taken))
        for n, refund in enumerate(order.get("refunds") or ()):
            back = _parse(refund["at"]) if refund.get("at") else at
            if start <= back < end:
                refunds.setdefault(refund.get("id") or f"{order['id']}:r{n}", (refund, back))
        comp = order.get("comp")
        if comp and start <= (_parse(comp["at"]) if comp.get("at") else at) < end:
            comps.setdefault(order["id"], comp)
        last = order.get("last_change") or {}
        if last.get("what") in ("void", "discount") and order["id"] in placed:
            key = (order["id"], last.get("at"), last["what"], last.get("line"))
            if key not in changes:
                changes.add(key)
                if last["what"] == "void":
                    voided += _line_total(placed[order["id"]], last.get("line"))

    kept = {oid: o for oid, o in placed.items() if o["status"] != "cancelled"}
    hours = [{"hour": h, "orders": 0, "revenue": 0} for h in range(24)]
    for oid in kept:
        hours[placed_at[oid].astimezone(zone).hour]["orders"] += 1
    by_method: Counter[str] = Counter()
    for payment, taken in payments.values():
        hours[taken.astimezone(zone).hour]["revenue"] += payment["amount"]
        by_method[payment["method"]] += payment["amount"]
    for refund, back in refunds.values():  # money given back leaves that day's takings
        hours[back.astimezone(zone).hour]["revenue"] -= refund["amount"]
        by_method[refund["method"]] -= refund["amount"]
    checks = {oid: pair for oid, pair in paid.items() if not pair[0].get("adds_to")}
    for order, at in checks.values():
        if not order.get("payments") and not order.get("comp"):  # paid before payments were kept
            hours[at.astimezone(zone).hour]["revenue"] += order["total"]
            by_method[UNRECORDED] += order["total"]
    revenue = sum(by_method.values())
    checks.update((oid, pair) for oid, pair in settled.items() if not pair[0].get("adds_to"))
    billed = [order.get("billed") or {} for order, _ in checks.values()]
    report = {
        "tz": tz,
        "orders": len(kept),
        "cancelled": len(placed) - len(kept),
        "revenue": revenue,
        "paid_orders": len(checks),
        "average_ticket": round(revenue / len(checks)) if checks else 0,
        "by_payment_method": dict(sorted(by_method.items())),
        "tips": sum(p.get("tip", 0) for p, _ in payments.values()),
        "voids": {"count": sum(1 for c in changes if c[2] == "void"), "amount": voided},
        "discounts": {"count": sum(1 for c in changes if c[2] == "discount"),
                      "amount": sum(b.get("discounts", 0) for b in billed)},
        "service": sum(b.get("service", 0) for b in billed),
        "refunds": {"count": len(refunds), "amount": sum(r["amount"] for r, _ in refunds.values())},
        "comps": _closed_unpaid(comps.values(), "comp"),
        "write_offs": _closed_unpaid(comps.values(), "write_off"),
        "by_hour": hours,
        "top_items": _top_items(kept.values()),
        "prep": _prep(kept, placed_at, ready_at),
    }  # fmt: skip
    if full:
        numbers = [placed[oid]["number"] for oid in sorted(placed, key=lambda o: placed_at[o])
                   if not placed[oid].get("adds_to")]  # fmt: skip
        rates: Counter[str] = Counter()
        for b in billed:
            rates.update(b.get("tax_rates") or {})
        report.update(sold=_sold(kept.values()), tax_rates=dict(sorted(rates.items())),
                      first_number=numbers[0] if numbers else None,
                      last_number=numbers[-1] if numbers else None)  # fmt: skip
    return report


def _sold(orders: Iterable[dict]) -> dict[str, dict]:
    """Every item on ``orders``: quantity and worth, voided lines left out."""
    sold: dict[str, dict] = {}
    for order in orders:
        for line in order["lines"]:
            if line.get("voided"):
                continue
            item = sold.setdefault(line["item_id"], {"name": line["name"], "qty": 0, "amount": 0})
            item["qty"] += line["qty"]
            item["amount"] += line["line_total"]
    return sold


def _closed_unpaid(comps: Iterable[dict], kind: str) -> dict:
    """How many checks were closed unpaid as ``kind`` and what they still owed: not revenue."""
    found = [c for c in comps if c.get("kind") == kind]
    return {"count": len(found), "amount": sum(c.get("amount", 0) for c in found)}


def _line_total(order: dict, line: object) -> int:
    lines = order.get("lines") or []
    return lines[line]["line_total"] if isinstance(line, int) and 0 <= line < len(lines) else 0


def _top_items(orders: Iterable[dict]) -> list[dict]:
    qty: Counter[str] = Counter()
    revenue: Counter[str] = Counter()
    names: dict[str, str] = {}
    for order in orders:
        for line in order["lines"]:
            qty[line["item_id"]] += line["qty"]
            revenue[line["item_id"]] += line["line_total"]
            names[line["item_id"]] = line["name"]
    ranked = sorted(qty, key=lambda i: (-qty[i], names[i], i))[:TOP_ITEMS]
    return [{"item_id": i, "name": names[i], "qty": qty[i], "revenue": revenue[i]} for i in ranked]


def _prep(kept: dict[str, dict], placed_at: dict, ready_at: dict) -> list[dict]:
    """Per station, from the order placed (or its course fired) to the station's last line done
    (its own bump: ``domain.stations``); a station that never bumped its lines (all stations
    on one screen) counts until the order was ready. The row with station ``*`` is whole
    orders, placed to ready."""
    by_station: dict[str, list[float]] = defaultdict(list)
    for oid, order in kept.items():
        if oid not in ready_at:
            continue
        placed = placed_at[oid]
        by_station["*"].append((ready_at[oid] - placed).total_seconds())
        shares: dict[str, list[dict]] = defaultdict(list)
        for line in order["lines"]:
            if not line.get("voided"):
                shares[line.get("station") or ""].append(line)
        for station, lines in shares.items():
            done = [line.get("done_at") for line in lines]
            if all(done):
                began = max((_parse(line["fired_at"]) for line in lines if line.get("fired_at")),
                            default=placed)  # fmt: skip
                seconds = (max(_parse(d) for d in done) - began).total_seconds()
            else:
                seconds = (ready_at[oid] - placed).total_seconds()
            by_station[station].append(max(0.0, seconds))
    return [
        {"station": station, "orders": len(times), "average_s": round(sum(times) / len(times)),
         "p90_s": round(_percentile(times, 0.9))}
        for station, times in sorted(by_station.items())
    ]  # fmt: skip


def _percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile: a value that occurred, as a kitchen manager would read it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _parse(moment: str) -> datetime:
    return datetime.fromisoformat(moment.replace("Z", "+00:00"))


# -- reading the log ---------------------------------------------------------------------------


# What the report reads of each order event, pulled out by SQLite's JSON functions: decoding
# whole orders in Python was most of the time a report took, so scalars come out as SQL values
# (SQLite keeps the parsed event between the calls on one row), and only what is a list or an
# object is decoded here, where it exists. An order's lines are read from the event that placed
# it (a change carries the same lines); the change an event made is its history's last entry.
SCALARS = {"id": "$.id", "number": "$.number", "table_id": "$.table_id", "status": "$.status",
           "total": "$.total", "version": "$.version", "created_at": "$.created_at",
           "adds_to": "$.adds_to", "last_what": "$.history[#-1].what",
           "last_at": "$.history[#-1].at", "last_line": "$.history[#-1].line"}  # fmt: skip
DECODED = {"payments": "$.payments", "billed": "$.billed", "comp": "$.comp", "refunds": "$.refunds"}


def day_events(conn: Conn, restaurant: str, day: date, tz: str) -> list[dict]:
    """The order events of local ``day`` (and ``LATE_READY`` after it), each ``{type, at,
    data, by}`` with only what a report reads in ``data``."""
    return events_between(conn, restaurant, *bounds(day, tz))


def events_between(conn: Conn, restaurant: str, start: datetime, end: datetime) -> list[dict]:
    """``day_events`` for the instants [start, end + ``LATE_READY``)."""
    dialect = conn.dialect
    pulled = ", ".join(dialect.json_value("data", path) for path in (*SCALARS.values(),
                                                                   *DECODED.values()))  # fmt: skip
    # ``ORDER BY +seq``: sorting the day's few thousand rows is nothing, but a plain ``seq``
    # lets the planner walk the whole log in primary-key order to skip that sort (10x slower
    # on a season of history); the unary plus leaves it the time index.
    rows = conn.execute(
        f"SELECT type, at, {pulled},"
        f" CASE type WHEN 'order_created' THEN {dialect.json_value('data', '$.lines')} END,"
        " made_by FROM events"
        " WHERE restaurant = ? AND at >= ? AND at < ?"
        " AND type IN ('order_created', 'order_updated') ORDER BY +seq",
        (restaurant, iso(start), iso(end + LATE_READY)),
    ).fetchall()
    out = []
    n = len(SCALARS)
    for row in rows:
        values = tuple(row)
        data = dict(zip(SCALARS, values[2 : 2 + n], strict=True))
        if data["last_what"] is not None:
            data["last_change"] = {"what": data["last_what"], "at": data["last_at"],
                                   "line": data["last_line"]}  # fmt: skip
        for name, value in zip((*DECODED, "lines"), values[2 + n : -1], strict=True):
            if value is not None:
                data[name] = dialect.decode(value)
        made_by = json.loads(values[-1]) if values[-1] else None  # who: the figures by person
        out.append({"type": row[0], "data": data, "at": row[1], "by": made_by})
    return out


def day(conn: Conn, restaurant: str, on: date) -> dict:
    """The report for local day ``on``, and whether the log still holds all of it."""
    row = conn.execute(
        "SELECT tz, currency, pruned_seq FROM restaurants WHERE id = ?", (restaurant,)
    ).fetchone()
    report = summarize(day_events(conn, restaurant, on, row["tz"]), on, row["tz"])
    start, _ = bounds(on, row["tz"])
    oldest = conn.execute(
        "SELECT at FROM events WHERE restaurant = ? ORDER BY seq LIMIT 1", (restaurant,)
    ).fetchone()
    pruned = row["pruned_seq"] > 0 and (oldest is None or _parse(oldest["at"]) > start)
    return {**report, "currency": row["currency"], "complete": not pruned}


def orders_csv(
    events: Iterable[dict], on: date, tz: str, currency: str,
    dialect: spreadsheet.Dialect = spreadsheet.PLAIN,
) -> str:  # fmt: skip
    """The day's orders, one row each, as a spreadsheet in the reader's ``dialect`` opens
    them."""
    zone = ZoneInfo(tz)
    start, end = bounds(on, tz)
    latest: dict[str, dict] = {}
    paid_at: dict[str, datetime] = {}
    for event in events:
        order = event["data"]
        if event["type"] == "order_created" and start <= _parse(order["created_at"]) < end:
            latest[order["id"]] = order
        elif order["id"] in latest:
            latest[order["id"]] = {**latest[order["id"]], **order}
            if order["status"] == "paid":
                paid_at[order["id"]] = _parse(event["at"])
    rows: list[list] = [["number", "placed", "table", "status", "items", "total", "paid"]]
    for order in sorted(latest.values(), key=lambda o: o["created_at"]):
        local = _parse(order["created_at"]).astimezone(zone)
        paid = paid_at.get(order["id"])
        rows.append([
            order["number"], local.strftime("%Y-%m-%d %H:%M"), order["table_id"] or "",
            order["status"], sum(line["qty"] for line in order["lines"]),
            dialect.number(money.plain_price(order["total"], currency)),
            paid.astimezone(zone).strftime("%H:%M") if paid else "",
        ])  # fmt: skip
    return spreadsheet.to_text(rows, dialect)
