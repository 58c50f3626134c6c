"""REST endpoints under /api/v1. Each is declared once with ``endpoint`` (see ``routes``)."""

from __future__ import annotations

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, Response, current_app, g, request

from domain import payloads, submissions
from domain.errors import DomainError
from domain.roles import check_allowed
from domain.schema import Bool, Field, Int, List, Obj, Str, validate
from domain.timestamps import iso, utcnow

from . import __version__, images, menu, reports, scopes
from .batches import submit_batch
from .db import DatabaseUnavailable
from .routes import api, endpoint

MAX_EVENTS_PAGE = 1_000
CLIENT_ERROR_RATE = "6/minute"  # per device: a crash loop on a kiosk must not flood the log
client_log = logging.getLogger("passline.client")

CLIENT_ERRORS = Obj(
    {
        "build": Field(Str(32), required=False, default=""),
        "errors": Field(
            List(
                Obj(
                    {
                        "where": Field(Str(64, 1)),
                        "message": Field(Str(500, 1)),
                        "count": Field(Int(1, 1_000_000), required=False, default=1),
                        "at": Field(Str(40), required=False, default=""),
                    }
                ),
                10,
                1,
            )
        ),
    }
)


def init_app(app: Flask) -> None:
    from . import device_api  # noqa: F401 - its endpoints join the blueprint

    app.register_blueprint(api)


def services():
    return current_app.extensions["passline"]


def _count_changes(n: int) -> None:
    device = g.device
    services().mutation_rates.check(device.role, (device.restaurant, device.device), n)


def _submit(op: str, data: dict, client_id: str) -> tuple[dict, int]:
    check_allowed(g.device.role, op, data)
    _count_changes(1)
    device = g.device
    result, replayed, _ = services().store.submit(
        device.restaurant, client_id, op, data, device.device, device.role
    )
    return result, 200 if replayed or op != "create_order" else 201


@endpoint(
    "GET", "/menu", "The menu, whole or changed since a version",
    query={"since_version": Int(0, 2**53)}, tag="menu",
    response=Obj({"version": Field(Int(0, 2**53)), "currency": Field(payloads.CURRENCY),
                  "settings": Field(payloads.SAVE_SETTINGS),
                  "categories": Field(List(Obj(open=True), 10_000)),
                  "items": Field(List(Obj(open=True), 100_000)),
                  "removed": Field(Obj({"categories": Field(List(payloads.ID, 10_000)),
                                        "items": Field(List(payloads.ID, 100_000))}))}),
    description="With `since_version`, only categories and items changed after it, and the "
    "ids removed since then; without it, the whole current menu. Prices are minor units of "
    "`currency`; `settings` are the restaurant's bill rules (payment methods, taxes, service).",
)  # fmt: skip
def get_menu(query: dict) -> dict:
    return services().store.menu(g.device.restaurant, query["since_version"])


@endpoint(
    "PUT", "/menu/categories/<category_id>", "Create or replace a menu category",
    roles=("manager",), body=payloads.MENU_CATEGORY, tag="menu",
    response=Obj({"category": Field(Obj(open=True))}),
    description="Bumps the menu version and emits `menu_updated`.",
)  # fmt: skip
def put_category(category_id: str, payload: dict) -> dict:
    _check_id(category_id, "category_id")
    return services().store.edit_menu(
        g.device.restaurant, menu.upsert_category, category_id, payload
    )


@endpoint(
    "DELETE", "/menu/categories/<category_id>", "Remove an empty menu category",
    roles=("manager",), tag="menu", errors=("not_found", "category_not_empty"),
    response=Obj({"version": Field(Int(0, 2**53))}),
)  # fmt: skip
def delete_category(category_id: str) -> dict:
    return services().store.edit_menu(g.device.restaurant, menu.remove_category, category_id)


