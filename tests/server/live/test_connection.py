"""The live socket against a real server, with ``websockets`` as an independent client."""

import base64
import json
import os
import socket
import struct
import threading
import time

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.support.client import Live, Rest, burger_line, login, new_client_id, order_body
from tests.support.wait import until


def latest_seq(rest: Rest) -> int:
    return rest.get("/events", params={"since": 0, "limit": 1}).json()["seq"]


def closed_with(ws, code: int) -> bool:
    try:
        while True:
            ws.recv(timeout=5)
    except ConnectionClosed:
        return ws.close_code == code


# -- hello -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "first",
    [
        {"type": "hello", "token": "forged"},
        {"type": "ping", "t": 1},
        {"type": "hello"},
        "not json",
    ],
)
def test_bad_hello_gets_an_error_frame_and_close_4401(server, first):
    with connect(server.ws_url) as ws:
        ws.send(first if isinstance(first, str) else json.dumps(first))
        frame = json.loads(ws.recv(timeout=5))
        assert frame["type"] == "error" and frame["error"]["code"]
        assert closed_with(ws, 4401)


def test_silence_after_connect_is_closed_with_4401(server):
    with connect(server.ws_url) as ws:
        started = time.monotonic()
        frame = json.loads(ws.recv(timeout=5))
        assert frame["type"] == "error"
        assert closed_with(ws, 4401)
        assert time.monotonic() - started < 4  # the session server allows 1 s


def test_welcome_tells_role_and_latest_seq(server, tokens, floor):
    live = Live(server.ws_url, tokens["kitchen"])
    assert live.welcome["role"] == "kitchen" and live.welcome["seq"] >= latest_seq(floor) - 1
    assert live.welcome["heartbeat_s"] == 25.0
    live.close()


def test_a_cursor_from_the_future_asks_for_a_reset(server, tokens, floor):
    live = Live(server.ws_url, tokens["floor"], since=latest_seq(floor) + 1000)
    assert live.welcome.get("reset") is True
    live.close()


# -- resume ----------------------------------------------------------------------------------


def test_resume_from_every_cursor_gives_exactly_the_missed_events_in_order(server, tokens):
    other = Rest(server.url, tokens["other_floor"])
    log = other.get("/events", params={"since": 0, "limit": 1000}).json()
    assert log["seq"] == len(log["events"]) and log["seq"] > 50
    expected = [(e["seq"], e["type"], e["data"]) for e in log["events"]]
    for since in range(0, log["seq"] + 1):
        live = Live(server.ws_url, tokens["other_floor"], since=since)
        got = [(f["seq"], f["event"], f["data"]) for f in live.events(log["seq"] - since)]
        assert got == expected[since:]
        live.send({"type": "ping", "t": since})
        assert live.recv() == {"type": "pong", "t": since}  # and nothing extra before it
        live.close()


def test_live_events_arrive_after_commit_and_in_order(server, tokens, kiosk, floor):
    live = Live(server.ws_url, tokens["floor"], since=latest_seq(floor))
    start = live.welcome["seq"]
    placed = [kiosk.post("/orders", order_body(table_id=None)).json()["order"] for _ in range(5)]
    frames = live.events(5)
    assert [f["seq"] for f in frames] == list(range(start + 1, start + 6))
    assert [f["data"]["id"] for f in frames] == [o["id"] for o in placed]
    live.close()


def test_each_event_names_the_change_that_made_it_and_a_kiosk_hears_only_its_own(
    server, tokens, floor
):
    """A device shows its own change from the server's event on, not twice until the ack comes
    (issue 14's chaos run and the waiter test saw one order on two tiles). Which staff device did
    what stays hidden from kiosks: a kiosk hears the change id of its own changes only."""
    since = latest_seq(floor)
    staff = Live(server.ws_url, tokens["floor"], since=since)
    mine = Live(server.ws_url, tokens["kiosk"], since=since)
    other = Live(server.ws_url, login(server.url, "kiosk"), since=since)
    body = order_body(table_id=None)
    order = Rest(server.url, tokens["kiosk"]).post("/orders", body).json()["order"]
    seen = staff.events(1)[0]
    assert seen["by"]["change"] == body["client_id"] and seen["by"]["role"] == "kiosk"
    assert mine.events(1)[0]["by"] == {"change": body["client_id"]}
    assert other.events(1)[0] == {
        "type": "event",
        "seq": seen["seq"],
        "event": "hidden",
        "data": {},
    }
    bumped = Rest(server.url, tokens["kitchen"]).post(
        f"/orders/{order['id']}/status", {"client_id": new_client_id(), "status": "accepted"}
    )
    assert bumped.status_code == 200, bumped.text
    assert "by" not in mine.events(1)[0]  # the kitchen's change: not the kiosk's to know
    polled = Rest(server.url, tokens["kiosk"]).get(f"/events?since={since}").json()["events"]
    assert [e.get("by") for e in polled] == [{"change": body["client_id"]}, None]
    for live in (staff, mine, other):
        live.close()


