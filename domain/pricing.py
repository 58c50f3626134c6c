"""Pricing an order against the menu, and the one rounding rule of every bill.

Money is integer minor units (cents, kuruş) everywhere; rates are basis points (1000 is 10 %).
**Rounding, stated once:** an amount computed from a rate (a discount, a service charge, a tax)
is rounded to the minor unit half away from zero (``ratio``); an amount shared out over lines
or payers is shared by largest remainder (``share``), so the parts always add up to the whole.
``bill`` builds every bill from these two."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .errors import DomainError

FULL = 10_000  # basis points in 100 %


def ratio(amount: int, numerator: int, denominator: int) -> int:
    """``amount * numerator / denominator`` rounded half away from zero: the one rounding rule."""
    whole, rest = divmod(abs(amount) * numerator, denominator)
    rounded = whole + (1 if rest * 2 >= denominator else 0)
    return rounded if amount >= 0 else -rounded


def rate_of(amount: int, bp: int) -> int:
    return ratio(amount, bp, FULL)


def share(total: int, weights: Sequence[int]) -> list[int]:
    """``total`` shared in proportion to ``weights`` (non-negative), by largest remainder: the
    parts add up to ``total`` exactly, and equal weights differ by at most one minor unit (the
    earlier ones get it). All-zero weights share evenly."""
    if not weights:
        return []
    if not any(weights):
        weights = [1] * len(weights)
    whole = sum(weights)
    parts = [total * w // whole for w in weights]
    left = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


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
        if item.get("tax_bp"):  # the item's own tax rate travels with the line it was sold on
            priced[-1]["tax_bp"] = item["tax_bp"]
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
