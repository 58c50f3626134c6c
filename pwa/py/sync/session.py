"""The sync session: one restaurant's live connection, as a state machine that does no I/O.

After the ``websockets`` sans-I/O design: the adapters feed in what happened (a socket opened, a
frame arrived, a poll answered, a timer ticked) with the current time, then drain what the
session wants done (frames to send, events to apply, actions for the adapters).

    session.received(text, now=now)
    for frame in session.frames_to_send(): socket.send(frame)
    for event in session.events_received(): store.apply(event)
    for action in session.actions(): adapters.run(action)

States: ``live`` (welcomed on the socket), else ``polling`` (the socket fails but HTTP works,
as behind a proxy that strips upgrades), ``offline`` (nothing answers) or ``connecting`` (not
known yet). Reconnects go on forever with jittered backoff; a socket that stays silent for two
ping intervals is declared dead, because after Wi-Fi sleep a socket can look open and be dead.
The outbox is flushed in order over the socket when live and over REST otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from domain.protocol import BATCH_LIMIT, CLOSE_UNAUTHORIZED
from sync.actions import Action, Close, Connect, Poll, PostBatch, Refetch, Renew, SignIn
from sync.backoff import Backoff
from sync.event_line import EventLine, valid_events
from sync.outbox import Outbox

CONNECTING, LIVE, POLLING, OFFLINE = "connecting", "live", "polling", "offline"
PING_INTERVAL_S = 25.0
POLL_EVERY_S = 3.0
POLL_OFFLINE_S = 0.5  # nothing answers: ask often, the moment it is back is what matters
OPEN_TIMEOUT_S = 10.0  # a connect or a hello that gets no answer in this time has failed
SOCKET_BATCHES_IN_FLIGHT = 3  # full batches out on the socket at once, awaiting answers
# The device's health rides on a ping (domain.device_health): once a minute, sooner when what
# it needs a person for changed, never more often than the server keeps (10 s a socket).
HEALTH_EVERY_S = 60.0
HEALTH_SOONEST_S = 12.0
HOUR_S = 3600.0


class Session:
    def __init__(
        self,
        token: str,
        cursor: int,
        outbox: Outbox,
        backoff: Backoff,
        flush_backoff: Backoff,
        *,
        ping_interval: float = PING_INTERVAL_S,
        poll_every: float = POLL_EVERY_S,
    ) -> None:
        self.token = token
        self.line = EventLine(cursor)
        self.outbox = outbox
        self.backoff = backoff
        self.flush_backoff = flush_backoff
        self.ping_interval = ping_interval
        self.poll_every = poll_every

        self.socket_state = "closed"  # closed | opening | open | welcomed | closing
        self.http_ok: bool | None = None
        self.signed_out = False
        self.renewing = False  # a 401 came: nothing is sent until a new token is in hand
        self.renew_at: float | None = None  # when to ask again after a renewal got no answer
        self.reconnect_at = 0.0
        self.socket_since = 0.0  # when the current socket attempt began
        self.last_heard = 0.0
        self.next_ping_at = 0.0
        self.next_poll_at = 0.0
        self.poll_in_flight = False
        self.post_in_flight: tuple[str, ...] = ()
        self.socket_in_flight: set[str] = set()  # sent on the current socket, not answered
        self.last_reconnect_delay = 0.0
        self.may_flush = True  # False in a tab while another tab of this device sends
        self.server_time: str | None = None  # the server's clock, as its welcome said it
        # The link as this device lives it, for its health report.
        self.rtt_ms = 0  # the last ping's round trip
        self.welcomes: list[float] = []  # when each socket of the last hour was welcomed
        # What the device reports with a ping (the engine's: unsent changes, errors, storage).
        self.health_source: Callable[[float], dict] | None = None
        self.health_waiting_s = 300.0  # the server's threshold for waiting changes (welcome)
        self.next_health_at = 0.0
        self._health_sent_at = float("-inf")
        self._health_key: tuple = ()

        self._frames: list[str] = []
        self._events: list[dict] = []
        self._actions: list[Action] = []
        self._acks: list[tuple[str, dict, str]] = []

    # -- derived state --------------------------------------------------------------------------

    @property
    def cursor(self) -> int:
        return self.line.cursor

    @cursor.setter
    def cursor(self, seq: int) -> None:
        self.line.cursor = seq

    @property
    def state(self) -> str:
        if self.socket_state == "welcomed":
            return LIVE
        if self.http_ok is True:
            return POLLING
        if self.http_ok is False:
            return OFFLINE
        return CONNECTING

    # -- inputs ---------------------------------------------------------------------------------

    def start(self, now: float) -> None:
        self._connect(now)
        self.next_poll_at = now + OPEN_TIMEOUT_S  # poll only if the socket does not come up

    def opened(self, now: float) -> None:
        self.socket_state = "open"
        self.last_heard = now
        hello = {"type": "hello", "token": self.token, "since": self.cursor}
        if self.line.epoch:
            hello["epoch"] = self.line.epoch  # the server resets a cursor from another log
        self._send(hello)

    def received(self, text: str, now: float) -> None:
        if self.socket_state not in ("open", "welcomed"):
            return  # a late frame from a socket already given up on
        self.last_heard = now
        try:
            frame = json.loads(text)
        except ValueError:
            return
        if not isinstance(frame, dict):
            return
        kind = frame.get("type")
        if kind == "welcome":
            self._welcomed(frame, now)
        elif kind == "event":
            event = {"seq": frame["seq"], "type": frame["event"], "data": frame["data"]}
            if isinstance(frame.get("by"), dict):
                event["by"] = frame["by"]
            self._event(event)
        elif kind == "ack":
            self.socket_in_flight.discard(frame["client_id"])
            self._acked(frame["client_id"], frame.get("result") or {}, frame.get("seq"))
        elif kind == "pong":
            sent = frame.get("t")
            if isinstance(sent, int | float) and not isinstance(sent, bool) and sent <= now:
                self.rtt_ms = round((now - sent) * 1000)
        elif kind == "reject":
            self.socket_in_flight.discard(frame["client_id"])
            if frame.get("retry"):  # the server failed, not the mutation: send it again later
                self.outbox.failed([frame["client_id"]], now + self.flush_backoff.next_delay())
            else:
                self.outbox.rejected(frame["client_id"], frame.get("error") or {})
        self._flush(now)

    def closed(self, now: float, code: int | None = None) -> None:
        was_open = self.socket_state in ("open", "welcomed")
        self.socket_state = "closed"
        # What went out on this socket without an answer goes back in line, same place.
        self.outbox.failed(list(self.socket_in_flight), 0.0)
        self.socket_in_flight.clear()
        if code == CLOSE_UNAUTHORIZED:
            self.unauthorized(now)
            return
        if was_open:
            self.backoff.reset()  # it was up: the first retry comes soon
        self.last_reconnect_delay = self.backoff.next_delay()
        self.reconnect_at = now + self.last_reconnect_delay
        self.next_poll_at = min(self.next_poll_at, now)  # find out whether HTTP still works
        self._flush(now)

    def tick(self, now: float) -> None:
        if self.signed_out:
            return
        if self.renewing:
            if self.renew_at is not None and now >= self.renew_at:
                self.renew_at = None
                self._act(Renew())
            return
        if self.socket_state == "closed" and now >= self.reconnect_at:
            self._connect(now)
        elif self.socket_state in ("opening", "open") and now - self.socket_since > OPEN_TIMEOUT_S:
            self._close("no welcome in time")
        elif self.socket_state == "welcomed":
            if now - self.last_heard > 2 * self.ping_interval:
                self._close("silent for two ping intervals")
            elif now >= self.next_ping_at:
                ping: dict = {"type": "ping", "t": now}
                health = self._health_due(now)
                if health is not None:
                    ping["health"] = health
                self._send(ping)
                self.next_ping_at = now + self.ping_interval
        if self.state != LIVE and not self.poll_in_flight and now >= self.next_poll_at:
            self.poll_in_flight = True
            self._act(Poll(self.cursor))
        self._flush(now)

    def reconnects_hour(self, now: float) -> int:
        """Sockets welcomed in the last hour after the first: how often the link broke."""
        self.welcomes = [at for at in self.welcomes if now - at < HOUR_S]
        return max(0, len(self.welcomes) - 1)

    def _health_due(self, now: float) -> dict | None:
        if self.health_source is None:
            return None
        report = self.health_source(now)
        key = (report.get("unsent"), report.get("refused"), report.get("build"),
               report.get("last_error"),
               (report.get("oldest_unsent_s") or 0) >= self.health_waiting_s)  # fmt: skip
        changed = key != self._health_key and now - self._health_sent_at >= HEALTH_SOONEST_S
        if now < self.next_health_at and not changed:
            return None
        self._health_key, self._health_sent_at = key, now
        self.next_health_at = now + HEALTH_EVERY_S
        return report

    def polled(
        self, events: object, latest: object, now: float, reset: object = False,
        epoch: object = None,
    ) -> None:  # fmt: skip
        """A poll answered: ``events`` and ``latest`` as the server's body carried them. A body
        of the wrong shape did not come from our server: it counts as ``poll_failed``.
        ``reset``: the server's log no longer reaches our cursor (pruned, or another log's
        ``epoch``), load a snapshot."""
        if not valid_events(events) or not isinstance(latest, int):
            self.poll_failed(now)
            return
        self.poll_in_flight = False
        came_back = self.http_ok is not True
        self.http_ok = True
        other = self.line.other_log(epoch)
        if reset is True or other:
            self._act(Refetch())
        for event in [] if other else events:  # another log's events mean nothing to our cursor
            self._event(event)
        # More to read: ask again at once; else at the polling pace.
        self.next_poll_at = now if latest > self.cursor else now + self.poll_every
        if came_back:
            self._server_answers(now)
            if self.socket_state == "closed":
                self.reconnect_at = min(self.reconnect_at, now)  # no need to wait out a backoff
        self._flush(now)

    def poll_unauthorized(self, now: float) -> None:
        """A poll answered 401: the server is there, the token is not good."""
        self.poll_in_flight = False
        self.http_ok = True
        self.next_poll_at = now
        self.unauthorized(now)

    def poll_failed(self, now: float) -> None:
        self.poll_in_flight = False
        self.http_ok = False
        self.next_poll_at = now + POLL_OFFLINE_S

    def posted(self, results: object, now: float) -> None:
        """A batch answered with one result per mutation. Anything else (a proxy's answer, a
        truncated body) is an outage: the batch goes back in line, nothing is dropped."""
        if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
            self.post_failed(now)
            return
        self.post_in_flight = ()
        self.http_ok = True
        self.flush_backoff.reset()
        if self.state != LIVE:
            self.next_poll_at = now  # the events of what was just accepted: read them now
        for result in results:
            if result.get("type") == "ack":
                self._acked(result["client_id"], result.get("result") or {}, result.get("seq"))
            elif result.get("type") == "reject" and result.get("client_id"):
                self.outbox.rejected(result["client_id"], result.get("error") or {})
        self._flush(now)

    def post_failed(self, now: float, status: int | None = None) -> None:
        """The batch did not get through: network error (``status`` None), 5xx, or the whole
        request refused (401: sign in again)."""
        ids, self.post_in_flight = list(self.post_in_flight), ()
        if status is None:
            self.http_ok = False
        if status == 401:
            self.outbox.failed(ids, 0.0)  # same place in line: resent after the renewal
            self.unauthorized(now)
            return
        self.outbox.failed(ids, now + self.flush_backoff.next_delay())

    def mutation_added(self, now: float) -> None:
        self._flush(now)

    def queue_changed_elsewhere(self, records: list[dict], now: float) -> None:
        """Another tab of this device changed the shared queue (``records``, this sign-in's,
        as stored). The tab that sends takes in what is new and sends it; a tab that sends
        nothing shows what the store holds."""
        if not self.may_flush:
            self.outbox = Outbox(records)
        elif self.outbox.merge(records):
            self.mutation_added(now)

    def snapshot_loaded(self, seq: int, now: float, epoch: str = "") -> None:
        self.line.restart_at(seq, epoch)
        self._release_held()

    def unauthorized(self, now: float) -> None:
        """A 401 or a 4401 close: the access token expired or the device was revoked. Which
        one, the renewal tells. Nothing queued is dropped either way."""
        if self.renewing or self.signed_out:
            return
        self.renewing, self.renew_at = True, None
        if self.socket_state in ("opening", "open", "welcomed"):
            self._close("token refused")
        self._act(Renew())

    def renewed(self, token: str, now: float) -> None:
        self.token, self.signed_out, self.renewing = token, False, False
        self.backoff.reset()
        self.flush_backoff.reset()
        self.outbox.wake()
        self.reconnect_at = now
        self.next_poll_at = min(self.next_poll_at, now)
        self.tick(now)

    def renew_failed(self, now: float) -> None:
        """The renewal got no answer (the server is away): ask again after a backoff."""
        self.renew_at = now + self.backoff.next_delay()

    def refused(self, why: str) -> None:
        """The device may not renew: a person signs in again; the queue stays stored."""
        self.renewing, self.signed_out = False, True
        self._act(SignIn(why))

    # -- outputs --------------------------------------------------------------------------------

    def frames_to_send(self) -> list[str]:
        frames, self._frames = self._frames, []
        return frames

    def events_received(self) -> list[dict]:
        events, self._events = self._events, []
        return events

    def actions(self) -> list[Action]:
        actions, self._actions = self._actions, []
        return actions

    def acks_received(self) -> list[tuple[str, dict, str]]:
        """``(client_id, result, op)`` of mutations the server accepted, for the view to
        replace its optimistic copy with the server's."""
        acks, self._acks = self._acks, []
        return acks

    # -- internals ------------------------------------------------------------------------------

    def _send(self, frame: dict) -> None:
        self._frames.append(json.dumps(frame, separators=(",", ":")))

    def _act(self, action: Action) -> None:
        self._actions.append(action)

    def _close(self, reason: str) -> None:
        self.socket_state = "closing"  # until the adapter reports ``closed``
        self._act(Close(reason))

    def _connect(self, now: float) -> None:
        self.socket_state = "opening"
        self.socket_since = now
        self._act(Connect())

    def _welcomed(self, frame: dict, now: float) -> None:
        self.socket_state = "welcomed"
        self.backoff.reset()
        self.welcomes.append(now)
        self.next_health_at = 0.0  # a new socket: the first ping says how the device is
        heartbeat = frame.get("heartbeat_s")
        if isinstance(heartbeat, int | float) and heartbeat > 0:
            self.ping_interval = float(heartbeat)  # the server's pace: it knows its proxies
        self.next_ping_at = now + self.ping_interval
        if isinstance(frame.get("now"), str):
            self.server_time = frame["now"]  # the engine sets its clock by it
        waiting = frame.get("health_waiting_s")
        if isinstance(waiting, int | float) and not isinstance(waiting, bool) and waiting > 0:
            self.health_waiting_s = float(waiting)
        if frame.get("reset") or self.line.other_log(frame.get("epoch")):
            self._act(Refetch())
        self._server_answers(now)

    def _server_answers(self, now: float) -> None:
        # The server is back: what waited out a backoff goes now, not minutes later.
        self.flush_backoff.reset()
        self.outbox.wake()

    def _event(self, event: dict) -> None:
        if self.line.offer(event) and not self.poll_in_flight:
            self.poll_in_flight = True  # a gap: read what is missing from the log
            self._act(Poll(self.cursor))
        self._release_held()

    def _release_held(self) -> None:
        for event in self.line.in_order():
            self._events.append(event)
            change = (event.get("by") or {}).get("change")
            if isinstance(change, str):
                self.outbox.landed(change)

    def _acked(self, client_id: str, result: dict, seq: object) -> None:
        # No seq (a server from before acks carried one): the change is ended with the next
        # floor stored, as then.
        at = seq if isinstance(seq, int) and not isinstance(seq, bool) and seq > 0 else 0
        mutation = self.outbox.acked(client_id, at)
        if mutation is not None:
            self._acks.append((client_id, result, mutation.op))

    def _flush(self, now: float) -> None:
        if self.signed_out or self.renewing or not self.may_flush:
            return
        if self.state == LIVE:
            # Pipelined: the server reads one socket's frames in order, so batches sent back to
            # back are committed in order. A long queue goes 100 to a commit, not one. Bounded,
            # so the answers (an ack and an event each) never fill the server's queue for us.
            room = SOCKET_BATCHES_IN_FLIGHT * BATCH_LIMIT - len(self.socket_in_flight)
            while room >= BATCH_LIMIT:  # a whole batch's room: acks trickling in send no 1s
                batch = self.outbox.next_batch(now)
                room -= len(batch)
                self.socket_in_flight.update(m["client_id"] for m in batch)
                if not batch:
                    break
                if len(batch) == 1:
                    self._send({"type": "submit", **batch[0]})
                else:
                    self._send({"type": "submit_batch", "mutations": batch})
            return
        if self.post_in_flight:
            return
        batch = self.outbox.next_batch(now)
        if batch:
            self.post_in_flight = tuple(m["client_id"] for m in batch)
            self._act(PostBatch(tuple(batch)))
