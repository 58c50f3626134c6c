"""The broker: committed events between server processes, over Redis pub/sub (redis-py).

One channel per restaurant (``passline:<restaurant>:events``); every process subscribes to the
pattern and hands what it hears to its relay, which orders it and fills what is missing from the
log. Redis is a fast path, never the source of truth: a message lost while Redis restarts is
read from the database instead, so nothing here retries or persists anything.

Two threads, so that neither a slow Redis nor a dead one ever holds up a write: the publisher
drains a bounded queue the write path fills without waiting, the listener reconnects with
backoff. ``up`` is whether both last worked: the relay polls the log often while it is not. A
publish that failed once (a timeout on a loaded machine) does not keep it down while the
listener is still subscribed: the next publish that goes through brings it back.
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import secrets
import threading
import time
from collections.abc import Callable

import redis

log = logging.getLogger(__name__)

PATTERN = "passline:*:events"
QUEUE_LIMIT = 10_000  # messages waiting for Redis; beyond it they are dropped (the log has them)
TIMEOUT_S = 2.0
BACKOFF_S = (0.1, 0.2, 0.5, 1.0, 2.0)


def channel(restaurant: str) -> str:
    return f"passline:{restaurant}:events"


def encode(origin: str, events: list[dict]) -> bytes:
    return json.dumps({"origin": origin, "events": events}, separators=(",", ":")).encode()


def decode(raw: bytes | str, own: str) -> list[dict] | None:
    """A message's events, or None for our own message or one not fit to use."""
    try:
        message = json.loads(raw)
        events = message["events"]
        if message.get("origin") == own or not isinstance(events, list):
            return None
        if all(isinstance(e, dict) and isinstance(e.get("seq"), int) for e in events):
            return events
    except (ValueError, KeyError, TypeError):
        pass
    log.warning("broker: a message that is not Passline's was ignored")
    return None


class RedisBroker:
    kind = "redis"

    def __init__(
        self,
        url: str,
        on_events: Callable[[str, list[dict]], None],
        on_state: Callable[[bool], None] = lambda up: None,
    ) -> None:
        self.url = url
        self.origin = secrets.token_hex(8)  # this process: its own messages come back to it
        self._on_events = on_events
        self._on_state = on_state
        self._outbox: queue.Queue[tuple[str, bytes]] = queue.Queue(QUEUE_LIMIT)
        self.up = False
        self._subscribed = False  # the listener's view
        self._published = True  # the publisher's: did its last publish go through
        self._state_lock = threading.Lock()
        self.dropped = 0  # messages not published (Redis down or the queue full)
        self.received = 0
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def _client(self) -> redis.Redis:
        return redis.Redis.from_url(
            self.url, socket_timeout=TIMEOUT_S, socket_connect_timeout=TIMEOUT_S,
            health_check_interval=10, retry_on_timeout=False,
        )  # fmt: skip

    def start(self) -> None:
        # Started on first use: gunicorn forks after the app is built; threads do not survive.
        with self._lock:
            if self._threads:
                return
            for target, name in ((self._listen, "broker-listen"), (self._send, "broker-send")):
                thread = threading.Thread(target=target, name=name, daemon=True)
                thread.start()
                self._threads.append(thread)

    def publish(self, restaurant: str, events: list[dict]) -> None:
        """Never blocks: called by the write path after its commit."""
        try:
            self._outbox.put_nowait((channel(restaurant), encode(self.origin, events)))
        except queue.Full:
            self.dropped += 1

    def _state(self, *, subscribed: bool | None = None, published: bool | None = None) -> None:
        with self._state_lock:  # two threads report; each change is logged once
            if subscribed is not None:
                self._subscribed = subscribed
            if published is not None:
                self._published = published
            self._become(self._subscribed and self._published)

    def _become(self, up: bool) -> None:
        if up != self.up:
            self.up = up
            # The URL is not logged: it may hold Redis's password.
            if up:
                log.warning("broker is up: events between processes go through it")
            else:
                log.warning("broker is down: events between processes are read from the"
                            " database until it is back")  # fmt: skip
            self._on_state(up)

    def _send(self) -> None:
        client = self._client()
        while True:
            name, payload = self._outbox.get()
            try:
                client.publish(name, payload)
            except redis.RedisError:
                self.dropped += 1
                self._state(published=False)
            else:
                self._state(published=True)

    def _listen(self) -> None:
        failures = 0
        while True:
            pubsub = self._client().pubsub(ignore_subscribe_messages=True)
            try:
                pubsub.psubscribe(PATTERN)
                self._state(subscribed=True, published=True)  # Redis answers: try publishing
                failures = 0
                while True:
                    message = pubsub.get_message(timeout=1.0)
                    if message is None or message.get("type") != "pmessage":
                        continue
                    restaurant = message["channel"].decode()[len("passline:") : -len(":events")]
                    events = decode(message["data"], self.origin)
                    if events:
                        self.received += len(events)
                        self._on_events(restaurant, events)
            except redis.RedisError:
                pass
            except Exception:  # never let the listener die: log, reconnect
                log.exception("broker listener failed")
            finally:
                self._state(subscribed=False)
                with contextlib.suppress(Exception):  # a dead connection may fail to close
                    pubsub.close()
            time.sleep(BACKOFF_S[min(failures, len(BACKOFF_S) - 1)])
            failures += 1

    def describe(self) -> dict:
        return {"kind": self.kind, "up": self.up, "dropped": self.dropped,
                "received": self.received}  # fmt: skip
