"""The floor: its snapshot, a table's status, and the events after a cursor (the live socket's
polling fallback)."""

from __future__ import annotations

from flask import g

from domain import answers, payloads
from domain.schema import Bool, Field, Int, List, Obj, Str
from domain.timestamps import iso, utcnow

from ..access import scopes
from .changes import submit
from .routes import READERS, endpoint, services

MAX_EVENTS_PAGE = 1_000
PRINTER_STATE = Obj({"id": Field(payloads.ID), "name": Field(Str(40)),
                     "offline_since": Field(Str(40), nullable=True),
                     "last_error": Field(Str(200)), "waiting": Field(Int(0, 2**31))})  # fmt: skip


@endpoint(
    "GET", "/floor", "Snapshot of areas, tables and active orders", tag="floor", roles=READERS,
    response=Obj({"seq": Field(Int(0, 2**53)), "epoch": Field(payloads.EPOCH),
                  "areas": Field(List(answers.AREA, 10_000)),
                  "tables": Field(List(answers.TABLE, 10_000)),
                  "orders": Field(List(answers.ORDER, 100_000)),
                  "drawers": Field(List(answers.DRAWER, 1_000)),
                  "kitchen": Field(Obj({"screens": Field(Int(0, 2**31)),
                                        "at": Field(Str(32), nullable=True)}), required=False),
                  "printers": Field(List(PRINTER_STATE, 100), required=False),
                  "devices_in_trouble": Field(List(Obj(open=True), 10_000), required=False)}),
    description="`seq` is the last event the snapshot reflects: resume the live socket or "
    "`/events` from it, within `epoch` (the log's id). The guests' board gets every order as a "
    "number and a state and nothing else. A kiosk gets the tables without their "
    "status, only the orders it placed (`placed_by` is its device id) and no drawers. "
    "Others get the day's cash drawer shifts (open, or counted and not in a closed day) and "
    "`kitchen`: the kitchen screens connected now and when they last came or went "
    "(`device_status` events follow it), and `printers`: each kitchen printer, offline since "
    "when and why, and its jobs waiting (`printer_status` events follow it), and "
    "`devices_in_trouble`: each device whose last health report needs a person, as its last "
    "`device_health` event said (those events follow it).",
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
        # The devices that need a person now (``device_health`` events follow it).
        floor["devices_in_trouble"] = services().store.devices_in_trouble(restaurant)
    return floor


@endpoint(
    "PATCH", "/tables/<table_id>", "Change a table's status", tag="floor",
    body=payloads.with_client_id(payloads.SET_TABLE_STATUS, drop=("table_id",)),
    response=Obj({"table": Field(answers.TABLE)}),
    errors=("not_found", "illegal_transition", "idempotency_mismatch", "forbidden",
            "rate_limited"),
)  # fmt: skip
def patch_table(table_id: str, payload: dict) -> tuple[dict, int]:
    client_id = payload.pop("client_id")
    return submit("set_table_status", {"table_id": table_id, **payload}, client_id)


@endpoint(
    "GET", "/events", "Events after a cursor: the polling fallback of the live socket",
    query={"since": Int(0, 2**53), "limit": Int(1, MAX_EVENTS_PAGE), "epoch": payloads.EPOCH},
    tag="live", roles=READERS,
    response=Obj({"events": Field(List(answers.EVENT, MAX_EVENTS_PAGE)),
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
