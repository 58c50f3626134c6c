import pytest

from domain import reducer


def order(oid="o1", status="new", version=1, created="2026-01-01T10:00:00.000Z"):
    return {
        "id": oid,
        "status": status,
        "version": version,
        "created_at": created,
        "table_id": None,
    }


def ev(seq, kind, data):
    return {"seq": seq, "type": kind, "data": data}


def test_builds_the_floor_from_events():
    state = reducer.apply_all(reducer.empty(), [
        ev(1, "area_updated", {"id": "hall", "name": "Hall", "position": 0}),
        ev(2, "table_updated", {"id": "t1", "name": "T1", "area_id": "hall", "seats": 4, "status": "free", "position": 1}),
        ev(3, "order_created", order()),
        ev(4, "order_updated", order(status="accepted", version=2)),
        ev(5, "menu_updated", {"version": 3}),
    ])  # fmt: skip
    assert state["seq"] == 5
    assert state["orders"]["o1"]["status"] == "accepted"
    assert list(state["tables"]) == ["t1"]


def test_duplicates_are_ignored_and_input_is_not_mutated():
    state = reducer.apply(reducer.empty(), ev(1, "order_created", order()))
    before = {**state, "orders": dict(state["orders"])}
    again = reducer.apply(state, ev(1, "order_created", order(status="ready")))
    assert again is state and state == before


def test_a_gap_is_reported_not_papered_over():
    with pytest.raises(reducer.SequenceGap) as info:
        reducer.apply(reducer.empty(), ev(3, "order_created", order()))
    assert (info.value.expected, info.value.got) == (1, 3)


@pytest.mark.parametrize("status", ["paid", "cancelled"])
def test_closed_orders_leave_the_floor(status):
    state = reducer.apply_all(
        reducer.empty(),
        [ev(1, "order_created", order()), ev(2, "order_updated", order(status=status, version=2))],
    )
    assert state["orders"] == {}


def test_an_older_copy_never_rolls_an_order_back():
    state = reducer.from_snapshot(
        {"seq": 10, "areas": [], "tables": [], "orders": [order(status="ready", version=4)]}
    )
    state = reducer.apply(state, ev(11, "order_updated", order(status="accepted", version=2)))
    assert state["orders"]["o1"]["status"] == "ready" and state["seq"] == 11


def test_unknown_events_move_the_cursor_only():
    state = reducer.apply(reducer.empty(), ev(1, "something_new", {"x": 1}))
    assert state == {**reducer.empty(), "seq": 1}


def test_snapshot_round_trip():
    snap = {
        "seq": 2,
        "areas": [{"id": "a", "name": "A", "position": 0}],
        "tables": [],
        "orders": [order("o2", created="2"), order("o1", created="1")],
    }
    assert reducer.to_snapshot(reducer.from_snapshot(snap))["orders"] == [
        order("o1", created="1"),
        order("o2", created="2"),
    ]


def test_an_acked_result_shows_before_its_event_and_never_rolls_back():
    from domain.reducer import apply_all, apply_result, empty

    order = {"id": "o1", "status": "new", "version": 1, "created_at": "t", "lines": []}
    state = apply_all(empty(), [{"seq": 1, "type": "order_created", "data": order}])
    accepted = {**order, "status": "accepted", "version": 2}
    shown = apply_result(state, {"order": accepted})
    assert shown["orders"]["o1"]["status"] == "accepted" and shown["seq"] == 1
    assert state["orders"]["o1"]["status"] == "new"  # the input is never changed
    later = apply_all(shown, [{"seq": 2, "type": "order_updated", "data": accepted}])
    assert apply_result(later, {"order": order})["orders"]["o1"]["version"] == 2  # a late answer
    paid = {**order, "status": "paid", "version": 3}
    assert "o1" not in apply_result(later, {"order": paid})["orders"]
    assert apply_result(later, {"table": {"id": "t"}}) is later


def test_a_late_answer_never_brings_back_an_order_closed_since():
    from domain.reducer import apply_all, apply_result, empty

    order = {"id": "o1", "status": "ready", "version": 4, "created_at": "t", "lines": []}
    state = apply_all(empty(), [{"seq": 1, "type": "order_created", "data": order}])
    paid = apply_all(state, [{"seq": 2, "type": "order_updated",
                              "data": {**order, "status": "paid", "version": 6}}])  # fmt: skip
    assert "o1" not in apply_result(paid, {"order": order})["orders"]  # the kitchen's late bump
    # Its creation's answer adds it, before its event comes.
    assert "o1" in apply_result(empty(), {"order": order}, creates=True)["orders"]
