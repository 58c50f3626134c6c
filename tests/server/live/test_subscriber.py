"""One socket's outgoing queue (``server.live.subscriber``): what goes at once, what waits
for writability, and when it is too much."""

import socket

from server.live.frames import json_frame
from server.live.subscriber import GONE, LAGGING, SENT, WAITING, Subscriber


def test_frames_go_at_once_then_wait_behind_a_full_buffer_then_lag():
    a, b = socket.socketpair()
    a.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    sub = Subscriber(a, limit=5)
    frame = json_frame({"type": "event", "pad": "x" * 3000})
    outcomes = [sub.put(seq, frame) for seq in range(1, 40)]
    assert outcomes[0] == SENT and WAITING in outcomes and outcomes[-1] == LAGGING
    assert sub.put(1, frame) == SENT and sub.cursor == 39  # an old seq is dropped, not sent
    b.setblocking(False)
    while True:
        try:
            b.recv(1 << 20)
        except BlockingIOError:
            break
    assert sub.flush() in (SENT, WAITING)  # the reader made room
    a.close()
    b.close()


def test_a_peer_gone_is_said_so():
    a, b = socket.socketpair()
    b.close()
    sub = Subscriber(a)
    assert sub.put(0, json_frame({"type": "pong"})) == GONE
    a.close()
