"""The rules for orders: placing one (or adding to one), moving it on, holding lines back and
firing them, and the reasons and approvals that undoing kitchen work needs. Changing an open
order (a void, a discount) is ``corrections``; paying its check is ``payments``; what a check is,
``checks``. Pure; run by the server in its write transaction and by the page over its floor, so
both reach the same order.

**Two devices changing one order offline** (the concurrency rule): every change is checked
against the order as the server has it when the change arrives, in arrival order.

- additions are orders of their own, so two phones adding to one check both land;
- voiding a line that is voided already changes nothing (both phones meant the same);
- a void or a discount on an order that another device has served, paid or cancelled meanwhile
  is refused by name (``line_served``, ``already_paid``, ``order_closed``), and the phone shows
  it in "needs attention" with that reason;
- a payment never takes more than the check still owes when it arrives (``overpayment``), and
  a void, discount or cancel never takes the bill below what is paid (``paid_beyond``).
"""

from __future__ import annotations

from collections.abc import Mapping

from . import checks, orders, tables
from .context import Context, Event, changed, find_order, find_table, follow
from .errors import DomainError
from .pricing import price_lines
from .reducer import State

ORDER_TYPES = ("dine_in", "takeaway", "delivery")
OTHER = "other"  # always a reason, with a note saying what
DEFAULT_REASONS = ("wrong_item", "changed_mind", "took_too_long", "quality", "sold_out")
PREPARED = frozenset({"preparing", "ready"})  # the kitchen has started: undoing it costs food
MIN_PHONE_DIGITS = 6


def reasons(settings: Mapping) -> tuple[str, ...]:
    """The restaurant's reasons for a void or a cancel ("other" is always there as well)."""
    return tuple(settings.get("reasons") or DEFAULT_REASONS)


def check_reason(data: dict, settings: Mapping) -> dict:
    reason, note = data.get("reason", ""), data.get("note", "")
    if not reason:
        raise DomainError("reason_required", "say why: choose a reason", field="reason")
    if reason == OTHER:
        if not note:
            raise DomainError("reason_required", "say what the other reason is", field="note")
    elif reason not in reasons(settings):
        raise DomainError(
            "invalid_value", f"{reason!r} is not one of the restaurant's reasons", field="reason"
        )
    return {"reason": reason, "note": note}


def approved_once_started(order: dict, context: Context, what: str) -> None:
    """Undoing what the kitchen has started needs a manager (unless the kitchen asks)."""
    started = order["status"] in PREPARED and context.role != "kitchen"
    if started and not context.may("void_after_start"):
        raise DomainError(
            "approval_needed", f"{what} is being prepared: a manager's PIN is needed",
            field="approval",
        )  # fmt: skip


# -- placing an order -------------------------------------------------------------------------


def _customer(data: dict) -> dict | None:
    customer = data.get("customer") or {}
    phone = customer.get("phone", "")
    if phone and sum(c.isdigit() for c in phone) < MIN_PHONE_DIGITS:
        raise DomainError(
            "invalid_phone", f"a phone number has at least {MIN_PHONE_DIGITS} digits",
            field="customer.phone",
        )  # fmt: skip
    kept = {k: v for k, v in customer.items() if v}
    return kept or None


def _where(state: State, data: dict) -> tuple[str, str | None, dict | None, dict | None]:
    """(type, table id, customer, the check's first order) of a new order."""
    if data.get("adds_to"):
        added_to = state["orders"].get(data["adds_to"])
        if added_to is None:
            raise DomainError("unknown_order", f"no order {data['adds_to']!r}", field="adds_to")
        root = checks.root_of(state, added_to)
        checks.require_unpaid(root)
        return root.get("type", "dine_in"), root["table_id"], root.get("customer"), root
    table_id = data["table_id"]
    kind = data.get("type") or ("dine_in" if table_id else "takeaway")
    if kind == "dine_in" and not table_id:
        raise DomainError("table_required", "an order to eat in needs its table", field="table_id")
    if kind != "dine_in" and table_id:
        raise DomainError(
            "invalid_value", f"a {kind.replace('_', '-')} order has no table", field="table_id"
        )
    return kind, table_id, _customer(data), None