# -- frames ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("{oops", "invalid_json"),
        ("[" * 30_000, "invalid_json"),  # nested too deeply for the parser
        ("[1, 2]", "invalid_frame"),
        ('{"no": "type"}', "invalid_frame"),
        ('{"type": "dance"}', "unknown_type"),
        (b"\x00\x01", "invalid_frame"),
        ('{"type": "hello", "token": "x"}', "already_authenticated"),
        ('{"type": "submit", "op": "create_order"}', "missing_field"),
        ('{"type": "ping", "t": "' + "x" * 60_000 + '"}', "wrong_type"),  # only numbers echo
        ('{"type": "ping", "t": [1, 2]}', "wrong_type"),
    ],
)
def test_malformed_frames_get_an_error_and_the_connection_goes_on(server, tokens, raw, code):
    live = Live(server.ws_url, tokens["floor"])
    live.ws.send(raw)
    frame, _ = live.recv_until("error")
    assert frame["error"]["code"] == code
    live.send({"type": "ping", "t": 42.5})
    assert live.recv_until("pong")[0]["t"] == 42.5
    live.close()


def test_an_oversize_frame_closes_with_1009_and_the_server_goes_on(server, tokens):
    live = Live(server.ws_url, tokens["floor"])
    live.ws.send("x" * 70_000)
    assert closed_with(live.ws, 1009)
    Live(server.ws_url, tokens["floor"]).close()


# -- submit ----------------------------------------------------------------------------------


def submit(live: Live, op: str, data: dict, client_id: str | None = None) -> dict:
    client_id = client_id or new_client_id()
    live.send({"type": "submit", "client_id": client_id, "op": op, "data": data})
    while True:
        frame = live.recv()
        if frame["type"] in ("ack", "reject") and frame["client_id"] == client_id:
            return frame


def test_submit_acks_and_is_idempotent_across_socket_and_rest(server, tokens, kiosk):
    live = Live(server.ws_url, tokens["kiosk"])
    body = order_body()
    client_id = body.pop("client_id")
    ack = submit(live, "create_order", body, client_id)
    assert ack["type"] == "ack" and ack["replayed"] is False
    events = kiosk.get("/events", params={"since": ack["seq"] - 10}).json()["events"]
    its_own = [e["seq"] for e in events if (e.get("by") or {}).get("change") == client_id]
    assert its_own and max(its_own) == ack["seq"]  # its seq: its own last event's
    again = submit(live, "create_order", body, client_id)
    assert again["replayed"] is True and again["result"] == ack["result"]
    assert again["seq"] >= ack["seq"]
    rest = kiosk.post("/orders", {"client_id": client_id, **body})
    assert rest.status_code == 200 and rest.json() == ack["result"]
    live.close()


def test_a_rest_order_replayed_over_the_socket_returns_the_first_result(server, tokens, kiosk):
    body = order_body()
    first = kiosk.post("/orders", body).json()
    live = Live(server.ws_url, tokens["kiosk"])
    client_id = body.pop("client_id")
    assert submit(live, "create_order", body, client_id)["result"] == first
    mismatch = submit(live, "create_order", {**body, "note": "other"}, client_id)
    assert mismatch["type"] == "reject" and mismatch["error"]["code"] == "idempotency_mismatch"
    live.close()


