"""Devices a manager can list and revoke, short tokens renewed from a device credential, and PIN
changes that sign out the old PIN's devices: against real server processes, the CLI in its own
process beside them."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import pytest
import requests
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from server.cli.demo import PINS
from tests.support.cli import cli
from tests.support.client import Rest, login, order_body
from tests.support.server_process import demo_server
from tests.support.wait import until


def sign_in(url: str, role: str, name: str = "", **extra) -> dict:
    body = {"restaurant": "demo", "pin": PINS[role], "device": name, **extra}
    r = requests.post(url + "/api/v1/login", json=body, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()


def code_of(r: requests.Response) -> str:
    return r.json()["error"]["code"]


@contextmanager
def live(url: str, token: str) -> Iterator:
    with connect(url.replace("http", "ws") + "/api/v1/live") as ws:
        ws.send(json.dumps({"type": "hello", "token": token}))
        assert json.loads(ws.recv(timeout=5))["type"] == "welcome"
        yield ws


def close_code(ws, timeout: float = 5) -> int | None:
    """The close code the server ended ``ws`` with, waiting up to ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ws.recv(timeout=deadline - time.monotonic())
    except ConnectionClosed:
        return ws.close_code
    except TimeoutError:
        return None
    return None


@pytest.fixture
def stack() -> Iterator[ExitStack]:
    with ExitStack() as sockets:
        yield sockets


@pytest.fixture
def short_tokens(tmp_path):
    """A server whose access tokens live two seconds."""
    with demo_server(tmp_path, {"PASSLINE_TOKEN_MAX_AGE_S": "2"}) as server:
        yield server


def test_a_sign_in_is_a_device_the_manager_sees(fresh_server):
    kiosk = sign_in(fresh_server.url, "kiosk", "Kiosk by the door")
    assert kiosk["credential"].startswith(kiosk["device"]["id"] + ".")
    assert kiosk["expires_in"] == 12 * 3600
    manager = Rest(fresh_server.url, login(fresh_server.url, "manager"))
    listed = {d["id"]: d for d in manager.get("/devices").json()["devices"]}
    seen = listed[kiosk["device"]["id"]]
    assert (seen["name"], seen["role"], seen["revoked_at"]) == ("Kiosk by the door", "kiosk", None)
    assert seen["created_at"] and seen["last_seen"]
    assert "credential" not in json.dumps(listed) and kiosk["credential"] not in json.dumps(listed)
    # Only the manager lists devices.
    assert Rest(fresh_server.url, kiosk["token"]).get("/devices").status_code == 403


def test_a_revoked_device_is_refused_everywhere_at_once(fresh_server, stack):
    kiosk = sign_in(fresh_server.url, "kiosk")
    other = sign_in(fresh_server.url, "kiosk")
    rest = Rest(fresh_server.url, kiosk["token"])
    ws = stack.enter_context(live(fresh_server.url, kiosk["token"]))
    assert rest.get("/menu").status_code == 200
    manager = Rest(fresh_server.url, login(fresh_server.url, "manager"))
    started = time.monotonic()
    r = manager.post(f"/devices/{kiosk['device']['id']}/revoke")
    assert r.status_code == 200 and r.json()["device"]["revoked_why"] == "revoked"
    assert close_code(ws) == 4401 and time.monotonic() - started < 1
    refused = rest.post("/orders", order_body(None))
    assert refused.status_code == 401 and code_of(refused) == "device_revoked"
    renewal = Rest(fresh_server.url).post(
        "/renew", {"restaurant": "demo", "credential": kiosk["credential"]}
    )
    assert renewal.status_code == 401 and code_of(renewal) == "device_revoked"
    # A socket it opens now is refused at the hello.
    with connect(fresh_server.ws_url) as again:
        again.send(json.dumps({"type": "hello", "token": kiosk["token"]}))
        assert json.loads(again.recv(timeout=5))["error"]["code"] == "device_revoked"
        assert close_code(again) == 4401
    # Another kiosk goes on.
    assert Rest(fresh_server.url, other["token"]).get("/menu").status_code == 200
    assert manager.post("/devices/nope/revoke").status_code == 404


