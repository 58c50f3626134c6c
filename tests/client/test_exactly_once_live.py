"""Exactly once against the real live socket: the pure session talks to a real server process
over a real WebSocket (and REST when the socket is down), so the server's catch-up, ordering and
replies (``server/live.py``, the hub) are inside the property, not a hand-written copy of them.

Hypothesis draws the user's changes (some the server must refuse), how much of the traffic gets
through before the next thing happens, sockets cut mid-flight, the server killed with SIGKILL and
started again, and another device writing at the same time. After quiescence: every valid change
is on the server once and was acked once, every refused one waits for a person, and the device's
floor equals the server's snapshot.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.sync.client import ClientConnection, connect

from domain import reducer
from sync.actions import Close, Connect, Poll, PostBatch, Refetch
from sync.backoff import Backoff
from sync.outbox import Outbox
from sync.session import LIVE, Session
from tests.support.client import Rest, login
from tests.support.server_process import ServerProcess, seed_demo

REFUSED_ITEM = "unicorn"  # not on the menu: the server refuses the order


class Device:
    """A floor phone: the pure session, with this test as its socket and fetch adapters."""

    def __init__(self, server: ServerProcess, token: str) -> None:
        self.server = server
        self.rest = Rest(server.url, token)
        self.session = Session(
            token, 0, Outbox(), Backoff(rng=lambda: 0.5), Backoff(rng=lambda: 0.5)
        )
        self.state = reducer.from_snapshot(self.rest.get("/floor").json())
        self.session.cursor = self.state["seq"]
        self.ws: ClientConnection | None = None
        self.now = 0.0
        self.acks: list[str] = []
        self.session.start(self.now)
        self.cycle()

    # -- the user -------------------------------------------------------------------------

    def order(self, refused: bool) -> str:
        client_id = uuid.uuid4().hex
        item = REFUSED_ITEM if refused else "ayran"
        data = {"table_id": None, "note": client_id,
                "lines": [{"item_id": item, "qty": 1, "modifiers": [], "note": ""}]}  # fmt: skip
        self.session.outbox.add(client_id, "create_order", data, "2026-11-22T12:00:00Z")
        self.session.mutation_added(self.now)
        self.cycle()
        return client_id

    # -- the network ----------------------------------------------------------------------

    def cut(self) -> None:
        """The socket dies mid-flight: nothing more is read from it."""
        if self.ws is not None:
            self.ws.close_socket()
            self.ws = None
            self.session.closed(self.now, 1006)

    def deliver(self, frames: int) -> None:
        """Up to ``frames`` frames from the server reach the device."""
        for _ in range(frames):
            if self.ws is None:
                return
            try:
                text = self.ws.recv(timeout=0.2)
            except TimeoutError:
                return
            except ConnectionClosed:
                self.ws = None
                self.session.closed(self.now, 1006)
                return
            self.session.received(text, self.now)
            self.cycle()

    def tick(self, seconds: float = 0.5) -> None:
        self.now += seconds
        self.session.tick(self.now)
        self.cycle()

    # -- the adapters: carry out what the session decided ---------------------------------

    def cycle(self) -> None:
        while True:
            actions = self.session.actions()
            frames = self.session.frames_to_send()
            for action in actions:
                self._act(action)
            for frame in frames:
                self._send(frame)
            self.state = reducer.apply_all(self.state, self.session.events_received())
            self.acks.extend(ack[0] for ack in self.session.acks_received())
            if not actions and not frames:
                return

    def _send(self, frame: str) -> None:
        if self.ws is None:
            return
        try:
            self.ws.send(frame)
        except ConnectionClosed:
            self.ws = None
            self.session.closed(self.now, 1006)

    def _act(self, action: object) -> None:
        if isinstance(action, Connect):
            try:
                self.ws = connect(self.server.ws_url, open_timeout=2, compression=None, legacy=True)
            except (OSError, InvalidHandshake, TimeoutError):
                self.session.closed(self.now, 1006)
            else:
                self.session.opened(self.now)
        elif isinstance(action, Close):
            if self.ws is not None:
                self.ws.close_socket()
                self.ws = None
            self.session.closed(self.now, 1000)
        elif isinstance(action, Poll):
            try:
                body = self.rest.get("/events", params={"since": action.since}).json()
            except (requests.RequestException, ValueError):
                self.session.poll_failed(self.now)
            else:
                self.session.polled(body.get("events"), body.get("seq"), self.now)
        elif isinstance(action, PostBatch):
            try:
                answer = self.rest.post("/mutations", {"mutations": list(action.mutations)})
            except requests.RequestException:
                self.session.post_failed(self.now)
            else:
                if answer.status_code == 200:
                    self.session.posted(answer.json()["results"], self.now)
                else:
                    self.session.post_failed(self.now, answer.status_code)
        elif isinstance(action, Refetch):
            snapshot = self.rest.get("/floor").json()
            self.state = reducer.from_snapshot(snapshot)
            self.session.snapshot_loaded(snapshot["seq"], self.now)

    # -- the end --------------------------------------------------------------------------

    def settle(self, latest: Callable[[], int]) -> None:
        """Let time pass and traffic flow until nothing is left to do."""
        for _ in range(400):
            self.tick(1.0)
            self.deliver(1_000)
            done = (
                self.session.state == LIVE
                and not self.session.outbox.pending()
                and self.session.cursor == latest()
            )
            if done:
                return
        raise AssertionError(
            f"no quiescence: {self.session.state}, {len(self.session.outbox.pending())} pending,"
            f" cursor {self.session.cursor} of {latest()}"
        )


steps = st.lists(
    st.one_of(
        st.tuples(st.just("order"), st.booleans(), st.just(0)),  # True: the server refuses it
        st.tuples(st.just("order"), st.just(False), st.just(0)),
        st.tuples(st.just("deliver"), st.just(False), st.integers(0, 8)),
        st.tuples(st.just("cut"), st.just(False), st.just(0)),
        st.tuples(st.just("tick"), st.just(False), st.integers(1, 30)),
        st.tuples(st.just("other device"), st.just(False), st.just(0)),
        st.tuples(st.just("restart"), st.just(False), st.just(0)),
    ),
    min_size=4,
    max_size=30,
).filter(lambda script: sum(s[0] == "restart" for s in script) <= 2)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(script=steps)
def test_every_change_lands_once_through_the_real_socket(tmp_path_factory, script):
    db = str(tmp_path_factory.mktemp("live-once") / "p.db")
    seed_demo(db)
    server = ServerProcess(db).start()
    try:
        device = Device(server, login(server.url, "floor"))
        other = Rest(server.url, login(server.url, "kiosk"))
        mine: list[str] = []
        refused: list[str] = []
        for kind, flag, n in script:
            if kind == "order":
                (refused if flag else mine).append(device.order(refused=flag))
            elif kind == "deliver":
                device.deliver(n)
            elif kind == "cut":
                device.cut()
            elif kind == "tick":
                device.tick(n / 10)
            elif kind == "other device":
                body = {"client_id": uuid.uuid4().hex, "table_id": "hall-2",
                        "lines": [{"item_id": "ayran", "qty": 1}]}  # fmt: skip
                other.post("/orders", body)
            else:
                server.kill()
                server.start()
        floor = Rest(server.url, login(server.url, "floor"))
        device.settle(lambda: floor.get("/events", params={"since": 0, "limit": 1}).json()["seq"])
        snapshot = floor.get("/floor").json()
        notes = [o["note"] for o in snapshot["orders"]]
        assert sorted(n for n in notes if n in mine) == sorted(mine)  # each valid one, once
        assert not set(notes) & set(refused)
        assert sorted(device.acks) == sorted(mine)  # acked once each
        assert [m.client_id for m in device.session.outbox.needs_attention()] == refused
        assert device.state == reducer.from_snapshot(snapshot)
    finally:
        server.kill()
