"""The menu over REST against a real server: whole or since a version; only a manager edits it."""

from tests.support.client import error_code


def test_menu_full_and_incremental(manager, floor):
    menu = floor.get("/menu").json()
    assert len(menu["items"]) >= 40 and len(menu["categories"]) >= 6
    assert any(i["modifiers"] for i in menu["items"])
    assert all(i["station"] for i in menu["items"])
    item = {"name": "Pide", "price": 1100, "category_id": "mains"}
    r = manager.put("/menu/items/pide", item)
    assert r.status_code == 200
    changed = floor.get("/menu", params={"since_version": menu["version"]}).json()
    assert [i["id"] for i in changed["items"]] == ["pide"] and changed["version"] == menu[
        "version"
    ] + 1
    manager.delete("/menu/items/pide")
    gone = floor.get("/menu", params={"since_version": changed["version"]}).json()
    assert gone["removed"]["items"] == ["pide"] and gone["items"] == []
    events = floor.get("/events", params={"since": 0, "limit": 1000}).json()["events"]
    assert {"version": gone["version"]} in [
        e["data"] for e in events if e["type"] == "menu_updated"
    ]


def test_menu_writes_are_for_managers_and_validated(manager, floor):
    assert (
        floor.put(
            "/menu/items/pide", {"name": "Pide", "price": 1, "category_id": "mains"}
        ).status_code
        == 403
    )
    r = manager.put("/menu/items/pide", {"name": "Pide", "price": -1, "category_id": "mains"})
    assert r.status_code == 422 and error_code(r) == "out_of_range"
    r = manager.put("/menu/items/pide", {"name": "Pide", "price": 1, "category_id": "nope"})
    assert error_code(r) == "unknown_category"
    assert error_code(manager.delete("/menu/categories/grill")) == "category_not_empty"
