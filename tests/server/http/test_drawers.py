"""The cash drawer over REST (``http/drawers.py``), against a real server: only a manager
opens, moves and counts; the path names the shift a change is for;
an open answers 201 and a replay 200 with the same shift; a second open drawer is refused."""

from __future__ import annotations

from tests.support.client import Rest, error_code, login, new_client_id


def test_a_drawer_over_rest(fresh_server):
    url = fresh_server.url
    manager, waiter = Rest(url, login(url, "manager")), Rest(url, login(url, "floor"))
    open_ = {"client_id": new_client_id(), "drawer_id": "front-1", "name": "Front till",
             "float": 20_000}  # fmt: skip
    assert error_code(waiter.post("/drawers", open_)) == "forbidden"
    first = manager.post("/drawers", open_)
    assert first.status_code == 201 and first.json()["drawer"]["float"] == 20_000
    again = manager.post("/drawers", open_)
    assert again.status_code == 200 and again.json() == first.json()  # a replay: once
    other = {**open_, "client_id": new_client_id(), "drawer_id": "front-2"}
    assert error_code(manager.post("/drawers", other)) == "drawer_open"

    move = {"client_id": new_client_id(), "kind": "cash_out", "amount": 5_000,
            "reason": "supplier"}  # fmt: skip
    assert error_code(manager.post("/drawers/front-1/moves", {**move, "amount": 0})) \
        == "out_of_range"  # fmt: skip
    assert error_code(waiter.post("/drawers/front-1/moves", move)) == "forbidden"
    # the path names the shift: a drawer_id in the body is dropped as an unknown key
    moved = manager.post("/drawers/front-1/moves", {**move, "drawer_id": "front-2"})
    assert moved.status_code == 200 and moved.json()["drawer"]["id"] == "front-1"
    assert error_code(manager.post("/drawers/nope/moves", {**move, "client_id": new_client_id()})) \
        == "not_found"  # fmt: skip

    close = {"client_id": new_client_id(), "counted": 14_500}
    closed = manager.post("/drawers/front-1/close", close).json()["drawer"]
    assert (closed["expected"], closed["counted"], closed["difference"]) == (15_000, 14_500, -500)
    assert manager.post("/drawers/front-1/close", close).json()["drawer"] == closed
    late = manager.post("/drawers/front-1/moves", {**move, "client_id": new_client_id()})
    assert error_code(late) == "drawer_closed"
