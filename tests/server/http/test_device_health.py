"""Device health against a real server: a report rides on the heartbeat, the manager reads
every device's figures and what needs a person, a change in that raises a ``device_health``
event (the managers' notice), and the app's errors are grouped."""

from __future__ import annotations

import time

import pytest
import requests

from tests.support.client import Live, Rest, error_code, login
from tests.support.server_process import ServerProcess, seed_demo
from tests.support.wait import until

HEALTHY = {"build": "", "unsent": 0, "refused": 0}


@pytest.fixture
def server(tmp_path):
    db = str(tmp_path / "passline.db")
    seed_demo(db)
    proc = ServerProcess(db, env={"PASSLINE_HEALTH_EVERY_S": "0"}).start()
    yield proc
    proc.kill()


def ping(live: Live, health: dict) -> list[dict]:
    """A ping carrying ``health``; the frames up to its pong (and an error after it)."""
    live.send({"type": "ping", "t": 1, "health": health})
    pong, before = live.recv_until("pong")
    assert pong == {"type": "pong", "t": 1}
    return before


def kiosk_row(manager: Rest) -> dict:
    devices = manager.get("/devices/health").json()["devices"]
    return next(d for d in devices if d["role"] == "kiosk")


def test_a_troubled_report_shows_on_the_health_tab_and_notifies_managers_once(server):
    manager = Rest(server.url, login(server.url, "manager"))
    build = manager.get("/devices/health").json()["server"]["build"]
    assert build  # the suite's app is built
    watching = Live(server.ws_url, login(server.url, "manager"))
    kiosk = Live(server.ws_url, login(server.url, "kiosk"))
    try:
        three_hours_ago = int(time.time() * 1000) - 3 * 3600 * 1000
        report = {"build": "0ld0ld0ld0ld", "unsent": 3, "oldest_unsent_s": 720, "refused": 1,
                  "last_error": "render kiosk: KeyError 'x'", "clock_ms": three_hours_ago,
                  "storage_used": 10, "storage_quota": 1000, "rtt_ms": 80,
                  "reconnects_hour": 1}  # fmt: skip
        ping(kiosk, report)
        event = watching.events(1)[0]
        assert event["event"] == "device_health"
        assert event["data"]["role"] == "kiosk" and event["data"]["name"]
        kinds = [t["kind"] for t in event["data"]["troubles"]]
        assert kinds == ["waiting", "refused", "old_app", "clock"]
        row = kiosk_row(manager)
        assert row["report"]["unsent"] == 3 and row["report"]["last_error"].startswith("render")
        assert -10_900 < row["clock_offset_s"] < -10_700
        troubles = {t["kind"]: t for t in row["troubles"]}
        assert troubles["waiting"]["count"] == 3 and troubles["waiting"]["seconds"] == 720
        assert troubles["clock"]["seconds"] == row["clock_offset_s"]
        floor = manager.get("/floor").json()
        assert [d["device"] for d in floor["devices_in_trouble"]] == [row["id"]]
        metrics = requests.get(server.url + "/metrics", timeout=5).text
        assert 'passline_device_unsent_changes{restaurant="demo"} 3.0' in metrics
        assert 'passline_device_oldest_unsent_seconds{restaurant="demo"} 720.0' in metrics
        assert 'passline_device_refused_changes{restaurant="demo"} 1.0' in metrics

        ping(kiosk, {**report, "unsent": 4, "oldest_unsent_s": 780})  # the same troubles
        ping(kiosk, {**HEALTHY, "build": build})  # all sent, on the new app
        event = watching.events(1)[0]  # one event: the count moving was not a new notice
        assert event["event"] == "device_health" and event["data"]["troubles"] == []
        assert kiosk_row(manager)["troubles"] == []
        assert manager.get("/floor").json()["devices_in_trouble"] == []
    finally:
        kiosk.close()
        watching.close()


def test_waiting_changes_are_trouble_only_once_they_have_waited(server):
    kiosk = Live(server.ws_url, login(server.url, "kiosk"))
    manager = Rest(server.url, login(server.url, "manager"))
    try:
        ping(kiosk, {**HEALTHY, "unsent": 40, "oldest_unsent_s": 20})  # the link just came back
        assert kiosk_row(manager)["troubles"] == []
    finally:
        kiosk.close()


def test_a_malformed_report_is_refused_and_the_heartbeat_goes_on(server):
    kiosk = Live(server.ws_url, login(server.url, "kiosk"))
    manager = Rest(server.url, login(server.url, "manager"))
    try:
        kiosk.send({"type": "ping", "t": 1, "health": {"build": "x", "unsent": -1}})
        assert kiosk.recv() == {"type": "pong", "t": 1}
        error = kiosk.recv()
        assert error["type"] == "error" and error["error"]["field"] == "health.unsent"
        kiosk.send({"type": "ping", "t": 2, "health": "x" * 100})
        assert kiosk.recv() == {"type": "pong", "t": 2}
        assert kiosk.recv()["type"] == "error"
        assert kiosk_row(manager)["report"] is None  # nothing kept
    finally:
        kiosk.close()


def test_the_health_tab_is_a_managers_and_says_how_the_server_is(server):
    floor = Rest(server.url, login(server.url, "floor"))
    assert error_code(floor.get("/devices/health")) == "forbidden"
    manager = Rest(server.url, login(server.url, "manager"))
    state = until(
        lambda: manager.get("/devices/health").json()["server"], lambda s: s["backup"] is not None
    )  # the daily backup, at the first start
    assert state["engine"] == "sqlite" and state["database_bytes"] > 0
    assert state["disk_free_bytes"] > 0 and state["uptime_s"] >= 0
    assert state["backup"]["checked"] and state["backup"]["bytes"] > 0
    assert state["broker"] == {"configured": False, "up": False}
    assert state["printers"] == {"online": 0, "total": 0}


def test_the_apps_errors_are_grouped_by_place_and_message(server):
    manager = Rest(server.url, login(server.url, "manager"))
    one, two = (Rest(server.url, login(server.url, "kiosk")) for _ in range(2))
    same = {"where": "render kiosk", "message": "KeyError: 'x'", "count": 3}
    assert one.post("/client-errors", {"build": "b1", "errors": [same]}).status_code == 202
    assert two.post("/client-errors", {"build": "b2", "errors": [
        {**same, "count": 2}, {"where": "tick", "message": "boom"}]}).status_code == 202  # fmt: skip
    errors = manager.get("/devices/health").json()["errors"]
    grouped = next(e for e in errors if e["place"] == "render kiosk")
    assert grouped["count"] == 5 and len(grouped["devices"]) == 2
    assert grouped["builds"] == ["b1", "b2"]
    assert [e["place"] for e in errors].count("tick") == 1
