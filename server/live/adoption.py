"""Handing a live socket from gunicorn to the hub's loop once its handshake is done.

flask-sock (simple-websocket) does the handshake on the request thread as always; then the
request thread lets go: the loop gets a duplicate of the socket and the thread goes back to
serving REST. Two things stand in the way, and this module removes both:

- simple-websocket starts a reader thread per socket; its ``thread_class`` option gets
  ``NoReader``, never started, since the loop reads;
- gunicorn ends a request it considers finished with a graceful close, which shuts the
  connection down for writing (the duplicate too). ``LiveWorker`` is gunicorn's threaded worker
  but for sockets handed over, whose file descriptor it only closes.
"""

from __future__ import annotations

import socket
import threading
import weakref
from typing import Any

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

_handed: weakref.WeakSet[socket.socket] = weakref.WeakSet()
_lock = threading.Lock()


class NoReader:
    """simple-websocket's reader thread, not started: the hub's loop reads every socket."""

    def __init__(self, target: Any = None, **_: Any) -> None:
        self.name = "live-handshake"

    def start(self) -> None:
        pass


def take(ws: Any) -> socket.socket:
    """The socket of a handshake just done (a simple-websocket ``Server``), for the loop."""
    theirs = ws.sock
    mine = theirs.dup()
    with _lock:
        _handed.add(theirs)
    ws.connected = False  # flask-sock closes it after the route: it has nothing more to send
    return mine


def handed_over(sock: socket.socket) -> bool:
    with _lock:
        if sock in _handed:
            _handed.discard(sock)
            return True
    return False


class LiveWorker(ThreadWorker):
    """gunicorn's threaded worker; a connection handed to the loop is not shut down."""

    def finish_request(self, conn: Any, fs: Any) -> None:
        if handed_over(conn.sock):
            self.nr_conns -= 1
            util.close(conn.sock)  # this descriptor only: the loop holds the connection
            return
        super().finish_request(conn, fs)
