"""A guest on the restaurant's Wi-Fi floods sign-in with wrong PINs from many addresses (each
under its own limit, sockets bound to 127.0.0.N): new sign-ins wait, and the staff signed in
already keep working, approvals included. A waiter's phone cannot guess the manager's PIN
either: its tries are counted on that device alone. Against a real server."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

from tests.support.client import PINS, Rest, login, order_body


def post_from(url: str, address: str, path: str, body: dict, token: str = "") -> int:
    """POST from source ``address``: the server counts wrong PINs per address."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10,
                                      source_address=(address, 0))  # fmt: skip
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        conn.request("POST", "/api/v1" + path, json.dumps(body), headers)
        return conn.getresponse().status
    finally:
        conn.close()


def test_a_flood_of_wrong_sign_ins_leaves_the_signed_in_staff_and_their_approvals_working(
    fresh_server,
):
    url = fresh_server.url
    waiter_token = login(url, "floor")
    waiter, other_phone = Rest(url, waiter_token), Rest(url, login(url, "floor"))
    order = waiter.post("/orders", order_body("hall-3")).json()["order"]
    wrong = {"restaurant": "demo", "pin": "48213"}
    codes = [post_from(url, f"127.0.0.{n}", "/login", wrong)
             for n in range(10, 26) for _ in range(5)]  # fmt: skip
    assert codes.count(401) == 60 and codes.count(429) == 20  # the restaurant's hour is full
    assert post_from(url, "127.0.0.99", "/login", {"restaurant": "demo",
                                                   "pin": PINS["kitchen"]}) == 429  # fmt: skip
    # The staff signed in: changes, reads, and a manager's approval on the waiter's phone.
    assert waiter.get("/floor").status_code == 200
    assert waiter.post("/orders", order_body("hall-4")).status_code == 201
    ask = {
        "pin": PINS["manager"],
        "op": "void_line",
        "change": {"order_id": order["id"], "line": 0, "reason": "changed_mind"},
    }
    approved = waiter.post("/approvals", ask)
    assert approved.status_code == 200 and approved.json()["approval"]
    # Five wrong manager PINs on one phone pause that phone's approvals, no one else's.
    for _ in range(5):
        assert waiter.post("/approvals", {**ask, "pin": "4821390"}).status_code == 401
    paused = waiter.post("/approvals", ask)
    assert paused.status_code == 429 and paused.json()["error"]["code"] == "too_many_attempts"
    assert other_phone.post("/approvals", ask).status_code == 200
    assert waiter.get("/floor").status_code == 200  # still signed in, still working
