"""The cash drawer: a *shift* per drawer, from the float counted in to the drawer counted out.

A person opens a shift by counting the float (a total, or by denomination). From then on every
cash payment taken into that drawer (what stays in it: the amount and tip, the change handed
back), every cash refund paid from it, and every *cash in* / *cash out* (the supplier paid from
the till, with a reason) moves what the drawer should hold, kept on the shift as ``expected``.
Closing is counting: the count is recorded beside what was expected, and the difference (over
is positive, short negative) stays with the shift for the close of day.

Which drawer a cash payment goes into: the one it names; with none named, the only drawer open;
with several open, the device must say which (``drawer_needed``); with none open, the cash is
taken outside any drawer (the close of day reports it so). A drawer closed meanwhile (another
device counted it) refuses more cash: the screen keeps the payment for a person to put in an
open one. Pure; the page runs the same rules on its floor.
"""

from __future__ import annotations

from .context import Context, Event
from .errors import DomainError
from .reducer import State

CASH = "cash"
MOVE_KINDS = ("cash_in", "cash_out")
MAX_MOVES = 200  # cash in/out on one shift: a till, not a ledger


def open_drawers(state: State) -> list[dict]:
    return [d for d in state.get("drawers", {}).values() if d["status"] == "open"]


def counted_total(count: list[dict]) -> int:
    """What a count by denomination adds up to (``[{value, qty}]``, values in minor units)."""
    return sum(c["value"] * c["qty"] for c in count)


def _counted(data: dict, field: str) -> tuple[int, list[dict] | None]:
    """The amount a person counted: a total, a count by denomination, or both agreeing."""
    count = data.get("count") or None
    total = data.get(field)
    if count is None and total is None:
        raise DomainError("invalid_value", "count the drawer: a total or by denomination",
                          field=field)  # fmt: skip
    if count is not None:
        values = [c["value"] for c in count]
        if len(set(values)) != len(values):
            raise DomainError("duplicate_denomination", "a denomination is listed twice",
                              field="count")  # fmt: skip
        by_notes = counted_total(count)
        if total is not None and total != by_notes:
            raise DomainError("count_mismatch", f"the notes and coins add up to {by_notes},"
                              f" not {total}", field=field)  # fmt: skip
        total = by_notes
    return total, count


def find_drawer(state: State, drawer_id: str) -> dict:
    drawer = state.get("drawers", {}).get(drawer_id)
    if drawer is None:
        raise DomainError("not_found", f"no drawer shift {drawer_id!r}", field="drawer_id")
    return drawer


def _require_open(drawer: dict, field: str = "drawer_id") -> None:
    if drawer["status"] != "open":
        raise DomainError("drawer_closed", f"{drawer['name']} was counted and closed at"
                          f" {drawer['closed_at']}: use an open drawer", field=field)  # fmt: skip


def expected(drawer: dict) -> int:
    """What the drawer should hold: the float, plus cash taken and put in, less cash paid out."""
    cash = drawer["cash"]
    return drawer["float"] + cash["payments"] - cash["refunds"] + cash["in"] - cash["out"]


def _moved(drawer: dict, context: Context, **fields: object) -> dict:
    moved = {**drawer, **fields, "version": drawer["version"] + 1, "updated_at": context.now}
    return {**moved, "expected": expected(moved)}


