"""Staff changing open orders over the API: additions, voids with a manager's approval,
discounts, held lines, cancel reasons, and who did each (a real server, real sign-ins)."""

from __future__ import annotations

from server.cli.demo import PINS
from tests.support.client import Rest, burger_line, login, new_client_id, order_body


def _code(response) -> str:
    return response.json()["error"]["code"]


def test_a_void_of_food_being_cooked_takes_the_managers_pin_on_the_phone(fresh_server):
    url = fresh_server.url
    floor, kitchen = Rest(url, login(url, "floor")), Rest(url, login(url, "kitchen"))
    other_phone = Rest(url, login(url, "floor"))
    placed = floor.post("/orders", order_body("hall-3", [burger_line(), burger_line(2)]))
    order = placed.json()["order"]
    assert order["history"][0]["by"]["role"] == "floor"
    for status in ("accepted", "preparing"):
        body = {"client_id": new_client_id(), "status": status}
        assert kitchen.post(f"/orders/{order['id']}/status", body).status_code == 200
    void = {"client_id": new_client_id(), "line": 1, "reason": "changed_mind"}
    refused = floor.post(f"/orders/{order['id']}/voids", void)
    assert (refused.status_code, _code(refused)) == (403, "approval_needed")

    ask = {"pin": PINS["floor"], "op": "void_line",
           "change": {"order_id": order["id"], "line": 1, "reason": "changed_mind"}}  # fmt: skip
    wrong = floor.post("/approvals", ask)
    assert (wrong.status_code, _code(wrong)) == (401, "wrong_pin")
    granted = floor.post("/approvals", {**ask, "pin": PINS["manager"]})
    assert granted.status_code == 200 and granted.headers["Cache-Control"] == "no-store"
    approval = granted.json()["approval"]
    # Worth nothing on another device or with a byte changed; refused for another change.
    for rest, body in (
        (other_phone, {**void, "client_id": new_client_id(), "approval": approval}),
        (floor, {**void, "client_id": new_client_id(), "approval": approval[:-2] + "xx"}),
    ):
        answer = rest.post(f"/orders/{order['id']}/voids", body)
        assert (answer.status_code, _code(answer)) == (403, "approval_needed")
    cancel = {"client_id": new_client_id(), "status": "cancelled", "reason": "quality",
              "approval": approval}  # fmt: skip
    assert _code(floor.post(f"/orders/{order['id']}/status", cancel)) == "approval_mismatch"
    other_line = {**void, "client_id": new_client_id(), "line": 0, "approval": approval}
    assert _code(floor.post(f"/orders/{order['id']}/voids", other_line)) == "approval_mismatch"

    done = floor.post(f"/orders/{order['id']}/voids", {**void, "approval": approval})
    assert done.status_code == 200, done.text
    line = done.json()["order"]["lines"][1]
    assert line["voided"]["reason"] == "changed_mind" and line["voided"]["by"]["role"] == "floor"
    # The kitchen reads the same order: the line is there, marked.
    seen = kitchen.get(f"/orders/{order['id']}").json()["order"]
    assert seen["lines"][1]["voided"] and seen["total"] == order["lines"][0]["line_total"]
    assert [h["what"] for h in seen["history"]] == ["placed", "status", "status", "void"]


def test_desserts_are_added_as_their_own_ticket_and_paid_on_one_bill(fresh_server):
    url = fresh_server.url
    floor, kiosk = Rest(url, login(url, "floor")), Rest(url, login(url, "kiosk"))
    kitchen = Rest(url, login(url, "kitchen"))
    order = floor.post("/orders", order_body("hall-4", guests=2)).json()["order"]
    assert order["guests"] == 2 and order["type"] == "dine_in"
    for status in ("accepted", "preparing", "ready"):
        kitchen.post(
            f"/orders/{order['id']}/status", {"client_id": new_client_id(), "status": status}
        )
    floor.post(f"/orders/{order['id']}/status", {"client_id": new_client_id(), "status": "served"})
    dessert_line = [{"item_id": "baklava", "qty": 2}]
    refused = kiosk.post("/orders", order_body(None, dessert_line, adds_to=order["id"]))
    assert refused.status_code == 403
    added = floor.post("/orders", order_body(None, dessert_line, adds_to=order["id"]))
    assert added.status_code == 201, added.text
    dessert = added.json()["order"]
    assert (dessert["number"], dessert["table_id"], dessert["adds_to"]) == (
        order["number"], "hall-4", order["id"]
    )  # fmt: skip
    tickets = [o["id"] for o in kitchen.get("/floor").json()["orders"] if o["status"] == "new"]
    assert tickets == [dessert["id"]]

    total = order["total"] + dessert["total"]
    pay = {"client_id": new_client_id(), "method": "card", "amount": total}
    paid = floor.post(f"/orders/{dessert['id']}/payments", pay)
    assert paid.status_code == 200, paid.text
    after = {o["id"]: o for o in floor.get("/floor").json()["orders"]}
    assert order["id"] not in after and after[dessert["id"]]["settled_at"]
    for status in ("accepted", "preparing", "ready", "served"):
        body = {"client_id": new_client_id(), "status": status}
        floor.post(f"/orders/{dessert['id']}/status", body)
    table = next(t for t in floor.get("/floor").json()["tables"] if t["id"] == "hall-4")
    assert table["status"] == "dirty" and floor.get("/floor").json()["orders"] == []


