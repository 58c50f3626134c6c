"""A floor with one seated table, changed only through the domain's rules as the server changes
it: each change checked by its payload spec, applied, and its events folded by the reducer."""

from __future__ import annotations

import pytest

from domain import changes, payloads, reducer, schema
from domain.errors import DomainError

NOW = "2026-11-30T19:00:00+00:00"
MENU = {
    "soup": {"id": "soup", "name": "Soup", "price": 650, "station": "kitchen", "tax_bp": 800},
    "steak": {"id": "steak", "name": "Steak", "price": 2400, "station": "grill"},
    "cake": {"id": "cake", "name": "Cake", "price": 550, "station": "pastry"},
}
WAITER = {"device": "phone-1", "role": "floor", "device_name": "Ana's phone"}


class Floor:
    """A floor with one seated table, changed only through the rules, as the server does."""

    def __init__(self) -> None:
        self.state = reducer.empty()
        self.state["tables"]["t1"] = {"id": "t1", "name": "T1", "area_id": "a", "seats": 4,
                                      "status": "seated"}  # fmt: skip
        self.numbers = 0
        self.made = 0  # orders made: ids never reused (a closed order leaves the state)

    def run(self, op: str, data: dict, **context) -> dict:
        clean = schema.validate(payloads.OPS[op], data, "data")
        now = context.pop("now", NOW)
        extra = {**WAITER, **context}
        if op == "create_order" and not clean.get("adds_to"):
            self.numbers += 1
            extra.setdefault("number", f"A-{self.numbers:03d}")
        if op == "create_order":
            self.made += 1
        extra.setdefault("order_id", f"o{self.made}")
        result, events = changes.apply(
            self.state, op, clean, changes.Context(now=now, menu=MENU, **extra)
        )
        seq = self.state["seq"]
        self.state = reducer.apply_all(
            self.state,
            [{"seq": seq + i + 1, "type": k, "data": d} for i, (k, d) in enumerate(events)],
        )
        return result

    def order(self, **data) -> dict:
        body = {"table_id": "t1", "lines": [{"item_id": "soup", "qty": 2},
                                            {"item_id": "steak", "qty": 1}], **data}  # fmt: skip
        return self.run("create_order", body)["order"]

    def move(self, order: dict, *statuses: str, **context) -> None:
        for status in statuses:
            self.run("set_order_status", {"order_id": order["id"], "status": status}, **context)

    def refused(self, op: str, data: dict, **context) -> DomainError:
        with pytest.raises(DomainError) as caught:
            self.run(op, data, **context)
        return caught.value