def test_the_cli_revokes_a_device_of_a_running_server_within_a_second(fresh_server, stack):
    kiosk = sign_in(fresh_server.url, "kiosk", "front")
    ws = stack.enter_context(live(fresh_server.url, kiosk["token"]))
    listing = cli("devices", "list", "demo", db=fresh_server.db)
    assert kiosk["device"]["id"] in listing.stdout and "front" in listing.stdout
    done = cli("devices", "revoke", "demo", kiosk["device"]["id"], db=fresh_server.db)
    assert done.returncode == 0, done.stderr
    revoked_at = time.monotonic()
    assert close_code(ws) == 4401 and time.monotonic() - revoked_at < 1.5
    r = Rest(fresh_server.url, kiosk["token"]).get("/menu")
    assert r.status_code == 401 and code_of(r) == "device_revoked"
    assert "revoked" in cli("devices", "list", "demo", db=fresh_server.db).stdout
    assert cli("devices", "revoke", "demo", "nope", db=fresh_server.db).returncode == 1


def test_a_new_pin_signs_out_that_roles_devices_unless_kept(fresh_server, stack):
    url, db = fresh_server.url, fresh_server.db
    kiosks = [sign_in(url, "kiosk") for _ in range(3)]
    floor = sign_in(url, "floor")
    sockets = [stack.enter_context(live(url, k["token"])) for k in kiosks]
    floor_ws = stack.enter_context(live(url, floor["token"]))
    kept = kiosks[2]["device"]["id"]
    done = cli("pin", "set", "demo", "kiosk", "4821", "--keep", kept, db=db)
    assert done.returncode == 0 and "2 device(s) signed out" in done.stdout, done.stderr
    assert [close_code(ws, 3) for ws in sockets[:2]] == [4401, 4401]
    for k in kiosks[:2]:
        r = Rest(url, k["token"]).get("/menu")
        assert r.status_code == 401 and r.json()["error"]["field"] == "pin_changed"
    assert Rest(url, kiosks[2]["token"]).get("/menu").status_code == 200
    assert close_code(sockets[2], 1) is None and close_code(floor_ws, 0.5) is None
    assert Rest(url, floor["token"]).get("/floor").status_code == 200
    # The old PIN opens nothing; the new one does.
    old = Rest(url).post("/login", {"restaurant": "demo", "pin": "1111"})
    assert old.status_code == 401
    assert Rest(url).post("/login", {"restaurant": "demo", "pin": "4821"}).json()["role"] == "kiosk"


@pytest.mark.parametrize(
    ("role", "pin", "accepted"),
    [("kiosk", "123", False), ("kiosk", "4821", True), ("kiosk", "123456789", False),
     ("kiosk", "7777", False), ("manager", "48213", False), ("manager", "482139", True),
     ("floor", "12a4", False)],
)  # fmt: skip
def test_pin_policy(fresh_server, role, pin, accepted):
    manager = Rest(fresh_server.url, login(fresh_server.url, "manager"))
    r = manager.put(f"/pins/{role}", {"pin": pin})
    if accepted:
        assert r.status_code == 200 and r.json()["role"] == role
    else:
        assert r.status_code == 422 and code_of(r) in ("weak_pin", "invalid_value", "too_short",
                                                       "too_long"), r.text  # fmt: skip
    assert (cli("pin", "set", "demo", role, pin, db=fresh_server.db).returncode == 0) is accepted


def test_the_manager_changes_a_pin_and_keeps_its_own_device(fresh_server):
    url = fresh_server.url
    me = sign_in(url, "manager")
    manager = Rest(url, me["token"])
    r = manager.put("/pins/manager", {"pin": "482139", "keep_devices": [me["device"]["id"]]})
    assert r.json() == {"role": "manager", "revoked": 0}
    assert manager.get("/devices").status_code == 200
    assert manager.put("/pins/waiter", {"pin": "4821"}).status_code == 422
    assert Rest(url, login(url, "kiosk")).put("/pins/kiosk", {"pin": "4821"}).status_code == 403


def test_a_screen_asking_for_one_role_signs_nothing_else_in(fresh_server):
    url = fresh_server.url
    r = Rest(url).post("/login", {"restaurant": "demo", "pin": PINS["kiosk"], "roles": ["kitchen"]})
    assert r.status_code == 403 and code_of(r) == "wrong_role"
    assert r.json()["error"]["field"] == "kiosk"
    manager = Rest(url, login(url, "manager"))
    assert [d["role"] for d in manager.get("/devices").json()["devices"]] == ["manager"]


