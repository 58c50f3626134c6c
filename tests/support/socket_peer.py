"""The client end of a socket pair the hub writes WebSocket frames to: reads them as a browser
would (unmasked server frames): text frames as dicts, a close as its code and reason, others as
their opcode; and ``masked``, a frame as a client sends it."""

from __future__ import annotations

import json
import socket


def masked(opcode: int, payload: bytes = b"", fin: bool = True) -> bytes:
    """A client's frame: always masked (RFC 6455, 5.3); the zero mask keeps it readable."""
    assert len(payload) < 126
    return bytes([(0x80 if fin else 0) | opcode, 0x80 | len(payload)]) + b"\0\0\0\0" + payload


class Peer:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buf = b""

    def frames(self, count: int, timeout: float = 3.0) -> list[dict]:
        self.sock.settimeout(timeout)
        out = []
        while len(out) < count:
            frame = self._next()
            if frame is not None:
                out.append(frame)
        return out

    def _next(self) -> dict | None:
        while True:
            if len(self.buf) >= 2:
                opcode, n = self.buf[0] & 0x0F, self.buf[1] & 0x7F
                head = 2
                if n == 126:
                    n, head = int.from_bytes(self.buf[2:4], "big"), 4
                elif n == 127:
                    n, head = int.from_bytes(self.buf[2:10], "big"), 10
                if len(self.buf) >= head + n:
                    payload, self.buf = self.buf[head : head + n], self.buf[head + n :]
                    if opcode == 0x1:
                        return json.loads(payload)
                    if opcode == 0x8 and len(payload) >= 2:
                        code = int.from_bytes(payload[:2], "big")
                        return {"opcode": opcode, "code": code, "reason": payload[2:].decode()}
                    return {"opcode": opcode}
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
