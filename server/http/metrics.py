"""``/metrics``: what an operator's Prometheus scrapes, in its text format (``prometheus_client``).

Counted as it happens, in this process: requests by route, method and status, and their
latency; orders created; changes refused, by code; events from commit to the hub's hand-off
(fan-out lag). Read at scrape time from what every process shares (the database, the backup
folder, the disk): the database up, its size and the disk's free space, print jobs waiting,
the newest backup's age and size, the outbox backlog the devices reported. Set by each process
about itself, every few seconds and at scrape: live sockets by role. The broker up, as the
process scraped sees it.

Under gunicorn with several workers (``passline serve --workers N``) every worker writes its
figures to files in ``PROMETHEUS_MULTIPROC_DIR`` (``serve`` makes one) and a scrape, whichever
worker answers it, sums them. Several ``passline serve`` processes under systemd are scraped
one by one, on their loopback ports. This module imports ``prometheus_client``: it must be
imported only after that folder is named (``create_app`` imports it, in the worker).

Who may read it: a request from this machine's loopback that did not come through a proxy
(Prometheus on the box), or one with ``Authorization: Bearer $PASSLINE_METRICS_TOKEN`` (a
Prometheus elsewhere, through Caddy's HTTPS). Nothing in it names a device or a person.
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import choose_encoder
from prometheus_client.registry import Collector

from domain.errors import DomainError
from domain.timestamps import parse

from .openapi import VERSION

SCRAPE_RATE = "120/minute"  # per address: Prometheus scrapes every 15 to 60 s
REFRESH_S = 5.0  # how often a process writes its own gauges (sockets)
MULTIPROCESS = "PROMETHEUS_MULTIPROC_DIR" in os.environ
INSTRUMENTS = CollectorRegistry(auto_describe=True)  # this process's, when it is alone
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUESTS = Counter("passline_http_requests", "HTTP requests answered",
                   ("method", "route", "status"), registry=INSTRUMENTS)  # fmt: skip
LATENCY = Histogram("passline_http_request_duration_seconds", "Time to answer a request",
                    ("route",), buckets=LATENCY_BUCKETS, registry=INSTRUMENTS)  # fmt: skip
ORDERS = Counter("passline_orders_created", "Orders committed (replays not counted)",
                 ("restaurant",), registry=INSTRUMENTS)  # fmt: skip
REFUSED = Counter("passline_changes_refused", "Changes the rules refused, by code",
                  ("code",), registry=INSTRUMENTS)  # fmt: skip
FANOUT = Histogram("passline_fanout_lag_seconds",
                   "From an event's commit to this process's hub handing it to its sockets",
                   buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
                   registry=INSTRUMENTS)  # fmt: skip
SOCKETS = Gauge("passline_live_sockets", "Live sockets held, by role", ("role",),
                multiprocess_mode="livesum", registry=INSTRUMENTS)  # fmt: skip
ROLES = ("kiosk", "floor", "kitchen", "manager", "board")


def committed(restaurant: str, events: list[dict]) -> None:
    created = sum(1 for e in events if e["type"] == "order_created")
    if created:
        ORDERS.labels(restaurant).inc(created)


def refused(code: str) -> None:
    REFUSED.labels(code).inc()


def handed_off(events: list[dict]) -> None:
    """The hub took ``events`` for its sockets: how long since the first was committed."""
    at = parse(events[0].get("at", "")) if events else None
    if at is not None:
        FANOUT.observe(max(0.0, time.time() - at.timestamp()))


class Shared(Collector):
    """What every process reads alike, at scrape time."""

    def __init__(self, services: Callable[[], Any], config: dict) -> None:
        self.services = services
        self.config = config

    def collect(self) -> Iterator[GaugeMetricFamily]:
        svc = self.services()
        info = GaugeMetricFamily("passline_info", "This server", labels=("version", "engine"))
        info.add_metric([VERSION, svc.db.engine], 1)
        yield info
        up = 1
        try:
            svc.db.schema_version()
        except Exception:  # down is a figure here, not an error
            up = 0
        yield GaugeMetricFamily("passline_database_up", "1 when the database answers", value=up)
        if svc.broker is not None:  # as the process scraped sees it: all share one Redis
            yield GaugeMetricFamily("passline_broker_up", "1 when the broker (Redis) carries"
                                    " events, else 0", value=int(svc.relay.broker_up))  # fmt: skip
        if up:
            waiting = GaugeMetricFamily("passline_print_jobs_waiting", "Print jobs not yet"
                                        " printed", labels=("restaurant",))  # fmt: skip
            for restaurant, count in sorted(svc.store.print_rows.waiting_by_restaurant().items()):
                waiting.add_metric([restaurant], count)
            yield waiting
            yield from self.devices(svc)
        yield from self.files(svc)

    def devices(self, svc: Any) -> Iterator[GaugeMetricFamily]:
        """The outbox backlog the devices reported with their heartbeats."""
        families = {
            key: GaugeMetricFamily(name, text, labels=("restaurant",))
            for key, name, text in (
                ("unsent", "passline_device_unsent_changes", "Changes devices hold unsent"),
                ("oldest", "passline_device_oldest_unsent_seconds",
                 "The oldest unsent change's age on any device"),
                ("refused", "passline_device_refused_changes",
                 "Refused changes waiting for a person on devices"),
            )
        }  # fmt: skip
        backlog = svc.store.health_rows.backlog()
        for restaurant, (unsent, oldest, refused) in sorted(backlog.items()):
            families["unsent"].add_metric([restaurant], unsent)
            families["oldest"].add_metric([restaurant], oldest)
            families["refused"].add_metric([restaurant], refused)
        yield from families.values()

    def files(self, svc: Any) -> Iterator[GaugeMetricFamily]:
        from ..store import backup
        from ..store.location import backup_folder, free_beside, size_on_disk

        url = self.config["DATABASE"]
        size = size_on_disk(url)
        if size is not None:
            yield GaugeMetricFamily("passline_database_bytes", "The database file and its WAL",
                                    value=size)  # fmt: skip
        free = free_beside(url)
        if free is not None:
            yield GaugeMetricFamily("passline_disk_free_bytes", "Free space beside the"
                                    " database", value=free)  # fmt: skip
        newest = backup.newest(backup_folder(url, self.config["BACKUP_DIR"]))
        if newest is not None:
            stat = newest.stat()
            age = time.time() - stat.st_mtime
            yield GaugeMetricFamily("passline_backup_age_seconds", "Since the newest whole"
                                    " backup was written", value=age)  # fmt: skip
            yield GaugeMetricFamily("passline_backup_bytes", "The newest whole backup's size",
                                    value=stat.st_size)  # fmt: skip


class Own:
    """This process's gauges about itself, written every few seconds (a worker that is not
    the one scraped still counts) and before a scrape."""

    def __init__(self, services: Callable[[], Any]) -> None:
        self.services = services
        self._started = False
        self._lock = threading.Lock()

    def refresh(self) -> None:
        svc = self.services()
        by_role = dict.fromkeys(ROLES, 0)
        for roles in svc.hub.connections().values():
            for role, count in roles.items():
                by_role[role] = by_role.get(role, 0) + count
        for role, count in by_role.items():
            SOCKETS.labels(role).set(count)

    def start(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._run, name="metrics", daemon=True).start()

    def _run(self) -> None:
        while True:
            with contextlib.suppress(Exception):  # a figure missed is refreshed next time
                self.refresh()
            time.sleep(REFRESH_S)


def allowed() -> bool:
    token = current_app.config["METRICS_TOKEN"]
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    if "X-Forwarded-For" in request.headers or "Forwarded" in request.headers:
        return False  # through a proxy: from anywhere, whatever address it shows
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


metrics = Blueprint("metrics", __name__)


@metrics.get("/metrics")
def get_metrics() -> Response:
    svc = current_app.extensions["passline"]
    svc.rates.check(SCRAPE_RATE, "metrics", request.remote_addr or "?", what="scrapes")
    if not allowed():
        raise DomainError("forbidden", "metrics are for this machine's loopback, or with the"
                          " metrics token (PASSLINE_METRICS_TOKEN)")  # fmt: skip
    own = current_app.extensions["passline.metrics"]
    own.refresh()
    registry = CollectorRegistry(auto_describe=True)
    if MULTIPROCESS:
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_Instruments())
    registry.register(Shared(lambda: svc, current_app.config))
    # What the scraper asks for: Prometheus asks for OpenMetrics, curl gets text 0.0.4.
    encode, content_type = choose_encoder(request.headers.get("Accept", ""))
    response = Response(encode(registry), content_type=content_type)
    response.headers["Cache-Control"] = "no-store"
    return response


class _Instruments(Collector):
    def collect(self) -> Iterator[Any]:
        yield from INSTRUMENTS.collect()


def init_app(app: Flask) -> None:
    own = Own(lambda: app.extensions["passline"])
    app.extensions["passline.metrics"] = own
    app.register_blueprint(metrics)

    @app.before_request
    def start() -> None:
        own.start()  # in the worker, after the fork: a thread made before it would not run
        g.metrics_started = time.perf_counter()

    @app.after_request
    def count(response: Response) -> Response:
        started = g.get("metrics_started")
        if started is not None:
            route = request.url_rule.rule if request.url_rule is not None else "(no route)"
            REQUESTS.labels(request.method, route, str(response.status_code)).inc()
            LATENCY.labels(route).observe(time.perf_counter() - started)
        return response


def mark_dead(pid: int) -> None:
    """gunicorn's ``child_exit``: a worker's live gauges stop counting."""
    if MULTIPROCESS:
        multiprocess.mark_process_dead(pid)
