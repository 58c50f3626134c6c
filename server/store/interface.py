"""The Store: the one storage interface the rest of the server sees.

The write path (``write_path.py``) with the reads a screen and a manager need, the menu and
floor-plan edits, the pictures, the day's figures, and the rows of restaurants, PINs, devices
and staff (``account_rows``, ``device_rows``, ``staff_rows``, ``pairing_rows``). Whichever
engine holds the data (SQLite or PostgreSQL), callers ask the Store; no connection ever leaves
this package.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from domain import orders
from domain.spreadsheet import PLAIN, Dialect
from domain.timestamps import iso

from . import (
    approvals,
    change_reads,
    days,
    device_health,
    images,
    menu,
    mutations,
    people_report,
    reports,
)
from .accounts import AccountRows
from .database import Conn, Database
from .device_health import HealthRows
from .device_health import record as record_health
from .devices import DeviceRows
from .mutations import Event
from .pairing import PairingRows
from .printing import PrintRows, printer_states
from .staff import StaffRows
from .write_path import WritePath


class Store(WritePath):
    def __init__(self, db: Database, **options: Any) -> None:
        """``options``: the write path's (``on_commit``, ``clock``, ``approve``)."""
        super().__init__(db, **options)
        self.account_rows = AccountRows(db)
        self.device_rows = DeviceRows(db)
        self.staff_rows = StaffRows(db)
        self.pairing_rows = PairingRows(db)
        self.print_rows = PrintRows(db)
        self.health_rows = HealthRows(db)

    # -- reads ------------------------------------------------------------------------------

    def read(self, fn: Callable[[Conn], object]) -> object:
        # One read transaction, so a snapshot and its seq come from the same instant.
        with self.db.snapshot() as conn:
            return fn(conn)

    def resume_point(
        self, restaurant: str, since: int | None, epoch: str = ""
    ) -> tuple[int, str, bool]:
        """``(last seq, the log's epoch, reset)``: ``reset`` when a cursor ``since`` from log
        ``epoch`` cannot resume here: another log (a restored copy, a new database), past the
        end, or older than the events kept. The live socket and ``/events`` both ask this."""
        with self.db.connection() as conn:
            row = conn.execute(
                "SELECT last_seq, epoch, pruned_seq FROM restaurants WHERE id = ?", (restaurant,)
            ).fetchone()
        latest, current, pruned = tuple(row) if row else (0, "", 0)
        reset = since is not None and (
            (bool(epoch) and epoch != current) or since > latest or since < pruned
        )
        return latest, current, reset

    def approvals_generation(self, restaurant: str) -> int:
        """What an approval issued now carries: it ends when this moves (``approvals``)."""
        return approvals.generation(self.db, restaurant)

    def latest_seqs(self) -> dict[str, int]:
        """Every restaurant's last seq: where the log ends, for the relay to compare."""
        with self.db.connection() as conn:
            rows = conn.execute("SELECT id, last_seq FROM restaurants").fetchall()
        return {row["id"]: row["last_seq"] for row in rows}

    def latest_seq(self, restaurant: str) -> int:
        with self.db.connection() as conn:
            return self._last_seq(conn, restaurant)

    def pruned_seq(self, restaurant: str) -> int:
        """Events up to this seq were pruned: a cursor below it cannot resume from the log."""
        with self.db.connection() as conn:
            row = conn.execute(
                "SELECT pruned_seq FROM restaurants WHERE id = ?", (restaurant,)
            ).fetchone()
        return row[0] if row else 0

    def events_since(self, restaurant: str, since: int, limit: int = 500) -> list[dict]:
        with self.db.connection() as conn:
            rows = conn.execute(
                "SELECT seq, type, data, at, made_by FROM events"
                " WHERE restaurant = ? AND seq > ? ORDER BY seq LIMIT ?",
                (restaurant, since, limit),
            ).fetchall()
        out = []
        for r in rows:
            event = {"seq": r["seq"], "type": r["type"], "data": json.loads(r["data"]),
                     "at": r["at"]}  # fmt: skip
            if r["made_by"]:
                event["by"] = json.loads(r["made_by"])
            out.append(event)
        return out

    def floor(self, restaurant: str) -> dict:
        """``{seq, areas, tables, orders, drawers}``: active orders only, and the drawers'
        shifts of the day not closed yet, as of ``seq``."""

        def read(conn: Conn) -> dict:
            seq, epoch = conn.execute(
                "SELECT last_seq, epoch FROM restaurants WHERE id = ?", (restaurant,)
            ).fetchone()
            areas = conn.execute(
                "SELECT id, name, position FROM areas WHERE restaurant = ? ORDER BY position, id",
                (restaurant,),
            ).fetchall()
            tables = conn.execute(
                "SELECT id, name, area_id, seats, status, position FROM dining_tables"
                " WHERE restaurant = ? ORDER BY position, name, id",
                (restaurant,),
            ).fetchall()
            closed = sorted(orders.CLOSED)
            active = conn.execute(
                "SELECT data FROM orders WHERE restaurant = ?"
                f" AND status NOT IN ({','.join('?' * len(closed))}) ORDER BY created_at, id",
                (restaurant, *closed),
            ).fetchall()
            return {
                "seq": seq,
                "epoch": epoch,
                "areas": [dict(a) for a in areas],
                "tables": [dict(t) for t in tables],
                "orders": [json.loads(o["data"]) for o in active],
                "drawers": change_reads.drawers_of_the_day(conn, restaurant),
                "printers": printer_states(conn, restaurant),
            }

        return self.read(read)  # type: ignore[return-value]

    def order(self, restaurant: str, order_id: str) -> dict:
        with self.db.connection() as conn:
            return change_reads.load_order(conn, restaurant, order_id)

    def menu(self, restaurant: str, since_version: int | None = None) -> dict:
        return self.read(lambda conn: menu.read(conn, restaurant, since_version))  # type: ignore[return-value]

    def picture(self, restaurant: str, name: str) -> bytes | None:
        """A menu picture's bytes, by its name (``<hash>.webp``)."""
        with self.db.connection() as conn:
            return images.load(conn, restaurant, name)

    def day_report(self, restaurant: str, day: date) -> dict:
        """The figures of ``day`` in the restaurant's time zone (``reports``)."""
        return self.read(lambda conn: reports.day(conn, restaurant, day))  # type: ignore[return-value]

    def staff_report(self, restaurant: str, first: date, last: date, tz: str) -> list[dict]:
        """The figures by person over local days ``first`` to ``last`` (``people_report``)."""
        return self.read(lambda conn: people_report.people(  # type: ignore[return-value]
            conn, restaurant, first, last, tz, self.clock()))  # fmt: skip

    def clock_person(self, restaurant: str, person: str, device: str) -> tuple[bool, dict]:
        """Clock ``person`` in, or out of their open shift: (clocked in, the shift)."""
        now = iso(self.clock())
        clocked_in, row = self.staff_rows.clock(restaurant, person, now, device,
                                                uuid.uuid4().hex)  # fmt: skip
        return clocked_in, dict(row)

    def closed_day(self, restaurant: str, day: str) -> dict:
        """A closed day's Z report, as it was closed (``days``), or ``not_found``."""
        return self.read(lambda conn: days.closed(conn, restaurant, day))  # type: ignore[return-value]

    def closed_days(self, restaurant: str) -> list[dict]:
        return self.read(lambda conn: days.listed(conn, restaurant))  # type: ignore[return-value]

    def open_day_report(self, restaurant: str) -> dict:
        """The X report: the business day still open, from the last close to now."""
        now = self.clock()
        return self.read(lambda conn: days.report(  # type: ignore[return-value]
            conn, restaurant, days.open_day(conn, restaurant, now), now))  # fmt: skip

    @staticmethod
    def report_csv(made: dict, dialect: Dialect = PLAIN) -> str:
        return days.report_csv(made, dialect)

    def day_orders_csv(
        self, restaurant: str, day: date, tz: str, currency: str, dialect: Dialect = PLAIN
    ) -> str:
        """The orders placed on ``day``, a row each (``reports.orders_csv``)."""
        return self.read(lambda conn: reports.orders_csv(
            reports.day_events(conn, restaurant, day, tz), day, tz, currency, dialect))  # type: ignore[return-value]  # fmt: skip

    # -- menu and floor plan (manager and setup writes) ------------------------------------

    def put_category(self, restaurant: str, category_id: str, data: dict) -> dict:
        return self._edit_menu(restaurant, menu.upsert_category, category_id, data)

    def remove_category(self, restaurant: str, category_id: str) -> dict:
        return self._edit_menu(restaurant, menu.remove_category, category_id)

    def put_item(self, restaurant: str, item_id: str, data: dict) -> dict:
        return self._edit_menu(restaurant, menu.upsert_item, item_id, data)

    def remove_item(self, restaurant: str, item_id: str) -> dict:
        return self._edit_menu(restaurant, menu.remove_item, item_id)

    def set_item_picture(self, restaurant: str, item_id: str,
                         picture: images.Picture | None) -> dict:  # fmt: skip
        """Give an item a new picture (stored once per content), or none."""
        return self._edit_menu(restaurant, menu.set_image, item_id, picture)

    def _edit_menu(
        self, restaurant: str, action: Callable[..., tuple[dict, list[Event]]], *args: object
    ) -> dict:
        return self.write(restaurant, lambda conn, _now: action(conn, restaurant, *args))[0]

    def import_menu(self, restaurant: str, categories: list[dict], items: list[dict],
                    pictures: list) -> None:  # fmt: skip
        """A menu file's categories, items and pictures in one commit (one ``menu_updated``)."""

        def change(conn: Conn, now: datetime) -> tuple[dict, list[Event]]:
            for picture in pictures:
                images.store(conn, restaurant, picture)
            return menu.import_rows(conn, restaurant, categories, items)

        self.write(restaurant, change)

    def upsert_area(self, restaurant: str, area: dict) -> None:
        self.write(restaurant, lambda conn, now: ({}, [_put_area(conn, restaurant, area)]))

    def upsert_table(self, restaurant: str, table: dict) -> None:
        self.write(restaurant, lambda conn, now: ({}, [_put_table(conn, restaurant, table)]))

    def import_floor(self, restaurant: str, areas: list[dict], tables: list[dict]) -> None:
        """Areas and tables in one commit: a screen sees the whole new floor at once."""

        def change(conn: Conn, now: datetime) -> tuple[dict, list[Event]]:
            events = [_put_area(conn, restaurant, a) for a in areas]
            return {}, events + [_put_table(conn, restaurant, t) for t in tables]

        self.write(restaurant, change)

    def record_printer(self, restaurant: str, printer_id: str) -> None:
        """Log a ``printer_status`` event: a printer went offline or came back, and how many
        jobs wait on it (what the kitchen, the pass and the manager show)."""

        def change(conn: Conn, now: datetime) -> tuple[dict, list[Event]]:
            found = [p for p in printer_states(conn, restaurant) if p["id"] == printer_id]
            return {}, [("printer_status", found[0])] if found else []

        self.write(restaurant, change)

    def record_health(
        self, restaurant: str, device: str, report: dict, offset_s: float, build: str,
        waiting_s: int,
    ) -> None:  # fmt: skip
        """Keep a device's health report; a ``device_health`` event when what it needs a person
        for changed (``store.device_health``)."""
        self.write(restaurant, lambda conn, now: ({}, record_health(
            conn, restaurant, device, report, offset_s, now, build, waiting_s)))  # fmt: skip

    def devices_in_trouble(self, restaurant: str) -> list[dict]:
        """The devices whose last report needs a person, as their last ``device_health``
        event said (for a screen's snapshot)."""
        with self.db.snapshot() as conn:
            return device_health.in_trouble(conn, restaurant)

    def record_device(self, restaurant: str, status: dict) -> None:
        """Log a ``device_status`` event (a kitchen screen came or went)."""
        self.write(restaurant, lambda conn, now: ({}, [("device_status", status)]))


def _put_area(conn: Conn, restaurant: str, area: dict) -> Event:
    mutations.save_area(conn, restaurant, area)
    return ("area_updated", area)


def _put_table(conn: Conn, restaurant: str, table: dict) -> Event:
    row = conn.execute(
        "INSERT INTO dining_tables (restaurant, id, name, area_id, seats, position)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (restaurant, id) DO UPDATE SET"
        " name = excluded.name, area_id = excluded.area_id, seats = excluded.seats,"
        " position = excluded.position"
        " RETURNING id, name, area_id, seats, status, position",
        (restaurant, table["id"], table["name"], table["area_id"], table["seats"],
         table["position"]),
    ).fetchone()  # fmt: skip
    return ("table_updated", dict(row))
