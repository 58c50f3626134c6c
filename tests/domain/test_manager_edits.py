"""The manager screen's edits as the domain rules them: what each change says, and what it
refuses (the page runs the same rule to show an edit before the server has it)."""

from __future__ import annotations

import pytest

from domain import changes, reducer
from domain.errors import DomainError

NOW = "2026-11-23T12:00:00Z"


def context(menu: dict | None = None) -> changes.Context:
    return changes.Context(now=NOW, menu=menu or {})


def floor() -> dict:
    state = reducer.empty()
    state["areas"] = {"hall": {"id": "hall", "name": "Hall", "position": 0},
                      "roof": {"id": "roof", "name": "Roof", "position": 1}}  # fmt: skip
    state["tables"] = {
        "h1": {"id": "h1", "name": "H1", "area_id": "hall", "seats": 4, "status": "free"},
        "h2": {"id": "h2", "name": "H2", "area_id": "hall", "seats": 2, "status": "seated"},
    }
    return state


def test_a_table_keeps_its_status_when_renamed_and_a_new_one_is_free():
    _, events = changes.apply(floor(), "save_table", {"table_id": "h2", "name": "Window",
                              "area_id": "roof", "seats": 6, "position": 3}, context())  # fmt: skip
    assert events == [("table_updated", {"id": "h2", "name": "Window", "area_id": "roof",
                                         "seats": 6, "position": 3, "status": "seated"})]  # fmt: skip
    _, events = changes.apply(floor(), "save_table", {"table_id": "new", "name": "N",
                              "area_id": "hall", "seats": 2, "position": 0}, context())  # fmt: skip
    assert events[0][1]["status"] == "free"


def test_a_table_needs_an_area_that_exists():
    with pytest.raises(DomainError) as refused:
        changes.apply(floor(), "save_table", {"table_id": "x", "name": "X", "area_id": "cellar",
                      "seats": 2, "position": 0}, context())  # fmt: skip
    assert (refused.value.code, refused.value.field) == ("unknown_area", "area_id")


def test_only_an_empty_table_or_area_is_removed():
    state = floor()
    assert changes.apply(state, "remove_table", {"table_id": "h1"}, context())[1] == [
        ("table_removed", {"id": "h1"})
    ]
    with pytest.raises(DomainError, match="H2 is not free") as busy:
        changes.apply(state, "remove_table", {"table_id": "h2"}, context())
    assert busy.value.code == "table_in_use"
    state["tables"]["h1"]["status"] = "free"
    state["orders"] = {"o": {"id": "o", "table_id": "h1", "status": "ready"}}
    with pytest.raises(DomainError, match="H1 is not free"):
        changes.apply(state, "remove_table", {"table_id": "h1"}, context())
    with pytest.raises(DomainError, match=r"still has tables \(H1, H2\)"):
        changes.apply(state, "remove_area", {"area_id": "hall"}, context())
    assert changes.apply(state, "remove_area", {"area_id": "roof"}, context())[1] == [
        ("area_removed", {"id": "roof"})
    ]


def test_the_reducer_drops_removed_tables_and_areas():
    state = reducer.apply_all(floor(), [
        {"seq": 1, "type": "table_removed", "data": {"id": "h1"}},
        {"seq": 2, "type": "area_removed", "data": {"id": "roof"}},
    ])  # fmt: skip
    assert sorted(state["tables"]) == ["h2"] and sorted(state["areas"]) == ["hall"]


def item(**fields) -> dict:
    return {"id": "soup", "name": "Soup", "price": 500, "category_id": "mains",
            "description": "", "modifiers": [], "position": 0, "available": False,
            "image": "/media/demo/abc.webp", "stock": 0, "stock_low_at": 2, **fields}  # fmt: skip


FORM = {"item_id": "soup", "name": "Lentil soup", "price": 650, "category_id": "mains",
        "description": "Red lentils", "modifiers": [], "position": 2}  # fmt: skip


def test_an_item_edit_keeps_availability_stock_and_picture():
    ((_, saved),) = changes.apply({}, "save_item", FORM, context({"soup": item()}))[1]
    assert saved["name"] == "Lentil soup" and saved["price"] == 650
    assert (saved["available"], saved["stock"], saved["image"]) == (
        False, 0, "/media/demo/abc.webp"
    )  # fmt: skip
    ((_, new),) = changes.apply({}, "save_item", {**FORM, "item_id": "tea"}, context())[1]
    assert (new["available"], new["stock"], new["image"]) == (True, None, "")


def test_option_groups_are_checked_by_name():
    group = {"id": "size", "name": "Size", "required": True, "min": 2, "max": 1,
             "options": [{"id": "s", "name": "S", "price_delta": 0}]}  # fmt: skip
    with pytest.raises(DomainError, match="Size: min is above max") as bad:
        changes.apply({}, "save_item", {**FORM, "modifiers": [group]}, context())
    assert bad.value.field == "modifiers[0]"
    twice = {**group, "min": 0, "options": group["options"] * 2}
    with pytest.raises(DomainError, match="'s' is used twice"):
        changes.apply({}, "save_item", {**FORM, "modifiers": [twice]}, context())


def test_new_stock_puts_back_an_item_that_ran_out_but_not_one_sold_out_by_hand():
    data = {"item_id": "soup", "stock": 10, "stock_low_at": 3}
    _, events = changes.apply({}, "set_item_stock", data, context({"soup": item()}))
    assert [kind for kind, _ in events] == ["stock_set", "item_availability_changed"]
    by_hand = item(stock=4)
    _, events = changes.apply({}, "set_item_stock", data, context({"soup": by_hand}))
    assert [kind for kind, _ in events] == ["stock_set"]


def test_a_category_with_items_stays():
    with pytest.raises(DomainError) as held:
        changes.apply({}, "remove_category", {"category_id": "mains"}, context({"soup": item()}))
    assert held.value.code == "category_not_empty"
    assert changes.apply({}, "remove_category", {"category_id": "drinks"}, context())[1] == [
        ("category_removed", {"id": "drinks"})
    ]
