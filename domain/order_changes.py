"""The rules for orders: placing one (or adding to one), moving it on, changing it while it is
open (a void, a discount, holding lines back), and paying its check. Pure; run by the server in
its write transaction and by the page over its floor, so both reach the same order.

**A check** is an order and the orders added to it later ("added" tickets: dessert after the
mains): each addition is an order of its own, so the kitchen gets a ticket for the new lines
only and each has its own life from new to served; the bill and its payments are the check's,
kept on the first order.

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

from . import bill, orders, tables
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


def _check_reason(data: dict, settings: Mapping) -> dict:
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


def _open(order: dict) -> None:
    if not orders.is_active(order["status"]):
        raise DomainError(
            "order_closed", f"order {order['number']} is {order['status']}", field="order_id"
        )


def _unpaid(order: dict) -> None:
    _open(order)
    if order.get("settled_at"):
        raise DomainError(
            "already_paid", f"order {order['number']} is paid already", field="order_id"
        )


def _covers_payments(state: State, order: dict, context: Context) -> None:
    """A change that lowers a check's bill (a void, a discount, a cancelled addition) may not
    take it below what has been paid: the money would be owed back, and nothing here pays out."""
    root = root_of(state, order)
    paid = sum(p["amount"] for p in root.get("payments", []))
    if not paid:
        return
    after = _with(state, order)
    root = after["orders"].get(root["id"], root)
    total = bill.bill(check(after, root), bill.Settings.read(context.settings)).total
    if root["status"] == "cancelled" or total < paid:
        raise DomainError(
            "paid_beyond", f"{paid} is paid already; the bill would be {total}: refund first",
            field="order_id",
        )  # fmt: skip


def _approved_once_started(order: dict, context: Context, what: str) -> None:
    """Undoing what the kitchen has started needs a manager (unless the kitchen asks)."""
    started = order["status"] in PREPARED and context.role != "kitchen"
    if started and not context.manager_approved:
        raise DomainError(
            "approval_needed", f"{what} is being prepared: a manager's PIN is needed",
            field="approval",
        )  # fmt: skip


# -- the check ------------------------------------------------------------------------------


def root_of(state: State, order: dict) -> dict:
    """The check's first order (an addition points at it)."""
    if not order.get("adds_to"):
        return order
    return find_order(state, order["adds_to"])


def additions(state: State, root: dict) -> list[dict]:
    """The open orders added to ``root``, oldest first."""
    found = [
        o for o in state["orders"].values()
        if o.get("adds_to") == root["id"] and orders.is_active(o["status"])
    ]  # fmt: skip
    return sorted(found, key=lambda o: (o["created_at"], o["id"]))


def check(state: State, root: dict) -> dict:
    """The check as one order for ``bill.bill``: the first order's discount and payments, every
    open order's lines."""
    lines = list(root["lines"])
    for added in additions(state, root):
        lines += added["lines"]
    return {**root, "lines": lines}


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
        root = root_of(state, added_to)
        _unpaid(root)
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
        detail = _check_reason(data, context.settings)
        _approved_once_started(order, context, f"order {order['number']}")
        if additions(state, order):
            raise DomainError(
                "has_additions", f"order {order['number']} has added orders: cancel them first",
                field="order_id",
            )  # fmt: skip
    if status == "served" and order.get("settled_at"):
        status = "paid"  # paid up front (a take-away, a guest in a hurry): served ends it
    order = changed({**order, "status": status}, context, "status", status=status, **detail)
    if detail:
        order["cancel"] = detail
        _covers_payments(state, order, context)
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
    _open(order)
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


# -- changing what an open order holds --------------------------------------------------------


def _line(order: dict, index: int) -> dict:
    if index >= len(order["lines"]):
        raise DomainError(
            "not_found", f"order {order['number']} has no line {index + 1}", field="line"
        )
    return order["lines"][index]


