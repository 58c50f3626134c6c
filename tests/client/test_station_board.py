"""One station's kitchen screen (``screens.kitchen.board``): its lines of each order, in the
column of its own progress, and what its bump and recall send, folded through the same rules
the server runs (``tests.domain.floor``)."""

from __future__ import annotations

from screens.kitchen import board as kb
from tests.domain.floor import Floor

KITCHEN = {"role": "kitchen", "device": "kds-1", "device_name": "Grill screen"}


def send(floor: Floor, change: tuple[str, dict] | None) -> None:
    assert change is not None
    floor.run(*change, **KITCHEN)


def ticket(floor: Floor, station: str) -> kb.Ticket:
    (only,) = kb.tickets(floor.state, station)
    return only


def test_a_station_starts_and_finishes_its_lines_and_the_last_station_readies_the_order():
    floor = Floor()
    order = floor.order()  # soup for the kitchen, steak for the grill
    grill = ticket(floor, "grill")
    assert [line["name"] for line in grill.lines] == ["Steak"]
    assert (grill.column, grill.bump_label) == ("new", "kitchen.bump_station.new")
    send(floor, kb.bump_change(grill))
    grill = ticket(floor, "grill")
    assert (grill.column, grill.bump_label) == ("preparing", "kitchen.bump_station.preparing")
    assert ticket(floor, "kitchen").column == "new"  # the soup station has not started
    send(floor, kb.bump_change(grill))
    assert ticket(floor, "grill").column == "ready"
    assert kb.all_day(kb.tickets(floor.state, "grill")) == []  # done: nothing left to cook
    assert kb.bump_change(ticket(floor, "grill")) is None  # done: a bump clears it here
    assert floor.state["orders"][order["id"]]["status"] == "preparing"  # the soup holds it
    (whole,) = kb.tickets(floor.state)
    assert whole.column == "preparing"
    send(floor, kb.bump_change(ticket(floor, "kitchen")))  # started
    send(floor, kb.bump_change(ticket(floor, "kitchen")))  # done: the order is ready
    assert floor.state["orders"][order["id"]]["status"] == "ready"


def test_a_recall_takes_the_stations_lines_back_and_a_cleared_ticket_returns():
    floor = Floor()
    floor.order()
    for station in ("grill", "kitchen"):
        send(floor, kb.bump_change(ticket(floor, station)))
        send(floor, kb.bump_change(ticket(floor, station)))
    bumps = kb.Bumps()
    bumps.bumped(ticket(floor, "grill").order_id, cleared=True)
    assert bumps.visible(kb.tickets(floor.state, "grill")) == []
    assert kb.recall_change(ticket(floor, "kitchen")) is not None
    send(floor, kb.recall_change(ticket(floor, "grill")))
    grill = ticket(floor, "grill")
    assert grill.column == "preparing" and bumps.visible([grill]) == [grill]
    assert kb.recall_change(grill) is None  # not done: nothing to take back


def test_held_lines_wait_on_their_station_and_the_pass_calling_ready_finishes_it():
    floor = Floor()
    order = floor.run("create_order", {"table_id": "t1", "lines": [
        {"item_id": "steak", "qty": 1}, {"item_id": "cake", "qty": 1, "hold": True}]})["order"]  # fmt: skip
    pastry = ticket(floor, "pastry")
    assert (pastry.stage, pastry.column, kb.bump_change(pastry)) == ("waiting", "new", None)
    floor.run("set_order_status", {"order_id": order["id"], "status": "accepted"}, **KITCHEN)
    floor.run("set_order_status", {"order_id": order["id"], "status": "preparing"}, **KITCHEN)
    floor.run("set_order_status", {"order_id": order["id"], "status": "ready"}, **KITCHEN)
    grill = ticket(floor, "grill")
    assert grill.column == "ready" and grill.bump_label == "kitchen.bump_station.done"
    assert kb.bump_change(grill) is None


def test_the_pass_sees_who_holds_an_order_up_and_calls_it_ready_then_served():
    from screens.kitchen import pass_board as pb

    floor = Floor()
    order = floor.order()
    (row,) = pb.rows(floor.state)
    assert (row.column, row.holding, [s.station for s in row.shares]) == (
        "kitchen", (), ["grill", "kitchen"])  # fmt: skip
    grill = ticket(floor, "grill")
    send(floor, kb.bump_change(grill))
    floor.run(*kb.bump_change(ticket(floor, "grill")), now="2026-11-30T19:07:00+00:00",
              **KITCHEN)  # fmt: skip
    (row,) = pb.rows(floor.state)
    assert row.holding == ("kitchen",) and row.waiting_since == "2026-11-30T19:07:00+00:00"
    assert pb.bump_label(row) == "pass.ready" and pb.recall_change(row) is None
    for change in pb.bump_changes(row):  # the pass says so: ready with the soup not done
        floor.run(*change, **KITCHEN)
    (row,) = pb.rows(floor.state)
    assert (row.column, pb.bump_label(row)) == ("ready", "pass.serve")
    floor.run(*pb.recall_change(row), **KITCHEN)
    assert floor.state["orders"][order["id"]]["status"] == "preparing"
    (row,) = pb.rows(floor.state)
    assert [c[1]["status"] for c in pb.bump_changes(row)] == ["ready"]
    for change in pb.bump_changes(row):
        floor.run(*change, **KITCHEN)
    (row,) = pb.rows(floor.state)
    for change in pb.bump_changes(row):
        floor.run(*change, **KITCHEN)
    assert pb.rows(floor.state) == []  # served: off the pass
    assert floor.state["orders"][order["id"]]["status"] == "served"
    fresh = Floor()
    fresh.order()
    (new,) = pb.rows(fresh.state)
    assert [c[1]["status"] for c in pb.bump_changes(new)] == ["accepted", "preparing", "ready"]


def test_a_bump_bar_key_bumps_the_nth_ticket_or_recalls():
    assert kb.key_command("3", 4) == ("bump", 2)
    assert kb.key_command("5", 4) is None and kb.key_command("0", 4) is None
    assert kb.key_command("R", 0) == ("recall", 0) and kb.key_command("x", 4) is None
