"""What every REST endpoint that changes something does (``http/changes.py``), against the
shared server: a new order or drawer shift answers 201 and the same change sent again 200 with
the same body; the same ``client_id`` with other data is refused; a role that may not make a
change is refused before anything is counted or stored."""

from __future__ import annotations

from tests.support.client import error_code, new_client_id, order_body


def test_a_change_is_created_once_and_a_replay_answers_as_the_first(kiosk, kitchen):
    body = order_body(None)
    first = kiosk.post("/orders", body)
    assert first.status_code == 201
    again = kiosk.post("/orders", body)
    assert again.status_code == 200 and again.json() == first.json()
    other = kiosk.post("/orders", {**body, "lines": [{"item_id": "ayran", "qty": 1}]})
    assert error_code(other) == "idempotency_mismatch"
    order_id = first.json()["order"]["id"]
    accepted = kitchen.post(f"/orders/{order_id}/status",
                            {"client_id": new_client_id(), "status": "accepted"})  # fmt: skip
    assert accepted.status_code == 200  # a change to an order is not a creation


def test_a_role_that_may_not_is_refused_and_nothing_is_stored(kiosk, floor):
    placed = kiosk.post("/orders", order_body(None)).json()["order"]
    refused = kiosk.post(f"/orders/{placed['id']}/payments",
                         {"client_id": new_client_id(), "method": "cash",
                          "amount": placed["total"]})  # fmt: skip
    assert refused.status_code == 403 and error_code(refused) == "forbidden"
    after = [o for o in floor.get("/floor").json()["orders"] if o["id"] == placed["id"]]
    assert not after[0].get("payments") and after[0]["status"] == placed["status"]