@endpoint(
    "PUT", "/menu/items/<item_id>", "Create or replace a menu item",
    roles=("manager",), body=payloads.MENU_ITEM, tag="menu",
    response=Obj({"item": Field(Obj(open=True))}), errors=("unknown_category", "unknown_image"),
)  # fmt: skip
def put_item(item_id: str, payload: dict) -> dict:
    _check_id(item_id, "item_id")
    return services().store.edit_menu(g.device.restaurant, menu.upsert_item, item_id, payload)


@endpoint(
    "DELETE", "/menu/items/<item_id>", "Remove a menu item",
    roles=("manager",), tag="menu", errors=("not_found",),
    response=Obj({"version": Field(Int(0, 2**53))}),
)  # fmt: skip
def delete_item(item_id: str) -> dict:
    return services().store.edit_menu(g.device.restaurant, menu.remove_item, item_id)


@endpoint(
    "PUT", "/menu/items/<item_id>/image", "Set an item's picture",
    roles=("manager",), tag="menu", raw_body=("image/jpeg", "image/png", "image/webp", "image/gif"),
    response=Obj({"item": Field(Obj(open=True))}),
    errors=("not_found", "invalid_image", "payload_too_large", "unsupported_media_type"),
    description="The body is the picture itself (JPEG, PNG, WebP or GIF, up to 8 MB). It is "
    "turned upright, stripped of metadata, fitted in 640 px and stored as WebP; the item's "
    "`image` becomes its URL, which changes with the picture.",
)  # fmt: skip
def put_item_image(item_id: str, raw: bytes) -> dict:
    picture = images.prepare(raw)
    return services().store.edit_menu(g.device.restaurant, menu.set_image, item_id, picture)


@endpoint(
    "DELETE", "/menu/items/<item_id>/image", "Remove an item's picture",
    roles=("manager",), tag="menu", errors=("not_found",),
    response=Obj({"item": Field(Obj(open=True))}),
)  # fmt: skip
def delete_item_image(item_id: str) -> dict:
    return services().store.edit_menu(g.device.restaurant, menu.set_image, item_id, None)


@endpoint(
    "PUT", "/menu/items/<item_id>/availability", "Sell an item out (\"86\") or back on",
    roles=("kitchen", "manager"), tag="menu",
    body=payloads.with_client_id(payloads.SET_ITEM_AVAILABILITY, drop=("item_id",)),
    response=Obj({"item_id": Field(payloads.ID), "available": Field(Bool())}),
    errors=("not_found", "out_of_stock", "idempotency_mismatch", "rate_limited"),
    description="Idempotent by `client_id`, like every change a screen may queue offline. "
    "Emits `item_availability_changed` and `menu_updated`; kiosks grey the item out and the "
    "server refuses it in new orders (`item_unavailable`).",
)  # fmt: skip
def put_item_availability(item_id: str, payload: dict) -> tuple[dict, int]:
    client_id = payload.pop("client_id")
    return _submit("set_item_availability", {"item_id": item_id, **payload}, client_id)


@endpoint(
    "GET", "/floor", "Snapshot of areas, tables and active orders", tag="floor",
    response=Obj({"seq": Field(Int(0, 2**53)), "epoch": Field(payloads.EPOCH),
                  "areas": Field(List(payloads.AREA, 10_000)),
                  "tables": Field(List(payloads.TABLE, 10_000)),
                  "orders": Field(List(payloads.ORDER, 100_000)),
                  "kitchen": Field(Obj({"screens": Field(Int(0, 2**31)),
                                        "at": Field(Str(32), nullable=True)}), required=False)}),
    description="`seq` is the last event the snapshot reflects: resume the live socket or "
    "`/events` from it, within `epoch` (the log's id). A kiosk gets the tables without their "
    "status and only the orders it placed (`placed_by` is its device id). Others get "
    "`kitchen`: the kitchen screens connected now and when they last came or went "
    "(`device_status` events follow it).",
)  # fmt: skip
def get_floor() -> dict:
    restaurant = g.device.restaurant
    floor = scopes.floor_for(g.device, services().store.floor(restaurant))
    if not scopes.limited(g.device):
        # Whether a kitchen screen is connected, and since when it is (or is not): the floor
        # and manager screens flag a kitchen gone dark. This process's sockets.
        kitchen = services().hub.kitchen_status.get(restaurant, {"screens": 0, "at": None})
        screens = services().hub.connections().get(restaurant, {}).get("kitchen", 0)
        floor["kitchen"] = {**kitchen, "screens": screens}
    return floor


