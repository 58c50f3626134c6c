"""The kiosk's cart: what a guest is putting together, before it becomes an order. Pure.

Prices come from the same ``domain.pricing`` the server charges with, so the total a guest sees
is the total the server records (unless the menu changed in between: then the server's wins).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from domain.errors import DomainError
from domain.payloads import MAX_LINES
from domain.pricing import choice_bounds, price_lines

MAX_QTY = 99


@dataclass(frozen=True)
class CartLine:
    item_id: str
    modifiers: tuple[str, ...] = ()
    note: str = ""
    qty: int = 1
    hold: bool = False  # a waiter's "fire later" (the next course)

    @property
    def key(self) -> str:
        """Same item, same choices, same note: one line with a higher quantity."""
        parts = (self.item_id, ",".join(sorted(self.modifiers)), self.note)
        return "|".join((*parts, "hold") if self.hold else parts)

    def order_line(self) -> dict:
        line = {
            "item_id": self.item_id,
            "qty": self.qty,
            "modifiers": list(self.modifiers),
            "note": self.note,
        }
        return {**line, "hold": True} if self.hold else line


@dataclass
class Cart:
    lines: list[CartLine] = field(default_factory=list)
    table_id: str | None = None  # None with ``takeaway`` False: not chosen yet
    takeaway: bool = False

    def add(self, line: CartLine) -> None:
        for i, existing in enumerate(self.lines):
            if existing.key == line.key:
                qty = min(MAX_QTY, existing.qty + line.qty)
                self.lines[i] = replace(existing, qty=qty)
                return
        if len(self.lines) >= MAX_LINES:
            raise DomainError("too_many", f"an order holds at most {MAX_LINES} lines")
        self.lines.append(line)

    def set_qty(self, key: str, qty: int) -> None:
        """Change a line's quantity; 0 removes it."""
        for i, line in enumerate(self.lines):
            if line.key == key:
                if qty <= 0:
                    del self.lines[i]
                else:
                    self.lines[i] = replace(line, qty=min(qty, MAX_QTY))
                return

    def toggle_hold(self, key: str) -> None:
        """Hold a line back for later, or send it now after all (merging with its twin)."""
        for i, line in enumerate(self.lines):
            if line.key == key:
                del self.lines[i]
                self.add(replace(line, hold=not line.hold))
                return

    def count(self) -> int:
        return sum(line.qty for line in self.lines)

    def priced(self, menu: dict[str, dict]) -> tuple[list[dict], int]:
        """Each line with its name, unit price and line total, and the order total. Lines whose
        item left the menu are dropped from the price (the guest is told by ``unavailable``)."""
        known = [line for line in self.lines if line.item_id in menu]
        return price_lines([line.order_line() for line in known], menu)

    def unavailable(self, menu: dict[str, dict]) -> list[CartLine]:
        return [
            line
            for line in self.lines
            if line.item_id not in menu or not menu[line.item_id].get("available", True)
        ]

    def ready(self) -> bool:
        return bool(self.lines) and (self.takeaway or self.table_id is not None)

    def order(self, note: str = "") -> dict:
        """The ``create_order`` data for this cart."""
        return {
            "table_id": None if self.takeaway else self.table_id,
            "lines": [line.order_line() for line in self.lines],
            "note": note,
        }

    def clear(self) -> None:
        self.lines.clear()
        self.table_id, self.takeaway = None, False


def missing_choices(item: dict, chosen: list[str]) -> list[dict]:
    """The modifier groups that still need a choice (required, or below their minimum)."""
    missing = []
    for group in item.get("modifiers", []):
        ids = {o["id"] for o in group["options"]}
        if sum(1 for c in chosen if c in ids) < choice_bounds(group)[0]:
            missing.append(group)
    return missing


def toggle_choice(item: dict, chosen: list[str], option_id: str) -> list[str]:
    """Tap an option: in a one-choice group it replaces the group's choice; in a many-choice
    group it toggles, up to the group's maximum."""
    for group in item.get("modifiers", []):
        ids = [o["id"] for o in group["options"]]
        if option_id not in ids:
            continue
        low, high = choice_bounds(group)
        in_group = [c for c in chosen if c in ids]
        others = [c for c in chosen if c not in ids]
        if option_id in in_group:
            if high == 1 and low:
                return chosen  # a required single choice is changed, not emptied
            return [c for c in chosen if c != option_id]
        if high == 1:
            return [*others, option_id]
        if len(in_group) >= high:
            return chosen  # full: the guest takes one off first
        return [*chosen, option_id]
    return chosen


def unit_price(item: dict, chosen: list[str]) -> int:
    deltas = {o["id"]: o["price_delta"] for g in item.get("modifiers", []) for o in g["options"]}
    return item["price"] + sum(deltas.get(c, 0) for c in chosen)


@dataclass
class IdleTimer:
    """A guest walked away: after ``timeout`` seconds without a touch the kiosk starts over."""

    timeout: float = 60.0
    last_touch: float = 0.0

    def touch(self, now: float) -> None:
        self.last_touch = now

    def expired(self, now: float) -> bool:
        return now - self.last_touch >= self.timeout