def test_submit_batch_answers_each_mutation_in_order_with_one_commit(server, tokens, kiosk):
    live = Live(server.ws_url, tokens["kiosk"])
    good = [order_body(note=f"batch {n}") for n in range(3)]
    items = [{"client_id": b.pop("client_id"), "op": "create_order", "data": b} for b in good]
    bad = {"client_id": new_client_id(), "op": "create_order", "data": {"lines": []}}
    items.insert(1, bad)
    live.send({"type": "submit_batch", "mutations": items})
    answers = [live.recv_until(("ack", "reject"))[0] for _ in items]
    assert [a["client_id"] for a in answers] == [i["client_id"] for i in items]
    assert [a["type"] for a in answers] == ["ack", "reject", "ack", "ack"]
    assert answers[1]["error"]["code"] == "too_few"
    numbers = [a["result"]["order"]["number"] for a in answers if a["type"] == "ack"]
    assert numbers == sorted(numbers)
    # Same client_ids again, over REST: replays, not new orders.
    again = kiosk.post("/mutations", {"mutations": [items[0]]}).json()["results"][0]
    assert again["replayed"] is True and again["result"] == answers[0]["result"]
    live.send({"type": "submit_batch", "mutations": []})
    assert live.recv_until("error")[0]["error"]["code"] == "too_few"
    live.send({"type": "submit_batch", "mutations": "lots"})
    assert live.recv_until("error")[0]["error"]["field"] == "mutations"
    live.close()


@pytest.mark.parametrize(
    ("role", "op", "data", "code"),
    [
        ("kiosk", "set_table_status", {"table_id": "hall-9", "status": "seated"}, "forbidden"),
        ("kitchen", "set_order_status", {"order_id": "x", "status": "paid"}, "forbidden"),
        ("floor", "create_order", {"lines": [{"item_id": "unicorn", "qty": 1}]}, "unknown_item"),
        ("floor", "create_order", {"lines": []}, "too_few"),
        ("floor", "set_order_status", {"order_id": "nope", "status": "accepted"}, "not_found"),
        ("floor", "launch_rocket", {}, "invalid_value"),
    ],
)
def test_rejects_carry_the_same_codes_as_rest(server, tokens, role, op, data, code):
    live = Live(server.ws_url, tokens[role])
    frame = submit(live, op, data)
    assert frame["type"] == "reject" and frame["error"]["code"] == code
    live.close()


# -- fan-out ---------------------------------------------------------------------------------


def test_concurrent_writers_leave_no_gaps_and_every_subscriber_sees_all(server, tokens, floor):
    since = latest_seq(floor)
    watchers = [Live(server.ws_url, tokens["floor"], since=since) for _ in range(3)]
    per_writer, writers = 15, 6
    errors: list = []

    def write(n: int) -> None:
        rest = Rest(server.url, tokens["kiosk"])
        for _ in range(per_writer):
            r = rest.post("/orders", order_body(table_id=None, lines=[burger_line(n + 1)]))
            if r.status_code != 201:
                errors.append(r.text)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    total = per_writer * writers
    log = floor.get("/events", params={"since": since, "limit": 1000}).json()["events"]
    created = [e for e in log if e["type"] == "order_created"]
    assert len(created) == total
    assert [e["seq"] for e in log] == list(range(since + 1, since + 1 + len(log)))
    for watcher in watchers:
        frames = watcher.events(len(log))
        assert [f["seq"] for f in frames] == [e["seq"] for e in log]
        watcher.close()


def test_device_status_announces_kitchen_screens(server, tokens, floor):
    watcher = Live(server.ws_url, tokens["floor"], since=latest_seq(floor))
    screen = Live(server.ws_url, tokens["kitchen"])
    came = watcher.events(1)[0]
    screen.close()
    went = watcher.events(1)[0]
    assert (came["event"], came["data"]["connected"]) == ("device_status", True)
    assert (went["event"], went["data"]["connected"]) == ("device_status", False)
    watcher.close()


def test_stats_count_live_connections_by_role(server, tokens, manager):
    before = manager.get("/stats").json()["connections"].get("kiosk", 0)
    lives = [Live(server.ws_url, tokens["kiosk"]) for _ in range(3)]
    assert manager.get("/stats").json()["connections"]["kiosk"] == before + 3
    for live in lives:
        live.close()


