"""What each change reads and each event writes (``server.store.mutations``): every rule the
domain knows has its loader, every event a rule can make has its row writer, and a change run in
the write transaction names its device as the manager sees it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain import changes, payloads, reducer, schema
from domain.errors import DomainError
from server.store import change_reads, mutations

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
BURGER = {"item_id": "classic-burger", "qty": 1, "modifiers": ["medium", "fries"]}
NOT_FROM_A_RULE = {"menu_updated", "device_status"}  # written by the store itself


def test_every_rule_has_a_loader_and_every_event_a_writer():
    assert set(change_reads.LOADERS) == set(changes.OPS)
    assert set(mutations.STORE) == set(reducer.HANDLERS) - NOT_FROM_A_RULE


def test_a_change_names_its_device_and_a_refused_one_writes_nothing(databases):
    store = databases.store()
    store.device_rows.insert("demo", "phone-1", "Ana's phone", "floor", b"hash", "t")
    author = mutations.Author(device="phone-1", role="floor")
    with store.db.transaction() as conn:
        data = schema.validate(payloads.OPS["create_order"], {"table_id": "hall-1",
                                                              "lines": [BURGER]})  # fmt: skip
        result, events = mutations.run(conn, "demo", "create_order", data, NOW, author, "c-1")
    order = result["order"]
    assert order["history"][0]["by"] == {"device": "phone-1", "role": "floor",
                                         "name": "Ana's phone"}  # fmt: skip
    assert [kind for kind, _ in events][:1] == ["order_created"]
    assert store.order("demo", order["id"]) == order  # the row is what the event said
    before = store.floor("demo")
    with pytest.raises(DomainError) as refused, store.db.transaction() as conn:
        data = schema.validate(payloads.OPS["set_order_status"],
                               {"order_id": "nope", "status": "accepted"})  # fmt: skip
        mutations.run(conn, "demo", "set_order_status", data, NOW, author)
    assert refused.value.code == "not_found" and store.floor("demo") == before
    store.db.close()
