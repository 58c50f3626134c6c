"""Order lifecycle: the one state machine every screen and the server obey."""

from __future__ import annotations

from .lifecycle import Lifecycle

STATUSES: tuple[str, ...] = (
    "new", "accepted", "preparing", "ready", "served", "paid", "cancelled",
)  # fmt: skip
FLOW: tuple[str, ...] = ("new", "accepted", "preparing", "ready", "served", "paid")
CANCELLABLE: frozenset[str] = frozenset({"new", "accepted", "preparing", "ready"})
CLOSED: frozenset[str] = frozenset({"paid", "cancelled"})

_NEXT: dict[str, frozenset[str]] = {
    status: frozenset(
        ([FLOW[i + 1]] if i + 1 < len(FLOW) else [])
        + (["cancelled"] if status in CANCELLABLE else [])
    )
    for i, status in enumerate(FLOW)
}
_NEXT["ready"] |= {"preparing"}  # the pass recalls it: not ready after all
_NEXT["cancelled"] = frozenset()


LIFECYCLE = Lifecycle("order", _NEXT)
allowed_next = LIFECYCLE.allowed_next
check_transition = LIFECYCLE.check


def is_active(status: str) -> bool:
    return status not in CLOSED


def format_number(n: int) -> str:
    """The short number shown to guests and cooks: 1 -> 'A-001', 999 -> 'A-999', 1000 -> 'B-001'.

    The letter moves on every 999 orders so a number never grows past five characters.
    """
    if n < 1:
        raise ValueError("order numbers start at 1")
    block, rest = divmod(n - 1, 999)
    return f"{chr(ord('A') + block % 26)}-{rest + 1:03d}"
