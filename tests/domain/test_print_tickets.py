"""What each change prints in the kitchen (``domain.print_tickets``): a paper per station for a
new order, ADDED for an addition, FIRED for a held course, VOID for a void or a cancel, and
nothing for lines still held or for moves along the lifecycle."""

from __future__ import annotations

from domain import print_tickets as pt
from tests.domain.floor import Floor


def papers_of(order: dict, kind: str = "order_updated") -> list[tuple[str, str, list[str]]]:
    return [(p["kind"], p["station"], [f"{ln['qty']} {ln['name']}" for ln in p["lines"]])
            for p in pt.papers(kind, order, "T1")]  # fmt: skip


def test_a_new_order_prints_a_paper_per_station_and_holds_back_what_is_held():
    floor = Floor()
    order = floor.run("create_order", {"table_id": "t1", "lines": [
        {"item_id": "steak", "qty": 1, "note": "rare"}, {"item_id": "soup", "qty": 2},
        {"item_id": "cake", "qty": 1, "hold": True}]})["order"]  # fmt: skip
    assert papers_of(order, "order_created") == [
        ("new", "grill", ["1 Steak"]), ("new", "kitchen", ["2 Soup"])]  # fmt: skip
    (grill,) = [p for p in pt.papers("order_created", order, "T1") if p["station"] == "grill"]
    assert (grill["where"], grill["number"], grill["lines"][0]["note"]) == ("T1", "A-001", "rare")
    assert grill["by"] == "Ana's phone"
    fired = floor.run("fire_held", {"order_id": order["id"]})["order"]
    assert papers_of(fired) == [("fired", "pastry", ["1 Cake"])]
    moved = floor.run("set_order_status", {"order_id": order["id"], "status": "accepted"},
                      role="kitchen")["order"]  # fmt: skip
    assert papers_of(moved) == []  # a move along the lifecycle prints nothing


def test_an_addition_prints_added_and_a_void_or_a_cancel_prints_a_void_slip():
    floor = Floor()
    order = floor.order()
    added = floor.run("create_order", {"adds_to": order["id"], "lines": [
        {"item_id": "cake", "qty": 2}]})["order"]  # fmt: skip
    assert papers_of(added, "order_created") == [("added", "pastry", ["2 Cake"])]
    voided = floor.run("void_line", {"order_id": order["id"], "line": 1,
                                     "reason": "changed_mind"})["order"]  # fmt: skip
    assert papers_of(voided) == [("void", "grill", ["1 Steak"])]
    cancelled = floor.run("set_order_status", {"order_id": added["id"], "status": "cancelled",
                                               "reason": "changed_mind"})["order"]  # fmt: skip
    assert papers_of(cancelled) == [("void", "pastry", ["2 Cake"])]
