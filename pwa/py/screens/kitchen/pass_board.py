"""What the pass (expo) sees, from the floor state: every order the kitchen has in hand with
each station's progress, which station holds it up and since when, and what its bump and
recall send. Pure; the rule for "ready" is ``domain.stations``'.

Two columns: in the kitchen (new, accepted, preparing) and ready (waiting for the runner). The
pass bumps an order ready (the stations did, or the pass says so) and a ready order served;
a recall takes a ready order back to the kitchen.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain import stations as st
from screens.kitchen.board import SHOWN, first_come, placed_by

COLUMNS = ("kitchen", "ready")
# The steps to ready from each status: the order's lifecycle walked one status at a time.
TO_READY = {"new": ("accepted", "preparing", "ready"), "accepted": ("preparing", "ready"),
            "preparing": ("ready",), "ready": ("served",)}  # fmt: skip


@dataclass(frozen=True)
class PassRow:
    order_id: str
    number: str
    status: str
    where: str  # the table's name, or "" away from a table
    kind: str
    created_at: str
    shares: tuple[st.Progress, ...]
    holding: tuple[str, ...]  # stations it waits on while another is done
    waiting_since: str  # since when it waits on them ("" when it does not)
    pending: bool
    by: str = ""
    added: bool = False

    @property
    def column(self) -> str:
        return "ready" if self.status == "ready" else "kitchen"

    @property
    def all_done(self) -> bool:
        return bool(self.shares) and all(s.status == st.DONE for s in self.shares)


def rows(floor: dict) -> list[PassRow]:
    """Every order in the kitchen's hands, oldest first."""
    names = {t["id"]: t["name"] for t in floor["tables"].values()}
    out = []
    for order in floor["orders"].values():
        if order["status"] not in SHOWN:
            continue
        out.append(PassRow(
            order_id=order["id"], number=order["number"], status=order["status"],
            where=names.get(order.get("table_id") or "", ""), kind=order.get("type", "dine_in"),
            created_at=order["created_at"], shares=tuple(st.progress(order)),
            holding=tuple(p.station for p in st.holding_up(order)),
            waiting_since=st.waiting_since(order), pending=bool(order.get("pending")),
            by=placed_by(order), added=bool(order.get("adds_to")),
        ))  # fmt: skip
    out.sort(key=first_come)  # type: ignore[arg-type]  # as the kitchen's tickets: same fields
    return out


def bump_changes(row: PassRow) -> list[tuple[str, dict]]:
    """What the pass's bump sends: each status to ready in turn (the lifecycle takes one step
    at a time), or served for a ready order."""
    return [("set_order_status", {"order_id": row.order_id, "status": status})
            for status in TO_READY.get(row.status, ())]  # fmt: skip


def bump_label(row: PassRow) -> str:
    return "pass.serve" if row.status == "ready" else "pass.ready"


def recall_change(row: PassRow) -> tuple[str, dict] | None:
    """A ready order back to the kitchen: not ready after all."""
    if row.status != "ready":
        return None
    return "set_order_status", {"order_id": row.order_id, "status": "preparing"}