def create_order(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    kind, table_id, customer, root = _where(state, data)
    table = find_table(state, table_id, "unknown_table") if table_id else None
    for i, line in enumerate(data["lines"]):
        item = context.menu.get(line["item_id"])
        if item is not None and not item.get("available", True):
            raise DomainError(
                "item_unavailable", f"{item['name']} is sold out", field=f"lines[{i}]"
            )
    priced, total = price_lines(data["lines"], context.menu)
    for line, asked in zip(priced, data["lines"], strict=True):
        if asked.get("hold"):
            line["hold"] = True  # the kitchen sees it, but cooks it when the waiter fires it
    stock_events = _take_stock(data["lines"], context.menu)
    order = {
        "id": context.order_id,
        "number": root["number"] if root else context.number,
        "status": "new",
        "type": kind,
        "table_id": table_id,
        "lines": priced,
        "note": data["note"],
        "total": total,
        "created_at": context.now,
        "updated_at": context.now,
        "version": 1,
        "placed_by": context.device,
        "history": [{"at": context.now, "what": "added" if root else "placed", "by": context.by}],
    }
    if root:
        order["adds_to"] = root["id"]
    if customer:
        order["customer"] = customer
    if data.get("guests"):
        order["guests"] = data["guests"]
    events: list[Event] = [("order_created", order)]
    if table is not None and "status" in table:  # a kiosk is not told tables' status
        follow(table, tables.after_order_created(table["status"]), events)
    return {"order": order}, events + stock_events


def _take_stock(lines: list[dict], menu: Mapping[str, dict]) -> list[Event]:
    """What an order takes from counted stock, in the order's own transaction: the new count,
    a notice when it falls to the item's threshold, and at zero the item sells out by itself.
    An order for more than is left is refused whole (the guest chooses again)."""
    wanted: dict[str, tuple[int, int]] = {}  # item id -> (quantity, first line)
    for i, line in enumerate(lines):
        qty, first = wanted.get(line["item_id"], (0, i))
        wanted[line["item_id"]] = (qty + line["qty"], first)
    events: list[Event] = []
    for item_id, (qty, first) in wanted.items():
        item = menu[item_id]
        stock = item.get("stock")
        if stock is None:
            continue
        if qty > stock:
            raise DomainError(
                "out_of_stock", f"only {stock} × {item['name']} left", field=f"lines[{first}]"
            )
        left = stock - qty
        about = {"item_id": item_id, "name": item["name"], "stock": left}
        events.append(("stock_changed", about))
        if 0 < left <= item.get("stock_low_at", 0) < stock:
            events.append(("stock_low", about))
        if left == 0:
            events.append(("stock_out", about))
            gone = {"item_id": item_id, "name": item["name"], "available": False}
            events.append(("item_availability_changed", gone))
    return events


# -- moving an order on -----------------------------------------------------------------------


def set_order_status(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    order = find_order(state, data["order_id"])
    if not orders.check_transition(order["status"], data["status"]):
        return {"order": order}, []
    status = data["status"]
    detail: dict = {}
    if status == "cancelled":
        detail = check_reason(data, context.settings)
        approved_once_started(order, context, f"order {order['number']}")
        if checks.additions(state, order):
            raise DomainError(
                "has_additions", f"order {order['number']} has added orders: cancel them first",
                field="order_id",
            )  # fmt: skip
    if status == "paid" and not order.get("settled_at"):
        # Paid means settled: by payments that cover the bill, or a comp a manager approved.
        raise DomainError(
            "not_settled", f"order {order['number']} is not paid: take its payments, or comp"
            " it with a manager's approval", field="status",
        )  # fmt: skip
    if status == "served" and order.get("settled_at"):
        status = "paid"  # paid up front (a take-away, a guest in a hurry): served ends it
    order = changed({**order, "status": status}, context, "status", status=status, **detail)
    if detail:
        order["cancel"] = detail
        checks.covers_payments(state, order, context)
        if order.get("adds_to"):  # a cancelled addition shrinks its check
            checks.require_discounts_allowed(checks.with_orders(state, order), order, context)
    events: list[Event] = [("order_updated", order)]
    if order["table_id"] is not None and not orders.is_active(order["status"]):
        table = find_table(state, order["table_id"])
        others = sum(
            1
            for other in state["orders"].values()
            if other["table_id"] == table["id"]
            and other["id"] != order["id"]
            and orders.is_active(other["status"])
        )
        follow(table, tables.after_order_closed(table["status"], order["status"], others), events)
    return {"order": order}, events


def fire_held(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """The waiter says "now" for the lines held back (the next course): the kitchen cooks them."""
    order = find_order(state, data["order_id"])
    checks.require_open(order)
    held = [i for i, line in enumerate(order["lines"]) if line.get("hold")]
    if not held:
        return {"order": order}, []
    lines = [
        {**{k: v for k, v in line.items() if k != "hold"}, "fired_at": context.now}
        if i in held else line
        for i, line in enumerate(order["lines"])
    ]  # fmt: skip
    order = changed({**order, "lines": lines}, context, "fired", lines=held)
    return {"order": order}, [("order_updated", order)]
