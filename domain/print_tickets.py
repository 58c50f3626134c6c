"""What a change prints in the kitchen: one paper per station it concerns. Pure; the store
writes a print job for each in the change's own transaction (``server.store.printing``).

- an order placed: its lines for each station (NEW), or ADDED for lines added to a check the
  kitchen already has; lines held back print when the waiter fires them (FIRED);
- a line voided: a VOID slip at its station; an order cancelled: a VOID slip of its lines;
- nothing for lines held back and never fired, nor for moves along the lifecycle.

A paper (``doc``) is plain data: what it says, not how the printer says it (``server.printing``
turns it into bytes for the printer's width and code page, with REPRINT on a reprint).
"""

from __future__ import annotations

from collections.abc import Iterable

from .stations import station_of

NEW, ADDED, FIRED, VOID = "new", "added", "fired", "void"
MAX_PAPER_LINES = 60  # lines on one paper: an order has at most 50 (payloads.MAX_LINES)


def _line(line: dict) -> dict:
    return {
        "qty": line["qty"],
        "name": line["name"],
        "mods": [m["name"] for m in line.get("modifiers") or ()],
        "note": line.get("note", ""),
    }


def _by_station(lines: Iterable[tuple[int, dict]]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for _, line in lines:
        out.setdefault(station_of(line), []).append(_line(line))
    return out


def _doc(kind: str, order: dict, station: str, lines: list[dict], where: str, at: str,
         by: str) -> dict:  # fmt: skip
    return {
        "kind": kind,
        "station": station,
        "order_id": order["id"],
        "number": order["number"],
        "type": order.get("type", "dine_in"),
        "where": where,
        "guests": order.get("guests") or 0,
        "at": at,
        "by": by,
        "lines": lines[:MAX_PAPER_LINES],
        "note": order.get("note", "") if kind in (NEW, ADDED) else "",
    }


def _who(entry: dict) -> str:
    by = entry.get("by") or {}
    return str((by.get("person") or {}).get("name") or by.get("name") or "")


def papers(kind: str, order: dict, where: str) -> list[dict]:
    """The papers an event about ``order`` prints (``kind``: the event's type); ``where`` is its
    table's name ("" away from a table)."""
    history = order.get("history") or [{}]
    last = history[-1]
    at, by = str(last.get("at") or order.get("updated_at", "")), _who(last)
    lines = list(enumerate(order["lines"]))
    if kind == "order_created":
        paper = ADDED if order.get("adds_to") else NEW
        cooked = [(i, ln) for i, ln in lines if not ln.get("hold") and not ln.get("voided")]
        shares = _by_station(cooked)
    elif kind != "order_updated":
        return []
    elif last.get("what") == "fired":
        paper = FIRED
        shares = _by_station((i, ln) for i, ln in lines if i in set(last.get("lines") or ()))
    elif last.get("what") == "void":
        paper = VOID
        i = last.get("line")
        voided = lines[i : i + 1] if isinstance(i, int) else []
        shares = _by_station((n, ln) for n, ln in voided if not ln.get("hold"))
    elif last.get("what") == "status" and last.get("status") == "cancelled":
        paper = VOID
        shares = _by_station(
            (i, ln) for i, ln in lines if not ln.get("hold") and not ln.get("voided")
        )
    else:
        return []
    return [_doc(paper, order, station, share, where, at, by)
            for station, share in sorted(shares.items())]  # fmt: skip
