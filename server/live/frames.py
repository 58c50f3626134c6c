"""WebSocket frames the server sends, encoded once and shared by every subscriber.

Server-to-client frames are never masked (RFC 6455, 5.1), so an event's frame is the same bytes
for all of its subscribers: encoding it once turns fan-out into one ``send`` per subscriber.
"""

from __future__ import annotations

import json
import struct

OPCODE_TEXT = 0x1
FIN = 0x80


def text_frame(text: str) -> bytes:
    payload = text.encode()
    n = len(payload)
    if n < 126:
        header = struct.pack("!BB", FIN | OPCODE_TEXT, n)
    elif n < 1 << 16:
        header = struct.pack("!BBH", FIN | OPCODE_TEXT, 126, n)
    else:
        header = struct.pack("!BBQ", FIN | OPCODE_TEXT, 127, n)
    return header + payload


def json_frame(message: dict) -> bytes:
    return text_frame(json.dumps(message, separators=(",", ":")))


def event_frame(event: dict) -> bytes:
    frame = {"type": "event", "seq": event["seq"], "event": event["type"], "data": event["data"]}
    if event.get("by"):
        frame["by"] = event["by"]  # who made the change (device, role) and which (client_id)
    return json_frame(frame)


PING_FRAME = struct.pack("!BB", 0x89, 0)  # FIN + ping opcode, empty payload


def close_frame(code: int, reason: str = "") -> bytes:
    payload = struct.pack("!H", code) + reason.encode()[:123]
    return struct.pack("!BB", 0x88, len(payload)) + payload


def pong_frame(payload: bytes) -> bytes:
    return struct.pack("!BB", 0x8A, len(payload)) + bytes(payload[:125])
