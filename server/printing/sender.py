"""Bytes to a network printer (ESC/POS over raw TCP, port 9100), and what can be known of
how it went.

A printer acknowledges nothing it prints. What can be learnt: whether it could be reached,
whether it says it has paper (a real-time status request, DLE EOT 4, that Epson, Star and most
clones answer), and, by asking again after the ticket, that it has read everything before the
question (a printer answers in order). A printer that never answers status is sent to blind.
"""

from __future__ import annotations

import contextlib
import socket
from dataclasses import dataclass

from escpos.constants import RT_MASK_NOPAPER, RT_STATUS_PAPER

CONNECT_S = 3.0
SEND_S = 10.0
STATUS_S = 1.0  # how long a printer that answers status has to answer


@dataclass(frozen=True)
class Outcome:
    printed: bool  # sent whole (and, if it answers status, read whole)
    maybe: bool  # not known: part of it went out before the link broke
    error: str  # why not, for the screens ("unreachable", "out of paper", ...)
    answers_status: bool | None = None  # learnt about the printer: None when not asked


def _status(sock: socket.socket, wait_s: float) -> int | None:
    """The paper status byte, or None when the printer says nothing in time."""
    sock.sendall(RT_STATUS_PAPER)
    sock.settimeout(wait_s)
    try:
        reply = sock.recv(1)
    except TimeoutError:
        return None
    finally:
        sock.settimeout(SEND_S)
    return reply[0] if reply else None


def send(host: str, port: int, data: bytes, answers_status: bool | None = None) -> Outcome:
    """Send one job. ``answers_status``: what is known of the printer (None: not yet)."""
    try:
        sock = socket.create_connection((host, port), timeout=CONNECT_S)
    except OSError as exc:
        return Outcome(False, False, f"unreachable: {exc.strerror or exc}")
    with contextlib.closing(sock):
        sock.settimeout(SEND_S)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        asked = answers_status is not False
        try:
            paper = _status(sock, STATUS_S) if asked else None
        except OSError as exc:
            return Outcome(False, False, f"unreachable: {exc.strerror or exc}")
        learnt = (paper is not None) if asked else None
        if paper is not None and paper & RT_MASK_NOPAPER == RT_MASK_NOPAPER:
            return Outcome(False, False, "out of paper", learnt)
        try:
            sock.sendall(data)
        except OSError as exc:
            return Outcome(False, True, f"cut off while printing: {exc.strerror or exc}", learnt)
        if learnt:  # asked again: an answer means it has read the whole ticket
            try:
                read = _status(sock, SEND_S)
            except OSError as exc:
                return Outcome(False, True, f"cut off while printing: {exc.strerror or exc}",
                               learnt)  # fmt: skip
            if read is None:
                return Outcome(False, True, "no answer after printing", learnt)
            if read & RT_MASK_NOPAPER == RT_MASK_NOPAPER:  # ran out during the ticket
                return Outcome(False, True, "out of paper", learnt)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_WR)
        return Outcome(True, False, "", learnt)
