"""The relay: events from any source, in any order, seen twice or not at all, reach the hub once
each, in seq order, with no gap. The log here is a list; the real one is tested in the
scale-out tests."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from server.live.relay import Relay


def ev(seq: int) -> dict:
    return {"seq": seq, "type": "order_created", "data": {"n": seq}, "at": "t"}


class Log:
    def __init__(self, last: int = 0, first: int = 1) -> None:
        self.last = last
        self.first = first  # a pruned log starts later
        self.reads = 0

    def load(self, restaurant: str, after: int, n: int) -> list[dict]:
        self.reads += 1
        start = max(after + 1, self.first)
        return [ev(s) for s in range(start, min(self.last, after + n) + 1)]

    def latest(self) -> dict[str, int]:
        return {"r": self.last}


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def relay_over(log: Log, clock: Clock | None = None) -> tuple[Relay, list[int]]:
    got: list[int] = []
    relay = Relay(lambda r, events: got.extend(e["seq"] for e in events), log.load, log.latest,
                  clock=clock or Clock())  # fmt: skip
    return relay, got


def test_events_in_order_go_straight_through_without_reading_the_log():
    log = Log()
    relay, got = relay_over(log)
    log.last = 3
    relay.offer("r", [ev(1), ev(2)])
    relay.offer("r", [ev(3)])
    assert got == [1, 2, 3] and log.reads == 0


def test_an_early_event_waits_for_the_one_before_it_within_the_window():
    clock = Clock()
    log = Log(last=0)
    relay, got = relay_over(log, clock)
    log.last = 3
    relay.offer("r", [ev(1)])
    relay.offer("r", [ev(3)])  # 2's publish lost the race to 3's
    assert got == [1]
    clock.now += relay.window_s / 2
    assert relay.fill_gaps() == 0  # still inside the window: no read
    relay.offer("r", [ev(2)])
    assert got == [1, 2, 3] and log.reads == 0


def test_what_never_comes_is_read_from_the_log_after_the_window():
    clock = Clock()
    log = Log()
    relay, got = relay_over(log, clock)
    log.last = 5
    relay.offer("r", [ev(1), ev(4)])
    clock.now += relay.window_s * 2
    assert relay.fill_gaps() == 2
    relay.offer("r", [ev(5), ev(2)])  # late copies change nothing
    assert got == [1, 2, 3, 4, 5] and relay.filled_from_log == 2


def test_the_poll_finds_events_no_message_announced():
    log = Log()
    relay, got = relay_over(log)
    log.last = 4  # committed by a process that died before it published
    assert relay.poll() == 4
    assert relay.poll() == 0
    assert got == [1, 2, 3, 4]


def test_a_process_starts_where_the_log_ends_and_a_pruned_prefix_is_skipped():
    log = Log(last=7)
    relay, got = relay_over(log)
    relay.offer("r", [ev(7), ev(8)])
    assert got == [8]  # 7 was there before this process
    pruned = Log(last=20, first=15)
    relay, got = relay_over(Log())
    relay._latest = pruned.latest
    relay._load = pruned.load
    relay.poll()
    assert got == list(range(15, 21))


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(1, 40),
    data=st.data(),
)
def test_whatever_the_broker_does_the_hub_gets_each_event_once_in_order(n, data):
    clock = Clock()
    log = Log()
    relay, got = relay_over(log, clock)
    log.last = n
    # The broker's deliveries: some lost, some doubled, in any order, in batches.
    delivered = data.draw(st.lists(st.integers(1, n), max_size=3 * n))
    steps = data.draw(st.lists(st.sampled_from(["tick", "wait", "poll"]), max_size=10))
    for i, seq in enumerate(delivered):
        relay.offer("r", [ev(seq)])
        if i < len(steps):
            step = steps[i]
            if step == "wait":
                clock.now += relay.window_s * 2
            elif step == "tick":
                relay.fill_gaps()
            else:
                relay.poll()
        assert got == list(range(1, len(got) + 1))
    clock.now += relay.window_s * 2
    relay.fill_gaps()
    relay.poll()
    assert got == list(range(1, n + 1))
