"""What a screen shows: the server's floor with the user's unsent changes laid on top.

Pure. The confirmed state is the domain reducer's, folded from the server's events; pending
mutations from the outbox are projected over it on every render (Replicache's rebase idea), so a
change shows the moment it is made and is replaced by the server's own version when its event
arrives. Nothing here is ever written back: dropping the overlay always leaves the server's truth.
"""

from __future__ import annotations

from collections.abc import Iterable

from domain import changes, payloads, reducer, schema
from domain.changes import Context
from domain.errors import DomainError
from domain.protocol import ATTENTION
from domain.reducer import State
from sync.menu_cache import fold
from sync.outbox import Mutation

PENDING_NUMBER = "…"  # an order's number comes from the server; until then it has none


def _context(
    mutation: Mutation, menu: dict[str, dict], settings: dict | None, role: str,
    rights: frozenset[str] | None = None, discount_bp: int | None = None,
) -> Context:  # fmt: skip
    return Context(
        now=mutation.created_at,
        menu=menu,
        order_id=f"pending:{mutation.client_id}",
        number=PENDING_NUMBER,
        settings=settings or {},
        change_id=mutation.client_id,
        role=role,
        rights=rights,
        discount_bp=discount_bp,
        # The server checks the approval; the page shows the change as approved meanwhile.
        approved=bool(mutation.data.get("approval")),
    )


def refused(
    state: State, op: str, data: dict, menu: dict[str, dict] | None = None,
    settings: dict | None = None, role: str = "", *, now: str,
    rights: frozenset[str] | None = None, discount_bp: int | None = None,
) -> DomainError | None:  # fmt: skip
    """What the server would answer a change made ``now`` (the server's time, ISO) against the
    floor this device shows: None if it would take it, else its refusal (the spec's or the
    rule's), in the same words. Screens ask before they queue, so a waiter hears "needs a
    manager's PIN" at the table."""
    try:
        clean = schema.validate(payloads.OPS[op], data, "")
        probe = Mutation("probe", op, clean, now, position=0)
        changes.apply(
            state, op, clean, _context(probe, menu or {}, settings, role, rights, discount_bp)
        )
    except DomainError as exc:
        return exc
    return None


def _overlay(
    state: State, mutation: Mutation, menu: dict[str, dict], settings: dict | None = None,
    role: str = "", rights: frozenset[str] | None = None, discount_bp: int | None = None,
) -> None:  # fmt: skip
    """Lay one unsent change on the working copy ``state``: the domain's own rule
    (``changes.apply``, as the server runs it), its events folded in as the reducer folds the
    server's, each record marked with the change that made it."""
    context = _context(mutation, menu, settings, role, rights, discount_bp)
    try:
        _, events = changes.apply(state, mutation.op, mutation.data, context)
    except (DomainError, KeyError, TypeError):
        # The server will refuse it (or it was queued by an older build in another shape):
        # show the server's state, not an impossible one.
        return
    for kind, record in events:
        reducer.HANDLERS[kind](state, {**record, "pending": mutation.client_id})


def with_pending(
    confirmed: State,
    pending: Iterable[Mutation],
    menu: dict[str, dict] | None = None,
    settings: dict | None = None,
    role: str = "",
    rights: frozenset[str] | None = None,
    discount_bp: int | None = None,
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
            state["areas"] = dict(confirmed["areas"])
            state["drawers"] = dict(confirmed.get("drawers", {}))
        _overlay(state, mutation, menu or {}, settings, role, rights, discount_bp)
    return state if state is not None else confirmed


def menu_with_pending(items: dict[str, dict], pending: Iterable[Mutation]) -> dict[str, dict]:
    """Menu items with this device's unsent changes to them laid on top: a kitchen screen
    shows its own sold-out tap at once, offline too."""
    return catalogue_with_pending({}, items, pending)[1]


def catalogue_with_pending(
    categories: dict[str, dict], items: dict[str, dict], pending: Iterable[Mutation]
) -> tuple[dict[str, dict], dict[str, dict]]:
    """The menu's categories and items with this device's unsent menu changes laid on top, in
    order: each run through the domain's rule as the server runs it, its events folded as the
    device folds the server's. A change the rule refuses is not shown (the server will refuse
    it too). The inputs are never changed; without menu changes they are returned as they are."""
    work: tuple[dict, dict] | None = None
    for mutation in pending:
        if mutation.op not in MENU_OPS or mutation.state == ATTENTION:
            continue
        if work is None:
            work = (dict(categories), dict(items))
        context = Context(now=mutation.created_at, menu=work[1])
        try:
            _, events = changes.apply(reducer.empty(), mutation.op, mutation.data, context)
        except (DomainError, KeyError, TypeError):
            continue
        for kind, record in events:
            fold(*work, kind, record)
            collection = work[0] if kind.startswith("category") else work[1]
            target = record.get("item_id") or record.get("id")
            if target in collection:
                collection[target] = {**collection[target], "pending": mutation.client_id}
    return work if work is not None else (categories, items)


MENU_OPS = frozenset(
    {"set_item_availability", "set_item_stock", "save_item", "remove_item", "save_category",
     "remove_category"}
)  # fmt: skip
