"""What the manager screen decides, without the page: the order of rows after a move, a form's
errors by field, ids for new rows, the day's bar chart. Pure; tested in CPython."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from domain import changes, payloads, reducer, schema
from domain.errors import DomainError
from domain.money import parse_percent
from sync.view import refused

POSITION_STEP = 10
MAX_SLOT = 60.0  # a bar's room at most: one busy hour is a bar, not a wall


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


@dataclass(frozen=True)
class Bar:
    hour: int
    x: float
    y: float
    width: float
    height: float
    value: int


def bars(by_hour: list[dict], key: str, width: float, height: float) -> list[Bar]:
    """One bar per hour from the first to the last hour with anything, scaled so the largest
    fills ``height``: a lunch-only place gets wide bars, not 24 slivers."""
    busy = [h for h in by_hour if h[key]]
    if not busy:
        return []
    first, last = busy[0]["hour"], busy[-1]["hour"]
    shown = [h for h in by_hour if first <= h["hour"] <= last]
    top = max(h[key] for h in shown)
    slot = min(width / len(shown), MAX_SLOT)
    gap = slot * 0.2
    out = []
    for i, h in enumerate(shown):
        tall = height * h[key] / top
        out.append(Bar(h["hour"], i * slot + gap / 2, height - tall, slot - gap, tall, h[key]))
    return out


def refusal(op: str, data: dict, floor: dict) -> dict[str, DomainError]:
    """What the domain's rule says to a valid change against the floor this device shows (a
    table with guests, an area with tables): the same words the server would answer."""
    exc = refused(floor, op, data)
    return {field_of(exc.field or ""): exc} if exc is not None else {}


def rules_data(
    tax_mode: str, service: str, methods: str, threshold: str, reasons_text: str
) -> tuple[dict, dict[str, DomainError]]:
    """The ``save_settings`` data from the rules form, and its problems by field: percentages
    as people write them (``12,5``), methods separated by commas (``Meal voucher`` is
    ``meal-voucher``), one reason per line."""
    found: dict[str, DomainError] = {}
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
    }
    ruled = problems("save_settings", data) or refusal("save_settings", data, reducer.empty())
    return data, {**found, **ruled}