def void_line(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """A line taken off: it stays on the order and the kitchen's ticket, struck through, and
    leaves the bill. Once the kitchen has started it, a manager approves; once served, it is a
    discount's business. Voiding every line cancels the order."""
    order = find_order(state, data["order_id"])
    _unpaid(order)
    line = _line(order, data["line"])
    if line.get("voided"):
        return {"order": order}, []  # another phone voided it first: both meant the same
    detail = _check_reason(data, context.settings)
    if order["status"] == "served":
        raise DomainError(
            "line_served", f"{line['name']} was served already: give a discount instead",
            field="line",
        )  # fmt: skip
    _approved_once_started(order, context, line["name"])
    lines = list(order["lines"])
    lines[data["line"]] = {**line, "voided": {**detail, "at": context.now, "by": context.by}}
    total = sum(entry["line_total"] for entry in lines if not entry.get("voided"))
    order = changed({**order, "lines": lines, "total": total}, context, "void",
                    line=data["line"], name=line["name"], **detail)  # fmt: skip
    _covers_payments(state, order, context)
    if any(not entry.get("voided") for entry in lines):
        return {"order": order}, [("order_updated", order)]
    cancel = {"order_id": order["id"], "status": "cancelled", **detail}
    return set_order_status(_with(state, order), cancel, context)


def set_discount(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """An amount or a rate off a line or the whole order (0 and 0 takes it off). Above the
    restaurant's threshold a manager approves."""
    index = data["line"]
    order = find_order(state, data["order_id"])
    if index is None:
        order = root_of(state, order)  # the whole check's discount lives on its first order
    _unpaid(order)
    amount, bp = data["amount"], data["bp"]
    if amount and bp:
        raise DomainError("invalid_value", "an amount or a rate, not both", field="amount")
    if index is not None:
        line = _line(order, index)
        if line.get("voided"):
            raise DomainError("line_voided", f"{line['name']} is voided", field="line")
        base = line["line_total"]
    else:
        base = bill.bill(check(state, order), bill.Settings()).subtotal
    rate = bp or (amount * bill.FULL // base if base else bill.FULL)
    limit = bill.Settings.read(context.settings).discount_approval_bp
    if rate > limit and not context.manager_approved:
        raise DomainError(
            "approval_needed", f"a discount above {limit / 100:g} % needs a manager's PIN",
            field="approval",
        )  # fmt: skip
    if (amount or bp) and not data["reason"]:
        raise DomainError("reason_required", "say why: a reason for the discount", field="reason")
    given = {"amount": amount, "bp": bp, "reason": data["reason"]} if amount or bp else None
    if index is None:
        order = _discounted(order, given)
    else:
        lines = list(order["lines"])
        lines[index] = _discounted(lines[index], given)
        order = {**order, "lines": lines}
    order = changed(order, context, "discount", line=index, amount=amount, bp=bp,
                    reason=data["reason"])  # fmt: skip
    _covers_payments(state, order, context)
    return {"order": order}, [("order_updated", order)]


def _discounted(record: dict, given: dict | None) -> dict:
    kept = {k: v for k, v in record.items() if k != "discount"}
    return {**kept, "discount": given} if given else kept


def _with(state: State, *changed_orders: dict) -> State:
    return {**state, "orders": {**state["orders"], **{o["id"]: o for o in changed_orders}}}


# -- paying the check -------------------------------------------------------------------------


def add_payment(state: State, data: dict, context: Context) -> tuple[dict, list[Event]]:
    """A payment towards a check's bill: cash (with the change it gives), card, or another
    method the restaurant takes; never more than is still owed. When the payments cover the
    bill, the check is settled; each of its orders that is served is paid, and the table
    follows (one not served yet, a take-away paid up front, stays with the kitchen and is paid
    when served)."""
    root = root_of(state, find_order(state, data["order_id"]))
    _open(root)
    taken = root.get("payments", [])
    if context.change_id and any(p.get("id") == context.change_id for p in taken):
        return {"order": root}, []  # already in: the server's copy overtook the page's
    rules = bill.Settings.read(context.settings)
    made = bill.bill(check(state, root), rules)
    total = made.total
    payment = bill.Payment(data["method"], data["amount"], data["tip"], data["tendered"])
    bill.check_payment(payment, sum(p["amount"] for p in taken), total, rules.payment_methods)
    record = {"id": context.change_id, "method": payment.method, "amount": payment.amount,
              "tip": payment.tip, "tendered": payment.tendered, "change": payment.change,
              "at": context.now, "by": context.device}  # fmt: skip
    if data.get("lines"):
        record["lines"] = sorted(set(data["lines"]))
    payments = [*taken, record]
    root = changed({**root, "payments": payments}, context, "payment", method=payment.method,
                   amount=payment.amount, tip=payment.tip)  # fmt: skip
    if not bill.settled([bill.Payment(p["method"], p["amount"]) for p in payments], total):
        return {"order": root}, [("order_updated", root)]
    # What the check was settled as, for the day's figures (the rules may change tomorrow).
    billed = {"total": total, "discounts": made.discounts, "service": made.service,
              "taxes": sum(made.taxes.values())}  # fmt: skip
    root = {**root, "billed": billed}
    events: list[Event] = []
    for member in [root, *additions(state, root)]:
        settled = {**member, "settled_at": context.now}
        if member is not root:
            settled = {**settled, "version": member["version"] + 1, "updated_at": context.now}
        state = _with(state, settled)
        if settled["status"] != "served":
            events.append(("order_updated", settled))
            continue
        _, paid = set_order_status(state, {"order_id": settled["id"], "status": "paid"}, context)
        for kind, record_ in paid:
            if kind == "table_updated":
                state = {**state, "tables": {**state["tables"], record_["id"]: record_}}
            else:
                state = _with(state, record_)
        events += paid
    return {"order": state["orders"][root["id"]]}, events
