"""What a screen shows: the server's floor with the user's unsent changes laid on top.

Pure. The confirmed state is the domain reducer's, folded from the server's events; pending
mutations from the outbox are projected over it on every render (Replicache's rebase idea), so a
change shows the moment it is made and is replaced by the server's own version when its event
arrives. Nothing here is ever written back: dropping the overlay always leaves the server's truth.
"""

from __future__ import annotations

from collections.abc import Iterable

from domain import changes, reducer
from domain.changes import Context
from domain.errors import DomainError
from domain.protocol import ATTENTION
from domain.reducer import State
from sync.outbox import Mutation

PENDING_NUMBER = "…"  # an order's number comes from the server; until then it has none


def _overlay(state: State, mutation: Mutation, menu: dict[str, dict]) -> None:
    """Lay one unsent change on the working copy ``state``: the domain's own rule
    (``changes.apply``, as the server runs it), its events folded in as the reducer folds the
    server's, each record marked with the change that made it."""
    context = Context(
        now=mutation.created_at,
        menu=menu,
        order_id=f"pending:{mutation.client_id}",
        number=PENDING_NUMBER,
    )
    try:
        _, events = changes.apply(state, mutation.op, mutation.data, context)
    except (DomainError, KeyError, TypeError):
        # The server will refuse it (or it was queued by an older build in another shape):
        # show the server's state, not an impossible one.
        return
    for kind, record in events:
        reducer.HANDLERS[kind](state, {**record, "pending": mutation.client_id})


def with_pending(
    confirmed: State, pending: Iterable[Mutation], menu: dict[str, dict] | None = None
) -> State:
    """The floor to show: ``confirmed`` with every unsent or unanswered mutation applied, in
    order. Mutations that need attention are not applied: the server refused them.
    ``confirmed`` itself is never changed; without pending changes it is returned as it is."""
    state: State | None = None
    for mutation in pending:
        if mutation.state == ATTENTION:
            continue
        if state is None:
            state = {**confirmed, "tables": dict(confirmed["tables"])}
            state["orders"] = dict(confirmed["orders"])
        _overlay(state, mutation, menu or {})
    return state if state is not None else confirmed


def menu_with_pending(items: dict[str, dict], pending: Iterable[Mutation]) -> dict[str, dict]:
    """Menu items with this device's unsent "sold out" / "back on" taps laid on top (the last
    tap of an item wins), so a kitchen screen shows its own tap at once, offline too."""
    work: dict[str, dict] | None = None
    for mutation in pending:
        if mutation.op != "set_item_availability" or mutation.state == ATTENTION:
            continue
        item = items.get(mutation.data.get("item_id"))
        if item is None:
            continue
        if work is None:
            work = dict(items)
        work[item["id"]] = {**item, "available": bool(mutation.data.get("available")),
                            "pending": mutation.client_id}  # fmt: skip
    return work if work is not None else items
