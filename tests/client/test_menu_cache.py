"""The device's menu copy, refreshed by deltas from the real server store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.payloads import MENU_CATEGORY, MENU_ITEM
from domain.schema import validate
from sync.menu_cache import MenuCache
from tests.conftest import store_from

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def test_deltas_rebuild_the_same_menu_as_a_full_fetch(template, tmp_path):
    store = store_from(template, tmp_path)
    cache = MenuCache()
    assert cache.merge(store.menu("demo"), NOW)
    pide = validate(MENU_ITEM, {"name": "Pide", "price": 1100, "category_id": "mains"})
    store.put_item("demo", "pide", pide)
    store.put_category(
        "demo",
        "desserts",
        validate(MENU_CATEGORY, {"name": "Tatlı", "station": "cold", "position": 9}),
    )
    first_item = next(iter(cache.items))
    store.remove_item("demo", first_item)

    assert cache.needs(store.menu("demo")["version"])
    assert cache.merge(store.menu("demo", cache.version), NOW)

    whole = MenuCache()
    whole.merge(store.menu("demo"), NOW)
    assert cache.items == whole.items and cache.categories == whole.categories
    assert "pide" in cache.items and first_item not in cache.items
    assert cache.categories["desserts"]["name"] == "Tatlı"
    assert not cache.needs(whole.version)
    # Nothing new: the answer changes nothing, but it does confirm the copy is current.
    later = NOW + timedelta(hours=30)
    assert not cache.merge(store.menu("demo", cache.version), later)
    assert cache.fetched_at == later


def test_an_overtaken_answer_is_ignored():
    cache = MenuCache()
    cache.merge({"version": 5, "categories": [], "items": [{"id": "a", "category_id": "c"}]}, NOW)
    stale = {"version": 3, "categories": [], "items": [], "removed": {"items": ["a"]}}
    assert not cache.merge(stale, NOW)
    assert "a" in cache.items and cache.version == 5


def test_stale_after_a_day_and_survives_a_round_trip():
    cache = MenuCache()
    assert cache.is_stale(NOW)  # never fetched
    cache.merge(
        {"version": 2, "categories": [{"id": "c", "name": "C", "position": 0}], "items": []}, NOW
    )
    assert not cache.is_stale(NOW + timedelta(hours=23))
    assert cache.is_stale(NOW + timedelta(hours=25))
    again = MenuCache.from_record(cache.to_record())
    assert again == cache
    assert MenuCache.from_record(None) == MenuCache()


def test_a_sold_out_event_greys_the_item_before_the_delta_comes():
    cache = MenuCache(version=4, items={"tea": {"id": "tea", "name": "Tea", "available": True}})
    event = {"seq": 9, "type": "item_availability_changed",
             "data": {"item_id": "tea", "name": "Tea", "available": False}}  # fmt: skip
    assert cache.follow(event) and cache.items["tea"]["available"] is False
    assert cache.version == 4 and cache.needs(5)  # the delta that follows is still fetched
    assert not cache.follow({"seq": 10, "type": "menu_updated", "data": {"version": 5}})
    assert not cache.follow({**event, "data": {"item_id": "unknown", "available": False}})
