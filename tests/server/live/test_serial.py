"""A connection's steps on the shared pool (``server.live.serial``): in order, one at a time,
however many connections share the threads; a hold parks them until ``resume``."""

import threading
import time

from server.live.serial import Pool, Serial
from tests.support.wait import until


def test_each_connections_steps_run_in_order_and_never_two_at_once():
    pool = Pool(4)
    serials = [Serial(pool) for _ in range(20)]
    seen: dict[int, list[int]] = {i: [] for i in range(20)}
    running = [0] * 20
    overlap = []

    def step(i: int, n: int) -> None:
        running[i] += 1
        if running[i] > 1:
            overlap.append(i)
        time.sleep(0.0005)
        seen[i].append(n)
        running[i] -= 1

    for n in range(50):
        for i, serial in enumerate(serials):
            serial.put(lambda i=i, n=n: step(i, n))
    until(lambda: seen, lambda v: all(len(x) == 50 for x in v.values()), timeout=10)
    assert all(v == list(range(50)) for v in seen.values())
    assert overlap == []


def test_a_hold_parks_the_queue_and_resume_goes_first():
    serial = Serial(Pool(2))
    seen: list[str] = []
    held = threading.Event()

    def waits_for_the_network() -> None:
        seen.append("page 1")
        serial.hold()
        held.set()

    serial.put(waits_for_the_network)
    serial.put(lambda: seen.append("submit"))
    assert held.wait(2)
    time.sleep(0.1)
    assert seen == ["page 1"]  # the submit waits for the backlog
    serial.resume(lambda: seen.append("page 2"))
    until(lambda: seen, lambda v: len(v) == 3, timeout=5)
    assert seen == ["page 1", "page 2", "submit"]


def test_a_failing_step_does_not_stop_the_ones_after_it():
    serial = Serial(Pool(1))
    seen: list[int] = []

    def boom() -> None:
        raise RuntimeError("a bug")

    serial.put(boom)
    serial.put(lambda: seen.append(1))
    until(lambda: seen, lambda v: v == [1], timeout=5)
