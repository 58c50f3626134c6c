from domain import reducer
from outbox import Outbox
from view import PENDING_NUMBER, with_pending

MENU = {"tea": {"id": "tea", "name": "Tea", "price": 200, "station": "bar", "modifiers": []}}
NOW = "2026-11-22T10:00:00.000Z"


def floor() -> dict:
    return reducer.from_snapshot({
        "seq": 5,
        "areas": [{"id": "hall", "name": "Hall", "position": 0}],
        "tables": [{"id": "t1", "name": "T1", "area_id": "hall", "seats": 4, "status": "free", "position": 1}],
        "orders": [{"id": "o1", "number": "A-001", "status": "ready", "table_id": "t1", "lines": [], "note": "",
                    "total": 0, "created_at": NOW, "updated_at": NOW, "version": 3}],
    })  # fmt: skip


def test_a_pending_order_shows_at_once_priced_and_marked():
    box = Outbox()
    box.add("c1", "create_order", {"table_id": "t1", "lines": [{"item_id": "tea", "qty": 2}]}, NOW)
    shown = with_pending(floor(), box.pending(), MENU)
    order = shown["orders"]["pending:c1"]
    assert (order["number"], order["total"], order["pending"]) == (PENDING_NUMBER, 400, "c1")
    assert shown["tables"]["t1"]["status"] == "ordered"


def test_pending_status_changes_apply_in_order_and_leave_the_truth_untouched():
    confirmed = floor()
    box = Outbox()
    box.add("c1", "set_order_status", {"order_id": "o1", "status": "served"}, NOW)
    box.add("c2", "set_order_status", {"order_id": "o1", "status": "paid"}, NOW)
    shown = with_pending(confirmed, box.pending(), MENU)
    assert "o1" not in shown["orders"]  # paid: off the floor
    assert confirmed["orders"]["o1"]["status"] == "ready"


def test_what_the_server_refused_is_not_shown():
    box = Outbox()
    box.add("c1", "set_table_status", {"table_id": "t1", "status": "seated"}, NOW)
    box.take(0, 1)
    box.rejected("c1", {"code": "illegal_transition"})
    assert with_pending(floor(), box.pending() + box.needs_attention(), MENU) == floor()


def test_an_impossible_change_shows_the_servers_state():
    box = Outbox()
    box.add("c1", "set_table_status", {"table_id": "t1", "status": "bill"}, NOW)
    assert with_pending(floor(), box.pending(), MENU)["tables"]["t1"]["status"] == "free"


def test_once_acked_the_servers_version_replaces_the_guess():
    confirmed = floor()
    box = Outbox()
    box.add("c1", "set_order_status", {"order_id": "o1", "status": "served"}, NOW)
    assert with_pending(confirmed, box.pending(), MENU)["orders"]["o1"]["pending"] == "c1"
    server_copy = {**confirmed["orders"]["o1"], "status": "served", "version": 4}
    confirmed = reducer.apply(confirmed, {"seq": 6, "type": "order_updated", "data": server_copy})
    box.take(0, 1)
    box.acked("c1")
    assert with_pending(confirmed, box.pending(), MENU)["orders"]["o1"] == server_copy
