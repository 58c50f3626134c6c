"""A batch of changes, as the socket's ``submit_batch`` and ``POST /mutations`` both send it:
one answer per item, in order; an item the role may not send, or that does not fit its spec,
is refused alone; the accepted ones are committed together (one durable commit)."""

from server.access.tokens import Device
from server.live.batches import submit_batch
from tests.conftest import store_from

BURGER = {"item_id": "classic-burger", "qty": 1, "modifiers": ["medium", "fries"]}


def order(client_id: str, table: str | None = None) -> dict:
    return {"client_id": client_id, "op": "create_order",
            "data": {"table_id": table, "lines": [BURGER]}}  # fmt: skip


def test_each_item_is_answered_in_order_and_a_refusal_stays_alone(template, tmp_path):
    store = store_from(template, tmp_path)
    commits: list[list[dict]] = []
    store.on_commit = lambda restaurant, events: commits.append(events)
    floor = Device("demo", "floor", "d-floor")
    results = submit_batch(store, floor, [
        order("change-1", "hall-1"),
        {"client_id": "change-2", "op": "no_such_op", "data": {}},
        order("change-3", "nowhere"),  # fits the spec, refused by the rule
        {"client_id": "change-4", "op": "set_item_availability",  # a floor phone may not
         "data": {"item_id": "ayran", "available": False}},
        order("change-5"),
    ])  # fmt: skip
    assert [r["type"] for r in results] == ["ack", "reject", "reject", "reject", "ack"]
    assert [r["client_id"] for r in results] == [
        "change-1",
        "change-2",
        "change-3",
        "change-4",
        "change-5",
    ]
    assert results[2]["error"]["code"] == "unknown_table"
    assert results[3]["error"]["code"] == "forbidden"
    assert len(commits) == 2  # each accepted change handed on, in seq order
    assert commits[0][-1]["seq"] < commits[1][0]["seq"] == results[4]["seq"]


def test_a_batch_sent_again_is_answered_the_same_and_changes_nothing(template, tmp_path):
    store = store_from(template, tmp_path)
    kiosk = Device("demo", "kiosk", "d-kiosk")
    first = submit_batch(store, kiosk, [order("change-1"), order("change-2")])
    seq = store.latest_seq("demo")
    again = submit_batch(store, kiosk, [order("change-1"), order("change-2")])
    assert [r["replayed"] for r in again] == [True, True]
    assert [r["result"]["order"]["id"] for r in again] == [
        r["result"]["order"]["id"] for r in first
    ]
    assert store.latest_seq("demo") == seq
