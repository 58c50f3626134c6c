"""What callers read from the store (``server.store.interface``), on either engine: where a
device's cursor can resume, the log from a seq with who made each change, and the floor as of
one seq with closed orders left out."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from server.store import Store

BURGER = {"item_id": "classic-burger", "qty": 1, "modifiers": ["medium", "fries"]}


@pytest.fixture
def store(databases) -> Iterator[Store]:
    store = databases.store()
    yield store
    store.db.close()


def test_a_cursor_resumes_only_inside_the_log_it_came_from(store):
    latest, epoch, reset = store.resume_point("demo", None)
    assert latest == store.latest_seq("demo") and epoch and reset is False
    assert store.resume_point("demo", latest, epoch)[2] is False
    assert store.resume_point("demo", 0)[2] is False  # from the start: nothing pruned yet
    assert store.resume_point("demo", latest + 1, epoch)[2] is True  # past the end
    assert store.resume_point("demo", latest, "another-log")[2] is True  # a restored copy
    assert store.resume_point("nowhere", 3) == (0, "", True)


def test_the_floor_is_one_instant_without_closed_orders(store):
    open_order = store.submit("demo", "c-1", "create_order",
                              {"table_id": "hall-1", "lines": [BURGER]}, "phone-1", "floor")  # fmt: skip
    closed = store.submit("demo", "c-2", "create_order", {"table_id": None, "lines": [BURGER]})
    store.submit("demo", "c-3", "set_order_status",
                 {"order_id": closed[0]["order"]["id"], "status": "cancelled",
                  "reason": "changed_mind"})  # fmt: skip
    floor = store.floor("demo")
    assert floor["seq"] == store.latest_seq("demo") and floor["epoch"]
    assert [o["id"] for o in floor["orders"]] == [open_order[0]["order"]["id"]]
    assert {t["id"]: t["status"] for t in floor["tables"]}["hall-1"] != "free"
    events = store.events_since("demo", floor["seq"] - 4, 2)
    assert [e["seq"] for e in events] == [floor["seq"] - 3, floor["seq"] - 2]
    made = store.events_since("demo", 0, 10_000)
    placed = next(e for e in made if e["type"] == "order_created")
    assert placed["by"]["device"] == "phone-1" and placed["by"]["change"] == "c-1"
    assert store.order("demo", open_order[0]["order"]["id"]) == floor["orders"][0]
