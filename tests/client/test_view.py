import contextlib
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain import orders, payloads, reducer, schema, tables
from domain.errors import DomainError
from sync.outbox import Outbox
from sync.view import PENDING_NUMBER, menu_with_pending, with_pending
from tests.conftest import store_from

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


def queue(box: Outbox, client_id: str, op: str, data: dict) -> None:
    """As the engine queues a change: checked, with its defaults filled in."""
    box.add(client_id, op, schema.validate(payloads.OPS[op], data, "data"), NOW)


def test_a_pending_order_shows_at_once_priced_and_marked():
    box = Outbox()
    queue(box, "c1", "create_order", {"table_id": "t1", "lines": [{"item_id": "tea", "qty": 2}]})
    shown = with_pending(floor(), box.pending(), MENU)
    order = shown["orders"]["pending:c1"]
    assert (order["number"], order["total"], order["pending"]) == (PENDING_NUMBER, 400, "c1")
    assert shown["tables"]["t1"]["status"] == "ordered"


def test_pending_status_changes_apply_in_order_and_leave_the_truth_untouched():
    confirmed = floor()
    box = Outbox()
    queue(box, "c1", "set_order_status", {"order_id": "o1", "status": "served"})
    queue(box, "c2", "set_order_status", {"order_id": "o1", "status": "paid"})  # not settled
    shown = with_pending(confirmed, box.pending(), MENU)
    assert shown["orders"]["o1"]["status"] == "served"  # paid means settled: it stays
    queue(box, "c3", "comp_check", {"order_id": "o1", "kind": "comp", "reason": "quality"})
    shown = with_pending(confirmed, box.pending(), MENU, role="manager")
    assert "o1" not in shown["orders"]  # comped by the manager: settled, so paid, off the floor
    assert confirmed["orders"]["o1"]["status"] == "ready"


def test_what_the_server_refused_is_not_shown():
    box = Outbox()
    queue(box, "c1", "set_table_status", {"table_id": "t1", "status": "seated"})
    box.take(0, 1)
    box.rejected("c1", {"code": "illegal_transition"})
    assert with_pending(floor(), box.pending() + box.needs_attention(), MENU) == floor()


def test_an_impossible_change_shows_the_servers_state():
    box = Outbox()
    queue(box, "c1", "set_table_status", {"table_id": "t1", "status": "bill"})
    assert with_pending(floor(), box.pending(), MENU)["tables"]["t1"]["status"] == "free"


def test_once_acked_the_servers_version_replaces_the_guess():
    confirmed = floor()
    box = Outbox()
    queue(box, "c1", "set_order_status", {"order_id": "o1", "status": "served"})
    assert with_pending(confirmed, box.pending(), MENU)["orders"]["o1"]["pending"] == "c1"
    server_copy = {**confirmed["orders"]["o1"], "status": "served", "version": 4}
    confirmed = reducer.apply(confirmed, {"seq": 6, "type": "order_updated", "data": server_copy})
    box.take(0, 1)
    box.acked("c1")
    assert with_pending(confirmed, box.pending(), MENU)["orders"]["o1"] == server_copy


def test_a_table_frees_itself_when_its_last_order_closes_as_on_the_server():
    """The overlay runs the server's rule: cancelling the table's only order seats it again
    (the old overlay left it "ordered" until the server's event came)."""
    confirmed = floor()
    confirmed["tables"]["t1"] = {**confirmed["tables"]["t1"], "status": "ordered"}
    box = Outbox()
    queue(
        box,
        "c1",
        "set_order_status",
        {
            "order_id": "o1",
            "status": "cancelled",
            "reason": "changed_mind",
            "approval": "signed-by-the-server",
        },
    )
    shown = with_pending(confirmed, box.pending(), MENU, role="floor")
    assert shown["tables"]["t1"]["status"] == "seated"
    assert shown["tables"]["t1"]["pending"] == "c1"


# -- the page's guess equals the server's answer -----------------------------------------------

