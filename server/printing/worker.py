"""The print worker: one per server process. It wakes when a change queued papers (or every
half second), and for each printer with jobs due drains them in order on a thread of that
printer's own, so one printer that is off never holds up another.

Each job is taken through the store's claim (one sender at a time, across processes), rendered
for the printer as it is configured now (width, code page, copies; REPRINT when an earlier send
may have printed it), sent, then marked done or put back with a backoff. A printer that cannot
be reached or has no paper keeps its jobs; its state goes into the log (``printer_status``) so
the kitchen, the pass and the manager see "printer offline, 3 waiting".
"""

from __future__ import annotations

import logging
import random
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ..store.printing import PrintRows
from . import render, sender

log = logging.getLogger(__name__)

IDLE_S = 0.5
MAX_BACKOFF_S = 30.0

# (restaurant, printer as the store lists it) -> the log is told
OnState = Callable[[str, dict], None]


def backoff_s(fails: int) -> float:
    """Seconds before a printer that failed ``fails`` times running is tried again."""
    return min(MAX_BACKOFF_S, 0.5 * 2 ** min(fails, 10)) * random.uniform(0.8, 1.2)


class PrintWorker:
    def __init__(
        self,
        rows: PrintRows,
        clock: Callable[[], datetime],
        timezone_of: Callable[[str], str],
        on_state: OnState | None = None,
    ) -> None:
        self.rows, self.clock, self.timezone_of = rows, clock, timezone_of
        self.on_state = on_state
        self.name = f"printer-{uuid.uuid4().hex[:8]}"  # this process's claims
        self._wake = threading.Event()
        self._busy: set[tuple[str, str]] = set()
        self._fails: dict[tuple[str, str], int] = {}
        self._answers: dict[tuple[str, str], bool] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.sent = 0  # jobs printed by this process (a figure for bench/print.py)

    def start(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="print-worker", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait(IDLE_S)
            self._wake.clear()
            try:
                due = self.rows.due(self.clock())
            except Exception:  # a database blip: tried again on the next wake
                log.exception("print jobs could not be read")
                continue
            for key in due:
                with self._lock:
                    if key in self._busy:
                        continue
                    self._busy.add(key)
                threading.Thread(target=self._drain, args=key, daemon=True,
                                 name=f"print-{key[1]}").start()  # fmt: skip

    def _drain(self, restaurant: str, printer_id: str) -> None:
        key = (restaurant, printer_id)
        try:
            while self._send_next(restaurant, printer_id):
                pass
        except Exception:
            log.exception("printer %s of %s", printer_id, restaurant)
        finally:
            with self._lock:
                self._busy.discard(key)

    def _send_next(self, restaurant: str, printer_id: str) -> bool:
        """One job; True to go on with the next."""
        key = (restaurant, printer_id)
        job = self.rows.claim(restaurant, printer_id, self.name, self.clock())
        if job is None:
            return False
        printer = self.rows.printer(restaurant, printer_id)
        if printer is None:  # removed under us: its jobs went with it
            return False
        data = self.render(restaurant, printer, job)
        outcome = sender.send(printer["host"], printer["port"], data, self._answers.get(key))
        if outcome.answers_status is not None:
            self._answers[key] = outcome.answers_status
        now = self.clock()
        if outcome.printed:
            self.rows.finish(restaurant, job["id"], self.name, now)
            self.sent += 1
            self._fails.pop(key, None)
            self._state(restaurant, printer, offline=False, error="")
            return True
        fails = self._fails[key] = self._fails.get(key, 0) + 1
        again = now + timedelta(seconds=backoff_s(fails))
        self.rows.retry(restaurant, job["id"], self.name, again, outcome.maybe)
        self.rows.delay(restaurant, printer_id, again)
        self._state(restaurant, printer, offline=True, error=outcome.error)
        return False

    def render(self, restaurant: str, printer: dict, job: dict) -> bytes:
        doc = job["doc"]
        reprint = bool(job["maybe_printed"] or job.get("reprint_of"))
        paper = render.Paper(printer["width"], printer["code_page"])
        at = self._local_time(restaurant, doc.get("at", ""))
        for _ in range(max(1, printer["copies"])):
            if doc["kind"] in ("bill", "z_report", "test"):
                render.lines_page(doc["title"], [tuple(r) for r in doc["rows"]], paper,
                                  reprint=reprint, footer=doc.get("footer", ""))  # fmt: skip
            else:
                render.ticket(doc, paper, reprint=reprint, local_time=at,
                              labels={"dine_in": "", "takeaway": "TAKE-AWAY",
                                      "delivery": "DELIVERY"})  # fmt: skip
        return paper.output

    def _local_time(self, restaurant: str, at: str) -> str:
        if not at:
            return ""
        try:
            moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
            return moment.astimezone(ZoneInfo(self.timezone_of(restaurant))).strftime("%H:%M")
        except (ValueError, KeyError):
            return at[11:16]

    def _state(self, restaurant: str, printer: dict, offline: bool, error: str) -> None:
        if not self.rows.set_state(restaurant, printer["id"], offline, error, self.clock()):
            return
        if offline:
            log.warning("printer %s (%s:%s) of %s: %s", printer["name"], printer["host"],
                        printer["port"], restaurant, error)  # fmt: skip
        if self.on_state is not None:
            try:
                self.on_state(restaurant, printer["id"])
            except Exception:
                log.exception("printer state of %s not logged", printer["id"])
