"""The printers a manager keeps (``server.printing.printers``): a name is the printer's handle
(Turkish letters folded), a second printer of the same name or a paper width no printer has is
refused, a re-route moves the waiting jobs to another printer and says so, a bill goes to every
printer set for bills, a reprint is headed REPRINT on the printer asked for."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.errors import DomainError
from server.printing.printers import Printers, printer_id
from server.store.printing import PrintRows
from tests.conftest import store_from


def now() -> datetime:
    return datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def printers(template, tmp_path):
    store = store_from(template, tmp_path)
    woken, told = [], []
    made = Printers(PrintRows(store.db), now, lambda: woken.append(1),
                    told=lambda r, p: told.append(p))  # fmt: skip
    made.woken, made.told_of = woken, told
    yield made
    store.db.close()


def test_a_printers_name_is_its_handle():
    assert printer_id("Izgara yazıcısı") == "izgara-yazicisi"
    assert printer_id("Soğuk / Çiğ köfte") == "soguk-cig-kofte"
    assert printer_id("!!!") == "printer"


def test_printers_are_added_once_and_checked(printers):
    grill = printers.add("demo", {"name": "Grill", "host": "10.0.0.5",
                                  "stations": ["grill", "grill"]})  # fmt: skip
    assert (grill["id"], grill["port"], grill["width"], grill["stations"]) == (
        "grill", 9100, 80, ["grill"])  # fmt: skip
    with pytest.raises(DomainError) as twice:
        printers.add("demo", {"name": "Grill", "host": "10.0.0.6"})
    assert twice.value.code == "already_exists"
    with pytest.raises(DomainError) as width:
        printers.add("demo", {"name": "Bar", "host": "10.0.0.7", "width": 70})
    assert (width.value.code, width.value.field) == ("invalid_value", "width")
    changed = printers.add("demo", {"name": "Grill", "host": "10.0.0.9", "width": 58}, "grill")
    assert (changed["host"], changed["width"]) == ("10.0.0.9", 58)
    with pytest.raises(DomainError) as missing:
        printers.add("demo", {"name": "X", "host": "10.0.0.1"}, "nope")
    assert missing.value.code == "not_found"


def test_jobs_are_rerouted_bills_go_where_set_and_reprints_say_so(printers):
    printers.add("demo", {"name": "Grill", "host": "10.0.0.5", "stations": ["grill"]})
    printers.add("demo", {"name": "Till", "host": "10.0.0.6", "bill": True})
    test_job = printers.test("demo", "grill")
    assert printers.woken and printers.told_of == ["grill"]
    assert printers.rows.job("demo", test_job)["doc"]["rows"][-1] == ["Türkçe", "İıĞğÜüŞşÖöÇç"]

    with pytest.raises(DomainError) as same:
        printers.reroute("demo", "grill", "grill")
    assert same.value.code == "invalid_value"
    assert printers.reroute("demo", "grill", "till") == 1
    assert printers.rows.job("demo", test_job)["printer"] == "till"

    bill = {"kind": "bill", "title": "Table 4", "rows": [["Adana", "450.00"]], "order_id": "o1"}
    made = printers.paper("demo", bill)
    assert [printers.rows.job("demo", j)["printer"] for j in made] == ["till"]

    again = printers.reprint("demo", test_job, "grill")
    job = printers.rows.job("demo", again)
    assert (job["printer"], job["reprint_of"], job["maybe_printed"]) == ("grill", test_job, True)
    with pytest.raises(DomainError):
        printers.reprint("demo", "no-such-job")
    assert printers.remove("demo", "grill") == 1
    with pytest.raises(DomainError):
        printers.get("demo", "grill")
