"""Per-device change limits: a burst (an offline queue's worth), then a sustained rate. Against
a real server whose limits are scaled down so a test reaches them: a kiosk gets 20 at once,
then one every ten seconds."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from websockets.sync.client import connect

from tests.support.client import Rest, login, new_client_id, order_body
from tests.support.server_process import ServerProcess, demo_server


@pytest.fixture
def tight(tmp_path) -> Iterator[ServerProcess]:
    with demo_server(tmp_path, {"PASSLINE_MUTATION_RATE_SCALE": "0.01"}) as server:
        yield server


def takeaway() -> dict:
    return order_body(None)


def test_a_kiosk_past_its_burst_is_refused_and_nothing_is_stored(tight):
    kiosk = Rest(tight.url, login(tight.url, "kiosk"))
    floor = Rest(tight.url, login(tight.url, "floor"))
    codes = [kiosk.post("/orders", takeaway()).status_code for _ in range(20)]
    assert codes == [201] * 20
    refused = kiosk.post("/orders", takeaway())
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "rate_limited"
    batch = [{"client_id": new_client_id(), "op": "create_order", "data": takeaway()}]
    assert kiosk.post("/mutations", {"mutations": batch}).status_code == 429
    assert len(floor.get("/floor").json()["orders"]) == 20
    # Another device of the same role has its own budget.
    other = Rest(tight.url, login(tight.url, "kiosk"))
    assert other.post("/orders", takeaway()).status_code == 201


def test_on_the_socket_a_refused_change_is_to_be_sent_again(tight):
    token = login(tight.url, "kiosk")
    kiosk = Rest(tight.url, token)
    for _ in range(20):
        assert kiosk.post("/orders", takeaway()).status_code == 201
    with connect(tight.ws_url) as ws:
        ws.send(json.dumps({"type": "hello", "token": token}))
        assert json.loads(ws.recv(timeout=5))["type"] == "welcome"
        body = takeaway()
        ws.send(json.dumps({"type": "submit", "client_id": body.pop("client_id"),
                            "op": "create_order", "data": body}))  # fmt: skip
        reply = next(f for f in map(json.loads, iter(lambda: ws.recv(timeout=5), None))
                     if f["type"] == "reject")  # fmt: skip
    assert reply["retry"] is True and reply["error"]["code"] == "rate_limited"


def test_any_request_past_a_devices_budget_is_refused(tmp_path):
    with demo_server(tmp_path, {"PASSLINE_REQUEST_RATE_SCALE": "0.01"}) as server:
        floor = Rest(server.url, login(server.url, "floor"))
        assert [floor.get("/menu").status_code for _ in range(10)] == [200] * 10
        refused = floor.get("/floor")
        assert refused.status_code == 429 and "requests" in refused.json()["error"]["message"]
        assert Rest(server.url, login(server.url, "floor")).get("/floor").status_code == 200
