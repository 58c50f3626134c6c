"""Print jobs as stored (``server.store.printing``) on either engine: a printer is sent to by
one sender at a time, in order; a lease that runs out hands the job on marked "maybe printed";
a sender that lost its lease cannot finish it; a printer's queue can be delayed, rerouted or
dropped with it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.timestamps import iso
from server.store.printing import PrintRows, routes

T0 = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def printer(pid: str, stations: list[str]) -> dict:
    return {"id": pid, "name": pid.title(), "host": "127.0.0.1", "port": 9100, "width": 42,
            "code_page": "", "stations": stations, "bill": False, "z_report": False,
            "copies": 1}  # fmt: skip


def paper(n: int) -> dict:
    return {"kind": "new", "order_id": f"o{n}", "station": "grill", "lines": []}


def test_routes_name_stations_the_pass_or_everything():
    assert routes(printer("a", ["grill"]), "grill") and not routes(printer("a", ["grill"]), "bar")
    assert routes(printer("a", ["pass"]), "")  # lines no station cooks go to the pass
    assert routes(printer("a", ["*"]), "bar")


def test_one_sender_at_a_time_and_a_lost_lease_hands_the_job_on(databases):
    rows = PrintRows(databases.store().db, lease_s=30)
    rows.put_printer("demo", printer("grill", ["grill"]), T0)
    first = rows.queue("demo", "grill", paper(1), T0)
    second = rows.queue("demo", "grill", paper(2), T0 + timedelta(seconds=1))
    assert rows.due(T0 + timedelta(seconds=1)) == [("demo", "grill")]

    job = rows.claim("demo", "grill", "worker-a", T0 + timedelta(seconds=2))
    assert job["id"] == first and job["attempts"] == 1 and not job["maybe_printed"]
    # one sender per printer: another cannot print the next ticket before this one is out
    assert rows.claim("demo", "grill", "worker-b", T0 + timedelta(seconds=2)) is None

    # worker-a dies: after its lease, worker-b takes the job marked "maybe printed" (REPRINT)
    late = T0 + timedelta(seconds=40)
    assert rows.due(late) == [("demo", "grill")]
    again = rows.claim("demo", "grill", "worker-b", late)
    assert again["id"] == first and again["maybe_printed"] and again["attempts"] == 2
    assert not rows.finish("demo", first, "worker-a", late)  # its lease is gone
    assert rows.finish("demo", first, "worker-b", late)
    assert rows.job("demo", first)["status"] == "done"
    assert rows.claim("demo", "grill", "worker-a", late)["id"] == second  # then the next
    assert rows.printer("demo", "grill")["waiting"] == 1


def test_a_retry_waits_and_a_delay_holds_the_printers_queue(databases):
    rows = PrintRows(databases.store().db)
    rows.put_printer("demo", printer("grill", ["grill"]), T0)
    job_id = rows.queue("demo", "grill", paper(1), T0)
    rows.claim("demo", "grill", "w", T0)
    rows.retry("demo", job_id, "w", T0 + timedelta(seconds=5), maybe_printed=True)
    assert rows.claim("demo", "grill", "w", T0 + timedelta(seconds=4)) is None
    rows.delay("demo", "grill", T0 + timedelta(seconds=30))  # unreachable: later still
    assert rows.due(T0 + timedelta(seconds=10)) == []
    job = rows.claim("demo", "grill", "w", T0 + timedelta(seconds=30))
    assert job["id"] == job_id and job["maybe_printed"]  # part of it went out: REPRINT


def test_jobs_are_rerouted_or_dropped_with_their_printer(databases):
    rows = PrintRows(databases.store().db)
    for p in (printer("grill", ["grill"]), printer("spare", ["*"])):
        rows.put_printer("demo", p, T0)
    queued = [rows.queue("demo", "grill", paper(n), T0) for n in range(3)]
    sending = rows.claim("demo", "grill", "w", T0)["id"]  # being sent: it stays
    rest = [j for j in queued if j != sending]
    assert rows.reroute("demo", "grill", "spare") == 2
    assert {rows.job("demo", j)["printer"] for j in rest} == {"spare"}
    assert rows.remove_printer("demo", "spare") == 2
    assert rows.printer("demo", "spare") is None and rows.job("demo", rest[0]) is None
    assert rows.job("demo", sending)["status"] == "sending"


def test_a_printers_state_changes_only_when_it_differs(databases):
    rows = PrintRows(databases.store().db)
    rows.put_printer("demo", printer("grill", ["grill"]), T0)
    assert rows.set_state("demo", "grill", True, "no paper", T0)
    assert not rows.set_state("demo", "grill", True, "no paper", T0 + timedelta(minutes=1))
    assert rows.set_state("demo", "grill", True, "cover open", T0 + timedelta(minutes=2))
    assert rows.printer("demo", "grill")["offline_since"] == iso(T0)  # the first, not the latest
    assert rows.set_state("demo", "grill", False, "", T0 + timedelta(minutes=3))
    assert rows.printer("demo", "grill")["offline_since"] is None
    assert not rows.set_state("demo", "nope", True, "x", T0)


def test_papers_queued_in_the_same_instant_go_out_in_the_order_queued(databases):
    rows = PrintRows(databases.store().db)
    rows.put_printer("demo", printer("pass", ["*"]), T0)
    queued = [rows.queue("demo", "pass", paper(n), T0) for n in range(20)]  # one instant
    sent = []
    for _ in queued:
        job = rows.claim("demo", "pass", "w", T0)
        sent.append(job["id"])
        assert rows.finish("demo", job["id"], "w", T0)
    assert sent == queued
