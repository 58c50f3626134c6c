"""The drawer tab's forms, decided without the page: amounts as people type them, each form's
change and its problems by field (the spec's and the rule's against the floor this device
shows, as the server would answer), and what a shift's card lists. Pure; tested in CPython."""

from __future__ import annotations

import uuid

from domain.errors import DomainError
from domain.money import parse_price
from screens.manage import edits

# The notes and coins a drawer is counted in, largest first, in minor units. A currency not
# listed here is counted as a total only.
DENOMINATIONS: dict[str, tuple[int, ...]] = {
    "TRY": (20000, 10000, 5000, 2000, 1000, 500, 100, 50, 25, 10, 5),
    "EUR": (50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1),
    "USD": (10000, 5000, 2000, 1000, 500, 200, 100, 25, 10, 5, 1),
    "GBP": (5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1),
}


def counted(
    total_text: str, pieces: list[tuple[int, str]], currency: str, field: str
) -> tuple[dict, dict[str, DomainError]]:
    """What a person counted: by notes and coins where any count is typed (``pieces``: value
    and how many, as typed), else the total typed. The change's fields (``field`` for the total,
    or ``count``) and the problems by field."""
    typed = [(value, text.strip()) for value, text in pieces if text.strip()]
    if not typed:
        total, found = amount(total_text, currency, field)
        return {field: total}, found
    count = []
    for value, text in typed:
        if not text.isdigit():
            wrong = DomainError("wrong_type", f"{text!r} is not a number of notes", field="count")
            return {field: None}, {"count": wrong}
        if int(text):
            count.append({"value": value, "qty": int(text)})
    return {field: None, "count": count}, {}


def amount(text: str, currency: str, field: str) -> tuple[int | str, dict[str, DomainError]]:
    """Minor units from ``12.50`` (or ``12,50``); the problem by field where it is not one."""
    try:
        return parse_price(text or "", currency, field), {}
    except DomainError as exc:
        return text, {field: exc}


def _checked(op: str, data: dict, floor: dict, now: str, found: dict) -> tuple[dict, dict]:
    if found:
        return data, found
    return data, edits.problems(op, data) or edits.refusal(op, data, floor, now)


def open_data(
    name: str, float_text: str, currency: str, floor: dict, now: str,
    pieces: list[tuple[int, str]] = (),
) -> tuple[dict, dict]:  # fmt: skip
    """``open_drawer``: a new shift's id, the drawer's name, the float counted in (a total, or
    by notes and coins)."""
    fields, found = counted(float_text, pieces, currency, "float")
    data = {"drawer_id": f"drawer-{uuid.uuid4().hex[:16]}", "name": name.strip(), **fields}
    return _checked("open_drawer", data, floor, now, found)


def move_data(drawer_id: str, kind: str, text: str, reason: str, currency: str, floor: dict,
              now: str) -> tuple[dict, dict]:  # fmt: skip
    """``move_cash``: cash in or out of the shift, with what it is for."""
    moved, found = amount(text, currency, "amount")
    data = {"drawer_id": drawer_id, "kind": kind, "amount": moved, "reason": reason.strip()}
    return _checked("move_cash", data, floor, now, found)


def close_data(drawer_id: str, text: str, note: str, currency: str, floor: dict,
               now: str, pieces: list[tuple[int, str]] = ()) -> tuple[dict, dict]:  # fmt: skip
    """``close_drawer``: what the drawer holds, counted (a total, or by notes and coins)."""
    fields, found = counted(text, pieces, currency, "counted")
    data = {"drawer_id": drawer_id, **fields, "note": note.strip()}
    return _checked("close_drawer", data, floor, now, found)


def pieces_total(pieces: list[tuple[int, str]]) -> int | None:
    """The notes and coins typed so far, added up as the person types; None while none is."""
    typed = [(value, text.strip()) for value, text in pieces if text.strip()]
    if not typed or not all(text.isdigit() for _, text in typed):
        return None
    return sum(value * int(text) for value, text in typed)


def figures(drawer: dict) -> list[tuple[str, int]]:
    """A shift's card, by the catalogue's key: the float, cash taken (less cash given back),
    put in and taken out, what it should hold; once counted, the count and the difference."""
    cash = drawer["cash"]
    shown = [("float", drawer["float"]), ("taken", cash["payments"] - cash["refunds"]),
             ("cash_in", cash["in"]), ("cash_out", cash["out"]),
             ("expected", drawer["expected"])]  # fmt: skip
    if drawer["status"] == "closed":
        shown += [("counted", drawer["counted"]), ("difference", drawer["difference"])]
    return shown


def difference_word(difference: int) -> str:
    """How a count came out: ``over``, ``short`` or ``even``."""
    return "over" if difference > 0 else "short" if difference < 0 else "even"
