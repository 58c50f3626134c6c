"""What every endpoint does before its own work (the route table), against a real server: a
bearer token of its restaurant. Its bodies and errors: ``test_errors.py``; its headers:
``test_headers.py``."""

import pytest
import requests

from tests.support.client import Rest, error_code, new_client_id, order_body


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer not-a-token", "Basic abc"])
def test_endpoints_need_a_valid_bearer_token(server, header):
    headers = {"Authorization": header} if header else {}
    r = requests.get(server.url + "/api/v1/floor", headers=headers, timeout=5)
    assert r.status_code == 401 and error_code(r) == "unauthorized"


def test_a_token_never_reaches_another_restaurant(floor, tokens, server):
    order = floor.post("/orders", order_body()).json()["order"]
    other = Rest(server.url, tokens["other_floor"])
    assert other.get(f"/orders/{order['id']}").status_code == 404
    assert order["id"] not in {o["id"] for o in other.get("/floor").json()["orders"]}
    assert all(
        e["data"].get("id") != order["id"]
        for e in other.get("/events", params={"since": 0, "limit": 1000}).json()["events"]
    )
    r = other.post(
        f"/orders/{order['id']}/status", {"client_id": new_client_id(), "status": "accepted"}
    )
    assert r.status_code == 404
