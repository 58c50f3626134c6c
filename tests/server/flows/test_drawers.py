"""The cash drawer against a real server on each engine: a shift opened with its float
counted, cash payments through it, a cash-out, counted five short and closed, exactly once."""

from __future__ import annotations

from tests.support.client import Rest, error_code, login, new_client_id, order_body


def test_a_shift_from_float_to_count(engine_server):
    url = engine_server.url
    waiter, manager = Rest(url, login(url, "floor")), Rest(url, login(url, "manager"))
    kiosk = Rest(url, login(url, "kiosk"))
    opening = {"client_id": new_client_id(), "drawer_id": "front-1", "name": "Front till",
               "count": [{"value": 5000, "qty": 2}, {"value": 500, "qty": 4}]}  # fmt: skip
    refused = waiter.post("/drawers", opening)
    assert (refused.status_code, error_code(refused)) == (403, "forbidden")
    opened = manager.post("/drawers", opening)
    assert opened.status_code == 201, opened.text
    assert opened.json()["drawer"]["float"] == 12000
    assert manager.post("/drawers", opening).status_code == 200  # sent again: the same shift
    twice = manager.post("/drawers", {**opening, "client_id": new_client_id(),
                                      "drawer_id": "front-2"})  # fmt: skip
    assert (twice.status_code, error_code(twice)) == (409, "drawer_open")

    taken = 0
    for method in ("cash", "cash", "card"):
        order = waiter.post("/orders", order_body(None)).json()["order"]
        pay = {"client_id": new_client_id(), "method": method, "amount": order["total"],
               "tendered": order["total"] + 1000 if method == "cash" else 0}  # fmt: skip
        paid = waiter.post(f"/orders/{order['id']}/payments", pay).json()["order"]
        assert paid["payments"][0].get("drawer") == ("front-1" if method == "cash" else None)
        taken += order["total"] if method == "cash" else 0
    out = {"client_id": new_client_id(), "kind": "cash_out", "amount": 3000,
           "reason": "supplier: bread"}  # fmt: skip
    moved = manager.post("/drawers/front-1/moves", out)
    assert moved.json()["drawer"]["expected"] == 12000 + taken - 3000
    too_much = {**out, "client_id": new_client_id(), "amount": 10**9}
    assert error_code(manager.post("/drawers/front-1/moves", too_much)) == "not_enough_cash"

    floor = waiter.get("/floor").json()
    assert [d["id"] for d in floor["drawers"]] == ["front-1"]
    assert kiosk.get("/floor").json()["drawers"] == []  # the till is the staff's

    close = {"client_id": new_client_id(), "counted": 12000 + taken - 3000 - 5, "note": ""}
    closed = manager.post("/drawers/front-1/close", close)
    assert closed.status_code == 200, closed.text
    shift = closed.json()["drawer"]
    assert (shift["status"], shift["expected"], shift["difference"]) == (
        "closed", 12000 + taken - 3000, -5)  # fmt: skip
    assert manager.post("/drawers/front-1/close", close).json()["drawer"] == shift  # once
    again = manager.post("/drawers/front-1/close", {**close, "client_id": new_client_id()})
    assert (again.status_code, error_code(again)) == (409, "drawer_closed")
    # Counted and closed, the drawer takes no more cash that names it; with none open, cash is
    # taken outside any drawer.
    order = waiter.post("/orders", order_body(None)).json()["order"]
    late = {"client_id": new_client_id(), "method": "cash", "amount": order["total"],
            "drawer_id": "front-1"}  # fmt: skip
    assert error_code(waiter.post(f"/orders/{order['id']}/payments", late)) == "drawer_closed"
    loose = waiter.post(f"/orders/{order['id']}/payments",
                        {**late, "drawer_id": "", "client_id": new_client_id()})  # fmt: skip
    assert "drawer" not in loose.json()["order"]["payments"][0]
