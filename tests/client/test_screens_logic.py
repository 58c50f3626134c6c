"""The screens' pure logic — cart, kitchen board, floor plan, routes — over the demo restaurant
as the real server stores it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import screens.floor.plan as floor_plan
from domain import reducer
from domain.errors import DomainError
from domain.payloads import CREATE_ORDER
from domain.schema import validate
from screens.kiosk.cart import Cart, CartLine, IdleTimer, missing_choices, toggle_choice, unit_price
from screens.kitchen import board as kb
from server.cli.demo import PINS
from tests.conftest import store_from
from ui.router import may_open, part, screen_for


@pytest.fixture
def store(template, tmp_path):
    return store_from(template, tmp_path)


@pytest.fixture
def menu(store) -> dict[str, dict]:
    return {i["id"]: i for i in store.menu("demo")["items"]}


def floor_of(store) -> dict:
    return reducer.from_snapshot(store.floor("demo"))


# -- cart ------------------------------------------------------------------------------------


def test_choices_follow_each_group_s_rules(menu):
    burger = menu["classic-burger"]
    assert [g["id"] for g in missing_choices(burger, [])] == ["doneness", "side"]
    chosen = toggle_choice(burger, [], "rare")
    chosen = toggle_choice(burger, chosen, "medium")  # one of: replaces
    assert chosen == ["medium"]
    assert toggle_choice(burger, chosen, "medium") == ["medium"]  # required: not emptied
    for extra in ("extra-cheese", "bacon", "avocado", "no-onion"):
        chosen = toggle_choice(burger, chosen, extra)
    assert toggle_choice(burger, chosen, "extra-cheese") == [
        c for c in chosen if c != "extra-cheese"
    ]
    chosen = toggle_choice(burger, chosen, "sweet-fries")
    assert missing_choices(burger, chosen) == []
    assert unit_price(burger, chosen) == 1390 + 150 + 200 + 250 + 100


def test_cart_totals_match_the_server_s_pricing(store, menu):
    cart = Cart()
    burger = CartLine("classic-burger", ("medium", "fries", "bacon"), "no pickles")
    cart.add(burger)
    cart.add(burger)  # the same again: one line, two of it
    cart.add(CartLine("ayran", qty=3))
    assert len(cart.lines) == 2 and cart.count() == 5
    lines, total = cart.priced(menu)
    assert [line["line_total"] for line in lines] == [2 * (1390 + 200), 3 * 300]
    assert total == 2 * (1390 + 200) + 3 * 300
    assert not cart.ready()
    cart.takeaway = True
    assert cart.ready()
    result, _, _ = store.submit("demo", "cart-test-0001", "create_order", cart_order(cart))
    assert result["order"]["total"] == total and result["order"]["table_id"] is None
    cart.set_qty(cart.lines[0].key, 0)
    assert [line.item_id for line in cart.lines] == ["ayran"]
    cart.clear()
    assert cart.lines == [] and not cart.takeaway


def cart_order(cart: Cart) -> dict:
    return valid_order(cart.order())


def valid_order(data: dict) -> dict:
    """``create_order`` data as the server's write path takes it: validated, defaults filled."""
    return validate(CREATE_ORDER, data)


def test_a_cart_is_capped_like_an_order(menu):
    cart = Cart()
    for n in range(50):
        cart.add(CartLine("ayran", note=f"glass {n}"))
    with pytest.raises(DomainError):
        cart.add(CartLine("cola"))
    cart.add(CartLine("ayran", note="glass 1", qty=200))
    assert cart.lines[1].qty == 99


def test_items_gone_from_the_menu_are_named_not_charged(menu):
    cart = Cart([CartLine("ayran"), CartLine("gone-dish")])
    assert [line.item_id for line in cart.unavailable(menu)] == ["gone-dish"]
    assert cart.priced(menu)[1] == 300


def test_idle_timer():
    idle = IdleTimer(60)
    idle.touch(100)
    assert not idle.expired(159.9) and idle.expired(160)


# -- kitchen ---------------------------------------------------------------------------------


def place(store, n: int, lines: list[dict], table: str | None = "hall-1") -> str:
    data = {"table_id": table, "lines": lines, "note": ""}
    result, _, _ = store.submit("demo", f"kitchen-test-{n:04d}", "create_order", valid_order(data))
    return result["order"]["id"]


