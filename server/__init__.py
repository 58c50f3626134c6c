"""Passline's server: the app factory and the services every request shares.

The server in parts, each a folder whose ``__init__`` says what it promises and may import:

- ``store``: the one storage interface and all SQL (SQLite or PostgreSQL); imports ``domain``.
- ``access``: accounts and PINs, devices, tokens, scopes, rates, PIN guesses, approvals.
- ``live``: the WebSocket, the hub, the relay and broker between processes.
- ``files``: the menu and the floor plan as files.
- ``http``: the REST API, its route table and OpenAPI document, the PWA's files, pictures.
- ``cli``: the ``passline`` command.

``create_app`` is the one place that wires them (``domain`` < ``store`` < ``access`` <
``live``, ``files`` < ``http``, ``cli``; a test holds each part to its rule).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask

# Unconfigured, Python prints a warning as its message alone, which is the server's log format.
# A library that calls basicConfig on import (python-escpos does) must not change it for us.
if not logging.getLogger().handlers:
    logging.basicConfig(format="%(message)s")


@dataclass
class Services:
    db: Any
    store: Any
    accounts: Any
    devices: Any
    watcher: Any
    hub: Any
    relay: Any
    broker: Any
    tokens: Any
    guesses: Any
    approvals: Any
    rates: Any
    mutation_rates: Any
    request_rates: Any
    staff: Any
    pairings: Any
    printer: Any  # the print worker
    printers: Any
    build: Any = lambda: ""  # the app build served now (http.pwa.current_build)


def _daily(app: Flask, db: Any) -> None:
    """Once a day, whichever process gets there first: prune, then back up."""
    from domain.timestamps import utcnow

    from .store import backup, pg_dump, retention
    from .store.location import backup_folder

    retention.prune_if_due(db, app.config["RETENTION_DAYS"])
    path = app.config["DATABASE"]
    folder = backup_folder(path, app.config["BACKUP_DIR"])
    try:
        if db.engine == "sqlite":
            backup.daily_if_due(path, folder, app.config["BACKUP_KEEP"], utcnow())
        elif folder:  # PostgreSQL: pg_dump, where a backup folder is set or installed
            pg_dump.daily_if_due(path, folder, app.config["BACKUP_KEEP"], utcnow())
    except Exception:  # a full disk must not stop the watcher: tried again within the hour
        logging.getLogger(__name__).exception("daily backup failed")


def create_app(test_config: dict | None = None) -> Flask:
    from domain import protocol
    from domain.timestamps import utcnow

    from . import http, live
    from .access.accounts import Accounts
    from .access.approvals import Approvals
    from .access.devices import Devices
    from .access.pairing import Pairings
    from .access.pin_guesses import Guesses, shared_storage
    from .access.rates import MUTATION_RATES, REQUEST_RATES, Buckets, Rates
    from .access.staff import Staff
    from .access.tokens import Tokens
    from .live.broker import RedisBroker
    from .live.device_watch import Watcher
    from .live.hub import Hub
    from .live.relay import Relay
    from .printing.printers import Printers
    from .printing.worker import PrintWorker
    from .store import Store, open_database
    from .store.location import default_database

    app = Flask(__name__, static_folder=None)
    app.config.from_mapping(
        # A SQLite file, or postgresql://… when several processes serve (server.store.postgres).
        DATABASE=default_database(),
        DATABASE_POOL=8,  # connections per process
        # redis://… when several processes serve: committed events between them
        # (server.live.broker).
        BROKER=os.environ.get("PASSLINE_BROKER", ""),
        MAX_CONTENT_LENGTH=protocol.BODY_LIMIT_BYTES,
        # Access tokens are short; a device renews them with its credential, which lives until
        # the device is revoked. A stolen token dies by itself within this time.
        TOKEN_MAX_AGE_S=12 * 3600,
        HELLO_TIMEOUT_S=5.0,
        LIVE_QUEUE_LIMIT=2_000,
        # The hub's loop reads, writes and pings every live socket; their frames are answered
        # by this many threads (the database's work, not one per screen), up to this many
        # sockets a process.
        LIVE_WORKERS=16,
        LIVE_SOCKETS_MAX=20_000,
        PING_INTERVAL_S=25.0,
        # Behind a reverse proxy (Caddy), how many proxies' X-Forwarded-For to believe; 0 trusts
        # none, so a client cannot pick its own address for the PIN limits.
        TRUSTED_PROXIES=0,
        # The live socket: origins besides the server's own that may open it (full origins,
        # "https://pos.example:8443"), and what one device may do with it.
        ALLOWED_ORIGINS=(),
        SOCKETS_PER_DEVICE=8,  # tabs and screens of one sign-in
        LIVE_FRAMES_PER_S=50.0,
        LIVE_FRAME_BURST=300.0,
        MUTATION_RATE_SCALE=1.0,  # times access.rates.MUTATION_RATES; a benchmark lifts it
        REQUEST_RATE_SCALE=1.0,  # times access.rates.REQUEST_RATES
        RETENTION_DAYS=90,  # events, idempotency records and closed orders older are pruned
        # The daily automatic backup: a whole copy a day into BACKUP_DIR (default: "backups"
        # beside the database), the newest BACKUP_KEEP kept; 0 turns it off.
        BACKUP_DIR="",
        BACKUP_KEEP=7,
        # How long a print job being sent is its sender's: a process killed mid-print leaves
        # its job to another (or to itself restarted) after this, headed REPRINT.
        PRINT_LEASE_S=30.0,
        # A request slower than this is logged as a warning (server.http.logs); every request
        # is logged with `passline serve --access-log`.
        SLOW_REQUEST_S=1.0,
        ACCESS_LOG=False,
        # /metrics answers loopback requests that did not come through a proxy, and any
        # request with "Authorization: Bearer <this>" when it is set (server.http.metrics).
        METRICS_TOKEN="",
        # A device's unsent changes are trouble (its notice on the managers' devices) once the
        # oldest has waited this long: a queue that empties when the link is back is not.
        DEVICE_WAITING_S=300,
        # A device reports its health with a ping about once a minute; one report in this long
        # per socket is kept (server.live.connection).
        HEALTH_EVERY_S=10.0,
    )
    for key, cast in (
        ("HELLO_TIMEOUT_S", float),
        ("LIVE_QUEUE_LIMIT", int),
        ("LIVE_WORKERS", int),
        ("LIVE_SOCKETS_MAX", int),
        ("PING_INTERVAL_S", float),
        ("PWA_DIR", str),  # serve another copy of the app shell (a test's new build)
        ("TRUSTED_PROXIES", int),
        ("TOKEN_MAX_AGE_S", int),
        ("SOCKETS_PER_DEVICE", int),
        ("LIVE_FRAMES_PER_S", float),
        ("LIVE_FRAME_BURST", float),
        ("MUTATION_RATE_SCALE", float),
        ("REQUEST_RATE_SCALE", float),
        ("RETENTION_DAYS", int),
        ("BACKUP_DIR", str),
        ("BACKUP_KEEP", int),
        ("PRINT_LEASE_S", float),
        ("SLOW_REQUEST_S", float),
        ("METRICS_TOKEN", str),
        ("DEVICE_WAITING_S", int),
        ("HEALTH_EVERY_S", float),
        ("DATABASE_POOL", int),
        ("ALLOWED_ORIGINS", lambda v: tuple(o.strip() for o in v.split(",") if o.strip())),
    ):
        if f"PASSLINE_{key}" in os.environ:  # lets a test run the real server its own way
            app.config[key] = cast(os.environ[f"PASSLINE_{key}"])
    if test_config:
        app.config.update(test_config)
    app.json.sort_keys = False  # type: ignore[attr-defined]

    url = app.config["DATABASE"]
    db = open_database(url, app.config["DATABASE_POOL"], app.config["BACKUP_DIR"])
    hub = Hub(ping_interval_s=app.config["PING_INTERVAL_S"])
    store = Store(db)
    accounts = Accounts(store.account_rows)
    approvals = Approvals(accounts.signing_key)
    store.approve = approvals.read
    # Committed events reach the hub through the relay, in seq order, from this process's own
    # commits, from the broker (other processes' commits) and, for what neither brought, the log.
    from .http import metrics  # here, in the worker: after serve names its multiprocess folder
    from .http.pwa import PWA, current_build

    def hand_off(restaurant: str, events: list[dict]) -> None:
        hub.publish(restaurant, events)
        metrics.handed_off(events)

    relay = Relay(hand_off, load=store.events_since, latest=store.latest_seqs)
    broker = None
    if app.config["BROKER"]:
        broker = RedisBroker(app.config["BROKER"], on_events=relay.offer,
                             on_state=lambda up: setattr(relay, "broker_up", up))  # fmt: skip
        relay.broker_up = False

    store.print_rows.lease_s = app.config["PRINT_LEASE_S"]
    printer = PrintWorker(store.print_rows, utcnow,
                          lambda r: store.account_rows.restaurant(r)["tz"],
                          on_state=store.record_printer)  # fmt: skip

    def committed(restaurant: str, events: list[dict]) -> None:
        relay.offer(restaurant, events)
        metrics.committed(restaurant, events)
        if broker is not None:
            broker.publish(restaurant, events)
        if any(e["type"] in ("order_created", "order_updated") for e in events):
            printer.wake()  # the change may have queued papers: print them now

    store.on_commit = committed
    store.on_refused = metrics.refused
    devices = Devices(store.device_rows)
    devices.forget_listeners.append(accounts.forget_key)  # a key rotated by another process
    app.extensions["passline"] = Services(
        db=db,
        store=store,
        accounts=accounts,
        devices=devices,
        watcher=Watcher(
            devices,
            hub,
            started=(relay.ensure_running, printer.start, *([broker.start] if broker else [])),
            daily=lambda: _daily(app, db),
        ),
        hub=hub,
        relay=relay,
        broker=broker,
        tokens=Tokens(accounts.signing_key, app.config["TOKEN_MAX_AGE_S"]),
        guesses=Guesses(storage=shared_storage(app.config["BROKER"], accounts.secret_key())),
        approvals=approvals,
        rates=Rates(),
        mutation_rates=Buckets(MUTATION_RATES, app.config["MUTATION_RATE_SCALE"]),
        request_rates=Buckets(REQUEST_RATES, app.config["REQUEST_RATE_SCALE"]),
        staff=Staff(store.staff_rows, accounts.role_for_pin),
        pairings=Pairings(store.pairing_rows, devices),
        printer=printer,
        printers=Printers(store.print_rows, utcnow, printer.wake, store.record_printer),
        build=lambda: current_build(Path(app.config.get("PWA_DIR") or PWA)),
    )
    accounts.held_by_person = app.extensions["passline"].staff.holds

    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"])  # type: ignore[method-assign]
    http.init_app(app)
    live.init_app(app)
    return app
