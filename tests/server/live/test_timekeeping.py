"""The live loop's clock: ping rounds in slices, and the few sockets waiting on time."""

import socket

import pytest

from server.live.subscriber import Subscriber
from server.live.timekeeping import BACKLOG_WAIT_S, DEAD, DRAIN_S, PING, SILENT, Heartbeat, Watch


@pytest.fixture
def subs():
    made: list[tuple[socket.socket, socket.socket]] = []

    def make(n: int = 1, **options) -> list[Subscriber]:
        out = []
        for _ in range(n):
            a, b = socket.socketpair()
            made.append((a, b))
            sub = Subscriber(a, **options)
            sub.catching_up = False
            out.append(sub)
        return out

    yield make
    for a, b in made:
        a.close()
        b.close()


def test_a_round_pings_every_socket_once_spread_over_the_interval(subs):
    joined = subs(100)
    beat = Heartbeat(10.0)  # 40 ticks of 0.25 s: 3 sockets a tick
    pinged: list[Subscriber] = []
    now = 100.0
    while len(pinged) < 100:
        verdicts = list(beat.due(now, lambda: joined))
        assert len(verdicts) <= 3
        assert {v for _, v in verdicts} <= {PING}
        pinged += [s for s, _ in verdicts]
        now += beat.tick_s
    assert sorted(map(id, pinged)) == sorted(map(id, joined))
    assert now <= 110.0
    assert list(beat.due(now, lambda: joined)) == []  # the next round waits for its interval


def test_a_socket_silent_a_whole_interval_is_dead_and_one_that_answered_is_pinged_again(subs):
    quiet, answering, catching_up = subs(3)
    catching_up.catching_up = True
    beat = Heartbeat(0.25)  # one tick a round: every socket at once
    first = dict(beat.due(100.0, lambda: [quiet, answering, catching_up]))
    assert first == {quiet: PING, answering: PING}  # a backlog still going out is not pinged
    answering.pong_received = True
    assert dict(beat.due(100.2, lambda: [quiet, answering])) == {}
    verdicts = dict(beat.due(100.25, lambda: [quiet, answering]))
    assert verdicts == {quiet: DEAD, answering: PING}


def test_the_sweep_says_silent_once_then_forgets_a_socket_that_spoke(subs):
    (sub,) = subs(silent_s=5.0)
    watch = Watch()
    watch.add(sub)
    start = sub.silent_by - 5.0
    assert list(watch.sweep(start + 1)) == []
    assert list(watch.sweep(start + 5)) == [(sub, SILENT)]
    assert list(watch.sweep(start + 6)) == []  # said once; and no longer watched
    (spoke,) = subs(silent_s=5.0)
    watch.add(spoke)
    spoke.heard = True
    assert list(watch.sweep(start + 10)) == []
    spoke.heard = False
    assert list(watch.sweep(start + 10)) == []  # forgotten once it had spoken


def test_the_sweep_drops_a_close_never_answered_and_a_backlog_never_taken(subs):
    closing, stuck, flushed = subs(3)
    watch = Watch()
    for sub in (closing, stuck, flushed):
        watch.add(sub)
    closing.closed, closing.closed_at = True, 100.0
    stuck._waiters = [(lambda: None, 100.0)]
    assert list(watch.sweep(100.0 + DRAIN_S)) == []
    assert list(watch.sweep(100.0 + DRAIN_S + 0.1)) == [(closing, DEAD)]
    assert dict(watch.sweep(100.0 + BACKLOG_WAIT_S + 0.1)) == {closing: DEAD, stuck: DEAD}
    closing.released = True
    assert list(watch.sweep(200.0)) == [(stuck, DEAD)]  # a released one leaves the watch
