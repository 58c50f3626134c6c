"""Crashes, restarts and a client that stops reading: nothing acknowledged is ever lost."""

import json
import random
import socket
import string

from websockets.exceptions import ConnectionClosed

from tests.support.client import Live, Rest, burger_line, login, new_client_id, order_body
from tests.support.server_process import ServerProcess


def test_an_acked_order_survives_kill_9(fresh_server: ServerProcess):
    token = login(fresh_server.url, "kiosk")
    live = Live(fresh_server.ws_url, token)
    body = order_body()
    client_id = body.pop("client_id")
    live.send({"type": "submit", "client_id": client_id, "op": "create_order", "data": body})
    ack, _ = live.recv_until("ack")
    fresh_server.kill()  # the instant the ack is seen: no graceful shutdown, no flush
    fresh_server.start()
    rest = Rest(fresh_server.url, login(fresh_server.url, "floor"))
    order = ack["result"]["order"]  # the kiosk's copy: without who on the staff did what
    kept = rest.get(f"/orders/{order['id']}").json()["order"]
    assert {k: v for k, v in kept.items() if k != "history"} == order
    events = rest.get("/events", params={"since": 0, "limit": 1000}).json()["events"]
    assert [e["data"]["id"] for e in events if e["type"] == "order_created"] == [order["id"]]
    # The client, unsure, sends it again after the restart: still exactly one order.
    again = Rest(fresh_server.url, token).post("/orders", {"client_id": client_id, **body})
    assert again.status_code == 200 and again.json()["order"] == order


def test_tokens_survive_a_restart(fresh_server: ServerProcess):
    rest = Rest(fresh_server.url, login(fresh_server.url, "floor"))
    fresh_server.stop()
    fresh_server.start()
    assert rest.get("/floor").status_code == 200


def test_a_stalled_subscriber_is_cut_off_without_delaying_others(tmp_path):
    from tests.support.server_process import seed_demo

    db = str(tmp_path / "p.db")
    seed_demo(db)
    server = ServerProcess(db, env={"PASSLINE_LIVE_QUEUE_LIMIT": "50"}).start()
    try:
        floor_token = login(server.url, "floor")
        rest = Rest(server.url, login(server.url, "kiosk"))
        since = (
            Rest(server.url, floor_token)
            .get("/events", params={"since": 0, "limit": 1})
            .json()["seq"]
        )
        # This client reads nothing: websockets stops reading once its own small queue is full,
        # so the server's socket buffer fills and its writer blocks.
        tiny = socket.socket()
        tiny.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connect: no autotuning
        tiny.connect(("127.0.0.1", server.port))
        stalled = Live(
            server.ws_url, floor_token, since=since, max_queue=2, compression=None, sock=tiny
        )
        healthy = Live(server.ws_url, floor_token, since=since)
        rng = random.Random(7)
        healthy_seen: list[int] = []
        for _ in range(400):
            # ~15 KB of incompressible text per event: 400 of them outgrow any kernel buffer.
            lines = [{**burger_line(), "note": "".join(rng.choices(string.ascii_letters, k=200))}
                     for _ in range(50)]  # fmt: skip
            assert rest.post("/orders", order_body(table_id=None, lines=lines)).status_code == 201
            healthy_seen.extend(f["seq"] for f in healthy.events(1))
        # The healthy screen got every event, in order, one per order as it was placed, and was
        # never cut off. (How long it waited is bench/fanout.py's figure, not a test's.)
        assert healthy_seen == list(range(since + 1, since + 401))
        assert healthy.ws.close_code is None
        # The stalled one finds, once it reads again, that it was cut off: with 4408, or abruptly
        # when even the close frame found no room. It resumes from the last event it applied:
        # nothing lost, nothing twice.
        seen = []
        try:
            while True:
                frame = json.loads(stalled.ws.recv(timeout=3))
                if frame["type"] == "event":
                    seen.append(frame["seq"])
        except ConnectionClosed:
            assert stalled.ws.close_code in (4408, 1006)
        except TimeoutError:
            raise AssertionError(f"not closed; saw {len(seen)} events since {since}") from None
        assert seen == list(range(since + 1, since + 1 + len(seen)))
        resumed = Live(server.ws_url, floor_token, since=seen[-1] if seen else since)
        rest_seen = [
            f["seq"] for f in resumed.events(resumed.welcome["seq"] - (seen[-1] if seen else since))
        ]
        assert seen + rest_seen == list(range(since + 1, resumed.welcome["seq"] + 1))
        resumed.close()
        healthy.close()
    finally:
        server.kill()


def test_submit_after_restart_on_the_same_port(fresh_server: ServerProcess):
    token = login(fresh_server.url, "floor")
    fresh_server.kill()
    fresh_server.start()
    live = Live(fresh_server.ws_url, token, since=0)
    live.send({"type": "submit", "client_id": new_client_id(), "op": "set_table_status",
               "data": {"table_id": "hall-5", "status": "seated"}})  # fmt: skip
    ack, _ = live.recv_until("ack")
    assert ack["result"]["table"]["status"] == "seated"
    live.close()
