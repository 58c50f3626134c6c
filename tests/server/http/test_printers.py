"""The printers over REST against a real server and real TCP printers on loopback: who may do
what, bad input refused by name, re-routing a broken printer's queue, a reprint headed REPRINT,
and a bill and a Z report printed on the printers set for them."""

from __future__ import annotations

from tests.support.client import Rest, error_code, login, order_body
from tests.support.fake_printer import FakePrinter
from tests.support.server_process import ServerProcess, seed_demo
from tests.support.wait import until

BURGER = {"item_id": "classic-burger", "qty": 1, "modifiers": ["medium", "fries"]}


def test_printers_over_rest(tmp_path):
    db = str(tmp_path / "passline.db")
    seed_demo(db)
    server = ServerProcess(db).start()
    grill, spare = FakePrinter(), FakePrinter()
    try:
        url = server.url
        manager, kitchen = Rest(url, login(url, "manager")), Rest(url, login(url, "kitchen"))
        floor = Rest(url, login(url, "floor"))
        body = {"name": "Grill", "host": "127.0.0.1", "port": grill.port, "stations": ["grill"]}
        assert kitchen.post("/printers", body).status_code == 403
        made = manager.post("/printers", body)
        assert made.status_code == 201 and made.json()["printer"]["id"] == "grill"
        assert error_code(manager.post("/printers", body)) == "already_exists"
        for bad in ({**body, "name": "X", "port": 70000}, {**body, "name": "Y", "width": 70},
                    {**body, "name": "Z", "stations": ["Grill!"]}, {"name": "Q"}):  # fmt: skip
            r = manager.post("/printers", bad)
            assert r.status_code == 422 and error_code(r), r.text
        spare_body = {"name": "Spare", "host": "127.0.0.1", "port": spare.port, "bill": True,
                      "z_report": True, "width": 58}  # fmt: skip
        assert manager.post("/printers", spare_body).status_code == 201
        assert floor.get("/printers").status_code == 403
        listed = kitchen.get("/printers").json()["printers"]
        assert [(p["id"], p["waiting"]) for p in listed] == [("grill", 0), ("spare", 0)]

        grill.stop()  # broken for the night: its queue goes to the spare
        order = floor.post("/orders", order_body("hall-2", [BURGER])).json()["order"]
        until(lambda: kitchen.get("/printers").json()["printers"][0],
              lambda p: p["offline_since"] is not None and p["waiting"] == 1, timeout=15)  # fmt: skip
        assert error_code(manager.post("/printers/grill/reroute", {"to": "grill"})) == (
            "invalid_value")  # fmt: skip
        moved = manager.post("/printers/grill/reroute", {"to": "spare"}).json()["moved"]
        assert moved == 1
        (ticket,) = spare.wait_for(1, timeout_s=15)
        assert ticket.startswith("GRILL") and order["number"] in ticket

        # The paper is out before the printer's answer to the status asked after it: then done.
        jobs = until(lambda: kitchen.get("/print-jobs", params={"order_id": order["id"]}).json()[
            "jobs"], lambda found: found[0]["status"] == "done", timeout=10)  # fmt: skip
        assert [(j["kind"], j["status"], j["number"]) for j in jobs] == [
            ("new", "done", order["number"])]  # fmt: skip
        again = kitchen.post(f"/print-jobs/{jobs[0]['id']}/reprint", {"printer": "spare"})
        assert again.status_code == 202
        papers = spare.wait_for(2, timeout_s=15)
        assert papers[1].startswith("REPRINT") and order["number"] in papers[1]
        assert error_code(kitchen.post("/print-jobs/nope/reprint", {})) == "not_found"

        bill = {"kind": "bill", "order_id": order["id"], "title": "Hesap A-001",
                "rows": [["1 × Classic burger", "₺13,90"], ["Toplam", "₺13,90"]]}  # fmt: skip
        assert floor.post("/print", bill).status_code == 202
        papers = spare.wait_for(3, timeout_s=15)
        assert "Hesap A-001" in papers[2] and "Toplam" in papers[2]
        z_report = {"kind": "z_report", "title": "Z 2026-12-02", "rows": [["Orders", "1"]]}
        assert floor.post("/print", z_report).status_code == 403
        assert manager.post("/print", z_report).status_code == 202
        assert "Z 2026-12-02" in spare.wait_for(4, timeout_s=15)[3]
        until(lambda: kitchen.get("/printers").json()["printers"],
              lambda found: all(p["waiting"] == 0 for p in found), timeout=10)  # fmt: skip
        assert manager.delete("/printers/spare").json() == {"dropped": 0}
        assert manager.delete("/printers/grill").json() == {"dropped": 0}
        assert error_code(floor.post("/print", bill)) in ("no_printer",)
    finally:
        server.kill()
        grill.stop()
        spare.stop()
