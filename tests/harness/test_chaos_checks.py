"""The chaos run's end checks, against a real server's log."""

from tests.support.chaos import Chaos
from tests.support.client import Rest, login, new_client_id


def test_a_change_the_server_refused_must_be_held_by_a_device(server):
    floor = Rest(server.url, login(server.url, "floor"))
    change = new_client_id()
    jump = {"order_id": "no-such-order", "status": "ready"}
    results = floor.post("/mutations", {"mutations": [
        {"client_id": change, "op": "set_order_status", "data": jump},
    ]}).json()["results"]  # fmt: skip
    assert results[0]["type"] == "reject"
    chaos = Chaos(None, [server])
    assert any(change in p for p in chaos._refused_out_of_sight())
    chaos.held_refused.add(change)
    assert not any(change in p for p in chaos._refused_out_of_sight())
