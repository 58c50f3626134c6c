"""What a peer sent, and what the loop must do about it.

wsproto parses the bytes (masks, fragments, control frames, UTF-8); this turns its events into
whole messages for the connection, frames to send back (pongs, a close), and whether the socket
is done. It keeps a socket's reading state on its ``Subscriber`` and does no I/O itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wsproto.events import BytesMessage, CloseConnection, Ping, Pong, TextMessage
from wsproto.utilities import LocalProtocolError

from .frames import close_frame, pong_frame
from .subscriber import Subscriber

CLOSE_TOO_BIG = 1009


@dataclass(slots=True)
class Heard:
    messages: list[str | bytes] = field(default_factory=list)  # whole, in the order they came
    replies: list[bytes] = field(default_factory=list)  # pongs
    close: bytes | None = None  # our close frame: send it, then read only for the peer's close
    done: bool = False  # the closing handshake is complete, or wsproto will read no more


def take(sub: Subscriber, data: bytes) -> Heard:
    heard = Heard()
    closing = sub.closed or sub._ending  # what still comes is read and dropped
    try:
        sub.ws.receive_data(data)
    except LocalProtocolError:  # wsproto saw the closing handshake end: nothing more to read
        heard.done = True
        return heard
    for event in sub.ws.events():
        if isinstance(event, TextMessage | BytesMessage):
            if closing:
                continue
            sub.message_size += len(event.data)
            if sub.message_size > sub.max_message:
                sub.message.clear()
                heard.close, closing = close_frame(CLOSE_TOO_BIG, "message too big"), True
                continue
            sub.message.append(event.data)
            if event.message_finished:
                parts, sub.message, sub.message_size = sub.message, [], 0
                joined = "".join(parts) if isinstance(event, TextMessage) else b"".join(parts)
                heard.messages.append(joined)
                sub.heard = True
        elif isinstance(event, Ping):
            if not closing:
                heard.replies.append(pong_frame(event.payload))
        elif isinstance(event, Pong):
            sub.pong_received = True
        elif isinstance(event, CloseConnection):
            # The peer's close (or wsproto's verdict on a frame that breaks the protocol: 1002,
            # 1007). After ours it ends the handshake; else it is answered in kind.
            if closing:
                heard.done = True
            else:
                code = event.code if 1000 <= event.code < 5000 and event.code != 1005 else 1000
                heard.close = close_frame(code)
            break
    return heard
