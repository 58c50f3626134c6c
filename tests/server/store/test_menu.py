"""The menu as stored: every edit takes a new version and stamps what it touched, removals are
soft so a delta names them, an item carries its category's station, and what an item must be
(a category that exists, a picture this restaurant holds) is checked before it is stored."""

import pytest

from domain.errors import DomainError
from domain.payloads import MENU_CATEGORY, MENU_ITEM
from domain.schema import validate
from tests.conftest import store_from


@pytest.fixture
def store(template, tmp_path):
    store = store_from(template, tmp_path)
    yield store
    store.db.close()


def item(**given) -> dict:
    return validate(MENU_ITEM, {"name": "Pide", "price": 1100, "category_id": "mains", **given})


def test_a_delta_holds_what_changed_since_a_version_and_names_what_went(store):
    start = store.menu("demo")["version"]
    store.put_item("demo", "pide", item())
    first = store.menu("demo", start)
    assert [i["id"] for i in first["items"]] == ["pide"] and first["version"] == start + 1
    store.remove_item("demo", "pide")
    gone = store.menu("demo", first["version"])
    assert gone["items"] == [] and gone["removed"]["items"] == ["pide"]
    assert "pide" not in {i["id"] for i in store.menu("demo")["items"]}  # a whole menu: no trace


def test_a_category_carries_its_station_to_its_items_and_they_are_sent_again(store):
    before = store.menu("demo")
    station_of = {i["id"]: i["station"] for i in before["items"]}
    assert station_of["classic-burger"] == "grill"
    mains = next(c for c in before["categories"] if c["id"] == "mains")
    moved = validate(MENU_CATEGORY, {"name": mains["name"], "station": "oven", "position": 1})
    store.put_category("demo", "mains", moved)
    delta = store.menu("demo", before["version"])
    assert delta["items"] and {i["station"] for i in delta["items"]} == {"oven"}
    assert {i["category_id"] for i in delta["items"]} == {"mains"}


def test_an_item_must_be_in_a_category_and_show_a_picture_this_restaurant_holds(store):
    version = store.menu("demo")["version"]
    with pytest.raises(DomainError) as refused:
        store.put_item("demo", "ghost", item(category_id="nowhere"))
    assert refused.value.code == "unknown_category"
    with pytest.raises(DomainError) as refused:
        store.put_item("demo", "ghost", item(image="/media/other/" + "ab" * 12 + ".webp"))
    assert refused.value.code == "unknown_image"
    assert store.menu("demo")["version"] == version  # nothing of it stored


def test_a_category_with_items_is_not_removed(store):
    with pytest.raises(DomainError) as refused:
        store.remove_category("demo", "mains")
    assert refused.value.code == "category_not_empty"
