"""Sold out ("86") and counted stock against a real server: who may, what the screens hear,
and that stock is taken in the order's own transaction (concurrent orders never oversell)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.support.client import Live, Rest, login, new_client_id, order_body


def availability(rest: Rest, item_id: str, available: bool, client_id: str | None = None):
    body = {"client_id": client_id or new_client_id(), "available": available}
    return rest.put(f"/menu/items/{item_id}/availability", body)


def soup_line(qty: int = 1) -> dict:
    return {"item_id": "lentil-soup", "qty": qty, "modifiers": ["mild"]}


def test_the_kitchen_sells_out_kiosks_hear_it_and_orders_are_refused(fresh_server):
    url = fresh_server.url
    kitchen = Rest(url, login(url, "kitchen"))
    kiosk = Rest(url, login(url, "kiosk"))
    live = Live(fresh_server.ws_url, login(url, "kiosk"))
    try:
        client_id = new_client_id()
        first = availability(kitchen, "lentil-soup", False, client_id)
        assert first.status_code == 200, first.text
        assert first.json() == {"item_id": "lentil-soup", "available": False}
        seen = live.events(2)
        assert [e["event"] for e in seen] == ["item_availability_changed", "menu_updated"]
        assert seen[0]["data"] == {"item_id": "lentil-soup", "name": "Red lentil soup",
                                   "available": False}  # fmt: skip
    finally:
        live.close()
    replay = availability(kitchen, "lentil-soup", False, client_id)
    assert replay.json() == first.json()  # once per client_id, as every queued change
    delta = kiosk.get(f"/menu?since_version={seen[1]['data']['version'] - 1}").json()
    assert [(i["id"], i["available"]) for i in delta["items"]] == [("lentil-soup", False)]
    refused = kiosk.post("/orders", order_body(None, [soup_line()]))
    assert refused.status_code == 409
    assert refused.json()["error"] == {"code": "item_unavailable",
                                       "message": "Red lentil soup is sold out",
                                       "field": "lines[0]"}  # fmt: skip
    assert availability(kitchen, "lentil-soup", True).status_code == 200
    assert kiosk.post("/orders", order_body(None, [soup_line()])).status_code == 201


def test_only_kitchen_and_manager_may_and_bad_input_is_named(server):
    url = server.url
    for role in ("kiosk", "floor"):
        denied = availability(Rest(url, login(url, role)), "hummus", False)
        assert denied.status_code == 403, role
    manager = Rest(url, login(url, "manager"))
    assert availability(manager, "no-such-item", False).status_code == 404
    bad = manager.put("/menu/items/hummus/availability",
                      {"client_id": new_client_id(), "available": "no"})  # fmt: skip
    assert (bad.status_code, bad.json()["error"]["code"]) == (422, "wrong_type")


def test_stock_runs_low_then_out_and_concurrent_orders_never_oversell(fresh_server):
    url = fresh_server.url
    manager = Rest(url, login(url, "manager"))
    soup = next(i for i in manager.get("/menu").json()["items"] if i["id"] == "lentil-soup")
    counted = {k: v for k, v in soup.items() if k not in ("id", "station", "version")}
    assert manager.put("/menu/items/lentil-soup", {**counted, "stock": 12,
                                                   "stock_low_at": 4}).status_code == 200  # fmt: skip
    live = Live(fresh_server.ws_url, login(url, "kitchen"))
    kiosk = Rest(url, login(url, "kiosk"))
    try:

        def one(_: int) -> int:
            return kiosk.post("/orders", order_body(None, [soup_line()])).status_code

        with ThreadPoolExecutor(16) as pool:
            codes = list(pool.map(one, range(20)))
        assert sorted(codes) == [201] * 12 + [409] * 8
        frames = []
        while not any(f.get("event") == "stock_out" for f in frames):
            frames.append(live.recv())
    finally:
        live.close()
    events = [f["event"] for f in frames if f["type"] == "event"]
    assert events.count("order_created") == 12 and events.count("stock_changed") == 12
    assert events.count("stock_low") == 1 and events.index("stock_low") < events.index("stock_out")
    soup = next(i for i in manager.get("/menu").json()["items"] if i["id"] == "lentil-soup")
    assert (soup["stock"], soup["available"]) == (0, False)
    back = availability(Rest(url, login(url, "kitchen")), "lentil-soup", True)
    assert (back.status_code, back.json()["error"]["code"]) == (409, "out_of_stock")
    restocked = manager.put("/menu/items/lentil-soup", {**counted, "stock": 30})
    assert restocked.status_code == 200
    assert kiosk.post("/orders", order_body(None, [soup_line(3)])).status_code == 201
    left = next(i for i in manager.get("/menu").json()["items"] if i["id"] == "lentil-soup")
    assert left["stock"] == 27
