"""A payment taken by mistake is refunded and the check paid again, against a real server on
each engine: the refund needs a manager's approval for that refund, never gives back more than
the payment paid, deletes nothing, and the day's figures are net of it."""

from __future__ import annotations

from server.cli.demo import PINS
from tests.support.client import Rest, login, new_client_id, order_body


def code(response) -> str:
    return response.json()["error"]["code"]


def test_cash_taken_by_mistake_is_refunded_and_paid_again_by_card(engine_server):
    url = engine_server.url
    waiter, manager = Rest(url, login(url, "floor")), Rest(url, login(url, "manager"))
    order = waiter.post("/orders", order_body(None)).json()["order"]  # a take-away, paid first
    cash_id = new_client_id()
    cash = {"client_id": cash_id, "method": "cash", "amount": order["total"]}
    assert waiter.post(f"/orders/{order['id']}/payments", cash).json()["order"]["settled_at"]
    refund = {"payment_id": cash_id, "amount": order["total"], "method": "cash",
              "reason": "wrong_item"}  # fmt: skip
    refused = waiter.post(
        f"/orders/{order['id']}/refunds", {**refund, "client_id": new_client_id()}
    )
    assert (refused.status_code, code(refused)) == (403, "approval_needed")
    ask = {"pin": PINS["manager"], "op": "refund_payment",
           "change": {"order_id": order["id"], **refund}}  # fmt: skip
    approval = waiter.post("/approvals", ask).json()["approval"]
    more = {**refund, "amount": order["total"] + 1, "client_id": new_client_id(),
            "approval": approval}  # fmt: skip
    assert code(waiter.post(f"/orders/{order['id']}/refunds", more)) == "approval_mismatch"
    back = waiter.post(f"/orders/{order['id']}/refunds",
                       {**refund, "client_id": new_client_id(), "approval": approval})  # fmt: skip
    assert back.status_code == 200, back.text
    assert "settled_at" not in back.json()["order"]  # it owes again
    card = {"client_id": new_client_id(), "method": "card", "amount": order["total"]}
    again = waiter.post(f"/orders/{order['id']}/payments", card).json()["order"]
    assert again["settled_at"] and len(again["payments"]) == 2 and len(again["refunds"]) == 1
    over = {**refund, "amount": 1, "client_id": new_client_id()}  # nothing of the cash is left
    assert code(manager.post(f"/orders/{order['id']}/refunds", over)) == "over_refund"
    report = manager.get("/reports/day").json()
    assert report["refunds"] == {"count": 1, "amount": order["total"]}
    assert report["by_payment_method"] == {"card": order["total"], "cash": 0}
    assert report["revenue"] == order["total"]  # net: taken twice, given back once
