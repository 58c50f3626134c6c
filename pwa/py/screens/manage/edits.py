"""The manager's edits, decided without the page: the order of rows after a move, ids for new
rows, a form's errors by field (the spec's and the rule's, as the server would answer), the
bill rules as people write them. Pure; tested in CPython."""

from __future__ import annotations

import re
import unicodedata

from domain import changes, payloads, reducer, schema
from domain.errors import DomainError
from domain.money import parse_percent
from sync.view import refused

POSITION_STEP = 10


def reorder(rows: list[dict], row_id: str, delta: int) -> list[tuple[str, int]]:
    """Move ``row_id`` ``delta`` places among ``rows`` (in their shown order): the rows whose
    position must change, with their new position. Positions are renumbered in steps, so rows
    that shared a position (an import, the demo) come apart."""
    ids = [r["id"] for r in rows]
    if row_id not in ids:
        return []
    at = ids.index(row_id)
    to = max(0, min(len(ids) - 1, at + delta))
    if to == at:
        return []
    ids.insert(to, ids.pop(at))
    before = {r["id"]: r.get("position", 0) for r in rows}
    wanted = {row_id: (i + 1) * POSITION_STEP for i, row_id in enumerate(ids)}
    return [(i, p) for i, p in wanted.items() if before[i] != p]


def new_id(name: str, taken: set[str]) -> str:
    """An id for a new row from its name (as the menu file derives them), unique among
    ``taken``: "Çay & simit" -> "cay-simit"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:48] or "row"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def problems(op: str, data: dict) -> dict[str, DomainError]:
    """What is wrong with a form's ``data`` for mutation ``op``, by the form's field: the spec
    and the domain's rule, checked before anything is queued. {} when it may be sent."""
    try:
        checked = schema.validate(payloads.OPS[op], data, "")
        if op == "save_item":
            changes.check_modifiers(checked["modifiers"])
    except DomainError as exc:
        return {field_of(exc.field or ""): exc}
    return {}


def field_of(path: str) -> str:
    """The form field a spec path names: ``.modifiers[0].options[1].name`` -> ``modifiers[0]``
    (a group's errors show beside the group)."""
    path = path.lstrip(".")
    match = re.match(r"[a-z_]+(\[\d+\])?", path)
    return match.group(0) if match else path


def refusal(op: str, data: dict, floor: dict, now: str) -> dict[str, DomainError]:
    """What the domain's rule says to a valid change made ``now`` (the server's time) against
    the floor this device shows (a table with guests, an area with tables): the same words the
    server would answer."""
    exc = refused(floor, op, data, now=now)
    return {field_of(exc.field or ""): exc} if exc is not None else {}


def rules_data(
    tax_mode: str, service: str, methods: str, threshold: str, reasons_text: str, now: str,
    lock: str = "0",
) -> tuple[dict, dict[str, DomainError]]:  # fmt: skip
    """The ``save_settings`` data from the rules form, and its problems by field: percentages
    as people write them (``12,5``), methods separated by commas (``Meal voucher`` is
    ``meal-voucher``), one reason per line, the idle lock in whole minutes."""
    found: dict[str, DomainError] = {}
    minutes = lock.strip() or "0"
    if not minutes.isdigit():
        found["lock_after_min"] = DomainError("invalid_value", "whole minutes, 0 for never",
                                              field="lock_after_min")  # fmt: skip
    rates = {}
    for name, text, most in (("service_bp", service, 30.0), ("discount_approval_bp", threshold,
                                                             100.0)):  # fmt: skip
        try:
            rates[name] = parse_percent(text or "0", name, most)
        except DomainError as exc:
            rates[name], found[name] = 0, exc
    data = {
        "tax_mode": tax_mode,
        **rates,
        "payment_methods": [
            re.sub(r"\s+", "-", m.strip().lower()) for m in methods.split(",") if m.strip()
        ],
        "reasons": [line.strip() for line in reasons_text.splitlines() if line.strip()],
        "lock_after_min": int(minutes) if minutes.isdigit() else 0,
    }
    ruled = problems("save_settings", data) or refusal("save_settings", data, reducer.empty(), now)
    return data, {**found, **ruled}
