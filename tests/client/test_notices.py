"""Which events notify a device in the background, and what the notification says."""

from __future__ import annotations

from domain import reducer
from ui.i18n import Translator
from ui.notices import notices

EN = Translator("en")
TABLE = {"id": "hall-2", "name": "H2", "area_id": "hall", "seats": 4, "status": "ordered"}


def order(status: str, table_id: str | None = "hall-2", order_id: str = "o1") -> dict:
    lines = [{"item_id": "soup", "name": "Lentil soup", "qty": 2}]
    return {"id": order_id, "number": "A-007", "status": status, "table_id": table_id,
            "lines": lines, "total": 1300, "version": 0, "created_at": "2026-11-23T12:00:00+00:00"}  # fmt: skip


def fold(start: dict, *events: tuple[str, dict]) -> tuple[dict, list[dict]]:
    numbered = []
    for i, (kind, data) in enumerate(events, start["seq"] + 1):
        if kind.startswith("order_"):
            data = data | {"version": i}  # each change of an order is a newer version of it
        numbered.append({"seq": i, "type": kind, "data": data})
    return reducer.apply_all(start, numbered), numbered


def floor_with(*orders: dict) -> dict:
    state = reducer.empty()
    state["tables"] = {"hall-2": TABLE, "hall-3": TABLE | {"id": "hall-3", "name": "H3"}}
    state["orders"] = {o["id"]: o for o in orders}
    return state


def test_a_floor_phone_hears_when_its_table_s_order_turns_ready():
    before = floor_with(order("preparing"))
    after, events = fold(before, ("order_updated", order("ready")))
    [notice] = notices("floor", before, after, events, EN)
    assert notice.title == "Ready at the pass: H2"
    assert notice.body == "Order A-007: 2× Lentil soup"
    assert notice.tag == "ready-o1" and notice.url == "/#/floor/hall-2"


def test_only_the_turn_to_ready_notifies_once_per_order():
    before = floor_with(order("ready"))
    after, events = fold(before, ("order_updated", order("ready") | {"note": "paid soon"}))
    assert notices("floor", before, after, events, EN) == []
    # Recalled and ready again: a second notice, with the same tag, so it replaces the first.
    before = floor_with(order("preparing"))
    after, events = fold(
        before,
        ("order_updated", order("ready")),
        ("order_updated", order("preparing")),
        ("order_updated", order("ready")),
    )
    assert [n.tag for n in notices("floor", before, after, events, EN)] == ["ready-o1"]


def test_take_away_orders_other_states_and_other_roles_say_nothing():
    before = floor_with(order("new"), order("new", None, "o2"))
    after, events = fold(
        before,
        ("order_updated", order("ready", None, "o2")),
        ("order_updated", order("preparing")),
    )
    assert notices("floor", before, after, events, EN) == []
    after, events = fold(floor_with(order("new")), ("order_updated", order("ready")))
    for role in ("kiosk", "kitchen", "manager"):
        assert notices(role, floor_with(order("new")), after, events, EN) == []


def test_a_manager_hears_of_low_and_run_out_stock_in_their_language():
    tr = Translator("tr")
    state = floor_with()
    low = {"item_id": "soup", "name": "Mercimek", "stock": 3}
    after, events = fold(state, ("stock_changed", low), ("stock_low", low))
    [notice] = notices("manager", state, after, events, tr)
    assert (notice.title, notice.body) == ("Stok azaldı: Mercimek", "3 kaldı")
    assert notice.url == "/#/manage/menu" and notice.tag == "stock-soup"
    out = low | {"stock": 0}
    after, events = fold(state, ("stock_low", low), ("stock_out", out))
    [notice] = notices("manager", state, after, events, EN)  # the newer one, for one item
    assert (notice.title, notice.body) == ("Sold out: Mercimek", "0 left")
    assert notices("floor", state, after, events, EN) == []


def test_a_manager_hears_of_a_device_that_needs_a_person_once_per_device():
    trouble = {"device": "d1", "name": "Front kiosk", "role": "kiosk", "at": "",
               "troubles": [{"kind": "waiting", "count": 3, "seconds": 720, "since": ""},
                            {"kind": "refused", "count": 1, "seconds": 0, "since": ""}]}  # fmt: skip
    events = [{"seq": 1, "type": "device_health", "data": trouble}]
    state = reducer.apply_all(reducer.empty(), events)
    [notice] = notices("manager", reducer.empty(), state, events, EN)
    assert notice.tag == "device-d1" and notice.url == "/#/manage/health"
    assert notice.title == "Front kiosk needs attention"
    assert notice.body == ("3 changes waiting for 12 min · 1 refused change waits for a person")
    assert notices("floor", reducer.empty(), state, events, EN) == []
    fine = [{"seq": 2, "type": "device_health", "data": {**trouble, "troubles": []}}]
    assert notices("manager", state, state, fine, EN) == []
