"""The live socket, ``/api/v1/live``: resume from a cursor, then events as they commit.

The connection's request thread reads client frames (hello, ping, submit) and answers them; every
byte sent after the hello goes through the hub's fan-out thread (see ``hub``), which never
blocks on a peer. Per connection that is the request thread plus simple-websocket's reader.

Compression (permessage-deflate) is declined: events are a few hundred bytes on a LAN, and
per-connection zlib state would cost CPU on every send and hundreds of KB per socket, where an
uncompressed frame is encoded once and shared by every subscriber.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
import time
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, request
from flask_sock import Sock
from simple_websocket import ConnectionClosed

from domain import payloads, schema, submissions
from domain.errors import DomainError
from domain.protocol import CLOSE_LAGGING, CLOSE_UNAUTHORIZED
from domain.timestamps import iso, utcnow

from ..access import scopes
from ..access.rates import TokenBucket
from ..access.tokens import Device
from ..store import DatabaseUnavailable
from .batches import submit_batch
from .frames import event_frame, json_frame
from .hub import Subscriber

log = logging.getLogger(__name__)

CLOSE_POLICY = 1008  # too many frames, too many sockets
CLOSE_INTERNAL = 1011
CLOSE_TRY_LATER = 1013  # the database is away (catching up needs it): reconnect and resume
RATE_LIMITED = DomainError("rate_limited", "too many changes from this device; sent again later")
RECEIVE_WAKE_S = 5.0  # a quiet socket's thread still notices, this often, that it was ended
DRAIN_S = 3.0

BACKLOG_PAGE = 500


BACKLOG_WAIT_S = 30.0  # a peer that cannot take one page of backlog in this time is dropped


def _wait_closed(sub: Subscriber, timeout: float = 2.0) -> None:
    deadline = time.monotonic() + timeout
    while not sub.closed and time.monotonic() < deadline:
        time.sleep(0.02)


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
    def __init__(self, ws: Any, app: Flask) -> None:
        self.ws = ws
        self.app = app
        self.services = app.extensions["passline"]
        self.device: Device | None = None
        self.sub: Subscriber | None = None

    def run(self) -> None:
        hello = self._authenticate()
        if hello is None:
            return
        device = self.device
        assert device is not None
        hub = self.services.hub
        config = self.app.config
        mine = [s for s in hub.subscribers()
                if s.device == device.device and s.restaurant == device.restaurant]  # fmt: skip
        if len(mine) >= config["SOCKETS_PER_DEVICE"]:
            self._refuse(
                CLOSE_POLICY, "too_many_sockets",
                f"at most {config['SOCKETS_PER_DEVICE']} live sockets per device",
            )  # fmt: skip
            return
        # A client sending more frames is broken or hostile: closed (1008), it may reconnect.
        budget = TokenBucket(config["LIVE_FRAMES_PER_S"], config["LIVE_FRAME_BURST"])
        self.ws.pong_received = False  # simple-websocket starts it True; count only real pongs
        self.sub = hub.subscribe(
            device.restaurant,
            device.role,
            self.ws.sock,
            self.app.config["LIVE_QUEUE_LIMIT"],
            on_lagging=self._close_lagging,
            answered_ping=self._answered_ping,
            device=device.device,
            expires_at=device.expires_at,
            scope=self._scope if scopes.limited(device) else None,
        )
        try:
            self._catch_up(hello["since"], hello["epoch"])
            if device.role == "kitchen":
                self._device_status(connected=True)
            ending = False
            while True:
                raw = self.ws.receive(timeout=RECEIVE_WAKE_S)
                if self.sub.closed:
                    self._drain()  # ended by the hub: the peer's close comes, or time is up
                    break
                if raw is None or ending:
                    continue
                if not budget.take():
                    log.warning("live: closing %s/%s: over %s frames/s", device.restaurant,
                                device.device, budget.rate)  # fmt: skip
                    hub.end(self.sub, CLOSE_POLICY, "rate_limited")
                    ending = True
                    continue
                reply = self.handle(raw)
                if isinstance(reply, list):  # a batch: one answer per mutation, in order
                    hub.send(self.sub, [(0, json_frame(r)) for r in reply])
                elif reply is not None:
                    hub.send(self.sub, [(0, json_frame(reply))])
        except ConnectionClosed:
            pass
        except Exception as exc:  # one line, a close code, never an HTTP answer on the socket
            log.warning("live: connection of %s/%s failed: %r", device.restaurant,
                        device.device, exc)  # fmt: skip
            if isinstance(exc, DatabaseUnavailable):  # an outage, not a bug: the device resumes
                hub.end(self.sub, CLOSE_TRY_LATER, "database_unavailable")
            else:
                hub.end(self.sub, CLOSE_INTERNAL, "internal error")
            _wait_closed(self.sub)
            with contextlib.suppress(Exception):
                self._drain()
        finally:
            hub.unsubscribe(self.sub)
            if device.role == "kitchen":
                self._device_status(connected=False)

    def _catch_up(self, since: int | None, epoch: str = "") -> None:
        """Welcome, then the backlog page by page, then release the live stream."""
        sub, device, hub = self.sub, self.device, self.services.hub
        assert sub is not None and device is not None
        store = self.services.store
        latest, current, reset = store.resume_point(device.restaurant, since, epoch)
        cursor = latest if since is None or reset else since
        welcome: dict = {"type": "welcome", "seq": latest, "epoch": current, "role": device.role,
                         "now": iso(utcnow())}  # fmt: skip  # a device's clock may be wrong
        if hub.ping_interval_s:  # the client pings at this pace and watches for the answers
            welcome["heartbeat_s"] = hub.ping_interval_s
        if reset:
            welcome["reset"] = True
        hub.send(sub, [(0, json_frame(welcome))])
        # Subscribed before reading the log: an event committed meanwhile is both in the log
        # and held for the live stream; the subscriber's cursor drops the second copy.
        # A page must fit in the subscriber's queue, or catching up would count as lagging.
        page_size = max(1, min(BACKLOG_PAGE, sub.limit // 2))
        while not sub.closed:
            page = store.events_since(device.restaurant, cursor, page_size)
            if not page:
                break
            frames = [(e["seq"], event_frame(self._scope(e))) for e in page]
            cursor = page[-1]["seq"]
            for chunk in _chunks(frames, sub.byte_limit // 2):  # never a lagging peer's worth
                if not hub.send_and_wait(sub, chunk, BACKLOG_WAIT_S):
                    return
            if len(page) < page_size:
                break
        hub.send(sub, [], caught_up=True)

    def _scope(self, event: dict) -> dict:
        assert self.device is not None
        return scopes.event_for(self.device, event)

    def _drain(self) -> None:
        """Read and drop what the peer still sends until its close (or ``DRAIN_S``): a socket
        closed with unread data would reset, and the peer would never see our close frame."""
        deadline = time.monotonic() + DRAIN_S
        while (left := deadline - time.monotonic()) > 0:
            self.ws.receive(timeout=left)  # ConnectionClosed ends it

    def _refuse(self, code: int, error: str, message: str) -> None:
        """Before the hub owns the socket: an error frame, then the close."""
        try:
            self.ws.send(json.dumps(error_frame(error, message)))
            self.ws.close(reason=code, message=error)
        except ConnectionClosed:
            pass

    def _answered_ping(self) -> bool:
        answered = bool(self.ws.pong_received)
        self.ws.pong_received = False
        return answered

    def _close_lagging(self, mid_frame: bool) -> None:
        """Called on the hub thread: close from another thread, the peer may not be reading."""
        threading.Thread(
            target=self._finish_lagging, args=(mid_frame,), name="live-lagging", daemon=True
        ).start()

    def _finish_lagging(self, mid_frame: bool) -> None:
        try:
            if not mid_frame:  # a close frame inside a half-sent frame would corrupt the stream
                self.ws.sock.settimeout(2.0)
                self.ws.close(reason=CLOSE_LAGGING, message="too far behind; resume from cursor")
        except (ConnectionClosed, OSError):
            pass
        finally:
            with contextlib.suppress(OSError):
                self.ws.sock.shutdown(socket.SHUT_RDWR)

    def _authenticate(self) -> dict | None:
        try:
            raw = self.ws.receive(timeout=self.app.config["HELLO_TIMEOUT_S"])
            if raw is None:
                raise DomainError("unauthorized", "no hello frame within the time allowed")
            frame = parse_frame(raw)
            if frame["type"] != "hello":
                raise DomainError("unauthorized", "the first frame must be a hello")
            hello = schema.validate(payloads.HELLO, frame)
            self.device = self.services.tokens.verify(hello["token"])
            if not self.services.accounts.restaurant_exists(self.device.restaurant):
                raise DomainError("unauthorized", "the restaurant of this token no longer exists")
            self.services.devices.check(self.device.restaurant, self.device.device,
                                        self.device.role, self.device.person)  # fmt: skip
            self.services.watcher.ensure_running()
            return hello
        except DomainError as exc:
            try:
                self.ws.send(json.dumps({"type": "error", "error": exc.to_dict()}))
                self.ws.close(reason=CLOSE_UNAUTHORIZED, message=exc.code)
            except ConnectionClosed:
                pass
            return None

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
            return {"type": "pong", "t": t}
        if kind == "submit":
            return self._submit(frame)
        if kind == "submit_batch":
            return self._submit_batch(frame)
        if kind == "hello":
            return error_frame("already_authenticated", "this connection has said hello already")
        return error_frame("unknown_type", f"no frame type {kind!r}", field="type")

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

    sock = Sock(app)

    @sock.route("/api/v1/live")
    def live(ws: Any) -> None:
        app_ = current_app._get_current_object()  # type: ignore[attr-defined]
        connection = LiveConnection(ws, app_)
        try:
            connection.run()
        except ConnectionClosed:
            pass
        except Exception as exc:  # before the hub took the socket (the hello, a refusal)
            log.warning("live: connection failed before subscribing: %r", exc)
            with contextlib.suppress(Exception):
                ws.close(reason=CLOSE_INTERNAL, message="internal error")


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
