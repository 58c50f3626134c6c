"""The print worker (``server.printing.worker``) against a real TCP printer on loopback and a
real store: two workers (two server processes' worth) sharing one queue print each job once and
in order; a printer that cannot be reached keeps its jobs, is said to be offline once, and prints
them when it is back; the backoff grows and stays bounded."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from server.printing import worker as print_worker
from server.printing.printers import Printers
from server.printing.worker import PrintWorker, backoff_s
from server.store.printing import PrintRows
from tests.conftest import store_from
from tests.support.fake_printer import FakePrinter


def now() -> datetime:
    return datetime.now(UTC)


@pytest.fixture
def rows(template, tmp_path):
    store = store_from(template, tmp_path)
    yield PrintRows(store.db, lease_s=30)
    store.db.close()


@pytest.fixture
def printer():
    made = FakePrinter()
    yield made
    made.stop()


def paper(n: int) -> dict:
    return {"kind": "test", "title": f"PAPER {n:02d}", "order_id": "", "station": "",
            "at": "", "rows": [["n", str(n)]], "footer": ""}  # fmt: skip


def add_printer(rows: PrintRows, port: int) -> None:
    Printers(rows, now, lambda: None).add("demo", {"name": "Grill", "host": "127.0.0.1",
                                                   "port": port, "stations": ["grill"]})  # fmt: skip


def titles(papers: list[str]) -> list[str]:
    return [line for p in papers for line in p.splitlines() if line.strip().startswith("PAPER")]


def test_two_workers_print_each_job_once_and_in_order(rows, printer):
    add_printer(rows, printer.port)
    for n in range(12):
        rows.queue("demo", "grill", paper(n), now())
    workers = [PrintWorker(rows, now, lambda r: "Europe/Istanbul") for _ in range(2)]
    for w in workers:
        w.start()
        w.wake()
    papers = printer.wait_for(12)
    assert [t.strip() for t in titles(papers)] == [f"PAPER {n:02d}" for n in range(12)]
    time.sleep(0.6)  # a further wake finds nothing more to print
    assert len(printer.papers()) == 12
    # A worker counts a job once the printer has taken all of it and the job is marked done,
    # a moment after the paper arrives: so the count is read after the wait, not at once.
    assert sum(w.sent for w in workers) == 12
    assert all(j["status"] == "done" for j in rows.jobs("demo"))


def test_an_unreachable_printer_keeps_its_jobs_until_it_is_back(rows, printer, monkeypatch):
    monkeypatch.setattr(print_worker, "backoff_s", lambda fails: 0.2)
    add_printer(rows, printer.port)
    printer.stop()
    told: list[tuple[str, str]] = []
    worker = PrintWorker(rows, now, lambda r: "UTC", on_state=lambda r, p: told.append((r, p)))
    worker.start()
    for n in range(3):
        rows.queue("demo", "grill", paper(n), now())
    worker.wake()
    deadline = time.monotonic() + 5
    while not told and time.monotonic() < deadline:
        time.sleep(0.05)
    state = rows.printer("demo", "grill")
    assert told == [("demo", "grill")] and state["offline_since"] is not None
    assert state["last_error"].startswith("unreachable") and state["waiting"] == 3
    time.sleep(0.6)
    assert told == [("demo", "grill")]  # said once, not at every retry

    printer.start()  # switched on again, on the same port
    assert len(titles(printer.wait_for(3))) == 3
    deadline = time.monotonic() + 5
    while len(told) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert told[-1] == ("demo", "grill") and rows.printer("demo", "grill")["offline_since"] is None


def test_the_backoff_grows_and_stays_bounded():
    assert 0.4 <= backoff_s(0) <= 0.6
    assert backoff_s(3) > backoff_s(0)
    assert all(backoff_s(n) <= print_worker.MAX_BACKOFF_S * 1.2 for n in range(50))
