"""The device's copy of the menu: versioned, refreshed by the changes only. Pure.

The server stamps every menu row with the version that last touched it, so a device that holds
version ``v`` asks ``GET /api/v1/menu?since_version=v`` and gets only what changed, with the ids
removed since. A whole menu is a delta from version 0. A menu not refreshed for a day is shown
with a warning: prices and sold-out items may have changed while the device was cut off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from domain.stations import shown_item

STALE_AFTER = timedelta(hours=24)


@dataclass
class MenuCache:
    version: int = 0
    categories: dict[str, dict] = field(default_factory=dict)
    items: dict[str, dict] = field(default_factory=dict)
    fetched_at: datetime | None = None  # the last time the server confirmed this version
    currency: str = "TRY"  # the restaurant's: prices are its minor units
    settings: dict = field(default_factory=dict)  # the restaurant's bill rules (domain.bill)
    revision: int = field(default=0, compare=False)  # moves when a screen must redraw (not stored)

    def merge(self, delta: dict, now: datetime) -> bool:
        """Fold a ``GET /menu`` answer in; True if anything changed. An answer for an older
        version than ours (a slow response overtaken by a newer one) changes nothing."""
        self.fetched_at = now
        self.currency = str(delta.get("currency") or self.currency)
        self.settings = delta.get("settings") or self.settings
        if delta["version"] < self.version:
            return False
        changed = delta["version"] != self.version
        removed = delta.get("removed") or {}
        for category_id in removed.get("categories", []):
            changed |= self.categories.pop(category_id, None) is not None
        for item_id in removed.get("items", []):
            changed |= self.items.pop(item_id, None) is not None
        for category in delta["categories"]:
            self.categories[category["id"]] = category
        for item in delta["items"]:
            self.items[item["id"]] = item
        changed |= bool(delta["categories"] or delta["items"])
        self.version = delta["version"]
        self.revision += changed
        return changed

    def follow(self, event: dict) -> bool:
        """A menu event folded in at once (``fold``): a kiosk greys an item out the moment it
        hears, before the delta that follows is fetched. The version stays: that delta still
        comes, and says the same."""
        if event["type"] == "settings_saved":
            self.settings = dict(event["data"])
        elif not fold(self.categories, self.items, event["type"], event["data"]):
            return False
        self.revision += 1
        return True

    def is_stale(self, now: datetime) -> bool:
        return self.fetched_at is None or now - self.fetched_at > STALE_AFTER

    def needs(self, version: int) -> bool:
        """A ``menu_updated`` event carries the new version: fetch only when we are behind."""
        return version > self.version

    def sorted_categories(self) -> list[dict]:
        return sorted(self.categories.values(), key=lambda c: (c["position"], c["name"], c["id"]))

    def items_in(self, category_id: str) -> list[dict]:
        chosen = [i for i in self.items.values() if i["category_id"] == category_id]
        return sorted(chosen, key=lambda i: (i["position"], i["name"], i["id"]))

    def to_record(self) -> dict:
        return {
            "version": self.version,
            "categories": list(self.categories.values()),
            "items": list(self.items.values()),
            "fetched_at": self.fetched_at.isoformat() if self.fetched_at else None,
            "currency": self.currency,
            "settings": self.settings,
        }

    @classmethod
    def from_record(cls, record: dict | None) -> MenuCache:
        if not record:
            return cls()
        fetched = record.get("fetched_at")
        return cls(
            version=record.get("version", 0),
            categories={c["id"]: c for c in record.get("categories", [])},
            items={i["id"]: i for i in record.get("items", [])},
            fetched_at=datetime.fromisoformat(fetched) if fetched else None,
            currency=record.get("currency") or "TRY",
            settings=record.get("settings") or {},
        )


def _item_fields(items: dict[str, dict], record: dict, *keys: str) -> bool:
    item = items.get(record.get("item_id", ""))
    if item is None:
        return False
    items[item["id"]] = {**item, **{k: record[k] for k in keys if k in record}}
    return True


def _saved_item(categories: dict[str, dict], items: dict[str, dict], item: dict) -> bool:
    category = categories.get(item["category_id"]) or {}
    items[item["id"]] = shown_item(item, category.get("station", ""))
    return True


def _saved_category(categories: dict[str, dict], items: dict[str, dict], record: dict) -> bool:
    categories[record["id"]] = {**categories.get(record["id"], {}), **record}
    for item_id, item in items.items():  # items carry their station (their category's)
        if item.get("category_id") == record["id"]:
            items[item_id] = shown_item(item, record["station"])
    return True


# What each menu event does to a device's copy (the server stores the same in its rows).
FOLDS = {
    "item_availability_changed": lambda c, i, r: _item_fields(i, r, "available"),
    "stock_changed": lambda c, i, r: _item_fields(i, r, "stock"),
    "stock_set": lambda c, i, r: _item_fields(i, r, "stock", "stock_low_at"),
    "item_saved": _saved_item,
    "item_removed": lambda c, i, r: i.pop(r["id"], None) is not None,
    "category_saved": _saved_category,
    "category_removed": lambda c, i, r: c.pop(r["id"], None) is not None,
}


def fold(categories: dict[str, dict], items: dict[str, dict], kind: str, record: dict) -> bool:
    """Apply one menu event to ``categories`` and ``items`` (changed in place); True if it
    changed them."""
    change = FOLDS.get(kind)
    return bool(change(categories, items, record)) if change is not None else False
