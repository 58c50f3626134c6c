"""The manager screen's edits against a real server: each one a mutation like an order, so
the page may queue it offline; stored, logged, heard live, once per client_id."""

from __future__ import annotations

from tests.support.client import Live, Rest, login, new_client_id, order_body


def mutation(op: str, data: dict, client_id: str | None = None) -> dict:
    return {"client_id": client_id or new_client_id(), "op": op, "data": data}


def send(rest: Rest, *batch: dict) -> list[dict]:
    answer = rest.post("/mutations", {"mutations": list(batch)})
    assert answer.status_code == 200, answer.text
    return answer.json()["results"]


def test_the_floor_plan_is_edited_live_and_a_busy_table_stays(fresh_server):
    url = fresh_server.url
    manager = Rest(url, login(url, "manager"))
    floor = Live(fresh_server.ws_url, login(url, "floor"))
    try:
        results = send(
            manager,
            mutation("save_area", {"area_id": "garden", "name": "Garden", "position": 9}),
            mutation("save_table", {"table_id": "g1", "name": "G1", "area_id": "garden",
                                    "seats": 4}),
            mutation("save_table", {"table_id": "hall-1", "name": "Window", "area_id": "hall",
                                    "seats": 6}),
        )  # fmt: skip
        assert [r["type"] for r in results] == ["ack"] * 3, results
        heard = floor.events(3)
        assert [e["event"] for e in heard] == ["area_updated", "table_updated", "table_updated"]
    finally:
        floor.close()
    snapshot = manager.get("/floor").json()
    tables = {t["id"]: t for t in snapshot["tables"]}
    assert tables["g1"]["status"] == "free" and tables["g1"]["area_id"] == "garden"
    assert (tables["hall-1"]["name"], tables["hall-1"]["seats"]) == ("Window", 6)
    placed = manager.post("/orders", order_body("hall-1"))
    assert placed.status_code == 201
    busy, empty, area = send(
        manager,
        mutation("remove_table", {"table_id": "hall-1"}),
        mutation("remove_table", {"table_id": "g1"}),
        mutation("remove_area", {"area_id": "garden"}),
    )
    assert busy["type"] == "reject" and busy["error"]["code"] == "table_in_use"
    assert (empty["type"], area["type"]) == ("ack", "ack")
    after = manager.get("/floor").json()
    assert "g1" not in {t["id"] for t in after["tables"]}
    assert "garden" not in {a["id"] for a in after["areas"]}
    assert "hall-1" in {t["id"] for t in after["tables"]}


def test_menu_edits_reach_kiosks_once_and_keep_stock(fresh_server):
    url = fresh_server.url
    manager = Rest(url, login(url, "manager"))
    kiosk = Rest(url, login(url, "kiosk"))
    version = kiosk.get("/menu").json()["version"]
    stock = mutation("set_item_stock", {"item_id": "ayran", "stock": 5, "stock_low_at": 1})
    form = {"item_id": "ayran", "name": "Ayran (salted)", "price": 450, "category_id": "drinks",
            "description": "", "modifiers": [], "position": 1}  # fmt: skip
    edit = mutation("save_item", form)
    group = {"id": "size", "name": "Size", "min": 1, "max": 1, "required": True,
             "options": [{"id": "small", "name": "Small", "price_delta": 0},
                         {"id": "large", "name": "Large", "price_delta": 150}]}  # fmt: skip
    new = mutation("save_item", {**form, "item_id": "lemonade", "name": "Lemonade",
                                 "modifiers": [group]})  # fmt: skip
    category = mutation("save_category", {"category_id": "sweets", "name": "Sweets",
                                          "station": "cold", "position": 5})  # fmt: skip
    results = send(manager, stock, edit, new, category)
    assert [r["type"] for r in results] == ["ack"] * 4, results
    (replay,) = send(manager, edit)  # a replay answers the first result, changing nothing
    assert replay["replayed"] and replay["result"] == results[1]["result"]
    delta = kiosk.get(f"/menu?since_version={version}").json()
    items = {i["id"]: i for i in delta["items"]}
    assert items["ayran"]["name"] == "Ayran (salted)"
    assert (items["ayran"]["stock"], items["ayran"]["stock_low_at"]) == (5, 1)
    assert items["lemonade"]["modifiers"][0]["options"][1]["price_delta"] == 150
    assert "sweets" in {c["id"] for c in delta["categories"]}
    line = {"item_id": "lemonade", "qty": 2, "modifiers": ["large"]}
    placed = kiosk.post("/orders", order_body(None, [line]))
    assert placed.status_code == 201 and placed.json()["order"]["total"] == 2 * 600
    held, gone, empty = send(
        manager,
        mutation("remove_category", {"category_id": "drinks"}),
        mutation("remove_item", {"item_id": "lemonade"}),
        mutation("remove_category", {"category_id": "sweets"}),
    )
    assert held["type"] == "reject" and held["error"]["code"] == "category_not_empty"
    assert (gone["type"], empty["type"]) == ("ack", "ack")
    menu = kiosk.get("/menu").json()
    assert "lemonade" not in {i["id"] for i in menu["items"]}
    assert "sweets" not in {c["id"] for c in menu["categories"]}


def test_only_a_manager_edits_and_bad_edits_are_named(server):
    url = server.url
    kitchen = Rest(url, login(url, "kitchen"))
    (denied,) = send(kitchen, mutation("save_area", {"area_id": "x", "name": "X"}))
    assert denied["type"] == "reject" and denied["error"]["code"] == "forbidden"
    manager = Rest(url, login(url, "manager"))
    no_area, bad_category, no_item = send(
        manager,
        mutation("save_table", {"table_id": "x", "name": "X", "area_id": "nowhere", "seats": 2}),
        mutation("save_item", {"item_id": "x", "name": "X", "price": 1, "category_id": "none",
                               "modifiers": []}),
        mutation("set_item_stock", {"item_id": "nothing", "stock": 1}),
    )  # fmt: skip
    assert no_area["error"]["code"] == "unknown_area"
    assert bad_category["error"]["code"] == "unknown_category"
    assert no_item["error"]["code"] == "not_found"
    (bad,) = send(manager, mutation("save_table", {"table_id": "x", "name": "", "area_id": "hall",
                                                   "seats": 500}))  # fmt: skip
    assert bad["type"] == "reject" and bad["error"]["field"] == "mutations[0].data.name", bad
