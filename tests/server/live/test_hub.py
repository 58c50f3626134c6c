"""The hub over real socket pairs: ordering, merge of backlog and live, lagging, dead peers."""

import socket
import threading
import time

import pytest

from server.live.frames import event_frame, json_frame, text_frame
from server.live.hub import QUEUE_BYTES, Hub
from tests.support.socket_peer import Peer, masked


def ev(seq: int) -> dict:
    return {"seq": seq, "type": "order_created", "data": {"id": f"o{seq}"}, "at": "t"}


@pytest.fixture
def pair():
    server_end, client_end = socket.socketpair()
    yield server_end, Peer(client_end)
    server_end.close()
    client_end.close()


def test_frames_use_the_shortest_length_encoding():
    assert text_frame("a" * 125)[:2] == bytes([0x81, 125])
    assert text_frame("a" * 126)[:4] == bytes([0x81, 126, 0, 126])
    assert text_frame("a" * 70_000)[:2] == bytes([0x81, 127])


def test_backlog_then_live_without_gaps_or_duplicates(pair):
    server_end, peer = pair
    hub = Hub(ping_interval_s=None)
    sub = hub.subscribe("r", "floor", server_end)
    hub.publish("r", [ev(3), ev(4)])  # live events arrive while the backlog is still going out
    hub.send(sub, [(0, json_frame({"type": "welcome"}))])
    hub.send(sub, [(s, event_frame(ev(s))) for s in (1, 2, 3)])
    hub.send(sub, [], caught_up=True)
    hub.publish("r", [ev(5)])
    got = peer.frames(6)
    assert got[0] == {"type": "welcome"}
    assert [f["seq"] for f in got[1:]] == [1, 2, 3, 4, 5]


def test_a_peer_that_does_not_read_is_cut_off_and_others_keep_going(pair):
    server_end, _ = pair
    server_end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    healthy_end, healthy = socket.socketpair()
    hub = Hub(ping_interval_s=None)
    lagged = threading.Event()
    stalled = hub.subscribe("r", "floor", server_end, limit=10, on_lagging=lambda mid: lagged.set())
    fine = hub.subscribe("r", "floor", healthy_end, limit=10)
    for sub in (stalled, fine):
        hub.send(sub, [], caught_up=True)
    reader = Peer(healthy)
    seen = []
    for start in range(1, 200, 5):
        hub.publish("r", [ev(s) for s in range(start, start + 5)])
        seen += [f["seq"] for f in reader.frames(5)]
    assert lagged.wait(3) and stalled.lagging and stalled.closed
    assert seen == list(range(1, 201)) and not fine.closed
    healthy_end.close()
    healthy.close()


def test_a_peer_that_stops_answering_pings_is_dropped(pair):
    server_end, peer = pair
    hub = Hub(ping_interval_s=0.2)
    sub = hub.subscribe("r", "floor", server_end)
    hub.send(sub, [], caught_up=True)
    assert peer.frames(1)[0] == {"opcode": 0x9}  # a ping
    peer.sock.sendall(masked(0xA))  # answered
    assert peer.frames(1)[0] == {"opcode": 0x9}  # so it gets the next one
    assert not sub.closed
    deadline = time.monotonic() + 3  # not answered: dropped at the next
    while not sub.closed and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sub.closed and not sub.lagging


def test_the_peers_ping_is_answered_and_its_close_is_returned(pair):
    server_end, peer = pair
    hub = Hub(ping_interval_s=None)
    sub = hub.subscribe("r", "floor", server_end)
    hub.send(sub, [], caught_up=True)
    peer.sock.sendall(masked(0x9, b"hi"))
    assert peer.frames(1)[0] == {"opcode": 0xA}
    peer.sock.sendall(masked(0x8, (4000).to_bytes(2, "big")))
    assert peer.frames(1)[0] == {"opcode": 0x8, "code": 4000, "reason": ""}
    deadline = time.monotonic() + 1.5  # at once: the handshake is complete, no drain to wait
    while not sub.released and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sub.released and sub not in hub.subscribers()
    assert peer.sock.recv(10) == b""  # and the connection closed


