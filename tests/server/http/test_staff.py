"""The manager's people over REST (``http/staff.py``), against a real server: enrol, list, a
new PIN, deactivate (their sessions end) and back; a manager person approves on a phone; no
answer carries a PIN; only a manager may."""

from __future__ import annotations

from server.cli.demo import PINS
from tests.support.client import Rest, error_code, login, new_client_id, order_body
from tests.support.wait import until


def test_the_staff_tab_over_rest(fresh_server):
    url = fresh_server.url
    manager, waiter = Rest(url, login(url, "manager")), Rest(url, login(url, "floor"))
    ana = {"name": "Ana Yılmaz", "job": "floor", "pin": "4826"}
    assert error_code(waiter.post("/staff", ana)) == "forbidden"
    made = manager.post("/staff", ana)
    assert made.status_code == 201 and "4826" not in made.text
    assert made.headers["Cache-Control"] == "no-store"
    member = made.json()["member"]
    assert (member["name"], member["job"], member["active"]) == ("Ana Yılmaz", "floor", True)
    assert error_code(manager.post("/staff", {**ana, "name": "Can"})) == "pin_in_use"
    assert error_code(manager.post("/staff", {**ana, "pin": "1111"})) == "weak_pin"
    cashier = manager.post("/staff", {**ana, "job": "cashier", "pin": "6048"})
    assert (cashier.status_code, error_code(cashier)) == (409, "unknown_job")  # none by that id
    assert [m["name"] for m in manager.get("/staff").json()["staff"]] == ["Ana Yılmaz"]
    boss = manager.post("/staff", {"name": "Derya", "job": "manager", "pin": "730519"})
    assert boss.status_code == 201

    # Derya's own PIN approves a change on a waiter's phone, as the manager's PIN does.
    order = waiter.post("/orders", order_body("hall-2")).json()["order"]
    ask = {"pin": "730519", "op": "refund_payment", "change": {
        "order_id": order["id"], "payment_id": new_client_id(), "amount": 100, "method": "cash",
        "reason": "wrong_item"}}  # fmt: skip
    assert waiter.post("/approvals", ask).status_code == 200
    assert error_code(waiter.post("/approvals", {**ask, "pin": "4826"})) == "wrong_pin"

    signed = Rest(url, login(url, "floor", pin="4826"))
    assert signed.get("/floor").status_code == 200
    gone = manager.put(f"/staff/{member['id']}/active", {"active": False})
    assert gone.json()["member"]["active"] is False
    until(lambda: signed.get("/floor").status_code, (401).__eq__)
    back = manager.put(f"/staff/{member['id']}/active", {"active": True})
    assert back.json()["member"]["active"] is True
    assert manager.put(f"/staff/{member['id']}/pin", {"pin": "6048"}).status_code == 200
    assert Rest(url, login(url, "floor", pin="6048")).get("/floor").status_code == 200
    assert error_code(manager.put("/staff/nobody/pin", {"pin": "7159"})) == "not_found"
    assert Rest(url, login(url, "manager", pin=PINS["manager"])).get("/staff").ok  # roles too
