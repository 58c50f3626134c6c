"""The broker (``server.live.broker``): what goes over Redis and what is ignored, and two
processes' brokers over a real ``redis-server`` hearing each other's events, never their own."""

from __future__ import annotations

import queue
import time

from server.live.broker import RedisBroker, channel, decode, encode


def test_a_message_is_read_back_unless_it_is_our_own_or_not_ours(caplog):
    events = [{"seq": 7, "type": "order_created", "data": {"id": "o1"}}]
    raw = encode("proc-a", events)
    assert decode(raw, own="proc-b") == events
    assert decode(raw, own="proc-a") is None  # our own: the hub has it already
    for junk in (b"not json", b"[]", b'{"events": "x"}', b'{"events": [{"seq": "7"}]}'):
        assert decode(junk, own="proc-b") is None
    assert "not Passline's" in caplog.text
    assert channel("demo") == "passline:demo:events"


def test_two_processes_hear_each_others_events_over_redis(redis_server):
    heard_a, heard_b = queue.Queue(), queue.Queue()
    a = RedisBroker(redis_server.url, lambda r, e: heard_a.put((r, e)))
    b = RedisBroker(redis_server.url, lambda r, e: heard_b.put((r, e)))
    a.start()
    b.start()  # daemon threads, as in a server process: they end with the test's process
    sent = [{"seq": 1, "type": "order_created", "data": {}}]
    heard = None
    deadline = time.monotonic() + 20  # a loaded machine takes a while to connect and subscribe
    while time.monotonic() < deadline:  # until b's subscription is in place (a publish before
        a.publish("demo", sent)  # it is lost)
        try:
            heard = heard_b.get(timeout=0.1)
            break
        except queue.Empty:
            continue
    assert heard == ("demo", sent) and a.up and b.up and b.received >= 1
    assert heard_a.empty()  # a never hands itself its own events
