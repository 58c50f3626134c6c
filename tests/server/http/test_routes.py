"""What every endpoint does before its own work, against a real server: a bearer token of its
restaurant, a JSON body within bounds, and an answer that says what it is (JSON errors with a
``code``, never stored)."""

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


@pytest.mark.parametrize("raw", [b"{not json", b"", b"[1, 2]", b'"text"'])
def test_malformed_bodies(kiosk, raw):
    r = kiosk.session.post(
        kiosk.base + "/orders", data=raw, headers={"Content-Type": "application/json"}
    )
    assert r.status_code in (400, 422)
    assert error_code(r) in ("invalid_json", "wrong_type")


@pytest.mark.parametrize("path", ["/login", "/orders"])
def test_deep_nesting_is_a_clear_400_not_a_server_error(server, kiosk, path):
    """30 KB of "[" made the JSON parser recurse until it failed: a 500 with a traceback."""
    r = kiosk.session.post(
        kiosk.base + path, data=b"[" * 30_000, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400 and error_code(r) == "invalid_json"
    assert "nested" in r.json()["error"]["message"]


@pytest.mark.parametrize("kind", ["text/plain", "application/x-www-form-urlencoded", None])
def test_bodies_must_be_json(server, kind):
    """A form or text/plain post needs no CORS preflight: any web page a tablet visits could
    send one. Only application/json is read."""
    headers = {"Content-Type": kind} if kind else {}
    r = requests.post(server.url + "/api/v1/login", data=b'{"restaurant": "demo", "pin": "2222"}',
                      headers=headers, timeout=10)  # fmt: skip
    assert r.status_code == 415 and error_code(r) == "unsupported_media_type"


def test_every_response_says_what_it_is_and_api_answers_are_not_stored(server, kiosk):
    for response in (
        kiosk.get("/menu"),
        requests.get(server.url + "/", timeout=10),
        Rest(server.url).post("/login", {"restaurant": "demo", "pin": "1111"}),
    ):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]  # fmt: skip
    assert kiosk.get("/menu").headers["Cache-Control"] == "no-store"
    login = Rest(server.url).post("/login", {"restaurant": "demo", "pin": "1111"})
    assert login.headers["Cache-Control"] == "no-store"  # it carries a token


def test_oversize_body_is_refused_with_413(kiosk, floor):
    seq = floor.get("/events", params={"since": 0, "limit": 1}).json()["seq"]
    r = kiosk.post("/orders", {**order_body(), "padding": "x" * 70_000})
    assert r.status_code == 413 and error_code(r) == "payload_too_large"
    assert floor.get("/events", params={"since": seq}).json()["events"] == []


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [("get", "/nope", 404, "not_found"), ("delete", "/floor", 405, "method_not_allowed")],
)
def test_unknown_routes_answer_json(floor, method, path, status, code):
    r = getattr(floor, method)(path)
    assert r.status_code == status and error_code(r) == code