def test_an_expired_token_is_renewed_from_the_device_credential(short_tokens, stack):
    url = short_tokens.url
    kiosk = sign_in(url, "kiosk")
    ws = stack.enter_context(live(url, kiosk["token"]))
    assert Rest(url, kiosk["token"]).get("/menu").status_code == 200
    # The socket ends when its token does: the device renews and reconnects.
    assert close_code(ws, 5) == 4401
    expired = Rest(url, kiosk["token"]).get("/menu")
    assert expired.status_code == 401 and code_of(expired) == "token_expired"
    renewal = Rest(url).post("/renew", {"restaurant": "demo", "credential": kiosk["credential"]})
    assert renewal.status_code == 200 and renewal.json()["role"] == "kiosk"
    assert Rest(url, renewal.json()["token"]).get("/menu").status_code == 200
    forged = kiosk["credential"][:-2] + "xx"
    r = Rest(url).post("/renew", {"restaurant": "demo", "credential": forged})
    assert r.status_code == 401 and code_of(r) == "unauthorized"
    wrong_place = Rest(url).post(
        "/renew", {"restaurant": "other", "credential": kiosk["credential"]}
    )
    assert wrong_place.status_code == 401


def test_last_seen_moves_while_a_device_works(fresh_server):
    kiosk = sign_in(fresh_server.url, "kiosk")
    manager = Rest(fresh_server.url, login(fresh_server.url, "manager"))

    def seen() -> str:
        found = {d["id"]: d for d in manager.get("/devices").json()["devices"]}
        return found[kiosk["device"]["id"]]["last_seen"]

    assert seen() == kiosk["device"]["last_seen"]
    time.sleep(0.01)
    assert Rest(fresh_server.url, kiosk["token"]).get("/menu").status_code == 200
    until(seen, lambda at: at > kiosk["device"]["last_seen"], timeout=15)


# -- what a kiosk may read ---------------------------------------------------------------------


def test_a_kiosk_reads_its_own_orders_and_nothing_else_of_the_floor(fresh_server, stack):
    url = fresh_server.url
    mine, theirs = sign_in(url, "kiosk"), sign_in(url, "kiosk")
    kiosk, other, floor = (Rest(url, mine["token"]), Rest(url, theirs["token"]),
                           Rest(url, login(url, "floor")))  # fmt: skip
    start = floor.get("/events", params={"since": 0, "limit": 1}).json()["seq"]
    ws = stack.enter_context(live(url, mine["token"]))
    own = kiosk.post("/orders", order_body("hall-1")).json()["order"]
    foreign = other.post("/orders", order_body(None)).json()["order"]
    by_floor = floor.post("/orders", order_body("hall-2")).json()["order"]
    assert own["placed_by"] == mine["device"]["id"]

    snapshot = kiosk.get("/floor").json()
    assert [o["id"] for o in snapshot["orders"]] == [own["id"]]
    assert snapshot["tables"] and all("status" not in t for t in snapshot["tables"])
    assert {o["id"] for o in floor.get("/floor").json()["orders"]} >= {
        own["id"],
        foreign["id"],
        by_floor["id"],
    }
    assert kiosk.get(f"/orders/{own['id']}").status_code == 200
    for hidden in (foreign, by_floor):
        assert kiosk.get(f"/orders/{hidden['id']}").status_code == 404

    events = kiosk.get("/events", params={"since": start}).json()["events"]
    assert [e["seq"] for e in events] == list(range(start + 1, start + 1 + len(events)))
    shown = [e for e in events if e["type"] != "hidden"]
    assert {e["data"].get("id") for e in shown if e["type"].startswith("order")} == {own["id"]}
    assert all("status" not in e["data"] for e in shown if e["type"] == "table_updated")
    assert foreign["id"] not in json.dumps(events) and by_floor["id"] not in json.dumps(events)

    streamed = []
    while len(streamed) < len(events):
        frame = json.loads(ws.recv(timeout=5))
        if frame["type"] == "event":
            streamed.append(frame)
    assert [(f["seq"], f["event"]) for f in streamed] == [(e["seq"], e["type"]) for e in events]
    assert foreign["id"] not in json.dumps(streamed)
