"""The joined sockets by restaurant (``server.live.registry``)."""

import socket

from server.live.registry import Registry
from server.live.subscriber import Subscriber


def joined(restaurant: str, role: str, expires_at: float = 0.0) -> Subscriber:
    sub = Subscriber(socket.socket())
    sub.join(restaurant, role, expires_at=expires_at)
    return sub


def test_added_released_and_a_late_add_of_a_released_socket_ignored():
    registry = Registry()
    kitchen, floor = joined("demo", "kitchen", 500.0), joined("demo", "floor", 300.0)
    for sub in (kitchen, floor):
        registry.add(sub)
    assert registry.connections() == {"demo": {"kitchen": 1, "floor": 1}}
    assert registry.soonest_expiry == 300.0 and set(registry.of("demo")) == {kitchen, floor}
    registry.release(floor)
    registry.add(floor)  # a join that lost the race with its socket closing
    assert registry.all() == [kitchen] and registry.of("other") == []
    registry.release(kitchen)
    assert registry.connections() == {}
    for sub in (kitchen, floor):
        sub.sock.close()


def test_published_counts_events_and_says_whether_anyone_hears():
    registry = Registry()
    assert not registry.published("demo", 5)
    sub = joined("demo", "floor")
    registry.add(sub)
    assert registry.published("demo", 15)
    assert registry.events_per_second() == 2.0  # 20 events in the 10 s window
    sub.sock.close()
