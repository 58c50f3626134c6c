"""Orders and their changes: place, move, pay, void, discount, fire; and many changes in one
commit (how an offline queue empties)."""

from __future__ import annotations

from flask import g

from domain import payloads, submissions
from domain.errors import DomainError
from domain.schema import Field, List, Obj

from ..access import scopes
from ..live.batches import submit_batch
from .changes import count_changes, submit
from .routes import endpoint, services


@endpoint(
    "POST", "/orders", "Place an order (idempotent by client_id)",
    body=payloads.with_client_id(payloads.CREATE_ORDER), status=201, tag="orders",
    response=Obj({"order": Field(payloads.ORDER)}),
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
    response=Obj({"order": Field(payloads.ORDER)}), errors=("not_found",),
)  # fmt: skip
def get_order(order_id: str) -> dict:
    order = services().store.order(g.device.restaurant, order_id)
    if not scopes.may_read_order(g.device, order):
        raise DomainError("not_found", f"no order {order_id!r}", field="order_id")
    return {"order": scopes.order_for(g.device, order)}


@endpoint(
    "POST", "/orders/<order_id>/status", "Move an order along its lifecycle",
    body=payloads.with_client_id(payloads.SET_ORDER_STATUS, drop=("order_id",)), tag="orders",
    response=Obj({"order": Field(payloads.ORDER)}),
    errors=("not_found", "illegal_transition", "not_settled", "reason_required", "approval_needed",
            "has_additions", "idempotency_mismatch", "forbidden", "rate_limited"),
    description="Cancelling needs a `reason` (one of the restaurant's, or `other` with a `note`); "
    "from a floor device, an order the kitchen has started also needs a manager's `approval`.",
)  # fmt: skip
def post_order_status(order_id: str, payload: dict) -> tuple[dict, int]:
    client_id = payload.pop("client_id")
    return submit("set_order_status", {"order_id": order_id, **payload}, client_id)


@endpoint(
    "POST", "/orders/<order_id>/payments", "Pay (part of) an order's bill",
    body=payloads.with_client_id(payloads.ADD_PAYMENT, drop=("order_id",)), tag="orders",
    response=Obj({"order": Field(payloads.ORDER)}),
    errors=("not_found", "order_closed", "overpayment", "already_paid", "not_enough_cash",
            "invalid_value", "idempotency_mismatch", "forbidden", "rate_limited"),
)  # fmt: skip
def post_payment(order_id: str, payload: dict) -> tuple[dict, int]:
    client_id = payload.pop("client_id")
    return submit("add_payment", {"order_id": order_id, **payload}, client_id)


@endpoint(
    "POST", "/orders/<order_id>/refunds", "Give back (part of) a payment",
    body=payloads.with_client_id(payloads.REFUND_PAYMENT, drop=("order_id",)), tag="orders",
    roles=("floor", "manager"), response=Obj({"order": Field(payloads.ORDER)}),
    errors=("not_found", "over_refund", "approval_needed", "approval_mismatch", "approval_used",
            "approval_ended", "reason_required", "invalid_value", "idempotency_mismatch",
            "forbidden", "rate_limited"),
    description="A payment taken by mistake (wrong method, wrong amount, a guest who came "
    "back) is reversed: up to what that payment (`payment_id`, the client_id that took it) "
    "paid and was not refunded yet, by `method`, with a `reason` and always a manager's "
    "`approval`. Nothing is deleted: the payment and the refund both stay. A check still open "
    "owes again and is paid again; on a closed check it is money given back.",
)  # fmt: skip
def post_refund(order_id: str, payload: dict) -> tuple[dict, int]:
    client_id = payload.pop("client_id")
    return submit("refund_payment", {"order_id": order_id, **payload}, client_id)


@endpoint(
    "POST", "/orders/<order_id>/comp", "Close a check unpaid: a comp or a write-off",
    body=payloads.with_client_id(payloads.COMP_CHECK, drop=("order_id",)), tag="orders",
    roles=("floor", "manager"), response=Obj({"order": Field(payloads.ORDER)}),
    errors=("not_found", "order_closed", "already_paid", "approval_needed", "approval_mismatch",
            "approval_used", "approval_ended", "reason_required", "idempotency_mismatch",
            "forbidden", "rate_limited"),
    description="What the check still owes is the house's (`kind: comp`) or lost "
    "(`write_off`), with a `reason`; always with a manager's `approval` (POST /approvals), "
    "from a manager's own device too. What was paid stays paid. The check is then settled as "
    "by payments; the day's figures count comps and write-offs apart from revenue. Marking an "
    "order `paid` any other way is refused (`not_settled`).",
)  # fmt: skip
def post_comp(order_id: str, payload: dict) -> tuple[dict, int]:
    client_id = payload.pop("client_id")
    return submit("comp_check", {"order_id": order_id, **payload}, client_id)


@endpoint(
    "POST", "/orders/<order_id>/voids", "Void a line of an open order, with a reason",
    body=payloads.with_client_id(payloads.VOID_LINE, drop=("order_id",)), tag="orders",
    roles=("floor", "manager"), response=Obj({"order": Field(payloads.ORDER)}),
    errors=("not_found", "order_closed", "already_paid", "line_served", "approval_needed",
            "reason_required", "invalid_value", "idempotency_mismatch", "forbidden",
            "rate_limited"),
    description="The line stays on the order and the kitchen's ticket, marked voided, and "
    "leaves the bill. Once the kitchen has started the order, a manager's `approval` (POST "
    "/approvals) is needed; a served line is refused (`line_served`: give a discount). Voiding a "
    "line already voided changes nothing; voiding the last line cancels the order.",
)  # fmt: skip
def post_void(order_id: str, payload: dict) -> tuple[dict, int]:
    client_id = payload.pop("client_id")
    return submit("void_line", {"order_id": order_id, **payload}, client_id)


@endpoint(
    "PUT", "/orders/<order_id>/discount", "Set or take off a discount on a line or the check",
    body=payloads.with_client_id(payloads.SET_DISCOUNT, drop=("order_id",)), tag="orders",
    roles=("floor", "manager"), response=Obj({"order": Field(payloads.ORDER)}),
    errors=("not_found", "order_closed", "already_paid", "line_voided", "approval_needed",
            "reason_required", "invalid_value", "idempotency_mismatch", "forbidden",
            "rate_limited"),
    description="`amount` (minor units) or `bp` (basis points), with a `reason`; both 0 takes "
    "it off. Above the restaurant's `discount_approval_bp` a manager's `approval` is needed.",
)  # fmt: skip
def put_discount(order_id: str, payload: dict) -> tuple[dict, int]:
    client_id = payload.pop("client_id")
    return submit("set_discount", {"order_id": order_id, **payload}, client_id)


@endpoint(
    "POST", "/orders/<order_id>/fire", "Fire the lines held back (the next course)",
    body=payloads.with_client_id(payloads.FIRE_HELD, drop=("order_id",)), tag="orders",
    roles=("floor", "manager"), response=Obj({"order": Field(payloads.ORDER)}),
    errors=("not_found", "order_closed", "idempotency_mismatch", "forbidden", "rate_limited"),
)  # fmt: skip
def post_fire(order_id: str, payload: dict) -> tuple[dict, int]:
    client_id = payload.pop("client_id")
    return submit("fire_held", {"order_id": order_id, **payload}, client_id)
