"""Orders and their changes: place, move, pay, void, discount, fire; and many changes in one
commit (how an offline queue empties)."""

from __future__ import annotations

from flask import g

from domain import answers, payloads, submissions
from domain.errors import DomainError
from domain.schema import Field, List, Obj

from ..access import scopes
from ..live.batches import submit_batch
from .changes import count_changes, submit
from .routes import ALL_ROLES, endpoint, services


@endpoint(
    "POST", "/orders", "Place an order (idempotent by client_id)",
    body=payloads.with_client_id(payloads.CREATE_ORDER), status=201, tag="orders",
    response=Obj({"order": Field(answers.ORDER)}),
    errors=("unknown_item", "unknown_modifier", "modifier_required", "item_unavailable",
            "out_of_stock", "unknown_table", "unknown_order", "table_required", "order_closed",
            "already_paid", "invalid_phone", "idempotency_mismatch", "forbidden", "rate_limited"),
    description="201 with the new order; a replay of the same `client_id` and body answers "
    "200 with the same order as it is now and changes nothing. `type` is `dine_in` (at "
    "`table_id`), `takeaway` or `delivery` (a kiosk: not delivery), with optional `customer` "
    "details. With `adds_to` (staff), the lines are added to that open order's check: a "
    "ticket of their own for the kitchen, with the check's number, table and bill.",
)  # fmt: skip
def post_order(payload: dict) -> tuple[dict, int]:
    client_id = payload.pop("client_id")
    return submit("create_order", payload, client_id)


@endpoint(
    "POST", "/mutations", "Apply up to 100 mutations in one request",
    body=submissions.BATCH, tag="orders",
    response=Obj({"results": Field(List(Obj(open=True), submissions.MAX_BATCH))}),
    errors=("rate_limited",),
    description="Each item is `{client_id, op, data}` as in the live socket's `submit`, with the "
    "same rules and idempotency. `results` holds one `ack` or `reject` per item, in order; one "
    "rejected item does not stop the others. All accepted items share one durable commit: this "
    "is how a client empties its offline queue quickly.",
)  # fmt: skip
def post_mutations(payload: dict) -> dict:
    count_changes(len(payload["mutations"]))
    return {"results": submit_batch(services().store, g.device, payload["mutations"])}


@endpoint(
    "GET", "/orders/<order_id>", "One order, active or not", tag="orders",
    response=Obj({"order": Field(answers.ORDER)}), errors=("not_found",),
)  # fmt: skip
def get_order(order_id: str) -> dict:
    order = services().store.order(g.device.restaurant, order_id)
    if not scopes.may_read_order(g.device, order):
        raise DomainError("not_found", f"no order {order_id!r}", field="order_id")
    return {"order": scopes.order_for(g.device, order)}


# -- changes to one order: each a mutation, idempotent by client_id, as on the socket --------

STAFF = ("floor", "manager")
APPROVALS = ("approval_needed", "approval_mismatch", "approval_used", "approval_ended")
COMMON = ("not_found", "idempotency_mismatch", "forbidden", "rate_limited")
UNPAID = ("order_closed", "already_paid")  # the check's state said why, by name


def order_change(
    method: str, suffix: str, op: str, spec: Obj, summary: str, *, errors: tuple[str, ...],
    roles: tuple[str, ...] = STAFF, description: str = "",
) -> None:  # fmt: skip
    """``METHOD /orders/<order_id>/SUFFIX``: the change ``op`` on that order, its body ``spec``
    less the order id (the path names it) plus the ``client_id``."""

    def change(order_id: str, payload: dict) -> tuple[dict, int]:
        client_id = payload.pop("client_id")
        return submit(op, {"order_id": order_id, **payload}, client_id)

    change.__name__ = op  # the route's name: one per change
    endpoint(
        method, f"/orders/<order_id>/{suffix}", summary, tag="orders", roles=roles,
        body=payloads.with_client_id(spec, drop=("order_id",)), errors=(*errors, *COMMON),
        response=Obj({"order": Field(answers.ORDER)}), description=description,
    )(change)  # fmt: skip


