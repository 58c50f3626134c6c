"""Small test clients: REST with a bearer token, and the live socket via ``websockets``."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import requests
from websockets.sync.client import ClientConnection, connect

from server.cli.demo import PINS


def error_code(response: requests.Response) -> str:
    """The ``code`` of an error answer, which must be JSON with a code and a message only."""
    body = response.json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"]), body
    return body["error"]["code"]


def new_client_id() -> str:
    return uuid.uuid4().hex


class Rest:
    def __init__(self, base: str, token: str | None = None) -> None:
        self.base = base + "/api/v1"
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.session.get(self.base + path, timeout=10, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> requests.Response:
        return self.session.post(self.base + path, json=body, timeout=10, **kw)

    def patch(self, path: str, body: Any = None, **kw: Any) -> requests.Response:
        return self.session.patch(self.base + path, json=body, timeout=10, **kw)

    def put(self, path: str, body: Any = None, **kw: Any) -> requests.Response:
        return self.session.put(self.base + path, json=body, timeout=10, **kw)

    def delete(self, path: str, **kw: Any) -> requests.Response:
        return self.session.delete(self.base + path, timeout=10, **kw)


def login(base: str, role: str, restaurant: str = "demo", pin: str | None = None) -> str:
    r = requests.post(
        base + "/api/v1/login", json={"restaurant": restaurant, "pin": pin or PINS[role]},
        timeout=10,
    )  # fmt: skip
    r.raise_for_status()
    return r.json()["token"]


def pairing_code(out: str) -> str:
    """The code ``passline devices pair`` printed."""
    return re.search(r"\b([0-9A-Z]{4}-[0-9A-Z]{4})\b", out).group(1)


def pair(base: str, restaurant: str, code: str, name: str = "") -> dict:
    """A device joins ``restaurant`` with a pairing code: the answer of ``/pair``."""
    r = requests.post(base + "/api/v1/pair", json={"restaurant": restaurant, "code": code,
                                                   "device": name}, timeout=10)  # fmt: skip
    r.raise_for_status()
    return r.json()


def pin_sign_in(
    base: str, restaurant: str, credential: str, pin: str, **extra: Any
) -> requests.Response:
    """A PIN typed on a paired device's pad."""
    body = {"restaurant": restaurant, "pin": pin, "credential": credential, **extra}
    return requests.post(base + "/api/v1/login", json=body, timeout=10)


def burger_line(qty: int = 1) -> dict:
    return {"item_id": "classic-burger", "qty": qty, "modifiers": ["medium", "fries"]}


def order_body(table_id: str | None = "hall-2", lines: list | None = None, **extra: Any) -> dict:
    return {
        "client_id": new_client_id(),
        "table_id": table_id,
        "lines": lines or [burger_line()],
        **extra,
    }


class Live:
    """A live-socket client that says hello and reads frames as dicts."""

    def __init__(
        self, ws_url: str, token: str, since: int | None = None, epoch: str = "", **kw: Any
    ) -> None:
        self._connect = connect(ws_url, open_timeout=5, **kw)
        self.ws: ClientConnection = self._connect.__enter__()
        hello = {"type": "hello", "token": token, "since": since}
        self.send({**hello, "epoch": epoch} if epoch else hello)
        self.welcome = self.recv()
        assert self.welcome["type"] == "welcome", self.welcome

    def send(self, frame: dict) -> None:
        self.ws.send(json.dumps(frame))

    def recv(self, timeout: float = 5.0) -> dict:
        return json.loads(self.ws.recv(timeout=timeout))

    def recv_until(
        self, kind: str | tuple[str, ...], timeout: float = 5.0
    ) -> tuple[dict, list[dict]]:
        """The first frame of ``kind`` (or of any of the kinds) and every frame before it."""
        kinds = (kind,) if isinstance(kind, str) else kind
        seen = []
        while True:
            frame = self.recv(timeout)
            if frame["type"] in kinds:
                return frame, seen
            seen.append(frame)

    def events(self, count: int, timeout: float = 5.0) -> list[dict]:
        out = []
        while len(out) < count:
            frame = self.recv(timeout)
            if frame["type"] == "event":
                out.append(frame)
        return out

    def close(self) -> None:
        self._connect.__exit__(None, None, None)