def test_tickets_by_column_and_station_with_all_day_counts(store):
    burger = {"item_id": "classic-burger", "qty": 2, "modifiers": ["medium", "fries"]}
    first = place(store, 1, [burger, {"item_id": "cola", "qty": 1}])
    second = place(store, 2, [{"item_id": "ayran", "qty": 2}], table=None)
    store.submit(
        "demo", "kitchen-test-0003", "set_order_status", {"order_id": first, "status": "accepted"}
    )
    store.submit(
        "demo", "kitchen-test-0004", "set_order_status", {"order_id": first, "status": "preparing"}
    )
    board = kb.tickets(floor_of(store))
    assert [t.order_id for t in board] == [first, second]  # oldest first
    cols = kb.columns(board)
    assert [t.order_id for t in cols["preparing"]] == [first] and cols["new"][0].where == ""
    assert cols["preparing"][0].where == "H1"
    assert kb.all_day(board) == [("Ayran", 2), ("Classic burger", 2), ("Cola", 1)]
    grill = kb.tickets(floor_of(store), "grill")
    assert [t.order_id for t in grill] == [first]
    assert [line["name"] for line in grill[0].lines] == ["Classic burger"]
    assert kb.stations(store.menu("demo")["items"]) == ["bar", "cold", "fry", "grill", "hot"]
    assert kb.bump_target(cols["new"][0]) == "accepted"
    assert kb.bump_target(cols["preparing"][0]) == "ready"


def test_orders_committed_together_queue_by_their_numbers():
    """A kiosk's queue sent after an outage commits in one go, at one time: the kitchen sees
    the orders in the order the server numbered them, not by their random ids."""
    at = "2026-11-22T12:00:00+00:00"
    floor = {"tables": {}, "orders": {
        oid: {"id": oid, "number": number, "status": "new", "table_id": None,
              "created_at": at, "lines": [{"item_id": "ayran", "name": "Ayran", "qty": 1,
                                           "station": "bar", "modifiers": []}]}
        for oid, number in (("zz", "A-999"), ("aa", "A-1000"), ("mm", "A-998"))
    }}  # fmt: skip
    assert [t.number for t in kb.tickets(floor)] == ["A-998", "A-999", "A-1000"]


def test_aging_thresholds():
    settings = kb.Settings(amber_after_min=8, red_after_min=15)
    assert settings.aging(7 * 60) == "fresh"
    assert settings.aging(8 * 60) == "amber"
    assert settings.aging(15 * 60) == "red"
    assert not kb.Settings(amber_after_min=15, red_after_min=8).valid()
    created = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    ticket = kb.Ticket("o", "A-001", "new", "", created.isoformat(), (), "", False)
    assert ticket.age_s(created + timedelta(minutes=9)) == 540
    assert ticket.age_s(created - timedelta(seconds=5)) == 0  # a clock a little behind


def test_ready_tickets_are_cleared_and_the_last_bump_recalled():
    def ticket(i: str, status: str) -> kb.Ticket:
        return kb.Ticket(i, i, status, "", "2026-11-22T12:00:00+00:00", (), "", False)

    board = [ticket("a", "ready"), ticket("b", "preparing")]
    bumps = kb.Bumps()
    bumps.bumped("b", cleared=False)
    bumps.bumped("a", cleared=True)
    assert [t.order_id for t in bumps.visible(board)] == ["b"]
    assert bumps.recall() == "a"
    assert [t.order_id for t in bumps.visible(board)] == ["a", "b"]
    assert bumps.recall() == "b" and bumps.recall() is None
    bumps.bumped("a", cleared=True)
    bumps.forget_gone({"b"})
    assert bumps.cleared == []


# -- floor -----------------------------------------------------------------------------------


def test_tables_show_food_ready_above_their_own_status(store):
    order = place(store, 10, [{"item_id": "ayran", "qty": 1}], table="hall-3")
    floor = floor_of(store)
    assert [a["id"] for a in floor_plan.areas(floor)] == ["hall", "terrace", "bar"]
    tiles = {t.table_id: t for t in floor_plan.tiles(floor, "hall")}
    assert len(tiles) == 12 and tiles["hall-3"].status == "ordered"
    assert tiles["hall-1"].status == "free"
    for n, status in enumerate(("accepted", "preparing", "ready"), 11):
        store.submit(
            "demo", f"floor-test-{n:04d}", "set_order_status", {"order_id": order, "status": status}
        )
    floor = floor_of(store)
    tile = {t.table_id: t for t in floor_plan.tiles(floor, "hall")}["hall-3"]
    assert tile.status == "ready" and tile.ready == 1 and floor_plan.ready_count(floor) == 1
    active = floor_plan.by_table(floor)["hall-3"]
    labels = [a.label for a in floor_plan.order_actions(active[0])]
    assert labels == ["floor.mark_served", "floor.add_items", "floor.take_payment",
                      "floor.discount", "floor.comp", "floor.cancel"]  # fmt: skip
    assert floor_plan.order_actions(active[0])[-1].confirm
    table = floor["tables"]["hall-3"]
    assert [a.label for a in floor_plan.table_actions(table, active)] == [
        "floor.new_order", "floor.request_bill"
    ]  # fmt: skip
    # The kitchen has not served it: its lines may be voided (a manager approves, say the rules).
    assert floor_plan.voidable(active[0]) == list(range(len(active[0]["lines"])))
    added = {**active[0], "id": "o2", "adds_to": order}
    assert "floor.take_payment" not in [a.label for a in floor_plan.order_actions(added)]
    assert floor_plan.mutation(floor_plan.order_actions(active[0])[0]) == (
        "set_order_status",
        {"order_id": order, "status": "served"},
    )