@endpoint(
    "POST", "/orders", "Place an order (idempotent by client_id)",
    body=payloads.with_client_id(payloads.CREATE_ORDER), status=201, tag="orders",
    response=Obj({"order": Field(payloads.ORDER)}),
    errors=("unknown_item", "unknown_modifier", "modifier_required", "item_unavailable",
            "out_of_stock", "unknown_table", "unknown_order", "table_required", "order_closed",
            "already_paid", "invalid_phone", "idempotency_mismatch", "forbidden", "rate_limited"),
    description="201 with the new order; a replay of the same `client_id` and body answers "
    "200 with the same order as it is now and changes nothing. `type` is `dine_in` (at "
    "`table_id`), `takeaway` or `delivery` (a kiosk: not delivery), with optional `customer` "
    "details. With `adds_to` (staff), the lines are added to that open order's check: a "
    "ticket of their own for the kitchen, with the check's number, table and bill.",
)  # fmt: skip
def post_order(payload: dict) -> tuple[dict, int]:
    client_id = payload.pop("client_id")
    return _submit("create_order", payload, client_id)


@endpoint(
    "POST", "/mutations", "Apply up to 100 mutations in one request",
    body=submissions.BATCH, tag="orders",
    response=Obj({"results": Field(List(Obj(open=True), submissions.MAX_BATCH))}),
    errors=("rate_limited",),
    description="Each item is `{client_id, op, data}` as in the live socket's `submit`, with the "
    "same rules and idempotency. `results` holds one `ack` or `reject` per item, in order; one "
    "rejected item does not stop the others. All accepted items share one durable commit: this "
    "is how a client empties its offline queue quickly.",
)  # fmt: skip
def post_mutations(payload: dict) -> dict:
    _count_changes(len(payload["mutations"]))
    return {"results": submit_batch(services().store, g.device, payload["mutations"])}


@endpoint(
    "GET", "/orders/<order_id>", "One order, active or not", tag="orders",
    response=Obj({"order": Field(payloads.ORDER)}), errors=("not_found",),
)  # fmt: skip
def get_order(order_id: str) -> dict:
    order = services().store.order(g.device.restaurant, order_id)
    if not scopes.may_read_order(g.device, order):
        raise DomainError("not_found", f"no order {order_id!r}", field="order_id")
    return {"order": order}


@endpoint(
    "POST", "/orders/<order_id>/status", "Move an order along its lifecycle",
    body=payloads.with_client_id(payloads.SET_ORDER_STATUS, drop=("order_id",)), tag="orders",
    response=Obj({"order": Field(payloads.ORDER)}),
    errors=("not_found", "illegal_transition", "reason_required", "approval_needed",
            "has_additions", "idempotency_mismatch", "forbidden", "rate_limited"),
    description="Cancelling needs a `reason` (one of the restaurant's, or `other` with a `note`); "
    "from a floor device, an order the kitchen has started also needs a manager's `approval`.",
)  # fmt: skip
def post_order_status(order_id: str, payload: dict) -> tuple[dict, int]:
    client_id = payload.pop("client_id")
    return _submit("set_order_status", {"order_id": order_id, **payload}, client_id)


@endpoint(
    "POST", "/orders/<order_id>/payments", "Pay (part of) an order's bill",
    body=payloads.with_client_id(payloads.ADD_PAYMENT, drop=("order_id",)), tag="orders",
    response=Obj({"order": Field(payloads.ORDER)}),
    errors=("not_found", "order_closed", "overpayment", "already_paid", "not_enough_cash",
            "invalid_value", "idempotency_mismatch", "forbidden", "rate_limited"),
)  # fmt: skip
def post_payment(order_id: str, payload: dict) -> tuple[dict, int]:
    client_id = payload.pop("client_id")
    return _submit("add_payment", {"order_id": order_id, **payload}, client_id)


