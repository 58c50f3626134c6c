"""Paying a bill against a real server: payments recorded on the order, once per client_id,
never more than is owed, the order paid and its table freed when they cover it, and the day's
report split by payment method."""

from __future__ import annotations

from domain.order_changes import DEFAULT_REASONS
from tests.support.client import Live, Rest, login, new_client_id, order_body


def to_served(url: str, order_id: str) -> None:
    kitchen, floor = Rest(url, login(url, "kitchen")), Rest(url, login(url, "floor"))
    for rest, status in ((kitchen, "accepted"), (kitchen, "preparing"), (kitchen, "ready"),
                         (floor, "served")):  # fmt: skip
        body = {"client_id": new_client_id(), "status": status}
        assert rest.post(f"/orders/{order_id}/status", body).status_code == 200


def test_a_table_pays_in_cash_and_by_card_and_is_freed(fresh_server):
    url = fresh_server.url
    order = Rest(url, login(url, "kiosk")).post("/orders", order_body("hall-2")).json()["order"]
    to_served(url, order["id"])
    floor_token = login(url, "floor")
    floor = Rest(url, floor_token)
    live = Live(fresh_server.ws_url, floor_token)
    half = order["total"] // 2
    cash = {"client_id": new_client_id(), "method": "cash", "amount": half, "tip": 100,
            "tendered": half + 500}  # fmt: skip
    answer = floor.post(f"/orders/{order['id']}/payments", cash)
    assert answer.status_code == 200, answer.text
    taken = answer.json()["order"]
    assert taken["status"] == "served" and taken["payments"][0]["change"] == 400
    # The same payment sent again (a retry after a lost answer) is the same payment, once.
    again = floor.post(f"/orders/{order['id']}/payments", cash)
    assert again.json()["order"]["payments"] == taken["payments"]

    too_much = {"client_id": new_client_id(), "method": "card", "amount": order["total"]}
    refused = floor.post(f"/orders/{order['id']}/payments", too_much)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "overpayment"
    kiosk = Rest(url, login(url, "kiosk"))
    rest_of_it = {"client_id": new_client_id(), "method": "card", "amount": order["total"] - half}
    assert kiosk.post(f"/orders/{order['id']}/payments", rest_of_it).status_code == 403
    bad = floor.post(f"/orders/{order['id']}/payments", {**rest_of_it, "amount": -5})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "amount"

    # The rest through the batch endpoint, as an offline phone's outbox sends it.
    batch = {"mutations": [{"client_id": rest_of_it["client_id"], "op": "add_payment",
                            "data": {"order_id": order["id"], "method": "card",
                                     "amount": order["total"] - half}}]}  # fmt: skip
    [result] = floor.post("/mutations", batch).json()["results"]
    assert result["type"] == "ack", result
    paid = result["result"]["order"]
    assert paid["status"] == "paid" and [p["method"] for p in paid["payments"]] == ["cash", "card"]
    table = next(t for t in floor.get("/floor").json()["tables"] if t["id"] == "hall-2")
    assert table["status"] != "ordered"
    # Every screen hears the payments as they come: the order's events carry them.
    heard = [f["data"] for f in live.events(3) if f["event"] == "order_updated"]
    assert [len(o["payments"]) for o in heard] == [1, 2] and heard[-1]["status"] == "paid"
    live.close()

    report = Rest(url, login(url, "manager")).get("/reports/day").json()
    assert report["by_payment_method"] == {"card": order["total"] - half, "cash": half}
    assert report["revenue"] == order["total"]
    late = floor.post(f"/orders/{order['id']}/payments", {**too_much, "client_id": new_client_id()})
    assert late.status_code == 409 and late.json()["error"]["code"] == "order_closed"


def test_the_manager_sets_the_bill_rules_and_the_next_bill_follows_them(fresh_server):
    url = fresh_server.url
    manager = Rest(url, login(url, "manager"))
    defaults = {"tax_mode": "included", "service_bp": 0, "payment_methods": ["cash", "card"],
                "discount_approval_bp": 1000, "reasons": list(DEFAULT_REASONS),
                "lock_after_min": 0}  # fmt: skip
    assert manager.get("/menu").json()["settings"] == defaults

    def save(rest: Rest, **rules) -> dict:
        change = {"client_id": new_client_id(), "op": "save_settings", "data": rules}
        return rest.post("/mutations", {"mutations": [change]}).json()["results"][0]

    rules = {"service_bp": 1000, "payment_methods": ["cash", "meal-voucher"]}
    assert save(manager, **rules)["type"] == "ack"
    floor = Rest(url, login(url, "floor"))
    assert floor.get("/menu").json()["settings"] == {**defaults, **rules}
    refused = save(floor, **rules)
    assert refused["type"] == "reject" and refused["error"]["code"] == "forbidden"
    twice = save(manager, payment_methods=["cash", "cash"])["error"]
    # A rule's refusal names the field in the change's data; a payload's, its place in the batch.
    assert (twice["code"], twice["field"]) == ("invalid_value", "payment_methods")
    assert save(manager, tax_mode="sometimes")["error"]["field"] == "mutations[0].data.tax_mode"

    order = Rest(url, login(url, "kiosk")).post("/orders", order_body("hall-3")).json()["order"]
    to_served(url, order["id"])
    with_service = order["total"] + (order["total"] + 5) // 10  # 10 %, half a cent up
    card = {"client_id": new_client_id(), "method": "card", "amount": with_service}
    assert floor.post(f"/orders/{order['id']}/payments", card).json()["error"]["field"] == "method"
    voucher = {**card, "client_id": new_client_id(), "method": "meal-voucher"}
    paid = floor.post(f"/orders/{order['id']}/payments", voucher).json()["order"]
    assert paid["status"] == "paid"
