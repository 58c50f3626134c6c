"""The live socket, ``/api/v1/live``: resume from a cursor, then events as they commit.

flask-sock does the handshake on a request thread, which then hands the socket to the hub's
loop (``adoption``) and goes back to REST: no thread is kept per socket. The loop reads frames
and calls this connection (``on_message``), whose steps (the hello, catching up, answering a
submit) run one at a time on the live pool (``serial``); every byte sent goes through the hub.

Compression (permessage-deflate) is declined: events are a few hundred bytes on a LAN, and
per-connection zlib state would cost CPU on every send and hundreds of KB per socket, where an
uncompressed frame is encoded once and shared by every subscriber.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, request
from flask_sock import Sock

from domain import device_health, payloads, protocol, schema, submissions
from domain.errors import DomainError
from domain.protocol import CLOSE_UNAUTHORIZED
from domain.timestamps import iso, utcnow

from ..access import scopes
from ..access.rates import TokenBucket
from ..access.tokens import Device
from ..store import DatabaseUnavailable
from . import adoption
from .batches import submit_batch
from .frames import event_frame, json_frame
from .hub import Hub
from .serial import Pool, Serial
from .subscriber import Subscriber

log = logging.getLogger(__name__)

CLOSE_POLICY = 1008  # too many frames, too many sockets
CLOSE_INTERNAL = 1011
CLOSE_TRY_LATER = 1013  # the database is away (catching up needs it): reconnect and resume
RATE_LIMITED = DomainError("rate_limited", "too many changes from this device; sent again later")

BACKLOG_PAGE = 500
MESSAGE_BYTES = protocol.BODY_LIMIT_BYTES  # a frame may carry what a request body may


def _chunks(frames: list, max_bytes: int) -> list[list]:
    out: list[list] = [[]]
    size = 0
    for item in frames:
        if out[-1] and size + len(item[1]) > max_bytes:
            out.append([])
            size = 0
        out[-1].append(item)
        size += len(item[1])
    return out


def error_frame(code: str, message: str, field: str | None = None) -> dict:
    return {"type": "error", "error": DomainError(code, message, field=field).to_dict()}


def parse_frame(raw: Any) -> dict:
    """A client frame as a dict with a string ``type``, or DomainError."""
    if not isinstance(raw, str):
        raise DomainError("invalid_frame", "send JSON text frames, not binary")
    try:
        frame = json.loads(raw)
    except ValueError:
        raise DomainError("invalid_json", "the frame is not valid JSON") from None
    except RecursionError:
        raise DomainError("invalid_json", "the frame is nested too deeply") from None
    if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
        raise DomainError("invalid_frame", "a frame is a JSON object with a string 'type'")
    return frame


class LiveConnection:
    """One socket's conversation. The ``on_*`` methods are called on the loop thread and only
    queue steps; the steps run on the pool, one at a time, in the order the frames came."""

    def __init__(self, app: Flask, pool: Pool) -> None:
        self.app = app
        self.services = app.extensions["passline"]
        self.hub: Hub = self.services.hub
        self.serial = Serial(pool)
        self.sub: Subscriber | None = None
        self.device: Device | None = None
        self.ending = False  # closing for a reason of ours: what still comes is dropped
        # A client sending more frames is broken or hostile: closed (1008), it may reconnect.
        config = app.config
        self.budget = TokenBucket(config["LIVE_FRAMES_PER_S"], config["LIVE_FRAME_BURST"])
        self._catching: Iterator[None] | None = None
        self._health_at = float("-inf")

    # -- on the loop thread ---------------------------------------------------------------------

    def on_message(self, message: str | bytes) -> None:
        if self.ending:
            return
        if not self.budget.take():
            self.ending = True
            device = self.device
            log.warning("live: closing %s/%s: over %s frames/s", device and device.restaurant,
                        device and device.device, self.budget.rate)  # fmt: skip
            self.hub.end(self._sub, CLOSE_POLICY, "rate_limited")
            return
        self.serial.put(partial(self._step, message))

    def on_silent(self) -> None:
        self.serial.put(self._silent)

    def on_closed(self) -> None:
        self.serial.put(self._closed)

    def _resume(self) -> None:  # a page of backlog went out (or the peer is gone)
        self.serial.resume(self._catch_up_more)

    # -- steps, on the pool ---------------------------------------------------------------------

    @property
    def _sub(self) -> Subscriber:
        assert self.sub is not None
        return self.sub

    def _step(self, raw: str | bytes) -> None:
        if self.ending or self._sub.closed:
            return
        try:
            if self.device is None:
                self._hello(raw)
                return
            reply = self.handle(raw)
            if isinstance(reply, list):  # a batch: one answer per mutation, in order
                self.hub.send(self._sub, [(0, json_frame(r)) for r in reply])
            elif reply is not None:
                self.hub.send(self._sub, [(0, json_frame(reply))])
        except Exception as exc:
            self._failed(exc)

    def _failed(self, exc: Exception) -> None:
        """One line and a close code, never an HTTP answer on the socket."""
        device = self.device
        log.warning("live: connection of %s/%s failed: %r", device and device.restaurant,
                    device and device.device, exc)  # fmt: skip
        self.ending = True
        if isinstance(exc, DatabaseUnavailable):  # an outage, not a bug: the device resumes
            self.hub.end(self._sub, CLOSE_TRY_LATER, "database_unavailable")
        else:
            self.hub.end(self._sub, CLOSE_INTERNAL, "internal error")

    def _silent(self) -> None:
        if self.device is None and not self.ending:
            self._refuse(CLOSE_UNAUTHORIZED, "unauthorized",
                         "no hello frame within the time allowed")  # fmt: skip

    def _closed(self) -> None:
        device = self.device
        if device is not None and device.role == "kitchen":
            self._device_status(connected=False)

    def _hello(self, raw: str | bytes) -> None:
        try:
            frame = parse_frame(raw)
            if frame["type"] != "hello":
                raise DomainError("unauthorized", "the first frame must be a hello")
            hello = schema.validate(payloads.HELLO, frame)
            device = self.services.tokens.verify(hello["token"])
            if not self.services.accounts.restaurant_exists(device.restaurant):
                raise DomainError("unauthorized", "the restaurant of this token no longer exists")
            self.services.devices.check(device.restaurant, device.device, device.role,
                                        device.person)  # fmt: skip
            self.services.watcher.ensure_running()
        except DomainError as exc:
            self._refuse(CLOSE_UNAUTHORIZED, exc.code, exc.message)
            return
        config = self.app.config
        mine = [s for s in self.hub.subscribers()
                if s.device == device.device and s.restaurant == device.restaurant]  # fmt: skip
        if len(mine) >= config["SOCKETS_PER_DEVICE"]:
            most = config["SOCKETS_PER_DEVICE"]
            message = f"at most {most} live sockets per device"
            self._refuse(CLOSE_POLICY, "too_many_sockets", message)
            return
        self.device = device
        self._sub.join(
            device.restaurant, device.role, device=device.device, expires_at=device.expires_at,
            scope=self._scope if scopes.limited(device) else None,
        )  # fmt: skip
        self.hub.join(self._sub)
        self._catching = self._catch_up(hello["since"], hello["epoch"])
        self._catch_up_more()

    def _catch_up_more(self) -> None:
        if self._catching is None:
            return
        try:
            next(self._catching)
        except StopIteration:
            self._catching = None
        except Exception as exc:
            self._catching = None
            self._failed(exc)

    def _catch_up(self, since: int | None, epoch: str = "") -> Iterator[None]:
        """Welcome, then the backlog page by page, then release the live stream. Yields while
        a page goes out: the connection's queue is held, and ``_resume`` goes on."""
        sub, device, hub = self._sub, self.device, self.hub
        assert device is not None
        store = self.services.store
        latest, current, reset = store.resume_point(device.restaurant, since, epoch)
        cursor = latest if since is None or reset else since
        welcome: dict = {"type": "welcome", "seq": latest, "epoch": current, "role": device.role,
                         "now": iso(utcnow())}  # fmt: skip  # a device's clock may be wrong
        if hub.ping_interval_s:  # the client pings at this pace and watches for the answers
            welcome["heartbeat_s"] = hub.ping_interval_s
        # When the device's unsent changes become trouble: it reports as they cross it.
        welcome["health_waiting_s"] = self.app.config["DEVICE_WAITING_S"]
        if reset:
            welcome["reset"] = True
        hub.send(sub, [(0, json_frame(welcome))])
        # Joined before reading the log: an event committed meanwhile is both in the log and
        # held for the live stream; the subscriber's cursor drops the second copy.
        # A page must fit in the subscriber's queue, or catching up would count as lagging.
        page_size = max(1, min(BACKLOG_PAGE, sub.limit // 2))
        while not sub.closed:
            page = store.events_since(device.restaurant, cursor, page_size)
            if not page:
                break
            frames = [(e["seq"], event_frame(self._scope(e))) for e in page]
            cursor = page[-1]["seq"]
            for chunk in _chunks(frames, sub.byte_limit // 2):  # never a lagging peer's worth
                self.serial.hold()  # before the send: the flush may come at once
                hub.send(sub, chunk, on_flushed=self._resume)
                yield
                if sub.closed:  # dropped meanwhile (or it never took the page: BACKLOG_WAIT_S)
                    return
            if len(page) < page_size:
                break
        hub.send(sub, [], caught_up=True)
        if device.role == "kitchen":
            self._device_status(connected=True)

    def _scope(self, event: dict) -> dict:
        assert self.device is not None
        return scopes.event_for(self.device, event)

    def _refuse(self, code: int, error: str, message: str) -> None:
        """Before the socket joins: an error frame, then the close."""
        self.ending = True
        self.hub.send(self._sub, [(0, json_frame(error_frame(error, message)))])
        self.hub.end(self._sub, code, error)

    def handle(self, raw: Any) -> dict | list[dict] | None:
        """Answer one client frame after the hello."""
        try:
            frame = parse_frame(raw)
        except DomainError as exc:
            return {"type": "error", "error": exc.to_dict()}
        kind = frame["type"]
        if kind == "ping":
            # Only a number comes back: echoing whatever came made a 65 KB ping a 65 KB pong
            # the server had to buffer for a peer that never reads.
            t = frame.get("t")
            if t is not None and (isinstance(t, bool) or not isinstance(t, int | float)):
                return error_frame("wrong_type", "t in a ping must be a number", field="t")
            pong = {"type": "pong", "t": t}
            if "health" in frame:  # the device's health rides on its heartbeat
                refused = self._health(frame["health"])
                if refused is not None:
                    return [pong, refused]
            return pong
        if kind == "submit":
            return self._submit(frame)
        if kind == "submit_batch":
            return self._submit_batch(frame)
        if kind == "hello":
            return error_frame("already_authenticated", "this connection has said hello already")
        return error_frame("unknown_type", f"no frame type {kind!r}", field="type")

    def _health(self, report: Any) -> dict | None:
        """Keep the device's health report (``domain.device_health``), at most one every
        HEALTH_EVERY_S a socket (more are dropped unread: a write each, however a client
        loops); an error frame if it is malformed."""
        assert self.device is not None
        now = time.monotonic()
        if now - self._health_at < self.app.config["HEALTH_EVERY_S"]:
            return None
        self._health_at = now
        try:
            clean = schema.validate(device_health.REPORT, report, "health")
        except DomainError as exc:
            return {"type": "error", "error": exc.to_dict()}
        # The device's clock against ours, when it said: half a round trip is noise here.
        offset_s = clean["clock_ms"] / 1000 - time.time() if clean["clock_ms"] else 0.0
        try:
            self.services.store.record_health(
                self.device.restaurant, self.device.device, clean, offset_s,
                self.services.build(), self.app.config["DEVICE_WAITING_S"],
            )  # fmt: skip
        except Exception:  # the heartbeat goes on; the next report is kept
            log.exception("could not keep a device's health report")
        return None

    def _submit(self, frame: dict) -> dict:
        assert self.device is not None
        try:
            client_id, op, data = submissions.prepare(self.device.role, frame)
            if not self._may_change(1):
                return {**submissions.reject(client_id, RATE_LIMITED), "retry": True}
            accepted = self.services.store.submit(
                self.device.restaurant,
                client_id,
                op,
                data,
                self.device.device,
                self.device.role,
            )
        except DomainError as exc:
            if not isinstance(frame.get("client_id"), str):
                return {"type": "error", "error": exc.to_dict()}
            return submissions.reject(frame["client_id"], exc)
        except Exception as exc:  # the socket must outlive a bug in one mutation
            return {**submissions.reject(frame.get("client_id"), _failed(exc, "submit")),
                    "retry": True}  # fmt: skip
        result, replayed, seq = accepted
        return submissions.ack(client_id, scopes.result_for(self.device, result), replayed, seq)

    def _submit_batch(self, frame: dict) -> dict | list[dict]:
        """Up to 100 mutations in one durable commit: how a client empties a long queue."""
        assert self.device is not None
        try:
            items = schema.validate(submissions.BATCH, {"mutations": frame.get("mutations")})
        except DomainError as exc:
            return {"type": "error", "error": exc.to_dict()}
        if not self._may_change(len(items["mutations"])):
            return [{**submissions.reject(m.get("client_id"), RATE_LIMITED), "retry": True}
                    for m in items["mutations"]]  # fmt: skip
        try:
            return submit_batch(self.services.store, self.device, items["mutations"])
        except Exception as exc:  # the socket must outlive a bug in one batch
            failed = _failed(exc, "submit_batch")
            return [
                {**submissions.reject(m.get("client_id"), failed), "retry": True}
                for m in items["mutations"]
            ]

    def _may_change(self, n: int) -> bool:
        device = self.device
        assert device is not None
        return self.services.mutation_rates.take(device.role, (device.restaurant, device.device), n)

    def _device_status(self, *, connected: bool) -> None:
        device = self.device
        assert device is not None
        hub = self.services.hub
        screens = hub.connections().get(device.restaurant, {}).get("kitchen", 0)
        status = {"role": device.role, "device": device.device, "connected": connected,
                  "screens": screens, "at": iso(utcnow())}  # fmt: skip
        hub.kitchen_status[device.restaurant] = {"screens": screens, "at": status["at"]}
        try:
            self.services.store.record_device(device.restaurant, status)
        except Exception:
            log.exception("could not record device status")


def init_app(app: Flask) -> None:
    @app.before_request
    def guard_upgrade() -> None:
        if request.path != "/api/v1/live" or request.method != "GET":
            return  # another method: routing answers 405
        request.environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        origin = request.headers.get("Origin")
        # A browser always says where the page came from: another site's page may not open a
        # socket with this device's cookies or network position. (No Origin: not a browser.)
        if origin is not None and not origin_allowed(origin, request.host, app):
            raise DomainError("forbidden", f"origin {origin[:100]!r} may not open the live socket")
        if request.headers.get("Upgrade", "").lower() != "websocket":
            raise DomainError("bad_request", "this endpoint is a WebSocket: send an upgrade")
        if app.extensions["passline"].hub.sockets() >= app.config["LIVE_SOCKETS_MAX"]:
            raise DomainError("server_full", "this server holds all the live sockets it may;"
                              " try again soon")  # fmt: skip

    pool = Pool(app.config["LIVE_WORKERS"])
    # simple-websocket does the handshake; its reader thread is never started (the loop reads).
    app.config["SOCK_SERVER_OPTIONS"] = {**app.config.get("SOCK_SERVER_OPTIONS", {}),
                                         "thread_class": adoption.NoReader}  # fmt: skip
    sock = Sock(app)

    @sock.route("/api/v1/live")
    def live(ws: Any) -> None:
        app_ = current_app._get_current_object()  # type: ignore[attr-defined]
        connection = LiveConnection(app_, pool)
        connection.sub = Subscriber(
            adoption.take(ws), connection, limit=app_.config["LIVE_QUEUE_LIMIT"],
            max_message=MESSAGE_BYTES, silent_s=app_.config["HELLO_TIMEOUT_S"],
        )  # fmt: skip
        connection.hub.adopt(connection.sub)


def origin_allowed(origin: str, host: str, app: Flask) -> bool:
    """Same host (and port) as the request's, or one of PASSLINE_ALLOWED_ORIGINS."""
    if origin in app.config["ALLOWED_ORIGINS"]:
        return True
    return urlsplit(origin).netloc.lower() == host.lower()


def _failed(exc: Exception, what: str) -> DomainError:
    """A submission the server could not take, for reasons not the change's own: the device
    keeps it and sends it again."""
    if isinstance(exc, DatabaseUnavailable):
        log.warning("%s: database unavailable: %s", what, exc)
        return DomainError("database_unavailable", "the database cannot be reached; retry")
    log.exception("%s failed", what)
    return DomainError("internal_error", "the server failed; retry")
