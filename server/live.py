"""The live socket, ``/api/v1/live``: resume from a cursor, then events as they commit.

Each connection has two threads. The request thread reads and answers client frames (hello,
ping, submit). A writer thread owns every send: the welcome, the backlog read from the log, then
the subscriber queue the hub fills. ``ws.send`` blocks on a stalled peer, so only that peer's
writer waits; the hub never does.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

from flask import Flask, current_app
from flask_sock import Sock
from simple_websocket import ConnectionClosed

from domain import payloads, schema
from domain.errors import DomainError
from domain.roles import check_allowed

from .auth import Device
from .hub import Subscriber, event_frame

log = logging.getLogger(__name__)

CLOSE_UNAUTHORIZED = 4401
CLOSE_LAGGING = 4408
BACKLOG_PAGE = 500


def _dump(frame: dict) -> str:
    return json.dumps(frame, separators=(",", ":"))


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

    # -- request thread -----------------------------------------------------------------------

    def run(self) -> None:
        hello = self._authenticate()
        if hello is None:
            return
        device = self.device
        assert device is not None
        hub = self.services.hub
        self.sub = hub.subscribe(
            device.restaurant, device.role, self.app.config["LIVE_QUEUE_LIMIT"]
        )
        writer = threading.Thread(
            target=self._write_loop, args=(hello["since"],), name="live-writer", daemon=True
        )
        writer.start()
        if device.role == "kitchen":
            self._device_status(connected=True)
        try:
            while not self.sub.closed:
                raw = self.ws.receive()
                if raw is None:
                    continue
                reply = self.handle(raw)
                if reply is not None:
                    self.sub.push(_dump(reply))
        except ConnectionClosed:
            pass
        finally:
            hub.unsubscribe(self.sub)
            writer.join(timeout=5)
            if device.role == "kitchen":
                self._device_status(connected=False)

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
            if not self.services.store.restaurant_exists(self.device.restaurant):
                raise DomainError("unauthorized", "the restaurant of this token no longer exists")
            if hello["device"] and not self.device.device:
                self.device = Device(self.device.restaurant, self.device.role, hello["device"])
            return hello
        except DomainError as exc:
            try:
                self.ws.send(_dump({"type": "error", "error": exc.to_dict()}))
                self.ws.close(reason=CLOSE_UNAUTHORIZED, message=exc.code)
            except ConnectionClosed:
                pass
            return None

    def handle(self, raw: Any) -> dict | None:
        """Answer one client frame after the hello."""
        try:
            frame = parse_frame(raw)
        except DomainError as exc:
            return {"type": "error", "error": exc.to_dict()}
        kind = frame["type"]
        if kind == "ping":
            return {"type": "pong", "t": frame.get("t")}
        if kind == "submit":
            return self._submit(frame)
        if kind == "hello":
            return error_frame("already_authenticated", "this connection has said hello already")
        return error_frame("unknown_type", f"no frame type {kind!r}", field="type")

    def _submit(self, frame: dict) -> dict:
        client_id = frame.get("client_id") if isinstance(frame.get("client_id"), str) else None
        assert self.device is not None
        try:
            submit = schema.validate(payloads.SUBMIT, frame)
            data = schema.validate(payloads.OPS[submit["op"]], submit["data"], "data")
            check_allowed(self.device.role, submit["op"], data)
            result, replayed = self.services.store.submit(
                self.device.restaurant, submit["client_id"], submit["op"], submit["data"]
            )
        except DomainError as exc:
            if client_id is None:
                return {"type": "error", "error": exc.to_dict()}
            return {"type": "reject", "client_id": client_id, "error": exc.to_dict()}
        except Exception:  # the socket must outlive a bug in one mutation
            log.exception("submit failed")
            return {
                "type": "reject",
                "client_id": client_id,
                "error": {"code": "internal_error", "message": "the server failed; retry"},
                "retry": True,
            }
        return {"type": "ack", "client_id": client_id, "result": result, "replayed": replayed}

    def _device_status(self, *, connected: bool) -> None:
        device = self.device
        assert device is not None
        screens = self.services.hub.connections().get(device.restaurant, {}).get("kitchen", 0)
        try:
            self.services.store.record_device(
                device.restaurant,
                {
                    "role": device.role,
                    "device": device.device,
                    "connected": connected,
                    "screens": screens,
                },
            )
        except Exception:
            log.exception("could not record device status")

    # -- writer thread ------------------------------------------------------------------------

    def _write_loop(self, since: int | None) -> None:
        sub = self.sub
        device = self.device
        assert sub is not None and device is not None
        store = self.services.store
        try:
            latest = store.latest_seq(device.restaurant)
            reset = since is not None and since > latest
            cursor = latest if since is None or reset else since
            welcome = {"type": "welcome", "seq": latest, "role": device.role}
            if reset:
                welcome["reset"] = True
            self.ws.send(_dump(welcome))
            # Subscribed before reading the log: an event committed meanwhile is in both,
            # and the seq check below drops the second copy.
            while not sub.closed:
                page = store.events_since(device.restaurant, cursor, BACKLOG_PAGE)
                for event in page:
                    self.ws.send(event_frame(event))
                    cursor = event["seq"]
                if len(page) < BACKLOG_PAGE:
                    break
            while True:
                frames = sub.take()
                if frames is None:
                    break
                for seq, frame in frames:
                    if seq:
                        if seq <= cursor:
                            continue
                        cursor = seq
                    self.ws.send(frame)
            if sub.lagging:
                self.ws.close(reason=CLOSE_LAGGING, message="too far behind; resume from cursor")
        except (ConnectionClosed, OSError):
            pass
        finally:
            sub.close()


def init_app(app: Flask) -> None:
    sock = Sock(app)

    @sock.route("/api/v1/live")
    def live(ws: Any) -> None:
        LiveConnection(ws, current_app._get_current_object()).run()  # type: ignore[attr-defined]
