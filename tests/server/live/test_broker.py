"""The broker (``server.live.broker``): what goes over Redis and what is ignored, and two
processes' brokers over a real ``redis-server`` hearing each other's events, never their own."""

from __future__ import annotations

import queue
import time

import redis

from server.live.broker import RedisBroker, channel, decode, encode
from tests.support.wait import until


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
    assert heard == ("demo", sent) and b.received >= 1
    until(lambda: (a.up, b.up), lambda both: all(both), timeout=20)  # a may subscribe after b
    assert heard_a.empty()  # a never hands itself its own events


def test_one_publish_that_times_out_does_not_keep_the_broker_down(redis_server):
    heard = queue.Queue()
    a = RedisBroker(redis_server.url, lambda r, e: None)
    b = RedisBroker(redis_server.url, lambda r, e: heard.put(e))
    a.start()
    b.start()
    until(lambda: (a.up, b.up), lambda both: all(both), timeout=20)
    admin = redis.Redis.from_url(redis_server.url)
    admin.client_pause(3000, all=False)  # writes wait (PUBLISH is one); subscribers still read
    a.publish("demo", [{"seq": 1, "type": "order_created", "data": {}}])
    until(lambda: a.dropped, lambda n: n == 1, timeout=10)  # past its 2 s timeout
    assert not a.up
    admin.client_unpause()
    sent = [{"seq": 2, "type": "order_created", "data": {}}]
    a.publish("demo", sent)
    assert heard.get(timeout=10) == sent
    until(lambda: a.up, bool, timeout=10)  # its listener never stopped: the publish brings it back
