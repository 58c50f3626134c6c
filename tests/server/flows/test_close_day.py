"""The close of day against a real server on each engine: refused while a drawer is open or a
check unpaid, closed with the open ones carried over; its Z report fixed from then on, a later
refund in the next day's figures; the approvals given before it ended."""

from __future__ import annotations

import csv
import io
import re

from server.cli.demo import PINS
from tests.support.client import Rest, error_code, login, new_client_id, order_body

NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def pay_cash(waiter: Rest, order: dict) -> str:
    client_id = new_client_id()
    body = {"client_id": client_id, "method": "cash", "amount": order["total"]}
    assert waiter.post(f"/orders/{order['id']}/payments", body).status_code == 200
    return client_id


def test_a_day_closed_with_its_drawer_counted_five_short(engine_server):
    url = engine_server.url
    waiter, manager = Rest(url, login(url, "floor")), Rest(url, login(url, "manager"))
    day = manager.get("/reports/x").json()["day"]
    opening = {"client_id": new_client_id(), "drawer_id": "till-1", "name": "Till", "float": 10000}
    assert manager.post("/drawers", opening).status_code == 201
    item = next(i for i in manager.get("/menu").json()["items"] if i["id"] == "baklava")
    form = {k: item[k] for k in ("name", "price", "category_id", "description", "modifiers",
                                 "position")}  # fmt: skip
    taxed = {"client_id": new_client_id(), "op": "save_item",
             "data": {"item_id": "baklava", **form, "tax_bp": 800}}  # fmt: skip
    assert manager.post("/mutations", {"mutations": [taxed]}).json()["results"][0]["type"] == "ack"
    first = waiter.post("/orders", order_body(None)).json()["order"]
    paid = pay_cash(waiter, first)
    second = waiter.post("/orders", order_body(None, [{"item_id": "baklava", "qty": 2}]))
    second = second.json()["order"]
    pay_cash(waiter, second)
    out = {"client_id": new_client_id(), "kind": "cash_out", "amount": 1000, "reason": "ice"}
    manager.post("/drawers/till-1/moves", out)
    done = waiter.post("/orders", order_body("hall-2")).json()["order"]  # served and paid
    for status in ("accepted", "preparing", "ready", "served"):
        body = {"client_id": new_client_id(), "status": status}
        assert waiter.post(f"/orders/{done['id']}/status", body).status_code == 200
    card = {"client_id": new_client_id(), "method": "card", "amount": done["total"]}
    assert waiter.post(f"/orders/{done['id']}/payments", card).json()["order"]["status"] == "paid"
    still_open = waiter.post("/orders", order_body(None)).json()["order"]  # not paid tonight
    ask = {"pin": PINS["manager"], "op": "refund_payment",
           "change": {"order_id": first["id"], "payment_id": paid, "amount": 100,
                      "method": "card", "reason": "wrong_item"}}  # fmt: skip
    approval = waiter.post("/approvals", ask).json()["approval"]  # asked, not used tonight

    close = {"client_id": new_client_id(), "day": day}
    refused = manager.post("/days/close", close)
    assert (refused.status_code, error_code(refused)) == (409, "drawers_open")
    expected = 10000 + first["total"] + second["total"] - 1000
    count = {"client_id": new_client_id(), "counted": expected - 5}
    assert manager.post("/drawers/till-1/close", count).json()["drawer"]["difference"] == -5
    refused = manager.post("/days/close", close)
    assert (refused.status_code, error_code(refused)) == (409, "checks_open")
    assert still_open["number"] in refused.json()["error"]["message"]

    closing = {**close, "carry_over": True}
    answer = manager.post("/days/close", closing)
    assert answer.status_code == 200, answer.text
    z = answer.json()["report"]
    assert manager.post("/days/close", closing).json() == answer.json()  # sent again: once
    # Carried over: the unpaid check, and the two take-aways paid up front still in the kitchen.
    assert z["carried"] == [first["number"], second["number"], still_open["number"]]
    assert (z["first_number"], z["last_number"]) == (first["number"], still_open["number"])
    assert z["paid_orders"] == 3  # two take-aways settled up front, and the table's check
    assert z["by_payment_method"] == {"card": done["total"],
                                      "cash": first["total"] + second["total"]}  # fmt: skip
    assert z["cash"]["over_short"] == -5 and z["cash"]["expected"] == expected
    assert z["cash"]["drawers"][0]["cash_out"] == 1000
    assert sum(c["amount"] for c in z["by_category"]) == sum(
        o["total"] for o in (first, second, done, still_open)
    )
    assert list(z["tax_rates"]) == ["800"] and z["tax_rates"]["800"] > 0  # baklava's 8 %
    assert manager.get(f"/reports/close?day={day}").json() == z
    assert [d["day"] for d in manager.get("/reports/days").json()["days"]] == [day]
    again = manager.post("/days/close", {"client_id": new_client_id(), "day": day})
    assert (again.status_code, error_code(again)) == (409, "day_closed")
    # The counted drawer left the floor with the day; the open check goes on.
    floor = waiter.get("/floor").json()
    assert floor["drawers"] == [] and still_open["id"] in [o["id"] for o in floor["orders"]]

    # The closed day's own check takes no change; a correction to it is the next day's.
    void = {"client_id": new_client_id(), "line": 0, "reason": "quality"}
    late = manager.post(f"/orders/{done['id']}/voids", void)
    assert (late.status_code, error_code(late)) == (409, "order_closed")
    # The approval asked before the close ended with it.
    refund = {**ask["change"], "client_id": new_client_id(), "approval": approval}
    late = waiter.post(f"/orders/{first['id']}/refunds", refund)
    assert (late.status_code, error_code(late)) == (403, "approval_ended")
    # A correction after the close is the next day's: the closed day's figures do not move.
    refund = {**ask["change"], "client_id": new_client_id()}
    assert manager.post(f"/orders/{first['id']}/refunds", refund).status_code == 200
    pay_cash(waiter, still_open)
    assert manager.get(f"/reports/close?day={day}").json() == z
    x = manager.get("/reports/x").json()
    assert x["starts_at"] == z["ends_at"] and x["refunds"] == {"count": 1, "amount": 100}
    assert x["by_payment_method"] == {"card": -100, "cash": still_open["total"]}
    assert x["cash"]["outside_drawers"] == still_open["total"]  # no drawer open

    text = manager.get(f"/reports/close.csv?day={day}").text
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert ["cash", "over_short", "", "-0.05"] in rows  # a number, not a formula
    assert ["drawer", "Till: cash_out", "", "10.00"] in rows
    # For a Turkish (or German...) spreadsheet: ";" between cells, a comma in numbers.
    turkish = manager.get(f"/reports/close.csv?day={day}&lang=tr").text
    assert turkish.startswith("\ufeffsection;what;count;amount\r\n")
    semicolons = list(csv.reader(io.StringIO(turkish.removeprefix("\ufeff")), delimiter=";"))
    assert ["cash", "over_short", "", "-0,05"] in semicolons
    assert ["drawer", "Till: cash_out", "", "10,00"] in semicolons
    bad = manager.get(f"/reports/close.csv?day={day}&lang=<script>")
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "lang"
    formulas = [
        c
        for row in rows
        for c in row
        if c.startswith(("=", "+", "-", "@", "\t", "\r")) and not NUMBER.fullmatch(c)
    ]
    assert formulas == []


def test_only_a_manager_closes_and_a_day_to_come_is_refused(engine_server):
    url = engine_server.url
    waiter, manager = Rest(url, login(url, "floor")), Rest(url, login(url, "manager"))
    close = {"client_id": new_client_id(), "day": "2999-01-01"}
    assert error_code(waiter.post("/days/close", close)) == "forbidden"
    refused = manager.post("/days/close", close)
    assert (refused.status_code, error_code(refused)) == (409, "day_not_begun")
    assert error_code(manager.get("/reports/close?day=2026-01-01")) == "not_found"