def open_drawer(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """A shift begins: the float counted into the named drawer, which must not be open already."""
    known = state.get("drawers", {}).get(data["drawer_id"])
    if known is not None:
        if known.get("opened_change") == context.change_id and context.change_id:
            return {"drawer": known}, []  # already in: the server's copy overtook the page's
        raise DomainError("already_exists", f"drawer shift {data['drawer_id']!r} exists",
                          field="drawer_id")  # fmt: skip
    name = data["name"].strip()
    if any(d["name"].casefold() == name.casefold() for d in open_drawers(state)):
        raise DomainError("drawer_open", f"{name} is open already: count and close it first",
                          field="name")  # fmt: skip
    float_, count = _counted(data, "float")
    drawer = {
        "id": data["drawer_id"], "name": name, "status": "open", "float": float_,
        "float_count": count, "opened_at": context.now, "opened_by": context.by,
        "opened_change": context.change_id,
        "cash": {"payments": 0, "refunds": 0, "in": 0, "out": 0, "taken": 0},
        "moves": [], "counted": None, "count": None, "difference": None, "closed_at": None,
        "closed_by": None, "note": "", "version": 1, "updated_at": context.now,
    }  # fmt: skip
    drawer["expected"] = expected(drawer)
    return {"drawer": drawer}, [("drawer_updated", drawer)]


def move_cash(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """Cash put in (change from the bank) or taken out (the supplier paid) with a reason."""
    drawer = find_drawer(state, data["drawer_id"])
    if context.change_id and any(m["id"] == context.change_id for m in drawer["moves"]):
        return {"drawer": drawer}, []
    _require_open(drawer)
    if not data["reason"].strip():
        raise DomainError("reason_required", "say what the cash is for", field="reason")
    if len(drawer["moves"]) >= MAX_MOVES:
        raise DomainError("too_many", f"{MAX_MOVES} cash moves on one shift: close it and open"
                          " another", field="drawer_id")  # fmt: skip
    amount, kind = data["amount"], data["kind"]
    if kind == "cash_out" and amount > drawer["expected"]:
        raise DomainError("not_enough_cash", f"{drawer['name']} should hold"
                          f" {drawer['expected']}: it cannot give {amount}",
                          field="amount")  # fmt: skip
    move = {"id": context.change_id, "kind": kind, "amount": amount,
            "reason": data["reason"].strip(), "note": data["note"], "at": context.now,
            "by": context.by}  # fmt: skip
    side = "in" if kind == "cash_in" else "out"
    cash = {**drawer["cash"], side: drawer["cash"][side] + amount}
    drawer = _moved(drawer, context, cash=cash, moves=[*drawer["moves"], move])
    return {"drawer": drawer}, [("drawer_updated", drawer)]


def close_drawer(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """The shift ends by counting the drawer: counted beside expected, and the difference."""
    drawer = find_drawer(state, data["drawer_id"])
    if drawer["status"] == "closed" and drawer.get("closed_change") == context.change_id:
        return {"drawer": drawer}, []
    _require_open(drawer)
    counted, count = _counted(data, "counted")
    drawer = _moved(
        drawer, context, status="closed", counted=counted, count=count,
        difference=counted - drawer["expected"], closed_at=context.now, closed_by=context.by,
        closed_change=context.change_id, note=data["note"],
    )  # fmt: skip
    return {"drawer": drawer}, [("drawer_updated", drawer)]


def through_drawer(
    state: State, method: str, drawer_id: str, amount: int, side: str, context: Context
) -> tuple[str, list[Event]]:
    """Cash in or out of a drawer for a payment (``side`` "payments") or a refund ("refunds"):
    which shift it went through (or "" for none: not cash, or no drawer open), and its event."""
    if method != CASH:
        return "", []
    if drawer_id:
        drawer = find_drawer(state, drawer_id)
        _require_open(drawer)
    else:
        open_ = open_drawers(state)
        if not open_:
            return "", []
        if len(open_) > 1:
            names = ", ".join(sorted(d["name"] for d in open_))
            raise DomainError("drawer_needed", f"{len(open_)} drawers are open ({names}):"
                              " say which one the cash goes through",
                              field="drawer_id")  # fmt: skip
        drawer = open_[0]
    if side == "refunds" and amount > drawer["expected"]:
        raise DomainError("not_enough_cash", f"{drawer['name']} should hold"
                          f" {drawer['expected']}: it cannot give back {amount}",
                          field="amount")  # fmt: skip
    cash = {**drawer["cash"], side: drawer["cash"][side] + amount}
    if side == "payments":
        cash["taken"] = cash.get("taken", 0) + 1
    return drawer["id"], [("drawer_updated", _moved(drawer, context, cash=cash))]
