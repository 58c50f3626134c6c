"""Every API error leaves as JSON with a ``code`` and a fitting status, against a real server:
bodies that are not JSON, too deep or too big, routes and methods that do not exist; and in
this process, an unexpected failure that answers 500 without its insides."""

import pytest
import requests

from server import create_app
from tests.support.client import error_code, order_body


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


def test_an_unexpected_failure_is_a_json_500_that_shows_nothing_inside(tmp_path):
    app = create_app({"DATABASE": str(tmp_path / "passline.db")})

    @app.get("/api/v1/broken")
    def broken():  # a route that fails as a bug would, to see what the handler answers
        raise RuntimeError("secret detail of a bug")

    answer = app.test_client().get("/api/v1/broken")
    assert answer.status_code == 500 and answer.get_json()["error"]["code"] == "internal_error"
    assert b"secret detail" not in answer.data and b"Traceback" not in answer.data
    assert answer.headers["Cache-Control"] == "no-store"
