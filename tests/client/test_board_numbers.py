"""What the pickup board shows (``screens.board.numbers``): numbers the guests collect, preparing
oldest first, ready newest first, a number called once, gone when served."""

from __future__ import annotations

from screens.board import numbers as nb


def order(oid: str, number: str, status: str, kind: str = "takeaway", kiosk: bool = False,
          at: str = "2026-12-02T12:00:00Z") -> dict:  # fmt: skip
    return {"id": oid, "number": number, "status": status, "type": kind, "kiosk": kiosk,
            "created_at": at, "updated_at": at}  # fmt: skip


def floor(*orders: dict) -> dict:
    return {"orders": {o["id"]: o for o in orders}, "tables": {}}


def test_the_board_shows_what_guests_collect_and_every_order_when_asked():
    state = floor(
        order("a", "A-001", "preparing", at="2026-12-02T12:01:00Z"),
        order("b", "A-002", "new", kind="dine_in", kiosk=True, at="2026-12-02T12:00:00Z"),
        order("c", "A-003", "new", kind="dine_in", at="2026-12-02T12:02:00Z"),  # a waiter's
        order("d", "A-004", "ready", at="2026-12-02T12:03:00Z"),
        order("e", "A-005", "ready", kind="delivery", at="2026-12-02T12:04:00Z"),
        order("f", "A-006", "served"),
    )
    preparing, ready = nb.columns(state)
    assert [n.number for n in preparing] == ["A-002", "A-001"]  # oldest first
    assert [n.number for n in ready] == ["A-005", "A-004"]  # the last called on top
    preparing, _ = nb.columns(state, every_order=True)
    assert [n.number for n in preparing] == ["A-002", "A-001", "A-003"]


def test_a_number_is_called_once_when_it_turns_ready():
    _, ready = nb.columns(floor(order("d", "A-004", "ready")))
    assert nb.newly_ready(None, ready) == []  # the first look calls nothing
    assert nb.newly_ready(set(), ready) == ["d"]
    assert nb.newly_ready({"d"}, ready) == []
