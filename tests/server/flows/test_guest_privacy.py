"""A kiosk stands in front of guests: its copy of an order it placed says nothing of who on the
staff did what (no ``by``, no device names, no history), on REST, in the socket's backlog, in
its live events and in the answer to its own change sent again. Against a real server."""

from __future__ import annotations

import json

import requests

from tests.support.client import PINS, Live, Rest, new_client_id, order_body

STAFF_KEYS = {"by", "history"}


def sign_in(url: str, role: str, name: str) -> str:
    body = {"restaurant": "demo", "pin": PINS[role], "device": name}
    return requests.post(url + "/api/v1/login", json=body, timeout=10).json()["token"]


def staff_free(value: object) -> bool:
    """No key that says who did what, at any depth, and no staff device's name anywhere."""
    if "Ana's phone" in json.dumps(value):
        return False
    if isinstance(value, dict):
        return not STAFF_KEYS & value.keys() and all(staff_free(v) for v in value.values())
    if isinstance(value, list):
        return all(staff_free(v) for v in value)
    return True


def test_a_kiosk_never_learns_who_on_the_staff_did_what(fresh_server):
    url, ws_url = fresh_server.url, fresh_server.ws_url
    kiosk_token = sign_in(url, "kiosk", "Door kiosk")
    kiosk, floor = Rest(url, kiosk_token), Rest(url, sign_in(url, "floor", "Ana's phone"))
    start = floor.get("/events", params={"since": 0, "limit": 1}).json()["seq"]
    body = order_body(None, lines=[{"item_id": "ayran", "qty": 1},
                                   {"item_id": "baklava", "qty": 1}])  # fmt: skip
    placed = kiosk.post("/orders", body).json()["order"]
    live = Live(ws_url, kiosk_token)
    try:
        change = {"client_id": new_client_id(), "line": 1, "reason": "wrong_item"}
        assert floor.post(f"/orders/{placed['id']}/voids", change).status_code == 200
        owed = floor.get(f"/orders/{placed['id']}").json()["order"]["total"]
        paid = {"client_id": new_client_id(), "method": "cash", "amount": owed}
        assert floor.post(f"/orders/{placed['id']}/payments", paid).status_code == 200
        streamed = live.events(2)  # the void and the payment, as they happen
    finally:
        live.close()
    staff_view = floor.get(f"/orders/{placed['id']}").json()["order"]
    assert staff_view["history"][-1]["by"]["name"] == "Ana's phone"  # the staff still see it
    assert staff_view["payments"][0]["by"]
    again = kiosk.post("/orders", body)  # sent again: answered with the order as it is now
    assert again.status_code == 200 and again.json()["order"]["payments"]
    backlog = Live(ws_url, kiosk_token, since=start)
    try:
        replayed = [f for f in backlog.events(3) if f["event"].startswith("order")]
    finally:
        backlog.close()
    seen = {
        "rest": kiosk.get(f"/orders/{placed['id']}").json(),
        "floor": kiosk.get("/floor").json()["orders"],
        "events": [e["data"] for e in kiosk.get("/events", params={"since": start}).json()["events"]],
        "live": [f["data"] for f in streamed],
        "backlog": [f["data"] for f in replayed],
        "answer": again.json(),
    }  # fmt: skip
    for where, value in seen.items():
        assert staff_free(value), (where, value)
    assert seen["rest"]["order"]["lines"][1]["voided"]["reason"] == "wrong_item"  # what, not who
    assert seen["live"][-1]["payments"][0]["amount"] == owed