# -- heartbeat -------------------------------------------------------------------------------


def silent_client(port: int, token: str) -> socket.socket:
    """A raw WebSocket client that says hello and then never answers anything, like a tablet
    whose Wi-Fi went to sleep without closing the connection."""
    sock = socket.create_connection(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        f"GET /api/v1/live HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    assert b" 101 " in sock.recv(4096)
    payload = json.dumps({"type": "hello", "token": token}).encode()
    mask = os.urandom(4)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    n = len(payload)
    header = (
        struct.pack("!BB", 0x81, 0x80 | n) if n < 126 else struct.pack("!BBH", 0x81, 0x80 | 126, n)
    )
    sock.sendall(header + mask + masked)
    return sock


def test_a_peer_that_stops_answering_pings_is_dropped(tmp_path):
    from tests.support.client import login
    from tests.support.server_process import ServerProcess, seed_demo

    db = str(tmp_path / "p.db")
    seed_demo(db)
    server = ServerProcess(db, env={"PASSLINE_PING_INTERVAL_S": "0.3"}).start()
    try:
        manager = Rest(server.url, login(server.url, "manager"))
        answering = Live(server.ws_url, login(server.url, "floor"))  # websockets answers pings
        silent = silent_client(server.port, login(server.url, "kiosk"))

        def connections() -> dict:
            return manager.get("/stats").json()["connections"]

        until(connections, lambda c: c == {"floor": 1, "kiosk": 1}, timeout=5)
        until(connections, lambda c: c == {"floor": 1}, timeout=10)  # a few ping intervals
        answering.send({"type": "ping", "t": 1})
        assert answering.recv_until("pong")[0]["t"] == 1
        silent.close()
        answering.close()
    finally:
        server.kill()


# -- what one device may do with the socket ------------------------------------------------


def test_another_sites_page_may_not_open_the_socket(server, tokens):
    from websockets.exceptions import InvalidStatus

    with pytest.raises(InvalidStatus) as refused:
        connect(server.ws_url, origin="http://evil.example")
    assert refused.value.response.status_code == 403
    own = f"http://127.0.0.1:{server.port}"
    with connect(server.ws_url, origin=own) as ws:
        ws.send(json.dumps({"type": "hello", "token": tokens["floor"]}))
        assert json.loads(ws.recv(timeout=5))["type"] == "welcome"


def test_plain_http_on_the_socket_endpoint_is_a_clear_400(server):
    r = Rest(server.url).get("/live")
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_request"


def test_a_device_may_hold_only_so_many_sockets(server):
    from contextlib import ExitStack

    token = login(server.url, "kitchen")
    with ExitStack() as stack:
        for _ in range(8):
            ws = stack.enter_context(connect(server.ws_url))
            ws.send(json.dumps({"type": "hello", "token": token}))
            assert json.loads(ws.recv(timeout=5))["type"] == "welcome"
        with connect(server.ws_url) as ninth:
            ninth.send(json.dumps({"type": "hello", "token": token}))
            assert json.loads(ninth.recv(timeout=5))["error"]["code"] == "too_many_sockets"
            assert closed_with(ninth, 1008)
    with connect(server.ws_url) as again:  # the others closed: room again
        again.send(json.dumps({"type": "hello", "token": token}))
        until(lambda: json.loads(again.recv(timeout=5))["type"], lambda t: t == "welcome")


def test_a_flood_of_frames_closes_that_socket_only(server, tokens):
    with connect(server.ws_url) as calm, connect(server.ws_url) as flood:
        for ws in (calm, flood):
            ws.send(json.dumps({"type": "hello", "token": tokens["floor"]}))
            assert json.loads(ws.recv(timeout=5))["type"] == "welcome"
        try:
            for i in range(2_000):
                flood.send(json.dumps({"type": "ping", "t": i}))
        except ConnectionClosed:
            pass
        assert closed_with(flood, 1008)
        calm.send(json.dumps({"type": "ping", "t": 1}))
        # Events of other tests' devices may come first on this shared server.
        replies = iter(lambda: json.loads(calm.recv(timeout=5)), None)
        assert next(r for r in replies if r["type"] != "event") == {"type": "pong", "t": 1}
