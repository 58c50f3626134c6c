"""Kitchen printers and their print jobs, as stored.

A job is written in the transaction of the change it prints (``queue_papers``, called by the
mutation's run), so it exists exactly when the change does: a change refused or rolled back
prints nothing, a change committed prints even if this process dies the next instant.

A job is taken by one sender at a time (``claim``: a conditional UPDATE, so two processes on one
PostgreSQL never both take it) for a lease; done when sent (``finish``), put back with a later
try when the printer could not be reached (``retry``). A job whose lease ran out while it was
being sent (its process killed mid-print) is taken again marked ``maybe_printed``: the printer
cannot say whether it printed, so it prints again headed REPRINT, never silently twice.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from datetime import datetime, timedelta

from domain import print_tickets
from domain.timestamps import iso

from .database import Conn, Database

PASS_STATION = "pass"  # how a printer's routing names the lines no station cooks
ALL_STATIONS = "*"
LEASE_S = 30  # a send takes a second; a lease this long outlives any live sender
PRINTER_COLUMNS = ("id, name, host, port, width, code_page, stations, bill, z_report, copies,"
                   " created_at, offline_since, last_error")  # fmt: skip
JOB_COLUMNS = (
    "id, printer, kind, order_id, station, doc, status, attempts, maybe_printed,"
    " claimed_by, lease_until, next_try_at, created_at, printed_at, reprint_of"
)
WAITING = ("queued", "sending")


def printer_row(row) -> dict:
    printer = dict(row)
    printer["stations"] = json.loads(printer["stations"])
    printer["bill"], printer["z_report"] = bool(printer["bill"]), bool(printer["z_report"])
    return printer


def job_row(row) -> dict:
    job = dict(row)
    job["doc"] = json.loads(job["doc"])
    job["maybe_printed"] = bool(job["maybe_printed"])
    return job


def routes(printer: dict, station: str) -> bool:
    wanted = set(printer["stations"])
    return ALL_STATIONS in wanted or (station or PASS_STATION) in wanted


# -- in the change's transaction -------------------------------------------------------------


def queue_papers(conn: Conn, restaurant: str, events: list[tuple[str, dict]], now: datetime,
                 ) -> list[tuple[str, dict]]:  # fmt: skip
    """A job per paper the change's order events print, on each printer its station is routed
    to. The events to add: a printer that is offline says how many now wait on it."""
    order_events = [(k, d) for k, d in events if k in ("order_created", "order_updated")]
    if not order_events:
        return []
    printers = [printer_row(r) for r in conn.execute(
        f"SELECT {PRINTER_COLUMNS} FROM printers WHERE restaurant = ?", (restaurant,))]  # fmt: skip
    printers = [p for p in printers if p["stations"]]
    if not printers:
        return []
    offline: set[str] = set()
    for kind, order in order_events:
        where = _table_name(conn, restaurant, order.get("table_id"))
        for paper in print_tickets.papers(kind, order, where):
            for printer in printers:
                if routes(printer, paper["station"]):
                    add_job(conn, restaurant, printer["id"], paper, now)
                    if printer["offline_since"]:
                        offline.add(printer["id"])
    return [("printer_status", p) for p in printer_states(conn, restaurant) if p["id"] in offline]


def _table_name(conn: Conn, restaurant: str, table_id: str | None) -> str:
    if not table_id:
        return ""
    row = conn.execute("SELECT name FROM dining_tables WHERE restaurant = ? AND id = ?",
                       (restaurant, table_id)).fetchone()  # fmt: skip
    return row["name"] if row else ""


_last_ns = 0
_ids = threading.Lock()


def _job_id() -> str:
    """Unique, and in the order this process queued its jobs: jobs are sent by (created_at, id)
    and ``created_at`` has milliseconds, the papers of one change none between them."""
    global _last_ns
    with _ids:
        _last_ns = max(_last_ns + 1, time.time_ns())
        stamp = _last_ns
    return f"{stamp:016x}{uuid.uuid4().hex[:16]}"


def add_job(conn: Conn, restaurant: str, printer: str, doc: dict, now: datetime,
            reprint_of: str | None = None) -> str:  # fmt: skip
    job_id = _job_id()
    conn.execute(
        "INSERT INTO print_jobs (restaurant, id, printer, kind, order_id, station, doc, status,"
        " next_try_at, created_at, reprint_of, maybe_printed)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)",
        (restaurant, job_id, printer, doc["kind"], doc.get("order_id", ""),
         doc.get("station", ""), json.dumps(doc), iso(now), iso(now), reprint_of,
         1 if reprint_of else 0),
    )  # fmt: skip
    return job_id


def printer_states(conn: Conn, restaurant: str) -> list[dict]:
    """What the screens flag: each printer, whether it is offline and why, its jobs waiting."""
    waiting = dict(conn.execute(
        "SELECT printer, COUNT(*) FROM print_jobs WHERE restaurant = ? AND status IN"
        " ('queued', 'sending') GROUP BY printer", (restaurant,)).fetchall())  # fmt: skip
    rows = conn.execute("SELECT id, name, offline_since, last_error FROM printers WHERE"
                        " restaurant = ? ORDER BY name, id", (restaurant,)).fetchall()  # fmt: skip
    return [{**dict(r), "waiting": waiting.get(r["id"], 0)} for r in rows]


# -- the printers' rows and the senders' claims ----------------------------------------------


class PrintRows:
    def __init__(self, db: Database, lease_s: float = LEASE_S) -> None:
        self.db = db
        self.lease_s = lease_s

    # printers

    def printers(self, restaurant: str) -> list[dict]:
        with self.db.snapshot() as conn:
            rows = conn.execute(
                f"SELECT {PRINTER_COLUMNS} FROM printers WHERE restaurant = ? ORDER BY name, id",
                (restaurant,),
            ).fetchall()
            waiting = dict(conn.execute(
                "SELECT printer, COUNT(*) FROM print_jobs WHERE restaurant = ? AND status IN"
                " ('queued', 'sending') GROUP BY printer", (restaurant,)).fetchall())  # fmt: skip
        return [{**printer_row(r), "waiting": waiting.get(r["id"], 0)} for r in rows]

    def waiting_by_restaurant(self) -> dict[str, int]:
        """Jobs not yet printed, every restaurant's (for the operator's metrics)."""
        with self.db.snapshot() as conn:
            return dict(conn.execute(
                "SELECT restaurant, COUNT(*) FROM print_jobs WHERE status IN"
                " ('queued', 'sending') GROUP BY restaurant").fetchall())  # fmt: skip

    def printer(self, restaurant: str, printer_id: str) -> dict | None:
        return next((p for p in self.printers(restaurant) if p["id"] == printer_id), None)

    def put_printer(self, restaurant: str, printer: dict, now: datetime) -> None:
        """Add a printer or change one (its jobs stay with it)."""
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO printers (restaurant, id, name, host, port, width, code_page,"
                " stations, bill, z_report, copies, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (restaurant, id) DO"
                " UPDATE SET name = excluded.name, host = excluded.host, port = excluded.port,"
                " width = excluded.width, code_page = excluded.code_page,"
                " stations = excluded.stations, bill = excluded.bill,"
                " z_report = excluded.z_report, copies = excluded.copies",
                (restaurant, printer["id"], printer["name"], printer["host"], printer["port"],
                 printer["width"], printer["code_page"], json.dumps(printer["stations"]),
                 int(printer["bill"]), int(printer["z_report"]), printer["copies"], iso(now)),
            )  # fmt: skip

    def remove_printer(self, restaurant: str, printer_id: str) -> int:
        """The printer and its jobs not printed yet (how many there were)."""
        with self.db.transaction() as conn:
            dropped = conn.execute(
                "DELETE FROM print_jobs WHERE restaurant = ? AND printer = ? AND status IN"
                " ('queued', 'sending')", (restaurant, printer_id)).rowcount  # fmt: skip
            conn.execute("DELETE FROM printers WHERE restaurant = ? AND id = ?",
                         (restaurant, printer_id))  # fmt: skip
        return dropped

    def reroute(self, restaurant: str, source: str, target: str) -> int:
        """The jobs waiting on ``source`` go to ``target`` (a printer out of order for the
        night); how many. One being sent right now stays: its sender finishes or retries it."""
        with self.db.transaction() as conn:
            return conn.execute(
                "UPDATE print_jobs SET printer = ?, next_try_at = created_at WHERE restaurant = ?"
                " AND printer = ? AND status = 'queued'",
                (target, restaurant, source),
            ).rowcount

    def set_state(self, restaurant: str, printer_id: str, offline: bool, error: str,
                  now: datetime) -> bool:  # fmt: skip
        """The printer could not be reached (``offline``, with why) or was; True if that
        changed what was stored (its screens are then told)."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT offline_since, last_error FROM printers WHERE restaurant = ? AND id = ?",
                (restaurant, printer_id)).fetchone()  # fmt: skip
            if row is None:
                return False
            was = row["offline_since"] is not None
            if was == offline and row["last_error"] == error:
                return False
            since = (row["offline_since"] or iso(now)) if offline else None
            conn.execute(
                "UPDATE printers SET offline_since = ?, last_error = ? WHERE"
                " restaurant = ? AND id = ?",
                (since, error, restaurant, printer_id),
            )
        return True

    # jobs

    def queue(self, restaurant: str, printer: str, doc: dict, now: datetime,
              reprint_of: str | None = None) -> str:  # fmt: skip
        with self.db.transaction() as conn:
            return add_job(conn, restaurant, printer, doc, now, reprint_of)

    def jobs(self, restaurant: str, order_id: str | None = None, limit: int = 200) -> list[dict]:
        with self.db.snapshot() as conn:
            where, args = "restaurant = ?", [restaurant]
            if order_id:
                where, args = where + " AND order_id = ?", [*args, order_id]
            rows = conn.execute(
                f"SELECT {JOB_COLUMNS} FROM print_jobs WHERE {where}"
                " ORDER BY created_at DESC, id LIMIT ?",
                (*args, limit),
            )
            return [job_row(r) for r in rows.fetchall()]

    def job(self, restaurant: str, job_id: str) -> dict | None:
        with self.db.snapshot() as conn:
            row = conn.execute(f"SELECT {JOB_COLUMNS} FROM print_jobs WHERE restaurant = ?"
                               " AND id = ?", (restaurant, job_id)).fetchone()  # fmt: skip
        return job_row(row) if row else None

    def due(self, now: datetime, limit: int = 100) -> list[tuple[str, str]]:
        """(restaurant, printer) with a job to send now: queued and due, or a lease run out."""
        at = iso(now)
        with self.db.snapshot() as conn:
            rows = conn.execute(
                "SELECT DISTINCT restaurant, printer FROM print_jobs WHERE (status = 'queued'"
                " AND next_try_at <= ?) OR (status = 'sending' AND lease_until < ?) LIMIT ?",
                (at, at, limit)).fetchall()  # fmt: skip
        return [(r[0], r[1]) for r in rows]

    def claim(self, restaurant: str, printer: str, sender: str, now: datetime) -> dict | None:
        """The printer's oldest job to send now, taken by ``sender`` for a lease; None if there
        is none, or another sender took it first, or another sender is printing on this
        printer now (one at a time per printer, across processes: tickets come out in the
        order they were queued). A job whose lease ran out is taken marked ``maybe_printed``:
        whoever held it may have sent it whole before they died."""
        at, until = iso(now), iso(now + timedelta(seconds=self.lease_s))
        with self.db.transaction() as conn:
            busy = conn.execute(
                "SELECT 1 FROM print_jobs WHERE restaurant = ? AND printer = ? AND"
                " status = 'sending' AND lease_until >= ? LIMIT 1",
                (restaurant, printer, at)).fetchone()  # fmt: skip
            if busy is not None:
                return None
            row = conn.execute(
                f"SELECT {JOB_COLUMNS} FROM print_jobs WHERE restaurant = ? AND printer = ? AND"
                " ((status = 'queued' AND next_try_at <= ?) OR (status = 'sending' AND"
                " lease_until < ?)) ORDER BY created_at, id LIMIT 1",
                (restaurant, printer, at, at)).fetchone()  # fmt: skip
            if row is None:
                return None
            job = job_row(row)
            stale = job["status"] == "sending"
            taken = conn.execute(
                "UPDATE print_jobs SET status = 'sending', claimed_by = ?, lease_until = ?,"
                " attempts = attempts + 1, maybe_printed = ? WHERE restaurant = ? AND id = ?"
                " AND status = ? AND COALESCE(lease_until, '') = ?",
                (sender, until, int(job["maybe_printed"] or stale), restaurant, job["id"],
                 job["status"], job["lease_until"] or ""),
            ).rowcount  # fmt: skip
        if taken != 1:
            return None
        return {
            **job,
            "status": "sending",
            "claimed_by": sender,
            "lease_until": until,
            "attempts": job["attempts"] + 1,
            "maybe_printed": job["maybe_printed"] or stale,
        }

    def finish(self, restaurant: str, job_id: str, sender: str, now: datetime) -> bool:
        """Sent whole: done. False if the lease was lost meanwhile (another took it over)."""
        with self.db.transaction() as conn:
            return conn.execute(
                "UPDATE print_jobs SET status = 'done', printed_at = ?, lease_until = NULL"
                " WHERE restaurant = ? AND id = ? AND status = 'sending' AND claimed_by = ?",
                (iso(now), restaurant, job_id, sender)).rowcount == 1  # fmt: skip

    def retry(self, restaurant: str, job_id: str, sender: str, at: datetime,
              maybe_printed: bool) -> None:  # fmt: skip
        """Not sent: back in the queue until ``at``. ``maybe_printed`` when some of it went out
        before the connection broke: the next try says REPRINT."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE print_jobs SET status = 'queued', next_try_at = ?, lease_until = NULL,"
                " claimed_by = NULL, maybe_printed = CASE WHEN ? = 1 THEN 1 ELSE maybe_printed"
                " END WHERE restaurant = ? AND id = ? AND status = 'sending' AND claimed_by = ?",
                (iso(at), int(maybe_printed), restaurant, job_id, sender),
            )  # fmt: skip

    def delay(self, restaurant: str, printer: str, at: datetime) -> None:
        """The printer is unreachable: none of its queued jobs is tried again before ``at``."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE print_jobs SET next_try_at = ? WHERE restaurant = ? AND printer = ? AND"
                " status = 'queued' AND next_try_at < ?",
                (iso(at), restaurant, printer, iso(at)))  # fmt: skip
