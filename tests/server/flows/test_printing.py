"""Kitchen printers against a real server and real TCP printers on loopback (``FakePrinter``):
a new order's lines print at their stations by themselves, in Turkish; a printer that is off
keeps its jobs and says so, then prints each once; a link dropped mid-ticket and a server killed
mid-print give at most a second paper headed REPRINT, never a silent double; two processes on
PostgreSQL never both print a job.

What "once" means: a printer acknowledges nothing. A job is done when the printer has read it
whole (it answered the status request sent after the ticket). A send cut off before that may
or may not have printed: the next try is headed REPRINT, so a cook never cooks a silent double.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support.cli import cli
from tests.support.client import Rest, login, order_body
from tests.support.fake_printer import FakePrinter
from tests.support.server_process import ServerProcess, seed_demo
from tests.support.wait import until

BURGER = {"item_id": "classic-burger", "qty": 2, "modifiers": ["medium", "fries"],
          "note": "soğansız, az pişmiş"}  # fmt: skip
SALAD = {"item_id": "greek-salad", "qty": 1, "modifiers": ["yogurt"]}


def add_printer(db: str, name: str, printer: FakePrinter, *options: str) -> None:
    made = cli("printers", "add", "demo", name, printer.address, *options, db=db)
    assert made.returncode == 0, made.stderr


def printer_news(rest: Rest) -> list[dict]:
    """What the log told the screens about printers, oldest first."""
    events = rest.get("/events", params={"since": 0, "limit": 1000}).json()["events"]
    return [e["data"] for e in events if e["type"] == "printer_status"]


@pytest.fixture
def printers():
    made: list[FakePrinter] = []
    yield lambda: made.append(FakePrinter()) or made[-1]
    for printer in made:
        printer.stop()


def test_an_order_prints_at_each_station_by_itself_and_a_printer_off_keeps_its_jobs(
    tmp_path, printers
):
    db = str(tmp_path / "passline.db")
    seed_demo(db)
    grill, cold = printers(), printers()
    add_printer(db, "Grill", grill, "--stations", "grill")
    add_printer(db, "Cold", cold, "--stations", "cold,pass", "--width", "58")
    server = ServerProcess(db).start()
    try:
        waiter = Rest(server.url, login(server.url, "floor"))
        order = waiter.post("/orders", order_body("hall-2", [BURGER, SALAD])).json()["order"]
        number = order["number"]
        (ticket,) = grill.wait_for(1)
        assert ticket.splitlines()[:3] == ["GRILL", number, "H2"]
        assert "2 x Classic burger" in ticket and "Medium, Fries" in ticket
        assert "! soğansız, az pişmiş" in ticket and "Greek salad" not in ticket
        (slip,) = cold.wait_for(1)
        assert slip.startswith("COLD") and "1 x Greek salad" in slip and "burger" not in slip

        grill.stop()  # the grill printer is switched off at rush hour
        second = waiter.post("/orders", order_body("hall-3", [BURGER])).json()["order"]

        def grill_row() -> list[str]:
            listed = cli("printers", "list", "demo", db=db).stdout.splitlines()
            return next(line.split() for line in listed if line.startswith("grill "))

        row = until(grill_row, lambda r: r[5] == "offline", timeout=15)
        assert row[4] == "1"  # waiting
        status = printer_news(waiter)
        assert status[-1]["offline_since"] and status[-1]["waiting"] == 1, status
        assert "unreachable" in status[-1]["last_error"]
        grill.start()  # back on: the waiting ticket prints, once
        papers = grill.wait_for(2, timeout_s=45)
        assert [p.splitlines()[1] for p in papers] == [number, second["number"]]
        assert not any("REPRINT" in p for p in papers)

        back = until(
            lambda: printer_news(waiter), lambda news: not news[-1]["offline_since"], timeout=10
        )
        assert back[-1]["waiting"] <= 1  # told as it came back, with what it still had
    finally:
        server.kill()


def test_a_link_dropped_mid_ticket_reprints_it_headed_reprint(tmp_path, printers):
    db = str(tmp_path / "passline.db")
    seed_demo(db)
    grill = printers()
    add_printer(db, "Grill", grill, "--stations", "grill")
    server = ServerProcess(db).start()
    try:
        waiter = Rest(server.url, login(server.url, "floor"))
        grill.drop_after = 40  # the Wi-Fi bridge to the printer drops halfway
        number = waiter.post("/orders", order_body("hall-2", [BURGER])).json()["order"]["number"]
        papers = grill.wait_for(1, timeout_s=30)
        assert len(papers) == 1 and papers[0].startswith("REPRINT"), papers
        assert number in papers[0] and "Classic burger" in papers[0]
        assert len(grill.partial()) == 1  # the first try: half a ticket, no cut
    finally:
        server.kill()


def test_a_server_killed_mid_print_leaves_at_most_a_reprint(tmp_path, printers):
    db = str(tmp_path / "passline.db")
    seed_demo(db)
    grill = printers()
    add_printer(db, "Grill", grill, "--stations", "grill")
    env = {"PASSLINE_PRINT_LEASE_S": "2"}
    server = ServerProcess(db, env=env).start()
    waiter = Rest(server.url, login(server.url, "floor"))
    grill.delay_s = 3  # a slow printer: the ticket is on the wire when the server dies
    number = waiter.post("/orders", order_body("hall-2", [BURGER])).json()["order"]["number"]
    until(lambda: grill.connections, lambda n: n >= 1, timeout=10)
    server.kill()  # kill -9, mid-print
    grill.delay_s = 0
    again = ServerProcess(db, env=env).start()
    try:
        Rest(again.url, login(again.url, "floor")).get("/floor")  # a device comes back
        papers = until(lambda: [p for p in grill.papers() if "REPRINT" in p], bool, timeout=30)
        everything = grill.papers()
        assert all(number in p for p in everything)
        assert len(everything) <= 2 and sum("REPRINT" not in p for p in everything) <= 1
        assert papers[0].splitlines()[1] == "GRILL"
    finally:
        again.kill()


def test_two_processes_on_postgresql_never_both_print_a_job(pg_databases, redis_server,
                                                           tmp_path, printers):  # fmt: skip
    database = pg_databases.new()
    grill = printers()
    add_printer(database, "Grill", grill, "--stations", "grill")
    servers = [ServerProcess(database, log_dir=tmp_path, args=("--broker", redis_server.url))
               for _ in range(2)]  # fmt: skip
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda s: s.start(), servers))
    try:
        waiters = [Rest(s.url, login(s.url, "floor")) for s in servers]
        with ThreadPoolExecutor(8) as pool:
            numbers = list(pool.map(
                lambda i: waiters[i % 2].post("/orders", order_body(
                    None, [{**BURGER, "qty": 1, "note": f"order {i}"}])).json()["order"]["number"],
                range(30)))  # fmt: skip
        papers = grill.wait_for(30, timeout_s=30)
        assert sorted(p.splitlines()[1] for p in grill.papers()) == sorted(numbers)
        assert not any("REPRINT" in p for p in papers)
    finally:
        for server in servers:
            server.kill()
        pg_databases.drop(database)


def test_a_printer_out_of_paper_keeps_its_ticket_until_it_has_paper(tmp_path, printers):
    db = str(tmp_path / "passline.db")
    seed_demo(db)
    cold = printers()
    add_printer(db, "Cold", cold, "--stations", "cold")
    server = ServerProcess(db).start()
    try:
        waiter = Rest(server.url, login(server.url, "floor"))
        cold.paper = False
        waiter.post("/orders", order_body("hall-2", [SALAD]))

        news = until(
            lambda: printer_news(waiter), lambda n: bool(n) and n[-1]["offline_since"], timeout=15
        )
        assert news[-1]["last_error"] == "out of paper" and news[-1]["waiting"] == 1
        cold.paper = True  # a new roll
        (paper,) = cold.wait_for(1, timeout_s=45)
        assert paper.startswith("COLD") and "REPRINT" not in paper  # nothing had gone out
    finally:
        server.kill()
