"""A restaurant's printers as the manager and the installer set them up: what a printer is
(validated once, for the CLI and the API alike), adding, listing, a test page, removing,
re-routing the jobs of one that broke to another, and reprinting a job on demand.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import datetime

from domain.errors import DomainError
from domain.schema import Bool, Field, Int, List, Obj, Str, validate

from ..store.printing import ALL_STATIONS, PASS_STATION, PrintRows
from .render import AUTO

CODE_PAGES = (AUTO, "CP857", "CP1254", "CP437", "CP850", "CP858", "CP1252")  # the profile's
STATION_OR_ALL = Str(32, 1, pattern=r"\*|[a-z0-9_-]+",
                     description=f"a kitchen station; {PASS_STATION!r}: the lines no station cooks;"
                                 f" {ALL_STATIONS!r}: every station")  # fmt: skip
PRINTER = Obj(
    {
        "name": Field(Str(40, 1)),
        "host": Field(Str(253, 1, pattern=r"[A-Za-z0-9.:_-]+",
                          description="the printer's address on the restaurant's network")),
        "port": Field(Int(1, 65535), required=False, default=9100),
        "width": Field(Int(58, 80, "paper width in mm: 58 or 80", choices=(58, 80)),
                       required=False, default=80),
        "code_page": Field(Str(16, choices=CODE_PAGES, description="auto: chosen per character"
                                                                   " among the printer's own"),
                           required=False, default=AUTO),
        "stations": Field(List(STATION_OR_ALL, 20), required=False, default=list),
        "bill": Field(Bool("prints guests' bills"), required=False, default=False),
        "z_report": Field(Bool("prints the day's Z report"), required=False, default=False),
        "copies": Field(Int(1, 5), required=False, default=1),
    }
)  # fmt: skip


def printer_id(name: str) -> str:
    """``Grill printer`` -> ``grill-printer``: the name a manager reads is the handle."""
    plain = unicodedata.normalize("NFKD", name.replace("ı", "i")).encode("ascii", "ignore")
    return re.sub(r"[^a-z0-9]+", "-", plain.decode().lower()).strip("-")[:40] or "printer"


def check(data: dict) -> dict:
    printer = validate(PRINTER, data)
    if printer["width"] not in (58, 80):
        raise DomainError("invalid_value", "paper is 58 or 80 mm wide", field="width")
    printer["stations"] = sorted(set(printer["stations"]))
    return printer


def test_page(printer: dict, now: str) -> dict:
    """What a test print says: that this printer is this one, and how Turkish comes out."""
    return {
        "kind": "test", "title": "PASSLINE TEST", "order_id": "", "station": "", "at": now,
        "rows": [["Printer", printer["name"]], ["Address", f"{printer['host']}:{printer['port']}"],
                 ["Stations", ", ".join(printer["stations"]) or "-"],
                 ["Paper", f"{printer['width']} mm"], ["Türkçe", "İıĞğÜüŞşÖöÇç"]],
        "footer": "ESC/POS OK",
    }  # fmt: skip


class Printers:
    def __init__(self, rows: PrintRows, clock: Callable[[], datetime], wake: Callable[[], None],
                 told: Callable[[str, str], None] | None = None) -> None:  # fmt: skip
        """``told(restaurant, printer)``: its jobs waiting changed by hand (a reprint, a
        re-route): the log says so, for the screens that show it."""
        self.rows, self.clock, self.wake = rows, clock, wake
        self.told = told or (lambda restaurant, printer: None)

    def add(self, restaurant: str, data: dict, printer_id_: str = "") -> dict:
        """A new printer, or (``printer_id_``) the settings of one."""
        printer = check(data)
        printer["id"] = printer_id_ or printer_id(printer["name"])
        if not printer_id_ and self.rows.printer(restaurant, printer["id"]) is not None:
            raise DomainError("already_exists", f"a printer named {printer['name']!r} exists",
                              field="name")  # fmt: skip
        if printer_id_ and self.rows.printer(restaurant, printer_id_) is None:
            raise DomainError("not_found", f"no printer {printer_id_!r}")
        self.rows.put_printer(restaurant, printer, self.clock())
        return self.get(restaurant, printer["id"])

    def get(self, restaurant: str, printer: str) -> dict:
        found = self.rows.printer(restaurant, printer)
        if found is None:
            raise DomainError("not_found", f"no printer {printer!r}")
        return found

    def list(self, restaurant: str) -> list[dict]:
        return self.rows.printers(restaurant)

    def test(self, restaurant: str, printer: str) -> str:
        from domain.timestamps import iso

        found = self.get(restaurant, printer)
        job = self.rows.queue(restaurant, found["id"], test_page(found, iso(self.clock())),
                              self.clock())  # fmt: skip
        self.wake()
        self.told(restaurant, found["id"])
        return job

    def remove(self, restaurant: str, printer: str) -> int:
        self.get(restaurant, printer)
        return self.rows.remove_printer(restaurant, printer)

    def reroute(self, restaurant: str, source: str, target: str) -> int:
        self.get(restaurant, source)
        self.get(restaurant, target)
        if source == target:
            raise DomainError("invalid_value", "re-route to another printer", field="to")
        moved = self.rows.reroute(restaurant, source, target)
        self.wake()
        self.told(restaurant, source)
        self.told(restaurant, target)
        return moved

    def paper(self, restaurant: str, paper: dict) -> list[str]:
        """A bill or a Z report (laid out by the page), on every printer set for its kind."""
        from domain.timestamps import iso

        doc = {**paper, "station": "", "at": iso(self.clock())}
        made = [self.rows.queue(restaurant, p["id"], doc, self.clock())
                for p in self.rows.printers(restaurant) if p[paper["kind"]]]  # fmt: skip
        if made:
            self.wake()
        return made

    def reprint(self, restaurant: str, job_id: str, printer: str = "") -> str:
        """A job printed again, headed REPRINT (on its printer, or another)."""
        job = self.rows.job(restaurant, job_id)
        if job is None:
            raise DomainError("not_found", f"no print job {job_id!r}")
        target = self.get(restaurant, printer or job["printer"])["id"]
        made = self.rows.queue(restaurant, target, job["doc"], self.clock(), reprint_of=job_id)
        self.wake()
        self.told(restaurant, target)
        return made
