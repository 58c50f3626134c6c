"""The watcher (``server.live.device_watch``) over a real database and real sockets: a device
revoked by another process, and a socket whose access token ran out, are ended with 4401 and
their reason; the others keep going and are marked as seen."""

from __future__ import annotations

import socket

from domain.protocol import CLOSE_UNAUTHORIZED
from server.access.devices import Devices
from server.live.device_watch import Watcher
from server.live.hub import Hub
from server.store import open_database
from server.store.devices import DeviceRows
from tests.support.server_process import seed_demo
from tests.support.socket_peer import Peer


def test_revoked_and_expired_sockets_are_ended_and_the_rest_keep_going(tmp_path):
    db_path = str(tmp_path / "passline.db")
    seed_demo(db_path)
    here, elsewhere = open_database(db_path), open_database(db_path)  # two server processes
    devices, other_process = Devices(DeviceRows(here)), Devices(DeviceRows(elsewhere))
    hub = Hub(ping_interval_s=None)
    watcher = Watcher(devices, hub)
    ids = {name: devices.register("demo", "floor", name)[0].id for name in ("kept", "gone", "old")}
    devices.refresh()
    pairs, subs = {}, {}
    for name, device in ids.items():
        server_end, client_end = socket.socketpair()
        pairs[name] = (server_end, Peer(client_end))
        expires = 1_000.0 if name == "old" else 0.0  # "old": its token ended at t = 1,000 s
        subs[name] = hub.subscribe("demo", "floor", server_end, device=device, expires_at=expires)
        hub.send(subs[name], [], caught_up=True)
    assert other_process.revoke("demo", ids["gone"])
    watcher.turn(now=2_000.0)
    assert pairs["gone"][1].frames(1)[0] == {
        "opcode": 0x8, "code": CLOSE_UNAUTHORIZED, "reason": "device_revoked"}  # fmt: skip
    assert pairs["old"][1].frames(1)[0]["reason"] == "token_expired"
    assert not subs["kept"].closed
    devices.write_seen()
    assert {d.id for d in devices.list("demo") if d.revoked_at} == {ids["gone"]}
    assert watcher.sweep("demo") == 0  # nothing left to end
    for server_end, peer in pairs.values():
        server_end.close()
        peer.sock.close()
    here.close()
    elsewhere.close()


def test_a_socket_joining_between_looks_is_ended_when_its_own_token_runs_out(tmp_path):
    """The watcher looks at every socket only when a token is due (or every few seconds):
    a socket that joined since brings its token's end with it."""
    db_path = str(tmp_path / "passline.db")
    seed_demo(db_path)
    db = open_database(db_path)
    devices, hub = Devices(DeviceRows(db)), Hub(ping_interval_s=None)
    watcher = Watcher(devices, hub)
    pairs = [socket.socketpair() for _ in range(2)]
    first = hub.subscribe("demo", "floor", pairs[0][0], expires_at=1_000.0)
    watcher.turn(now=10.0)  # looks: the soonest end is at 1,000 s
    later = hub.subscribe("demo", "floor", pairs[1][0], expires_at=500.0)
    for sub in (first, later):
        hub.send(sub, [], caught_up=True)
    watcher.turn(now=600.0)  # before the next marking look, but the later socket's token ended
    assert Peer(pairs[1][1]).frames(1)[0]["reason"] == "token_expired"
    assert not first.closed
    for a, b in pairs:
        a.close()
        b.close()
    db.close()