TABLES = ["hall-1", "hall-2", "bar-1"]
guesses = st.lists(
    st.one_of(
        st.tuples(st.just("create_order"), st.sampled_from([None, *TABLES])),
        st.tuples(st.just("set_order_status"), st.integers(0, 5), st.sampled_from(orders.STATUSES)),
        st.tuples(st.just("set_table_status"), st.sampled_from(TABLES), st.sampled_from(tables.STATUSES)),
    ),
    min_size=1,
    max_size=25,
)  # fmt: skip


def _shape(state: dict, ids: dict[str, str]) -> tuple:
    """What the screens show, with the page's placeholder ids and numbers set aside."""
    shown_tables = {t["id"]: t["status"] for t in state["tables"].values()}
    shown_orders = sorted(
        (
            ids.get(o["id"], "new"),
            o["status"],
            o["table_id"] or "",
            o["total"],
            json.dumps(o["lines"]),
        )
        for o in state["orders"].values()
    )
    return shown_tables, shown_orders


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(script=guesses)
def test_the_overlay_shows_what_the_server_then_holds(template, tmp_path_factory, script):
    """The same changes, queued on a device (the overlay over its last snapshot) and applied by
    the real store: the screen's guess is the server's answer, refusals included."""
    store = store_from(template, tmp_path_factory.mktemp("overlay"))
    line = {"item_id": "ayran", "qty": 1}
    existing = [
        store.submit("demo", f"seed-{n}", "create_order",
                     {"table_id": table, "lines": [line]})[0]["order"]["id"]
        for n, table in enumerate(["hall-1", "hall-2", None])
    ]  # fmt: skip
    before = reducer.from_snapshot(store.floor("demo"))
    menu = store.menu("demo")
    stations = {c["id"]: c["station"] for c in menu["categories"]}
    items = {i["id"]: {**i, "station": stations[i["category_id"]]} for i in menu["items"]}
    box = Outbox()
    for n, step in enumerate(script):
        if step[0] == "create_order":
            call = ("create_order", {"table_id": step[1], "lines": [line]})
        elif step[0] == "set_order_status":
            call = ("set_order_status", {"order_id": existing[step[1] % 3], "status": step[2]})
        else:
            call = ("set_table_status", {"table_id": step[1], "status": step[2]})
        queue(box, f"guess-{n}", *call)
        with contextlib.suppress(DomainError):
            store.submit("demo", f"guess-{n}", *call)
    guessed = with_pending(before, box.pending(), items)
    after = reducer.from_snapshot(store.floor("demo"))
    same = {i: i for i in existing}
    assert _shape(guessed, same) == _shape(after, same)
    store.db.close()


def test_a_sold_out_tap_shows_at_once_and_the_last_tap_of_an_item_wins():
    items = {**MENU, "soup": {"id": "soup", "name": "Soup", "price": 500, "modifiers": []}}
    box = Outbox()
    assert menu_with_pending(items, box.pending()) is items  # nothing pending: nothing copied
    queue(box, "m-1", "set_item_availability", {"item_id": "tea", "available": False})
    queue(box, "m-2", "set_item_availability", {"item_id": "soup", "available": False})
    queue(box, "m-3", "set_item_availability", {"item_id": "soup", "available": True})
    queue(box, "m-4", "set_item_availability", {"item_id": "gone", "available": False})
    shown = menu_with_pending(items, box.pending())
    assert shown["tea"]["available"] is False and shown["tea"]["pending"] == "m-1"
    assert shown["soup"]["available"] is True and "gone" not in shown
    assert "available" not in items["tea"]  # the cached menu itself is never changed
    box.rejected("m-1", {"code": "forbidden", "message": "no"})
    assert "pending" not in menu_with_pending(items, box.pending())["tea"]  # refused: not shown
    # An order queued after an offline 86 of its item is shown refused, as the server will.
    queue(box, "m-5", "set_item_availability", {"item_id": "soup", "available": False})
    queue(box, "o-1", "create_order", {"table_id": None, "lines": [{"item_id": "soup", "qty": 1}]})
    menu = menu_with_pending(items, box.pending())
    assert not any(o.get("pending") == "o-1"
                   for o in with_pending(floor(), box.pending(), menu)["orders"].values())  # fmt: skip
