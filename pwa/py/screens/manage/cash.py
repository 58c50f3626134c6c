"""The drawer tab's forms, decided without the page: amounts as people type them, each form's
change and its problems by field (the spec's and the rule's against the floor this device
shows, as the server would answer), and what a shift's card lists. Pure; tested in CPython."""

from __future__ import annotations

import uuid

from domain.errors import DomainError
from domain.money import parse_price
from screens.manage import edits


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
    name: str, float_text: str, currency: str, floor: dict, now: str
) -> tuple[dict, dict]:
    """``open_drawer``: a new shift's id, the drawer's name, the float counted in."""
    counted, found = amount(float_text, currency, "float")
    data = {"drawer_id": f"drawer-{uuid.uuid4().hex[:16]}", "name": name.strip(),
            "float": counted}  # fmt: skip
    return _checked("open_drawer", data, floor, now, found)


def move_data(drawer_id: str, kind: str, text: str, reason: str, currency: str, floor: dict,
              now: str) -> tuple[dict, dict]:  # fmt: skip
    """``move_cash``: cash in or out of the shift, with what it is for."""
    moved, found = amount(text, currency, "amount")
    data = {"drawer_id": drawer_id, "kind": kind, "amount": moved, "reason": reason.strip()}
    return _checked("move_cash", data, floor, now, found)


def close_data(drawer_id: str, text: str, note: str, currency: str, floor: dict,
               now: str) -> tuple[dict, dict]:  # fmt: skip
    """``close_drawer``: what the drawer holds, counted."""
    counted, found = amount(text, currency, "counted")
    data = {"drawer_id": drawer_id, "counted": counted, "note": note.strip()}
    return _checked("close_drawer", data, floor, now, found)


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
