"""What a change reads before its rule runs (``server.store.change_reads``): every change the
domain knows has a loader, a missing order or table is a clear refusal, and menu reads give each
orderable item with its station (its own, else its category's), leaving out removed ones."""

from __future__ import annotations

import json

import pytest

from domain.changes import OPS
from domain.errors import DomainError
from server.store import change_reads
from tests.conftest import store_from


def test_every_change_the_domain_knows_has_a_loader():
    assert set(change_reads.LOADERS) == set(OPS)
    assert set(change_reads.MENU_READ) <= set(OPS)
    assert change_reads.NEEDS_SETTINGS.issubset(OPS)


def test_a_missing_order_or_table_is_refused_with_its_field(template, tmp_path):
    store = store_from(template, tmp_path)
    with store.db.connection() as conn:
        with pytest.raises(DomainError) as order:
            change_reads.load_order(conn, "demo", "nope")
        assert (order.value.code, order.value.field) == ("not_found", "order_id")
        with pytest.raises(DomainError) as table:
            change_reads.load_table(conn, "demo", "nope", missing="unknown_table")
        assert (table.value.code, table.value.field) == ("unknown_table", "table_id")
        assert change_reads.load_table(conn, "demo", "bar-1")["area_id"] == "bar"
        # a table's loader holds that table and the orders still open on it
        state = change_reads.LOADERS["set_table_status"](conn, "demo", {"table_id": "bar-1"})
        assert list(state["tables"]) == ["bar-1"] and state["orders"] == {}
    store.db.close()


def test_menu_reads_give_each_items_station_and_leave_removed_items_out(template, tmp_path):
    store = store_from(template, tmp_path)
    with store.db.transaction() as conn:
        data = json.loads(conn.execute(
            "SELECT data FROM items WHERE restaurant = 'demo' AND id = 'adana'").fetchone()[0])  # fmt: skip
        conn.execute("UPDATE items SET data = ? WHERE restaurant = 'demo' AND id = 'adana'",
                     (json.dumps({**data, "station": "fry"}),))  # fmt: skip
        conn.execute("UPDATE items SET removed = 1 WHERE restaurant = 'demo' AND id = 'ayran'")
    with store.db.connection() as conn:
        found = change_reads.menu_items_for(conn, "demo", {"adana", "baklava", "ayran", "nope"})
        assert set(found) == {"adana", "baklava"}
        assert found["adana"]["station"] == "fry"  # its own
        assert found["baklava"]["station"] == "cold"  # its category's
        lines = {"lines": [{"item_id": "adana"}, {"item_id": "baklava"}]}
        assert set(change_reads.MENU_READ["create_order"](conn, "demo", lines)) == {
            "adana", "baklava"}  # fmt: skip
        in_grill = change_reads.MENU_READ["remove_category"](conn, "demo", {"category_id": "grill"})
        assert "adana" in in_grill and all(i["category_id"] == "grill" for i in in_grill.values())
    store.db.close()
