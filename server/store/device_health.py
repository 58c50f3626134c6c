"""Device health rows: each device's last report (``domain.device_health``) and the app's
errors grouped by place and message.

A report that changes which troubles a device has for a person (``notifying``) appends a
``device_health`` event in the same transaction: the manager's devices raise a notice, and a
manager device that was away learns it from the log like anything else.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

from domain import device_health
from domain.timestamps import iso, parse

from .database import Conn, Database
from .mutations import Event

ERRORS_KEPT_DAYS = 30
ERROR_DEVICES_KEPT = 20  # the devices named on an error's row; its count goes on


def record(
    conn: Conn, restaurant: str, device: str, report: dict, offset_s: float, now: datetime,
    build: str, waiting_s: int,
) -> list[Event]:  # fmt: skip
    """Keep ``report`` as ``device``'s latest; the ``device_health`` event when its notifying
    troubles changed."""
    troubles = device_health.judge(report, build=build, offset_s=offset_s, waiting_s=waiting_s)
    kinds = ",".join(device_health.notifying(troubles))
    row = conn.execute(
        "SELECT notifying FROM device_health WHERE restaurant = ? AND device = ?",
        (restaurant, device),
    ).fetchone()
    changed = (row["notifying"] if row else "") != kinds
    notice = None
    if changed:
        named = conn.execute(
            "SELECT name, role FROM devices WHERE restaurant = ? AND id = ?", (restaurant, device)
        ).fetchone()
        notice = {
            "device": device, "name": named["name"] if named else device,
            "role": named["role"] if named else "",
            "troubles": [t.to_dict() for t in troubles if t.kind in kinds.split(",")],
            "at": iso(now),
        }  # fmt: skip
    conn.execute(
        "INSERT INTO device_health (restaurant, device, report, reported_at, offset_ms,"
        " notifying, notice) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (restaurant, device)"
        " DO UPDATE SET report = excluded.report, reported_at = excluded.reported_at,"
        " offset_ms = excluded.offset_ms, notifying = excluded.notifying,"
        " notice = CASE WHEN ? THEN excluded.notice ELSE device_health.notice END",
        (restaurant, device, json.dumps(report), iso(now), round(offset_s * 1000), kinds,
         json.dumps(notice or {}), changed),
    )  # fmt: skip
    return [("device_health", notice)] if notice is not None else []


def in_trouble(conn: Conn, restaurant: str) -> list[dict]:
    """The last notice of each device that needs a person now (a screen's snapshot)."""
    rows = conn.execute(
        "SELECT notice FROM device_health WHERE restaurant = ? AND notifying != ''"
        " ORDER BY device", (restaurant,),
    ).fetchall()  # fmt: skip
    return [json.loads(r["notice"]) for r in rows]


def error_id(place: str, message: str) -> str:
    return hashlib.sha256(f"{place}\0{message}".encode()).hexdigest()[:24]


def record_errors(
    conn: Conn, restaurant: str, device: str, build: str, errors: list[dict], now: datetime
) -> None:
    """One row per place and message: its count grows, the devices and builds that had it."""
    for error in errors:
        key = error_id(error["where"], error["message"])
        row = conn.execute(
            "SELECT count, devices, builds FROM device_errors WHERE restaurant = ? AND id = ?",
            (restaurant, key),
        ).fetchone()
        if row is None:
            conn.execute(
                "INSERT INTO device_errors (restaurant, id, place, message, count, devices,"
                " builds, first_at, last_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (restaurant, key, error["where"], error["message"], error["count"],
                 json.dumps([device]), json.dumps([build] if build else []), iso(now), iso(now)),
            )  # fmt: skip
            continue
        devices = [d for d in json.loads(row["devices"]) if d != device][-ERROR_DEVICES_KEPT + 1 :]
        builds = [b for b in json.loads(row["builds"]) if b != build][-4:]
        conn.execute(
            "UPDATE device_errors SET count = count + ?, devices = ?, builds = ?, last_at = ?"
            " WHERE restaurant = ? AND id = ?",
            (error["count"], json.dumps([*devices, device]),
             json.dumps([*builds, build] if build else builds), iso(now), restaurant, key),
        )  # fmt: skip


class HealthRows:
    def __init__(self, db: Database) -> None:
        self.db = db

    def reports(self, restaurant: str) -> dict[str, dict]:
        """Each device's last report, when it came and the clock offset measured then."""
        with self.db.snapshot() as conn:
            rows = conn.execute(
                "SELECT device, report, reported_at, offset_ms FROM device_health"
                " WHERE restaurant = ?", (restaurant,),
            ).fetchall()  # fmt: skip
        return {r["device"]: {"report": json.loads(r["report"]), "reported_at": r["reported_at"],
                              "offset_s": r["offset_ms"] / 1000} for r in rows}  # fmt: skip

    def backlog(self) -> dict[str, tuple[int, int, int]]:
        """Per restaurant, from its devices' last reports: (changes unsent, the oldest's age
        in seconds, changes refused and waiting for a person)."""
        with self.db.snapshot() as conn:
            rows = conn.execute("SELECT restaurant, report FROM device_health").fetchall()
        out: dict[str, tuple[int, int, int]] = {}
        for row in rows:
            report = json.loads(row["report"])
            unsent, oldest, refused = out.get(row["restaurant"], (0, 0, 0))
            out[row["restaurant"]] = (unsent + report.get("unsent", 0),
                                      max(oldest, report.get("oldest_unsent_s", 0)),
                                      refused + report.get("refused", 0))  # fmt: skip
        return out

    def errors(self, restaurant: str, now: datetime, limit: int = 50) -> list[dict]:
        """The app's errors of the last 30 days, the latest first."""
        since = iso(now - timedelta(days=ERRORS_KEPT_DAYS))
        with self.db.snapshot() as conn:
            rows = conn.execute(
                "SELECT id, place, message, count, devices, builds, first_at, last_at"
                " FROM device_errors WHERE restaurant = ? AND last_at >= ?"
                " ORDER BY last_at DESC LIMIT ?", (restaurant, since, limit),
            ).fetchall()  # fmt: skip
        return [{**dict(r), "devices": json.loads(r["devices"]),
                 "builds": json.loads(r["builds"])} for r in rows]  # fmt: skip

    def record_errors(self, restaurant: str, device: str, build: str, errors: list[dict],
                      now: datetime) -> None:  # fmt: skip
        with self.db.transaction() as conn:
            record_errors(conn, restaurant, device, build, errors, now)


def age_s(at: str, now: datetime) -> float | None:
    moment = parse(at) if at else None
    return None if moment is None else (now - moment).total_seconds()
