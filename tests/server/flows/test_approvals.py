"""A manager's approval is for one change, used once, against a real server on each engine: the
waiter who was approved "15 % off" cannot make it 100 % or put it on another line, nor use it
twice; a new manager PIN or a manager's device revoked ends every approval given before."""

from __future__ import annotations

from server.cli.demo import PINS
from tests.support.client import Rest, login, new_client_id, order_body


def code(response) -> str:
    return response.json()["error"]["code"]


def approval_for(phone: Rest, op: str, change: dict) -> str:
    granted = phone.post("/approvals", {"pin": PINS["manager"], "op": op, "change": change})
    assert granted.status_code == 200, granted.text
    return granted.json()["approval"]


def test_an_approval_is_worth_the_one_change_it_was_given_for(engine_server):
    url = engine_server.url
    waiter = Rest(url, login(url, "floor"))
    order = waiter.post("/orders", order_body("hall-5")).json()["order"]
    discounts = f"/orders/{order['id']}/discount"
    fifteen = {"line": None, "amount": 0, "bp": 1500, "reason": "regular"}
    refused = waiter.put(discounts, {**fifteen, "client_id": new_client_id()})
    assert (refused.status_code, code(refused)) == (403, "approval_needed")
    approval = approval_for(waiter, "set_discount", {"order_id": order["id"], **fifteen})
    for bigger in ({**fifteen, "bp": 10_000}, {**fifteen, "line": 0, "bp": 10_000},
                   {**fifteen, "bp": 0, "amount": order["total"]}):  # fmt: skip
        answer = waiter.put(discounts, {**bigger, "client_id": new_client_id(),
                                         "approval": approval})  # fmt: skip
        assert (answer.status_code, code(answer)) == (403, "approval_mismatch"), bigger
    body = {**fifteen, "client_id": new_client_id(), "approval": approval}
    given = waiter.put(discounts, body)
    assert given.status_code == 200 and given.json()["order"]["discount"]["bp"] == 1500
    again = waiter.put(discounts, {**fifteen, "client_id": new_client_id(), "approval": approval})
    assert (again.status_code, code(again)) == (409, "approval_used")
    # The same change sent again (its outbox resent it) is the same change, answered as before.
    assert waiter.put(discounts, body).json() == given.json()


def test_a_new_manager_pin_or_a_revoked_manager_device_ends_every_approval(engine_server):
    url = engine_server.url
    waiter, manager = Rest(url, login(url, "floor")), Rest(url, login(url, "manager"))
    order = waiter.post("/orders", order_body("hall-6")).json()["order"]
    change = {"order_id": order["id"], "line": None, "amount": 0, "bp": 2000, "reason": "regular"}
    before_pin = approval_for(waiter, "set_discount", change)
    new_pin = "48213907"
    assert manager.put("/pins/manager", {"pin": new_pin}).status_code == 200
    ended = waiter.put(f"/orders/{order['id']}/discount",
                        {**change, "client_id": new_client_id(), "approval": before_pin})  # fmt: skip
    assert (ended.status_code, code(ended)) == (403, "approval_ended")
    granted = waiter.post("/approvals", {"pin": new_pin, "op": "set_discount", "change": change})
    approval = granted.json()["approval"]
    manager_phone = Rest(url, login(url, "manager", pin=new_pin))
    device = manager_phone.get("/devices").json()["devices"][-1]["id"]
    assert manager_phone.post(f"/devices/{device}/revoke", {}).status_code == 200
    ended = waiter.put(f"/orders/{order['id']}/discount",
                        {**change, "client_id": new_client_id(), "approval": approval})  # fmt: skip
    assert (ended.status_code, code(ended)) == (403, "approval_ended")


def test_a_discount_under_the_limit_cannot_empty_the_bill_by_a_void(engine_server):
    """The probe: a check discount just under the waiter's 10 % (an amount), then the dear line
    voided before the kitchen started, left the cheap line minus almost all of it."""
    url = engine_server.url
    waiter = Rest(url, login(url, "floor"))
    lines = [{"item_id": "classic-burger", "qty": 1, "modifiers": ["medium", "fries"]},
             {"item_id": "ayran", "qty": 1}]  # fmt: skip
    order = waiter.post("/orders", order_body("hall-7", lines)).json()["order"]
    off = order["total"] * 9 // 100
    given = waiter.put(f"/orders/{order['id']}/discount", {
        "client_id": new_client_id(), "line": None, "amount": off, "reason": "regular"})  # fmt: skip
    assert given.status_code == 200, given.text
    void = {"client_id": new_client_id(), "line": 0, "reason": "changed_mind"}
    refused = waiter.post(f"/orders/{order['id']}/voids", void)
    assert (refused.status_code, code(refused)) == (403, "approval_needed")
    assert refused.json()["error"]["field"] == "discount"
    kept = waiter.get(f"/orders/{order['id']}").json()["order"]
    assert not kept["lines"][0].get("voided") and kept["discount"]["amount"] == off
