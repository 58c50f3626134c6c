"""For whoever runs the server: health, live stats, the app's error reports, this API's document."""

from __future__ import annotations

import logging

from flask import g, request

from domain.schema import Field, Int, List, Obj, Str
from domain.timestamps import utcnow

from ..store import DatabaseUnavailable
from .openapi import VERSION, document
from .routes import endpoint, services

CLIENT_ERROR_RATE = "6/minute"  # per device: a crash loop on a kiosk must not flood the log
client_log = logging.getLogger("passline.client")

CLIENT_ERRORS = Obj(
    {
        "build": Field(Str(32), required=False, default=""),
        "errors": Field(
            List(
                Obj(
                    {
                        "where": Field(Str(64, 1)),
                        "message": Field(Str(500, 1)),
                        "count": Field(Int(1, 1_000_000), required=False, default=1),
                        "at": Field(Str(40), required=False, default=""),
                    }
                ),
                10,
                1,
            )
        ),
    }
)


@endpoint(
    "POST", "/client-errors", "Report errors from the app on a device", body=CLIENT_ERRORS,
    status=202, tag="ops", response=Obj({"logged": Field(Int(0, 10))}), errors=("rate_limited",),
    description="An exception in the app's browser code (a handler, a render) is otherwise only "
    "in the page's console, which nobody reads on a kiosk. Each report is logged with the "
    "device, its role and the app's build, and grouped by place and message for the manager's "
    "Health tab (`GET /devices/health`, 30 days). Devices send deduplicated errors with a count; "
    f"at most {CLIENT_ERROR_RATE} per device, beyond that 429 `rate_limited`.",
)  # fmt: skip
def post_client_errors(payload: dict) -> tuple[dict, int]:
    device = g.device
    address = request.remote_addr or "?"
    services().rates.check(
        CLIENT_ERROR_RATE, "client-errors", device.restaurant, device.role, device.device,
        address, what="error reports",
    )  # fmt: skip
    for error in payload["errors"]:
        # %r: a message is the device's text, and must not forge lines in the log.
        client_log.warning(
            "client error restaurant=%s role=%s device=%r addr=%s build=%r where=%r"
            " count=%d at=%r: %r",
            device.restaurant, device.role, device.device, address, payload["build"],
            error["where"], error["count"], error["at"], error["message"],
        )  # fmt: skip
    # Grouped for the manager's Health tab: one row per place and message, kept 30 days.
    services().store.health_rows.record_errors(
        device.restaurant, device.device, payload["build"], payload["errors"], utcnow()
    )
    return {"logged": len(payload["errors"])}, 202


@endpoint(
    "GET", "/health", "Liveness, the database and the broker", roles=None, tag="ops",
    response=Obj({"status": Field(Str(16)), "version": Field(Str(32)),
                  "schema": Field(Int(0, 1000), required=False),
                  "database": Field(Obj(open=True)), "broker": Field(Obj(open=True))}),
    errors=("database_unavailable",),
    description="`status` is `ok`, `degraded` (the broker is down: events between processes "
    "are read from the database, slower) or `unavailable` (503: the database cannot be "
    "reached; writes are refused and devices keep them).",
)  # fmt: skip
def get_health() -> dict | tuple[dict, int]:
    svc = services()
    body: dict = {"status": "ok", "version": VERSION}
    try:
        body["schema"] = svc.db.schema_version()
        body["database"] = svc.db.describe()
    except DatabaseUnavailable as exc:
        body["database"] = {"engine": svc.db.engine, "ok": False, "error": str(exc)[:200]}
    body["broker"] = svc.broker.describe() if svc.broker else {"kind": "none"}
    if not body["database"]["ok"]:
        body["status"] = "unavailable"
        return body, 503
    if svc.broker is not None and not svc.broker.up:
        body["status"] = "degraded"
    return body


@endpoint(
    "GET", "/stats", "Live connections by role, the event rate, how events travel",
    roles=("manager",), tag="ops",
    response=Obj({"connections": Field(Obj(open=True)), "total_connections": Field(Int(0, 2**31)),
                  "events_per_second": Field(Obj(open=True)), "seq": Field(Int(0, 2**53)),
                  "delivery": Field(Obj(open=True))}),
    description="`connections` counts this restaurant's live sockets by role; "
    "`total_connections` counts this process's. `delivery` says how events committed by other "
    "processes reach this one: `broker` (Redis, fast), or `log` (no broker, or it is down: "
    "read from the database every `poll_s`).",
)  # fmt: skip
def get_stats() -> dict:
    svc = services()
    restaurant = g.device.restaurant
    everything = svc.hub.connections()
    relay = svc.relay
    return {
        "connections": everything.get(restaurant, {}),
        "total_connections": sum(sum(by_role.values()) for by_role in everything.values()),
        "events_per_second": {"last_10s": svc.hub.events_per_second()},
        "seq": svc.store.latest_seq(restaurant),
        "delivery": {
            "mode": "broker" if relay.broker_up else "log",
            "poll_s": relay.poll_interval(),
            "filled_from_log": relay.filled_from_log,
            "database": svc.db.engine,
            "broker": svc.broker.describe() if svc.broker else None,
        },
    }


@endpoint("GET", "/openapi.json", "This document", roles=None, tag="ops")
def get_openapi() -> dict:
    return document()  # the route table as it is when asked: every module's endpoints are in
