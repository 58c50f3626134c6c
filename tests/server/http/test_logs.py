"""The server's log (``server.http.logs``): one format for every line, JSON on request, a line
per request with what an operator searches by, and never a secret."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import requests

from server.http.logs import HumanFormatter, JsonFormatter
from tests.support.client import Rest, login
from tests.support.server_process import ROOT, ServerProcess, seed_demo

MANAGER_PIN = "583920174"  # nine digits that appear nowhere else in a log


def record(msg: str = "request", **fields) -> logging.LogRecord:
    made = logging.LogRecord("passline.access", logging.INFO, __file__, 1, msg, (), None)
    made.__dict__.update(fields)
    return made


def test_a_json_line_carries_the_request_fields_and_drops_anything_named_secret():
    line = JsonFormatter().format(
        record(
            request_id="abc",
            restaurant="demo",
            route="/api/v1/orders",
            status=201,
            ms=4.2,
            pin="1234",
            token="t0k3n",
        )
    )
    entry = json.loads(line)
    assert entry["level"] == "INFO" and entry["logger"] == "passline.access"
    assert entry["ts"].endswith("+00:00")
    assert {k: entry[k] for k in ("request_id", "restaurant", "route", "status", "ms")} == {
        "request_id": "abc", "restaurant": "demo", "route": "/api/v1/orders", "status": 201,
        "ms": 4.2,
    }  # fmt: skip
    assert "1234" not in line and "t0k3n" not in line


def test_a_human_line_quotes_what_a_client_chose_so_it_cannot_forge_a_line():
    line = HumanFormatter().format(record(route="/x\n2026 ERROR forged", status=404))
    assert "\n" not in line
    assert line.endswith("route='/x\\n2026 ERROR forged' status=404")


def serve(tmp_path, *args: str, **env: str) -> ServerProcess:
    db = str(tmp_path / "passline.db")
    seed_demo(db)
    subprocess.run([sys.executable, "-m", "server.cli", "pin", "set", "demo", "manager",
                    MANAGER_PIN, "--db", db], cwd=ROOT, check=True, capture_output=True)  # fmt: skip
    return ServerProcess(db, env=env, args=args).start()


def test_the_json_log_has_a_line_per_request_and_never_a_pin_or_token(tmp_path):
    server = serve(tmp_path, "--access-log", PASSLINE_LOG_FORMAT="json")
    try:
        token = login(server.url, "manager", pin=MANAGER_PIN)
        manager = Rest(server.url, token)
        given = {"X-Request-Id": "caddy-0123456789"}
        answer = requests.get(server.url + "/api/v1/devices", timeout=5, headers={
            **given, "Authorization": f"Bearer {token}"})  # fmt: skip
        assert answer.ok and answer.headers["X-Request-Id"] == "caddy-0123456789"
        made = requests.get(server.url + "/api/v1/health", timeout=5).headers["X-Request-Id"]
        assert len(made) == 16
        requests.get(server.url + f"/api/v1/nowhere?pin={MANAGER_PIN}", timeout=5)
        manager.post("/client-errors", {"errors": [{"where": "tick", "message": "boom"}]})
    finally:
        server.stop()
    lines = server.log_path.read_text().splitlines()
    entries = [json.loads(line) for line in lines]  # every line, gunicorn's too, is JSON
    assert any(e["logger"] == "passline.serve" and "serving" in e["msg"] for e in entries)
    assert any(e["logger"] == "gunicorn.error" for e in entries)
    requests_ = [e for e in entries if e["logger"] == "passline.access"]
    devices = next(e for e in requests_ if e["request_id"] == "caddy-0123456789")
    assert devices["restaurant"] == "demo" and devices["role"] == "manager"
    assert devices["route"] == "/api/v1/devices" and devices["status"] == 200
    assert devices["method"] == "GET" and devices["ms"] >= 0 and devices["device"]
    assert any(e["route"] == "/api/v1/login" and e["status"] == 200 for e in requests_)
    assert any(e["route"] == "(no route)" and e["status"] == 404 for e in requests_)
    assert any(e["logger"] == "passline.client" and "boom" in e["msg"] for e in entries)
    text = "\n".join(lines)
    assert MANAGER_PIN not in text and token not in text and token.split(".")[-1] not in text


def test_without_the_access_log_only_slow_requests_are_logged_as_warnings(tmp_path):
    server = serve(tmp_path, PASSLINE_SLOW_REQUEST_S="0")  # every request is "slow"
    try:
        requests.get(server.url + "/api/v1/health", timeout=5)
    finally:
        server.stop()
    text = server.log_path.read_text()
    slow = [line for line in text.splitlines() if "passline.access" in line]
    assert slow and all(" WARNING passline.access: slow request " in line for line in slow)
    assert "route='/api/v1/health' status=200 ms=" in slow[0]
    # Human lines have a time and a level (they had neither before this module).
    assert any(" INFO passline.serve: Passline " in line for line in text.splitlines())


def test_a_log_format_that_is_not_one_is_refused_before_anything_runs():
    done = subprocess.run([sys.executable, "-m", "server.cli", "--version"], cwd=ROOT,
                          env={"PASSLINE_LOG_FORMAT": "xml", "PATH": "/usr/bin"},
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 2 and "must be one of human, json, not 'xml'" in done.stderr
