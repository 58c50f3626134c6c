"""The deployment the README gives: the real Caddy, with ``deploy/Caddyfile``, in front of the
real server. HTTPS from Caddy's own CA, the live socket through it, each tablet's own address
for the PIN limits, and slow clients that do not stop the server answering."""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
import time

import requests
from websockets.sync.client import connect

from tests.support.caddy import CaddyProcess


def post(caddy: CaddyProcess, path: str, body: dict, **headers: str) -> requests.Response:
    return requests.post(caddy.url + "/api/v1" + path, json=body, headers=headers,
                         verify=caddy.root_cert, timeout=10)  # fmt: skip


def test_the_app_and_the_live_socket_over_https(behind_caddy):
    _, caddy = behind_caddy
    page = requests.get(caddy.url + "/", verify=caddy.root_cert, timeout=10)
    assert page.ok and "Passline" in page.text
    assert "Content-Security-Policy" in page.headers
    token = post(caddy, "/login", {"restaurant": "demo", "pin": "2222"}).json()["token"]
    tls = ssl.create_default_context(cafile=str(caddy.root_cert))
    wss = f"wss://127.0.0.1:{caddy.https_port}/api/v1/live"
    with connect(wss, ssl=tls, origin=caddy.url) as ws:  # a browser's request, as it comes
        ws.send(json.dumps({"type": "hello", "token": token}))
        assert json.loads(ws.recv(timeout=5))["type"] == "welcome"
        ws.send(json.dumps({"type": "ping", "t": 7}))
        assert json.loads(ws.recv(timeout=5)) == {"type": "pong", "t": 7}


def test_each_tablet_is_counted_by_its_own_address_not_by_what_it_claims(behind_caddy):
    _, caddy = behind_caddy
    wrong = {"restaurant": "demo", "pin": "0000"}
    claims = [{"X-Forwarded-For": f"10.0.0.{i}"} for i in range(6)]
    codes = [post(caddy, "/login", wrong, **claim).status_code for claim in claims]
    assert codes == [401] * 5 + [429]  # a chosen X-Forwarded-For buys no fresh attempts


def slow_client(port: int, context: ssl.SSLContext) -> ssl.SSLSocket:
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock = context.wrap_socket(raw, server_hostname="127.0.0.1")
    sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    return sock


def test_two_hundred_slow_clients_do_not_stop_the_server_answering(behind_caddy):
    """Headers a line every two seconds: straight to gunicorn, 70 of these stopped /health."""
    server, caddy = behind_caddy
    context = ssl.create_default_context(cafile=str(caddy.root_cert))
    slow = [slow_client(caddy.https_port, context) for _ in range(200)]
    try:
        waits = []
        for round_ in range(3):
            for sock in slow:
                # Caddy may already have closed it: that is the defence.
                with contextlib.suppress(OSError):
                    sock.sendall(f"X-Slow-{round_}: a\r\n".encode())
            started = time.monotonic()
            answer = requests.get(caddy.url + "/api/v1/health", verify=caddy.root_cert, timeout=10)
            waits.append(time.monotonic() - started)
            assert answer.ok
            time.sleep(2)
        assert max(waits) < 2.0, waits
        # The server itself never saw them: its threads are free.
        assert requests.get(server.url + "/api/v1/health", timeout=2).ok
    finally:
        for sock in slow:
            sock.close()