order_change(
    "POST", "status", "set_order_status", payloads.SET_ORDER_STATUS,
    "Move an order along its lifecycle", roles=ALL_ROLES,
    errors=("illegal_transition", "not_settled", "reason_required", "has_additions",
            *APPROVALS),
    description="Cancelling needs a `reason` (one of the restaurant's, or `other` with a `note`); "
    "from a floor device, an order the kitchen has started also needs a manager's `approval`. "
    "`paid` comes only with payments that cover the bill (or a comp): said otherwise, it is "
    "refused (`not_settled`).",
)  # fmt: skip
order_change(
    "POST", "payments", "add_payment", payloads.ADD_PAYMENT, "Pay (part of) an order's bill",
    roles=ALL_ROLES,
    errors=("order_closed", "overpayment", "already_paid", "not_enough_cash", "invalid_value"),
)  # fmt: skip
order_change(
    "POST", "refunds", "refund_payment", payloads.REFUND_PAYMENT, "Give back (part of) a payment",
    errors=("over_refund", "reason_required", "invalid_value", *APPROVALS),
    description="A payment taken by mistake (wrong method, wrong amount, a guest who came "
    "back) is reversed: up to what that payment (`payment_id`, the client_id that took it) "
    "paid and was not refunded yet, by `method`, with a `reason` and always a manager's "
    "`approval`. Nothing is deleted: the payment and the refund both stay. A check still open "
    "owes again and is paid again; on a closed check it is money given back.",
)  # fmt: skip
order_change(
    "POST", "comp", "comp_check", payloads.COMP_CHECK,
    "Close a check unpaid: a comp or a write-off",
    errors=(*UNPAID, "reason_required", *APPROVALS),
    description="What the check still owes is the house's (`kind: comp`) or lost "
    "(`write_off`), with a `reason`; always with a manager's `approval` (POST /approvals), "
    "from a manager's own device too. What was paid stays paid. The check is then settled as "
    "by payments; the day's figures count comps and write-offs apart from revenue. Marking an "
    "order `paid` any other way is refused (`not_settled`).",
)  # fmt: skip
order_change(
    "POST", "voids", "void_line", payloads.VOID_LINE,
    "Void a line of an open order, with a reason",
    errors=(*UNPAID, "line_served", "reason_required", "invalid_value", *APPROVALS),
    description="The line stays on the order and the kitchen's ticket, marked voided, and "
    "leaves the bill. Once the kitchen has started the order, a manager's `approval` (POST "
    "/approvals) is needed; a served line is refused (`line_served`: give a discount). Voiding a "
    "line already voided changes nothing; voiding the last line cancels the order. A void that "
    "would leave a discount above what is allowed is refused (`approval_needed`, field "
    "`discount`).",
)  # fmt: skip
order_change(
    "PUT", "discount", "set_discount", payloads.SET_DISCOUNT,
    "Set or take off a discount on a line or the check",
    errors=(*UNPAID, "line_voided", "reason_required", "invalid_value", *APPROVALS),
    description="`amount` (minor units) or `bp` (basis points), with a `reason`; both 0 takes "
    "it off. Above the restaurant's `discount_approval_bp` a manager's `approval` is needed; "
    "every discount on the check is held against the bill as it is now.",
)  # fmt: skip
order_change(
    "POST", "stations", "set_station_status", payloads.SET_STATION_STATUS,
    "A kitchen station starts, finishes or recalls its lines of an order",
    roles=("kitchen", "floor", "manager"), errors=("order_closed", "not_this_station"),
    description="`station` names whose lines (an item's station, else its category's; empty: "
    "lines no station cooks, the pass's). `preparing` starts them, or takes done ones back (a "
    "recall); `done` finishes them. The change that finishes the order's last line that counts "
    "(not voided, not held) makes the order `ready`; a recall of a ready order makes it "
    "`preparing` again. Bumping what already is so changes nothing.",
)  # fmt: skip
order_change(
    "POST",
    "fire",
    "fire_held",
    payloads.FIRE_HELD,
    "Fire the lines held back (the next course)",
    errors=("order_closed",),
)