class BrokenSocket(socket.socket):
    """A peer whose socket fails in a way nobody planned for."""

    def send(self, data, flags: int = 0) -> int:
        raise RuntimeError("driver bug")


def test_a_subscriber_failing_unexpectedly_costs_the_others_nothing(pair):
    server_end, peer = pair
    hub = Hub(ping_interval_s=None)
    a, b = socket.socketpair()
    broken = hub.subscribe("r", "floor", BrokenSocket(fileno=a.detach()))
    fine = hub.subscribe("r", "floor", server_end)
    for sub in (broken, fine):
        hub.send(sub, [], caught_up=True)
    for seq in range(1, 4):
        hub.publish("r", [ev(seq)])
    assert [f["seq"] for f in peer.frames(3)] == [1, 2, 3]
    assert broken.closed and not fine.closed
    b.close()


def big(seq: int, size: int) -> dict:
    return {"seq": seq, "type": "order_created", "data": {"id": f"o{seq}", "note": "x" * size}}


def test_a_peer_that_does_not_read_costs_at_most_a_megabyte(pair):
    """Few frames, but large ones: the frame count alone would let them pile up."""
    server_end, _ = pair
    server_end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    hub = Hub(ping_interval_s=None)
    lagged = threading.Event()
    sub = hub.subscribe("r", "kiosk", server_end, limit=2_000, on_lagging=lambda m: lagged.set())
    hub.send(sub, [], caught_up=True)
    peaks = []
    for seq in range(1, 101):  # 100 events of 60 KB: 6 MB if nothing bounded it
        hub.publish("r", [big(seq, 60_000)])
        peaks.append(sub._pending_bytes)
    assert lagged.wait(3) and sub.lagging and sub.closed
    assert max(peaks) <= QUEUE_BYTES + 61_000


def test_end_sends_a_close_frame_after_what_was_queued_then_shuts_down(pair):
    server_end, peer = pair
    hub = Hub(ping_interval_s=None)
    sub = hub.subscribe("r", "kiosk", server_end, device="d1")
    hub.send(sub, [], caught_up=True)
    hub.publish("r", [ev(1)])
    hub.end(sub, 4401, "device_revoked")
    hub.publish("r", [ev(2)])  # after the close frame: never sent
    first, close = peer.frames(2)
    assert first["seq"] == 1 and close == {"opcode": 0x8, "code": 4401, "reason": "device_revoked"}
    assert peer.buf == b""  # nothing after the close frame
    deadline = time.monotonic() + 3
    while not sub.closed and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sub.closed
    peer.sock.settimeout(2)
    assert peer.sock.recv(10) == b""  # shut down


def test_pings_are_spread_over_the_interval_and_each_socket_gets_one():
    """Ten thousand pings at once would stall every event behind them: a slice each tick."""
    hub = Hub(ping_interval_s=1.0)
    pairs = [socket.socketpair() for _ in range(200)]
    for server_end, _ in pairs:
        hub.send(hub.subscribe("r", "floor", server_end), [], caught_up=True)
    time.sleep(0.3)  # the first round starts within a tick
    got: list[float] = []
    deadline = time.monotonic() + 1.2
    pending = {client_end for _, client_end in pairs}
    for client_end in pending:
        client_end.setblocking(False)
    while pending and time.monotonic() < deadline:
        for client_end in list(pending):
            try:
                if client_end.recv(2) == b"\x89\x00":
                    got.append(time.monotonic())
                    pending.discard(client_end)
            except BlockingIOError:
                pass
        time.sleep(0.01)
    assert not pending  # every socket pinged within the interval
    assert max(got) - min(got) >= 0.4  # not all at once
    for server_end, client_end in pairs:
        server_end.close()
        client_end.close()
