"""Exactly once, whatever the network does: the pure session against the real server store.

Hypothesis draws interleavings of user changes, frame deliveries, duplicated frames, dropped
sockets, the server going down and up, batch responses lost after the server committed, and
another device writing at the same time. The server side is the real write path (``Store`` over
SQLite, in-process); the "network" between them is this test. After quiescence: every valid
mutation was applied once and acked once, every refused one waits for a person, nothing else is
queued, and the client's floor equals the server's snapshot.
"""

from __future__ import annotations

import contextlib
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain import reducer, submissions
from domain.errors import DomainError
from server.access.tokens import Device
from server.live.batches import submit_batch
from server.store import Store
from sync.actions import Close, Connect, Poll, PostBatch, Refetch
from sync.backoff import Backoff
from sync.outbox import Outbox
from sync.session import Session
from tests.conftest import store_from

VALID = {"table_id": None, "lines": [{"item_id": "ayran", "qty": 1}]}
INVALID = {"table_id": None, "lines": [{"item_id": "unicorn", "qty": 1}]}


class World:
    """The server and the network, as the session sees them."""

    def __init__(self, store: Store, session: Session) -> None:
        self.store = store
        self.session = session
        self.up = True
        self.socket_open = False
        self.to_client: list[str] = []  # frames on the wire, server to client
        self.delivered: list[str] = []
        self.pushed_seq = 0  # last event this socket has been sent
        self.lose_next_response = False
        self.state = reducer.from_snapshot(store.floor("demo"))
        self.session.cursor = self.state["seq"]
        self.acks: list[str] = []
        self.now = 0.0

    # -- the server's side of the socket -------------------------------------------------------

    def push_new_events(self) -> None:
        if not self.socket_open:
            return
        for event in self.store.events_since("demo", self.pushed_seq, 10_000):
            self.to_client.append(json.dumps({"type": "event", "seq": event["seq"], "event": event["type"], "data": event["data"]}))  # fmt: skip
            self.pushed_seq = event["seq"]

    def server_receives(self, text: str) -> None:
        frame = json.loads(text)
        if frame["type"] == "hello":
            latest = self.store.latest_seq("demo")
            self.to_client.append(json.dumps({"type": "welcome", "seq": latest, "role": "floor"}))
            self.pushed_seq = frame["since"]
            self.push_new_events()
        elif frame["type"] == "ping":
            self.to_client.append(json.dumps({"type": "pong", "t": frame["t"]}))
        elif frame["type"] == "submit":
            try:
                cid, op, data = submissions.prepare("floor", frame)
                reply = submissions.ack(cid, *self.store.submit("demo", cid, op, data))
            except DomainError as exc:
                reply = submissions.reject(frame["client_id"], exc)
            self.push_new_events()
            self.to_client.append(json.dumps(reply))
        elif frame["type"] == "submit_batch":
            replies = submit_batch(self.store, Device("demo", "floor"), frame["mutations"])
            self.push_new_events()
            self.to_client.extend(json.dumps(r) for r in replies)

    # -- running what the session asks for ------------------------------------------------------

    def pump(self) -> None:
        """Carry out everything the session wants, until it wants nothing more."""
        for _ in range(1000):
            frames = self.session.frames_to_send()
            actions = self.session.actions()
            for event in self.session.events_received():
                self.state = reducer.apply(self.state, event)
            self.acks += [ack[0] for ack in self.session.acks_received()]
            if not frames and not actions:
                return
            for text in frames:
                if self.socket_open:
                    self.server_receives(text)
            for action in actions:
                self.run(action)
        raise AssertionError("the session never settles")

    def run(self, action) -> None:
        s, now = self.session, self.now
        if isinstance(action, Connect):
            if self.up:
                self.socket_open = True
                s.opened(now)
            else:
                s.closed(now)
        elif isinstance(action, Close):
            if self.socket_open:
                self.drop()
            else:  # already gone: an adapter still reports it, or the session would wait
                s.closed(now)
        elif isinstance(action, Poll):
            if self.up:
                events = self.store.events_since("demo", action.since, 500)
                s.polled(events, self.store.latest_seq("demo"), now)
            else:
                s.poll_failed(now)
        elif isinstance(action, PostBatch):
            if not self.up:
                s.post_failed(now)
                return
            prepared = [submissions.prepare("floor", m) for m in action.mutations]
            outcomes = self.store.submit_many("demo", prepared)
            self.push_new_events()
            if self.lose_next_response:  # committed, but the answer never arrives
                self.lose_next_response = False
                s.post_failed(now)
                return
            results = [
                submissions.reject(cid, o)
                if isinstance(o, DomainError)
                else submissions.ack(cid, *o)
                for (cid, _, _), o in zip(prepared, outcomes, strict=True)
            ]
            s.posted(results, now)
        elif isinstance(action, Refetch):
            snapshot = self.store.floor("demo")
            self.state = reducer.from_snapshot(snapshot)
            s.snapshot_loaded(snapshot["seq"], now)

    def drop(self) -> None:
        if self.socket_open:
            self.socket_open = False
            self.to_client.clear()
            self.session.closed(self.now)

    def deliver(self, count: int) -> None:
        for _ in range(count):
            if not self.to_client:
                return
            text = self.to_client.pop(0)
            self.delivered.append(text)
            self.session.received(text, self.now)
            self.pump()

    def tick(self, seconds: float) -> None:
        self.now += seconds
        self.session.tick(self.now)
        self.pump()


