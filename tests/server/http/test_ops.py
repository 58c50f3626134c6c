"""For whoever runs the server, against a real one: health and stats, and the app's error
reports (logged with who and which build, rate-limited, refused clearly)."""

import pytest
import requests

from tests.support.client import Rest, error_code


def test_health_and_stats(server, manager, floor):
    assert requests.get(server.url + "/api/v1/health", timeout=5).json()["status"] == "ok"
    assert floor.get("/stats").status_code == 403
    stats = manager.get("/stats").json()
    assert {"connections", "total_connections", "events_per_second", "seq"} <= set(stats)


def test_a_devices_errors_are_logged_with_who_and_which_build(fresh_server):
    from tests.support.client import login

    kiosk = Rest(fresh_server.url, login(fresh_server.url, "kiosk"))
    report = {
        "build": "abc123",
        "errors": [{"where": "render kiosk", "message": "KeyError: 'x'\nforged line", "count": 3}],
    }
    r = kiosk.post("/client-errors", report)
    assert r.status_code == 202 and r.json() == {"logged": 1}
    log = fresh_server.log_path.read_text()
    line = next(line for line in log.splitlines() if "client error" in line)
    assert "restaurant=demo role=kiosk" in line and "build='abc123'" in line and "count=3" in line
    assert "forged line" in line  # escaped onto the same line, not a line of its own
    assert not any(line.startswith("forged line") for line in log.splitlines())


def test_error_reports_are_rate_limited_per_device(fresh_server):
    from tests.support.client import login

    report = {"errors": [{"where": "tick", "message": "boom"}]}
    kiosk = Rest(fresh_server.url, login(fresh_server.url, "kiosk"))
    codes = [kiosk.post("/client-errors", report).status_code for _ in range(8)]
    assert codes == [202] * 6 + [429] * 2
    limited = kiosk.post("/client-errors", report)
    assert error_code(limited) == "rate_limited"
    floor = Rest(fresh_server.url, login(fresh_server.url, "floor"))  # another device: its own
    assert floor.post("/client-errors", report).status_code == 202


@pytest.mark.parametrize(
    "body",
    [{}, {"errors": []}, {"errors": [{"where": "x"}]}, {"errors": [{"where": "x", "message": "m" * 501}]},
     {"errors": [{"where": "x", "message": "m"}] * 11}],
)  # fmt: skip
def test_a_bad_error_report_is_refused_clearly(kiosk, body):
    r = kiosk.post("/client-errors", body)
    assert r.status_code == 422 and error_code(r)


def test_error_reports_need_a_signed_in_device(server):
    r = Rest(server.url).post("/client-errors", {"errors": [{"where": "x", "message": "m"}]})
    assert r.status_code == 401