@endpoint(
    "POST", "/orders/<order_id>/voids", "Void a line of an open order, with a reason",
    body=payloads.with_client_id(payloads.VOID_LINE, drop=("order_id",)), tag="orders",
    roles=("floor", "manager"), response=Obj({"order": Field(payloads.ORDER)}),
    errors=("not_found", "order_closed", "already_paid", "line_served", "approval_needed",
            "reason_required", "invalid_value", "idempotency_mismatch", "forbidden",
            "rate_limited"),
    description="The line stays on the order and the kitchen's ticket, marked voided, and "
    "leaves the bill. Once the kitchen has started the order, a manager's `approval` (POST "
    "/approvals) is needed; a served line is refused (`line_served`: give a discount). Voiding a "
    "line already voided changes nothing; voiding the last line cancels the order.",
)  # fmt: skip
def post_void(order_id: str, payload: dict) -> tuple[dict, int]:
    client_id = payload.pop("client_id")
    return _submit("void_line", {"order_id": order_id, **payload}, client_id)


@endpoint(
    "PUT", "/orders/<order_id>/discount", "Set or take off a discount on a line or the check",
    body=payloads.with_client_id(payloads.SET_DISCOUNT, drop=("order_id",)), tag="orders",
    roles=("floor", "manager"), response=Obj({"order": Field(payloads.ORDER)}),
    errors=("not_found", "order_closed", "already_paid", "line_voided", "approval_needed",
            "reason_required", "invalid_value", "idempotency_mismatch", "forbidden",
            "rate_limited"),
    description="`amount` (minor units) or `bp` (basis points), with a `reason`; both 0 takes "
    "it off. Above the restaurant's `discount_approval_bp` a manager's `approval` is needed.",
)  # fmt: skip
def put_discount(order_id: str, payload: dict) -> tuple[dict, int]:
    client_id = payload.pop("client_id")
    return _submit("set_discount", {"order_id": order_id, **payload}, client_id)


@endpoint(
    "POST", "/orders/<order_id>/fire", "Fire the lines held back (the next course)",
    body=payloads.with_client_id(payloads.FIRE_HELD, drop=("order_id",)), tag="orders",
    roles=("floor", "manager"), response=Obj({"order": Field(payloads.ORDER)}),
    errors=("not_found", "order_closed", "idempotency_mismatch", "forbidden", "rate_limited"),
)  # fmt: skip
def post_fire(order_id: str, payload: dict) -> tuple[dict, int]:
    client_id = payload.pop("client_id")
    return _submit("fire_held", {"order_id": order_id, **payload}, client_id)


@endpoint(
    "PATCH", "/tables/<table_id>", "Change a table's status", tag="floor",
    body=payloads.with_client_id(payloads.SET_TABLE_STATUS, drop=("table_id",)),
    response=Obj({"table": Field(payloads.TABLE)}),
    errors=("not_found", "illegal_transition", "idempotency_mismatch", "forbidden",
            "rate_limited"),
)  # fmt: skip
def patch_table(table_id: str, payload: dict) -> tuple[dict, int]:
    client_id = payload.pop("client_id")
    return _submit("set_table_status", {"table_id": table_id, **payload}, client_id)