def test_discounts_held_lines_and_cancel_reasons(fresh_server):
    url = fresh_server.url
    floor, manager = Rest(url, login(url, "floor")), Rest(url, login(url, "manager"))
    lines = [burger_line(), {**burger_line(), "hold": True}]
    order = floor.post("/orders", order_body("hall-5", lines)).json()["order"]
    assert [line.get("hold", False) for line in order["lines"]] == [False, True]
    fired = floor.post(f"/orders/{order['id']}/fire", {"client_id": new_client_id()})
    assert fired.status_code == 200 and "hold" not in fired.json()["order"]["lines"][1]

    off = {"client_id": new_client_id(), "line": None, "bp": 2500, "reason": "birthday"}
    big = floor.put(f"/orders/{order['id']}/discount", off)
    assert (big.status_code, _code(big)) == (403, "approval_needed")
    given = manager.put(f"/orders/{order['id']}/discount", off)  # a manager's own device
    assert given.status_code == 200 and given.json()["order"]["discount"]["bp"] == 2500

    cancel = {"client_id": new_client_id(), "status": "cancelled"}
    unreasoned = floor.post(f"/orders/{order['id']}/status", cancel)
    assert (unreasoned.status_code, _code(unreasoned)) == (422, "reason_required")
    other = {**cancel, "client_id": new_client_id(), "reason": "other", "note": "table left"}
    gone = floor.post(f"/orders/{order['id']}/status", other)
    assert gone.status_code == 200 and gone.json()["order"]["cancel"]["note"] == "table left"


def test_an_items_tax_rate_set_by_the_manager_is_on_the_lines_sold_after(fresh_server):
    url = fresh_server.url
    manager, floor = Rest(url, login(url, "manager")), Rest(url, login(url, "floor"))
    item = next(i for i in manager.get("/menu").json()["items"] if i["id"] == "baklava")
    form = {k: item[k] for k in ("name", "price", "category_id", "description", "modifiers",
                                 "position")}  # fmt: skip
    change = {"client_id": new_client_id(), "op": "save_item",
              "data": {"item_id": "baklava", **form, "tax_bp": 800}}  # fmt: skip
    [answer] = manager.post("/mutations", {"mutations": [change]}).json()["results"]
    assert answer["type"] == "ack", answer
    too_high = {**change, "client_id": new_client_id(),
                "data": {**change["data"], "tax_bp": 9000}}  # fmt: skip
    [refused] = manager.post("/mutations", {"mutations": [too_high]}).json()["results"]
    assert refused["error"]["field"] == "mutations[0].data.tax_bp"
    order = floor.post("/orders", order_body("hall-8", [{"item_id": "baklava", "qty": 1}]))
    assert order.json()["order"]["lines"][0]["tax_bp"] == 800


def test_the_day_counts_voids_discounts_tips_and_what_was_taken(fresh_server):
    url = fresh_server.url
    floor, manager = Rest(url, login(url, "floor")), Rest(url, login(url, "manager"))
    lines = [{"item_id": "hummus", "qty": 2}, {"item_id": "calamari", "qty": 1}]  # 13.00, 9.50
    order = floor.post("/orders", order_body("hall-9", lines)).json()["order"]
    void = {"client_id": new_client_id(), "line": 1, "reason": "wrong_item"}
    assert floor.post(f"/orders/{order['id']}/voids", void).status_code == 200
    off = {"client_id": new_client_id(), "line": None, "bp": 1000, "reason": "regular"}
    assert floor.put(f"/orders/{order['id']}/discount", off).status_code == 200
    for status in ("accepted", "preparing", "ready", "served"):
        floor.post(f"/orders/{order['id']}/status", {"client_id": new_client_id(),
                                                     "status": status})  # fmt: skip
    pay = {"client_id": new_client_id(), "method": "card", "amount": 1170, "tip": 200}
    paid = floor.post(f"/orders/{order['id']}/payments", pay)
    assert paid.json()["order"]["status"] == "paid", paid.text
    report = manager.get("/reports/day").json()
    assert report["voids"] == {"count": 1, "amount": 950}
    assert report["discounts"] == {"count": 1, "amount": 130}
    assert (report["revenue"], report["tips"], report["by_payment_method"]) == (
        1170, 200, {"card": 1170}
    )  # fmt: skip
    assert report["paid_orders"] == 1 and report["service"] == 0


def test_every_change_says_who_made_it_in_the_log(fresh_server):
    url = fresh_server.url
    floor, kiosk = Rest(url, login(url, "floor")), Rest(url, login(url, "kiosk"))
    before = floor.get("/events", params={"since": 0, "limit": 1}).json()["seq"]
    order = floor.post("/orders", order_body("hall-11")).json()["order"]
    seat = {"client_id": new_client_id(), "status": "seated"}
    floor.patch("/tables/hall-12", seat)
    events = floor.get("/events", params={"since": before}).json()["events"]
    made = [e for e in events if e["type"] in ("order_created", "table_updated")]
    assert {e["by"]["role"] for e in made} == {"floor"} and len(made) >= 3
    assert all(e["by"]["device"] == order["placed_by"] for e in made)
    # A guest's kiosk is not told which staff device did what.
    seen = kiosk.get("/events", params={"since": 0}).json()["events"]
    assert all("by" not in e for e in seen)
