"""Stations against a real server on both engines: an item routed to its own station, each
station bumping its lines of one order, the order ready once both are done (whoever is last,
even bumping at the same moment), a recall, the pass serving it, and refusals by name."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.support.client import Rest, error_code, login, new_client_id, order_body


def station(rest: Rest, order_id: str, name: str, status: str, client_id: str = ""):
    body = {"client_id": client_id or new_client_id(), "station": name, "status": status}
    return rest.post(f"/orders/{order_id}/stations", body)


def test_two_stations_make_one_order_ready_and_the_pass_serves_it(engine_server):
    url = engine_server.url
    manager, floor = Rest(url, login(url, "manager")), Rest(url, login(url, "floor"))
    kitchen = Rest(url, login(url, "kitchen"))
    # A Turkish menu puts İskender on the grill under a hot-kitchen category.
    item = {"name": "İskender", "price": 2400, "category_id": "mains", "station": "grill"}
    assert manager.put("/menu/items/iskender", item).status_code == 200
    shown = {i["id"]: i for i in floor.get("/menu").json()["items"]}
    assert (shown["iskender"]["station"], shown["iskender"]["own_station"]) == ("grill", "grill")
    assert (shown["manti"]["station"], shown["manti"]["own_station"]) == ("hot", "")
    lines = [{"item_id": "iskender", "qty": 1}, {"item_id": "manti", "qty": 2,
                                                 "modifiers": ["mild"]}]  # fmt: skip
    order = floor.post("/orders", order_body("hall-2", lines)).json()["order"]
    assert [line["station"] for line in order["lines"]] == ["grill", "hot"]

    refused = station(kitchen, order["id"], "cold", "done")
    assert (refused.status_code, error_code(refused)) == (422, "not_this_station")
    assert error_code(station(kitchen, order["id"], "Grill!", "done")) == "invalid_value"
    started = station(kitchen, order["id"], "grill", "preparing").json()["order"]
    assert started["status"] == "preparing"
    with ThreadPoolExecutor(2) as pool:  # the last two bumps at the same moment
        answers = list(pool.map(lambda s: station(kitchen, order["id"], s, "done"),
                                ("grill", "hot")))  # fmt: skip
    assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
    now = floor.get(f"/orders/{order['id']}").json()["order"]
    assert now["status"] == "ready" and all(line.get("done_at") for line in now["lines"])
    assert now["version"] == started["version"] + 2  # each bump one change, none lost
    client_id = new_client_id()
    recalled = station(kitchen, order["id"], "hot", "preparing", client_id)
    assert recalled.json()["order"]["status"] == "preparing"
    again = station(kitchen, order["id"], "hot", "preparing", client_id)  # the answer was lost
    assert again.json()["order"]["version"] == recalled.json()["order"]["version"]
    station(kitchen, order["id"], "hot", "done")
    served = kitchen.post(f"/orders/{order['id']}/status",
                          {"client_id": new_client_id(), "status": "served"})  # fmt: skip
    assert served.json()["order"]["status"] == "served"
    kiosk = Rest(url, login(url, "kiosk"))
    assert station(kiosk, order["id"], "hot", "done").status_code == 403