steps = st.lists(
    st.one_of(
        st.tuples(st.just("enqueue"), st.booleans()),
        st.tuples(st.just("deliver"), st.integers(1, 5)),
        st.just(("duplicate",)),
        st.just(("drop",)),
        st.just(("down",)),
        st.just(("up",)),
        st.just(("lose_response",)),
        st.tuples(st.just("tick"), st.sampled_from([0.5, 3.0, 31.0])),
        st.tuples(st.just("other_device"), st.sampled_from(["seated", "free"])),
    ),
    max_size=40,
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(script=steps)
def test_every_mutation_lands_exactly_once_and_the_views_agree(template, tmp_path_factory, script):
    store = store_from(template, tmp_path_factory.mktemp("world"))
    session = Session("token", 0, Outbox(), Backoff(rng=lambda: 0.5), Backoff(rng=lambda: 0.5))
    world = World(store, session)
    session.start(0)
    world.pump()
    valid, invalid = [], []
    for n, step in enumerate(script):
        kind = step[0]
        if kind == "enqueue":
            cid = f"client-{n:04d}"
            (valid if step[1] else invalid).append(cid)
            session.outbox.add(cid, "create_order", VALID if step[1] else INVALID, "t")
            session.mutation_added(world.now)
            world.pump()
        elif kind == "deliver":
            world.deliver(step[1])
        elif kind == "duplicate" and world.delivered:
            session.received(world.delivered[-1], world.now)
            world.pump()
        elif kind == "drop":
            world.drop()
            world.pump()
        elif kind == "down":
            world.up = False
            world.drop()
            world.pump()
        elif kind == "up":
            world.up = True
        elif kind == "lose_response":
            world.lose_next_response = True
        elif kind == "tick":
            world.tick(step[1])
        elif kind == "other_device":
            with contextlib.suppress(DomainError):  # another device's illegal move: refused
                other = {"table_id": "bar-1", "status": step[1]}
                store.submit("demo", f"other-{n:04d}", "set_table_status", other)
            world.push_new_events()

    # Quiescence: the server stays up, time passes, everything in flight arrives.
    world.up = True
    world.lose_next_response = False
    for _ in range(200):
        world.deliver(len(world.to_client))
        world.tick(31.0)
        if (
            not world.to_client
            and not session.outbox.pending()
            and session.cursor == store.latest_seq("demo")
        ):
            break

    with store.db.connection() as conn:
        applied = [r[0] for r in conn.execute("SELECT client_id FROM idempotency WHERE client_id LIKE 'client-%' ORDER BY client_id")]  # fmt: skip
        orders = conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0]
    assert applied == sorted(valid)  # each valid mutation applied, once
    assert orders == len(valid)
    assert sorted(world.acks) == sorted(valid)  # and acked once
    assert sorted(m.client_id for m in session.outbox.needs_attention()) == sorted(invalid)
    assert session.outbox.pending() == []
    assert world.state == reducer.from_snapshot(store.floor("demo"))
    store.db.close()
