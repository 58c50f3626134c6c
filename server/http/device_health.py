"""The manager's Health tab: every device with what it last reported and what of it needs a
person (``domain.device_health``), the server's own state, and the app's errors grouped."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from flask import current_app, g

from domain import device_health
from domain.schema import Anything, Bool, Field, Int, List, Obj, Str
from domain.timestamps import iso, parse, utcnow

from ..store import backup
from ..store.location import backup_folder, free_beside, size_on_disk
from .openapi import VERSION
from .routes import endpoint, services
from .staff import require_right

STARTED = time.time()  # this process's start, near enough: the module loads with the app
READ_RATE = "30/minute"  # per device: the tab refreshes every 20 s while open

TROUBLE = Obj({"kind": Field(Str(16, choices=("offline", "waiting", "refused", "old_app",
                                                "clock", "link", "storage"))),
               "count": Field(Int(0, 2**31)), "seconds": Field(Int(-(2**40), 2**40)),
               "since": Field(Str(40))})  # fmt: skip
DEVICE_HEALTH = Obj(
    {
        "id": Field(Str(64)), "name": Field(Str(64)), "role": Field(Str(16)),
        "person": Field(Str(64), nullable=True), "last_seen": Field(Str(40)),
        "signed_in": Field(Bool()), "report": Field(device_health.REPORT, nullable=True),
        "reported_at": Field(Str(40), nullable=True),
        "clock_offset_s": Field(Int(-(2**40), 2**40)),
        "troubles": Field(List(TROUBLE, 16)),
    }
)  # fmt: skip
SERVER = Obj(
    {
        "version": Field(Str(32)), "build": Field(Str(32)), "uptime_s": Field(Int(0, 2**40)),
        "engine": Field(Str(16)), "database_bytes": Field(Int(0, 2**53), nullable=True),
        "disk_free_bytes": Field(Int(0, 2**53), nullable=True),
        "backup": Field(Obj({"at": Field(Str(40)), "bytes": Field(Int(0, 2**53)),
                             "checked": Field(Bool())}), nullable=True),
        "broker": Field(Obj({"configured": Field(Bool()), "up": Field(Bool())})),
        "printers": Field(Obj({"online": Field(Int(0, 1000)), "total": Field(Int(0, 1000))})),
    }
)  # fmt: skip
ERROR = Obj(
    {
        "id": Field(Str(32)), "place": Field(Str(64)), "message": Field(Str(500)),
        "count": Field(Int(0, 2**53)), "devices": Field(List(Str(64), 50)),
        "builds": Field(List(Str(32), 10)), "first_at": Field(Str(40)),
        "last_at": Field(Str(40)),
    }
)  # fmt: skip


def device_rows(restaurant: str, now: datetime) -> list[dict]:
    svc = services()
    reports = svc.store.health_rows.reports(restaurant)
    build = svc.build()
    waiting_s = current_app.config["DEVICE_WAITING_S"]
    rows = []
    for device in svc.devices.list(restaurant):
        if device.revoked_at:
            continue
        kept = reports.get(device.id)
        seen = parse(device.last_seen)
        troubles = device_health.judge(
            kept["report"] if kept else None, build=build,
            offset_s=kept["offset_s"] if kept else 0.0,
            heard_s_ago=(now - seen).total_seconds() if seen else None,
            last_seen=device.last_seen, waiting_s=waiting_s,
        )  # fmt: skip
        rows.append({
            "id": device.id, "name": device.name, "role": device.role, "person": device.person,
            "last_seen": device.last_seen, "signed_in": device.signed_in,
            "report": kept["report"] if kept else None,
            "reported_at": kept["reported_at"] if kept else None,
            "clock_offset_s": round(kept["offset_s"]) if kept else 0,
            "troubles": [t.to_dict() for t in troubles],
        })  # fmt: skip
    # Trouble first, then the most recently heard from.
    rows.sort(key=lambda r: r["last_seen"], reverse=True)
    rows.sort(key=lambda r: not r["troubles"])
    return rows


def server_state(restaurant: str) -> dict:
    svc = services()
    url = current_app.config["DATABASE"]
    newest = backup.newest(backup_folder(url, current_app.config["BACKUP_DIR"]))
    kept = None
    if newest is not None:
        stat = newest.stat()
        at = datetime.fromtimestamp(stat.st_mtime, UTC)
        # A copy only takes its final name once checked (integrity_check, pg_restore --list).
        kept = {"at": iso(at), "bytes": stat.st_size, "checked": True}
    printers = svc.store.print_rows.printers(restaurant)
    return {
        "version": VERSION,
        "build": svc.build(),
        "uptime_s": round(time.time() - STARTED),
        "engine": svc.db.engine,
        "database_bytes": size_on_disk(url),
        "disk_free_bytes": free_beside(url),
        "backup": kept,
        "broker": {"configured": svc.broker is not None,
                   "up": bool(svc.broker is not None and svc.relay.broker_up)},
        "printers": {"online": sum(1 for p in printers if not p["offline_since"]),
                     "total": len(printers)},
    }  # fmt: skip


@endpoint(
    "GET", "/devices/health", "Every device's health, the server's, and the app's errors",
    roles=("manager",), tag="ops",
    response=Obj({"now": Field(Str(40)), "devices": Field(List(DEVICE_HEALTH, 100_000)),
                  "server": Field(SERVER), "errors": Field(List(ERROR, 50)),
                  "thresholds": Field(Anything())}),
    errors=("forbidden", "rate_limited"),
    description="Each device that is not revoked, with its last report (sent with its "
    "heartbeat: unsent changes and how long the oldest waited, refused changes waiting for a "
    "person, its last error, storage, the ping's round trip, reconnects in the last hour, its "
    "clock) and `troubles`, what of it needs a person: `offline` (not heard from for 2 "
    "minutes, `since` when), `waiting`, `refused`, `old_app` (its build is not the one served "
    "now, in `server.build`), `clock` (off by `seconds`), `link`, `storage` (percent used). "
    "`server`: version, uptime, database size and free disk, the newest whole backup, broker "
    "and printers. `errors`: the app's errors of the last 30 days, one row per place and "
    "message with its count and devices. Needs the right to manage devices.",
)  # fmt: skip
def get_devices_health() -> dict:
    svc, restaurant = services(), g.device.restaurant
    require_right("manage_devices")
    svc.rates.check(READ_RATE, "devices-health", restaurant, g.device.device, what="reads")
    now = utcnow()
    return {
        "now": iso(now),
        "devices": device_rows(restaurant, now),
        "server": server_state(restaurant),
        "errors": svc.store.health_rows.errors(restaurant, now),
        "thresholds": {"waiting_s": current_app.config["DEVICE_WAITING_S"],
                       "offline_s": device_health.OFFLINE_S,
                       "clock_off_s": device_health.CLOCK_OFF_S},
    }  # fmt: skip
