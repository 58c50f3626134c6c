"""Sold out and counted stock, as one rule for server and device (``domain.changes``)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import changes, payloads
from domain.errors import DomainError
from domain.schema import validate

EMPTY = {"seq": 0, "areas": {}, "tables": {}, "orders": {}}


def menu(**items: dict) -> dict[str, dict]:
    return {k: {"id": k, "name": k.title(), "price": 500, "modifiers": [], **v}
            for k, v in items.items()}  # fmt: skip


def order(*lines: tuple[str, int]) -> dict:
    body = {"table_id": None, "lines": [{"item_id": i, "qty": q} for i, q in lines]}
    return validate(payloads.CREATE_ORDER, body)


def place(items: dict, *lines: tuple[str, int]):
    context = changes.Context(now="2026-11-23T12:00:00Z", menu=items, order_id="o1", number="001")
    return changes.apply(EMPTY, "create_order", order(*lines), context)


def kinds(events) -> list[str]:
    return [kind for kind, _ in events]


def test_an_uncounted_item_takes_no_stock():
    _, events = place(menu(tea={}), ("tea", 5))
    assert kinds(events) == ["order_created"]


def test_an_order_takes_from_stock_and_tells_at_the_threshold():
    _, events = place(menu(soup={"stock": 6, "stock_low_at": 3}), ("soup", 2), ("soup", 1))
    assert kinds(events) == ["order_created", "stock_changed", "stock_low"]
    assert events[1][1] == {"item_id": "soup", "name": "Soup", "stock": 3}


def test_the_last_one_sells_the_item_out_by_itself():
    _, events = place(menu(soup={"stock": 2, "stock_low_at": 5}), ("soup", 2))
    # Already below the threshold before: no second "low" notice, but out and sold out.
    assert kinds(events) == ["order_created", "stock_changed", "stock_out",
                             "item_availability_changed"]  # fmt: skip
    assert events[-1][1]["available"] is False


def test_more_than_is_left_is_refused_whole_naming_the_first_line():
    with pytest.raises(DomainError) as found:
        place(menu(tea={}, soup={"stock": 2}), ("tea", 1), ("soup", 2), ("soup", 1))
    assert found.value.code == "out_of_stock" and found.value.field == "lines[1]"
    assert "only 2 × Soup left" in found.value.message


def test_a_sold_out_item_is_refused_as_sold_out():
    with pytest.raises(DomainError) as found:
        place(menu(soup={"available": False}), ("soup", 1))
    assert (found.value.code, found.value.message) == ("item_unavailable", "Soup is sold out")


def set_available(items: dict, item_id: str, available: bool):
    data = validate(payloads.SET_ITEM_AVAILABILITY, {"item_id": item_id, "available": available})
    context = changes.Context(now="2026-11-23T12:00:00Z", menu=items)
    return changes.apply(EMPTY, "set_item_availability", data, context)


def test_eighty_six_and_back_and_a_repeat_changes_nothing():
    result, events = set_available(menu(soup={}), "soup", False)
    assert result == {"item_id": "soup", "available": False}
    assert events == [("item_availability_changed",
                       {"item_id": "soup", "name": "Soup", "available": False})]  # fmt: skip
    assert set_available(menu(soup={"available": False}), "soup", False)[1] == []
    assert kinds(set_available(menu(soup={"available": False}), "soup", True)[1]) == [
        "item_availability_changed"]  # fmt: skip


def test_back_on_with_nothing_in_stock_is_refused():
    with pytest.raises(DomainError) as found:
        set_available(menu(soup={"stock": 0, "available": False}), "soup", True)
    assert found.value.code == "out_of_stock"
    with pytest.raises(DomainError, match="no menu item"):
        set_available(menu(), "soup", False)


@given(st.integers(0, 30), st.integers(0, 10), st.lists(st.integers(1, 5), max_size=12))
def test_stock_never_goes_below_zero_and_adds_up(stock, low, orders):
    items = menu(soup={"stock": stock, "stock_low_at": low})
    sold = lows = outs = 0
    for qty in orders:
        try:
            _, events = place(items, ("soup", qty))
        except DomainError as exc:
            assert exc.code in ("out_of_stock", "item_unavailable")
            continue
        sold += qty
        for kind, record in events:
            if kind == "stock_changed":
                items = menu(soup={**items["soup"], "stock": record["stock"]})
            elif kind == "item_availability_changed":
                items = menu(soup={**items["soup"], "available": record["available"]})
            lows += kind == "stock_low"
            outs += kind == "stock_out"
    assert items["soup"]["stock"] == stock - sold >= 0
    assert outs == (1 if stock and items["soup"]["stock"] == 0 else 0)
    assert lows <= 1
