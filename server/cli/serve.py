"""``passline serve``: the server under gunicorn's threaded worker (``LiveWorker``)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..http.openapi import VERSION
from ..store import is_postgres
from .options import database_option, shown, where

# Threads serve REST and live handshakes; a live socket is handed to the hub's loop once its
# handshake is done (server.live.adoption), so threads no longer bound the screens.
THREADS = 128
SWITCH_INTERVAL_S = 0.001
WORKER_CONNECTIONS = 4_000  # open HTTP connections (keep-alive included), live sockets apart


def raise_open_file_limit() -> int:
    """Every live socket is a file descriptor; many systems start at a soft limit of 1,024."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 65_536)
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        soft = wanted
    return soft


def metrics_folder(environ: Any) -> str:
    """Several workers write their /metrics figures to files a scrape sums
    (``server.http.metrics``): a fresh folder, named before any worker imports the library."""
    if "prometheus_client" in sys.modules:
        raise RuntimeError("prometheus_client was imported before its multiprocess folder")
    folder = environ.get("PROMETHEUS_MULTIPROC_DIR") or tempfile.mkdtemp(prefix="passline-metrics-")
    os.makedirs(folder, exist_ok=True)
    for stale in Path(folder).glob("*.db"):  # a previous run's figures
        stale.unlink()
    environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    return folder


def mark_dead(pid: int) -> None:
    from ..http.metrics import mark_dead

    mark_dead(pid)


def cmd_serve(args: argparse.Namespace) -> int:
    from gunicorn.app.base import BaseApplication

    from ..http import logs
    from ..live.adoption import LiveWorker

    class Server(BaseApplication):
        def load_config(self) -> None:
            options = {
                "bind": f"{args.host}:{args.port}",
                # Each worker has its own hub; they see each other's events through the broker
                # (Redis) or, without one, by reading the log (server.live.relay).
                "workers": args.workers,
                "worker_class": LiveWorker,
                "threads": args.threads,
                # Above the threads, or gunicorn refuses sockets the threads could serve.
                "worker_connections": max(WORKER_CONNECTIONS, args.threads + 1_000),
                "backlog": 4_096,
                "keepalive": 5,
                "timeout": 60,
                "graceful_timeout": 3,
                # Our dictConfig for gunicorn's own lines too; the line per request is the
                # app's (server.http.logs: request id, restaurant, device, route, ms).
                "logconfig_dict": logs.config(),
                "accesslog": None,
                "errorlog": "-",
                "loglevel": "info",
                "control_socket_disable": True,  # a fixed path: parallel servers would clash
            }
            if args.workers > 1:
                options["child_exit"] = lambda _arbiter, worker: mark_dead(worker.pid)
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            # Called in the worker after the fork: SQLite connections and threads must not be
            # inherited from the arbiter.
            from .. import create_app

            # The live loop is one thread among the request and pool threads: when one of them
            # is busy in Python, the loop waits for the GIL up to the switch interval before it
            # can send an event. 1 ms instead of CPython's 5 keeps that wait out of the tail.
            sys.setswitchinterval(SWITCH_INTERVAL_S)
            return create_app(
                {"DATABASE": args.db, "BROKER": args.broker, "ACCESS_LOG": args.access_log}
            )

    if args.workers > 1 and not is_postgres(args.db):
        print("note: several workers on one SQLite file take turns to write; PostgreSQL scales"
              " further (README, Scaling out)", file=sys.stderr)  # fmt: skip
    if args.workers > 1 and not args.broker:
        print("note: without --broker, workers see each other's events by reading the log"
              " (a fifth of a second later)", file=sys.stderr)  # fmt: skip
    if args.workers > 1:
        metrics_folder(os.environ)
    files = raise_open_file_limit()
    # A log record, not a print: in JSON mode every line of the log is one object.
    logging.getLogger("passline.serve").info(
        "Passline %s serving http://%s:%s (database %s, broker %s, %d worker(s) of %d threads,"
        " %d open files)", VERSION, args.host, args.port, where(args.db),
        shown(args.broker) or "none", args.workers, args.threads, files,
    )  # fmt: skip
    Server().run()
    return 0


def add_commands(sub: Any) -> None:
    serve = sub.add_parser("serve", help="run the server under gunicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    database_option(serve)
    serve.add_argument("--threads", type=int, default=THREADS, help="per worker")
    serve.add_argument("--broker", default=os.environ.get("PASSLINE_BROKER", ""), metavar="URL",
                       help="redis://… : events between server processes (default:"
                       " $PASSLINE_BROKER, else none)")  # fmt: skip
    serve.add_argument("--workers", type=int, default=1, choices=range(1, 65), metavar="N",
                       help="processes (default 1); more want PostgreSQL and a broker")  # fmt: skip
    serve.add_argument("--access-log", action="store_true",
                       help="a line per request (else the slow and failed ones)")  # fmt: skip
    serve.set_defaults(run=cmd_serve)
