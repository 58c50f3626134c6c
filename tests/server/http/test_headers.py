"""Headers every response carries (``server.http.headers``), against a real server: what it is,
no framing, no referrer, a tight CSP on pages and API answers that are never stored."""

import requests

from server.http.headers import CSP
from tests.support.client import Rest


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
        assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response.headers["Cross-Origin-Embedder-Policy"] == "require-corp"
        assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert kiosk.get("/menu").headers["Cache-Control"] == "no-store"
    login = Rest(server.url).post("/login", {"restaurant": "demo", "pin": "1111"})
    assert login.headers["Cache-Control"] == "no-store"  # it carries a token


def test_the_app_shell_carries_the_csp_and_is_not_marked_no_store(server):
    page = requests.get(server.url + "/", timeout=10)
    assert page.status_code == 200 and page.headers["Content-Security-Policy"] == CSP
    assert "'unsafe-inline'" not in CSP and "default-src 'self'" in CSP
    assert page.headers.get("Cache-Control") != "no-store"  # the service worker caches it
