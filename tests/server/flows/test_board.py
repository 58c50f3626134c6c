"""The guests' pickup board against a real server: paired with a manager's code it is at work at
once (nobody signs in on it), it reads every order as a number and a state over REST and the
live socket, and it can change nothing nor read anything else."""

from __future__ import annotations

from tests.support.cli import cli
from tests.support.client import Live, Rest, error_code, login, order_body, pair, pairing_code
from tests.support.server_process import ServerProcess, seed_demo

AYRAN = {"item_id": "ayran", "qty": 1}


def test_a_board_sees_numbers_and_states_only(tmp_path):
    db = str(tmp_path / "passline.db")
    seed_demo(db)
    made = cli("devices", "pair", "demo", "--role", "board", "--name", "Counter TV", db=db)
    assert made.returncode == 0, made.stderr
    server = ServerProcess(db).start()
    try:
        joined = pair(server.url, "demo", pairing_code(made.stdout))
        assert joined["token"] and joined["device"]["role"] == "board"  # at work at once
        board = Rest(server.url, joined["token"])
        live = Live(server.ws_url, joined["token"])
        kiosk = Rest(server.url, login(server.url, "kiosk"))
        placed = kiosk.post("/orders", order_body(None, [AYRAN], note="for Ayşe")).json()
        order = placed["order"]
        event = live.events(1)[0]
        assert event["event"] == "order_created"
        assert event["data"] == {
            "id": order["id"], "number": order["number"], "status": "new", "type": "takeaway",
            "table_id": None, "lines": [], "note": "", "total": 0,
            "created_at": order["created_at"], "updated_at": order["updated_at"],
            "version": 1, "kiosk": True,
        }  # fmt: skip
        live.close()
        floor = board.get("/floor").json()
        assert [o["number"] for o in floor["orders"]] == [order["number"]]
        assert floor["tables"] == [] and floor["orders"][0]["lines"] == []
        assert "for Ayşe" not in board.get("/floor").text
        for method, path, body in (("post", "/orders", order_body(None, [AYRAN])),
                                   ("get", f"/orders/{order['id']}", None),
                                   ("get", "/reports/day", None), ("get", "/printers", None),
                                   ("post", f"/orders/{order['id']}/status",
                                    {"client_id": "c" * 16, "status": "ready"})):  # fmt: skip
            r = getattr(board, method)(path, body) if body else getattr(board, method)(path)
            assert (r.status_code, error_code(r)) == (403, "forbidden"), (path, r.text)
        events = board.get("/events", params={"since": 0, "limit": 100}).json()["events"]
        assert {e["type"] for e in events} <= {"order_created", "order_updated", "hidden"}
    finally:
        server.kill()