DATE = Str(10, 10, pattern=r"[0-9]{4}-[0-9]{2}-[0-9]{2}", description="YYYY-MM-DD")
REPORT = Obj({
    "date": Field(DATE), "tz": Field(Str(64)), "currency": Field(payloads.CURRENCY),
    "complete": Field(Bool()), "orders": Field(Int(0, 2**31)), "cancelled": Field(Int(0, 2**31)),
    "revenue": Field(Int(0, 2**53)), "paid_orders": Field(Int(0, 2**31)),
    "average_ticket": Field(Int(0, 2**53)),
    "by_payment_method": Field(Obj(open=True)),
    "tips": Field(Int(0, 2**53)), "service": Field(Int(0, 2**53)),
    "voids": Field(Obj({"count": Field(Int(0, 2**31)), "amount": Field(Int(0, 2**53))})),
    "discounts": Field(Obj({"count": Field(Int(0, 2**31)), "amount": Field(Int(0, 2**53))})),
    "by_hour": Field(List(Obj({"hour": Field(Int(0, 23)), "orders": Field(Int(0, 2**31)),
                               "revenue": Field(Int(0, 2**53))}), 24, 24)),
    "top_items": Field(List(Obj({"item_id": Field(payloads.ID), "name": Field(Str(80)),
                                 "qty": Field(Int(0, 2**31)),
                                 "revenue": Field(Int(0, 2**53))}), reports.TOP_ITEMS)),
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
    "`service`: service charge on them; `by_hour`: orders placed and revenue paid per local hour; "
    "`top_items`: quantities on the day's orders; `prep`: seconds from placed to ready per "
    "kitchen station (average and 90th percentile). `complete` is false when the day is older "
    "than the events kept.",
)  # fmt: skip
def get_day_report(query: dict) -> dict:
    on, _ = _report_day(query)
    store = services().store
    return store.read(lambda conn: reports.day(conn, g.device.restaurant, on))  # type: ignore[return-value]


@endpoint(
    "GET", "/reports/day.csv", "The day's orders as CSV", roles=("manager",), tag="reports",
    query={"date": DATE}, errors=("invalid_value", "rate_limited"),
    description="One row per order placed that day: number, local time, table, status, "
    "items, total (as printed: 12.50) and the time it was paid.",
)  # fmt: skip
def get_day_csv(query: dict) -> Response:
    on, settings = _report_day(query)
    restaurant, tz, currency = g.device.restaurant, settings["tz"], settings["currency"]
    text = services().store.read(lambda conn: reports.orders_csv(
        reports.day_events(conn, restaurant, on, tz), on, tz, currency))  # fmt: skip
    response = Response(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="orders-{on}.csv"'
    return response


@endpoint(
    "GET", "/events", "Events after a cursor: the polling fallback of the live socket",
    query={"since": Int(0, 2**53), "limit": Int(1, MAX_EVENTS_PAGE), "epoch": payloads.EPOCH},
    tag="live",
    response=Obj({"events": Field(List(payloads.EVENT, MAX_EVENTS_PAGE)),
                  "seq": Field(Int(0, 2**53)), "epoch": Field(payloads.EPOCH),
                  "now": Field(Str(32)), "reset": Field(Bool(), required=False)}),
    description="Events with seq > `since`, in seq order, at most `limit` (default 500). "
    "`seq` is the latest event: when it is above the last returned, ask again. `reset: true` "
    "(and no events) when `since` is older than the events kept (see retention) or newer than "
    "the log, or `epoch` (the one the cursor came with) is not the log's (a restored copy, "
    "another database): load `/floor` again and go on from its `seq` and `epoch`. A kiosk "
    "gets the events of its own orders, the menu's and the tables' (without status); every "
    "other event reaches it as `{seq, type: \"hidden\"}`. `now` is the server's time: "
    "devices reckon ages on it, not on their own clocks.",
)  # fmt: skip
def get_events(query: dict) -> dict:
    store = services().store
    restaurant = g.device.restaurant
    since = query["since"] or 0
    latest, epoch, reset = store.resume_point(restaurant, since, query["epoch"] or "")
    now = iso(utcnow())
    if reset:
        return {"events": [], "seq": latest, "epoch": epoch, "now": now, "reset": True}
    events = store.events_since(restaurant, since, query["limit"] or 500)
    return {"events": [scopes.event_for(g.device, e) for e in events], "seq": latest,
            "epoch": epoch, "now": now}  # fmt: skip


@endpoint(
    "POST", "/client-errors", "Report errors from the app on a device", body=CLIENT_ERRORS,
    status=202, tag="ops", response=Obj({"logged": Field(Int(0, 10))}), errors=("rate_limited",),
    description="An exception in the app's browser code (a handler, a render) is otherwise only "
    "in the page's console, which nobody reads on a kiosk. Each report is logged with the "
    "device, its role and the app's build. Devices send deduplicated errors with a count; "
    f"at most {CLIENT_ERROR_RATE} per device, beyond that 429 `rate_limited`.",
)  # fmt: skip
def post_client_errors(payload: dict) -> tuple[dict, int]:
    device = g.device
    address = request.remote_addr or "?"
    services().rates.check(
        CLIENT_ERROR_RATE, "client-errors", device.restaurant, device.role, device.device,
        address, what="error reports",
    )  # fmt: skip
    for error in payload["errors"]:
        # %r: a message is the device's text, and must not forge lines in the log.
        client_log.warning(
            "client error restaurant=%s role=%s device=%r addr=%s build=%r where=%r"
            " count=%d at=%r: %r",
            device.restaurant, device.role, device.device, address, payload["build"],
            error["where"], error["count"], error["at"], error["message"],
        )  # fmt: skip
    return {"logged": len(payload["errors"])}, 202


@endpoint(
    "GET", "/health", "Liveness, the database and the broker", roles=None, tag="ops",
    response=Obj({"status": Field(Str(16)), "version": Field(Str(32)),
                  "schema": Field(Int(0, 1000), required=False),
                  "database": Field(Obj(open=True)), "broker": Field(Obj(open=True))}),
    errors=("database_unavailable",),
    description="`status` is `ok`, `degraded` (the broker is down: events between processes "
    "are read from the database, slower) or `unavailable` (503: the database cannot be "
    "reached; writes are refused and devices keep them).",
)  # fmt: skip
def get_health() -> dict | tuple[dict, int]:
    svc = services()
    body: dict = {"status": "ok", "version": __version__}
    try:
        body["schema"] = svc.db.schema_version()
        body["database"] = svc.db.describe()
    except DatabaseUnavailable as exc:
        body["database"] = {"engine": svc.db.engine, "ok": False, "error": str(exc)[:200]}
    body["broker"] = svc.broker.describe() if svc.broker else {"kind": "none"}
    if not body["database"]["ok"]:
        body["status"] = "unavailable"
        return body, 503
    if svc.broker is not None and not svc.broker.up:
        body["status"] = "degraded"
    return body


@endpoint(
    "GET", "/stats", "Live connections by role, the event rate, how events travel",
    roles=("manager",), tag="ops",
    response=Obj({"connections": Field(Obj(open=True)), "total_connections": Field(Int(0, 2**31)),
                  "events_per_second": Field(Obj(open=True)), "seq": Field(Int(0, 2**53)),
                  "delivery": Field(Obj(open=True))}),
    description="`connections` counts this restaurant's live sockets by role; "
    "`total_connections` counts this process's. `delivery` says how events committed by other "
    "processes reach this one: `broker` (Redis, fast), or `log` (no broker, or it is down: "
    "read from the database every `poll_s`).",
)  # fmt: skip
def get_stats() -> dict:
    svc = services()
    restaurant = g.device.restaurant
    everything = svc.hub.connections()
    relay = svc.relay
    return {
        "connections": everything.get(restaurant, {}),
        "total_connections": sum(sum(by_role.values()) for by_role in everything.values()),
        "events_per_second": {"last_10s": svc.hub.events_per_second()},
        "seq": svc.store.latest_seq(restaurant),
        "delivery": {
            "mode": "broker" if relay.broker_up else "log",
            "poll_s": relay.poll_interval(),
            "filled_from_log": relay.filled_from_log,
            "database": svc.db.engine,
            "broker": svc.broker.describe() if svc.broker else None,
        },
    }


def _check_id(value: str, name: str) -> None:
    validate(payloads.ID, value, name)


@endpoint("GET", "/openapi.json", "This document", roles=None, tag="ops")
def get_openapi() -> dict:
    from .openapi import document  # imported late: it reads the route table this module fills

    return document()
