"""Pricing an order against the menu. Money is integer minor units (cents, kuruş) everywhere."""

from __future__ import annotations

from collections.abc import Mapping

from .errors import DomainError


def price_lines(lines: list[dict], items: Mapping[str, dict]) -> tuple[list[dict], int]:
    """Resolve validated order lines against menu ``items`` (by id, removed ones excluded).

    Returns the priced lines (names and prices copied in, so a later menu change does not
    rewrite an order) and the order total.
    """
    priced: list[dict] = []
    total = 0
    for i, line in enumerate(lines):
        where = f"lines[{i}]"
        item = items.get(line["item_id"])
        if item is None:
            raise DomainError(
                "unknown_item", f"{where}: no menu item {line['item_id']!r}", field=where
            )
        chosen = _resolve_modifiers(item, line["modifiers"], where)
        unit = item["price"] + sum(opt["price_delta"] for opt in chosen)
        if unit < 0:
            raise DomainError("invalid_value", f"{where}: price would be negative", field=where)
        line_total = unit * line["qty"]
        total += line_total
        priced.append(
            {
                "item_id": item["id"],
                "name": item["name"],
                "station": item.get("station", ""),
                "qty": line["qty"],
                "unit_price": unit,
                "modifiers": [
                    {"id": o["id"], "name": o["name"], "price_delta": o["price_delta"]}
                    for o in chosen
                ],
                "note": line["note"],
                "line_total": line_total,
            }
        )
    return priced, total


def _resolve_modifiers(item: dict, option_ids: list[str], where: str) -> list[dict]:
    by_option: dict[str, tuple[dict, dict]] = {}
    for group in item.get("modifiers", []):
        for option in group["options"]:
            by_option[option["id"]] = (group, option)
    if len(set(option_ids)) != len(option_ids):
        raise DomainError("invalid_value", f"{where}: an option is chosen twice", field=where)
    counts: dict[str, int] = {}
    chosen = []
    for oid in option_ids:
        if oid not in by_option:
            raise DomainError(
                "unknown_modifier",
                f"{where}: {item['name']} has no option {oid!r}",
                field=f"{where}.modifiers",
            )
        group, option = by_option[oid]
        counts[group["id"]] = counts.get(group["id"], 0) + 1
        chosen.append(option)
    for group in item.get("modifiers", []):
        n = counts.get(group["id"], 0)
        low, high = choice_bounds(group)
        if n < low:
            raise DomainError(
                "modifier_required",
                f"{where}: choose {low} for {group['name']} on {item['name']}",
                field=f"{where}.modifiers",
            )
        if n > high:
            raise DomainError(
                "too_many",
                f"{where}: at most {high} for {group['name']} on {item['name']}",
                field=f"{where}.modifiers",
            )
    return chosen


def choice_bounds(group: dict) -> tuple[int, int]:
    """How few and how many options of a modifier group an order line may choose (the kiosk
    asks the same question before the server does)."""
    low = max(group.get("min", 0), 1 if group.get("required") else 0)
    return low, group.get("max", len(group["options"]))