def test_table_actions_follow_the_table_lifecycle(store):
    floor = floor_of(store)
    free = floor["tables"]["hall-1"]
    assert [a.label for a in floor_plan.table_actions(free, [])] == [
        "floor.seat",
        "floor.new_order",
    ]
    seated = {**free, "status": "seated"}
    assert [a.label for a in floor_plan.table_actions(seated, [])] == [
        "floor.new_order", "floor.unseat"
    ]  # fmt: skip
    dirty = {**free, "status": "dirty"}
    assert [a.label for a in floor_plan.table_actions(dirty, [])] == ["floor.clear"]
    pending = {"id": "pending:x", "status": "new"}
    assert floor_plan.order_actions(pending) == []


# -- routes ----------------------------------------------------------------------------------


def test_routes_and_who_may_open_them():
    assert screen_for("#/kitchen", "kiosk") == "kitchen"
    assert screen_for("", "kiosk") == "kiosk" and screen_for("", None) == "floor"
    # A screen's own part of the address: a table on the floor, a tab on the manager's screen.
    assert screen_for("#/floor/hall-2", "floor") == "floor" and part("#/floor/hall-2") == "hall-2"
    assert part("#/manage/day?x=1") == "day" and part("#/floor") == part("") == ""
    assert screen_for("#/nowhere", "kitchen") == "kitchen"
    assert may_open("kitchen", "kitchen") and may_open("kitchen", "manager")
    assert not may_open("kitchen", "floor") and not may_open("kiosk", None)
    assert set(PINS) == {"kiosk", "floor", "kitchen", "manager"}


def test_the_ticket_cache_rebuilds_only_what_changed(store):
    first = place(
        store, 20, [{"item_id": "classic-burger", "qty": 1, "modifiers": ["rare", "fries"]}]
    )
    second = place(store, 21, [{"item_id": "cola", "qty": 1}])
    state = floor_of(store)
    cache: kb.TicketCache = {}
    before = {t.order_id: t for t in kb.tickets(state, kb.ALL_STATIONS, cache)}
    assert list(before.values()) == kb.tickets(state)
    store.submit(
        "demo", "kitchen-test-0022", "set_order_status", {"order_id": first, "status": "accepted"}
    )
    state = reducer.apply_all(state, store.events_since("demo", state["seq"], 100))
    after = {t.order_id: t for t in kb.tickets(state, kb.ALL_STATIONS, cache)}
    assert list(after.values()) == kb.tickets(state)
    assert after[first].status == "accepted" and after[first] is not before[first]
    assert after[second] is before[second]  # unchanged: the same ticket, nothing rebuilt
    grill = kb.tickets(state, "grill", cache)  # another station: built afresh, not reused
    assert [t.order_id for t in grill] == [first]


def test_the_sold_out_list_puts_what_is_off_first_for_the_chosen_station():
    items = [{"id": "a", "name": "Zucchini", "station": "grill", "available": False},
             {"id": "b", "name": "apple", "station": "cold"},
             {"id": "c", "name": "Burger", "station": "grill", "pending": "m-1"}]  # fmt: skip
    rows = kb.sold_out_rows(items, kb.ALL_STATIONS)
    assert [(r.item_id, r.available) for r in rows] == [("a", False), ("b", True), ("c", True)]
    assert [r.item_id for r in kb.sold_out_rows(items, "grill")] == ["a", "c"]
    assert kb.sold_out_rows(items, "grill")[1].pending


def test_a_ticket_names_who_placed_it_with_their_own_pin():
    ana = {"id": "o1", "number": "A-001", "status": "accepted", "created_at": "2026-12-02T10:00Z",
           "lines": [{"item_id": "soup", "name": "Soup", "qty": 1, "station": "kitchen"}],
           "history": [{"what": "added", "by": {"device": "d1", "role": "floor",
                                               "person": {"id": "p1", "name": "Ana"}}}]}  # fmt: skip
    assert kb.placed_by(ana) == "Ana"
    assert kb._ticket(ana, "H1", kb.ALL_STATIONS).by == "Ana"
    kiosk = {**ana, "history": [{"what": "placed", "by": {"device": "k1", "role": "kiosk"}}]}
    assert kb.placed_by(kiosk) == "" and kb.placed_by({**ana, "history": []}) == ""
