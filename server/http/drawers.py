"""The cash drawer: a shift opened with its float counted, cash in and out, counted and closed
(``domain.drawers``). Each a mutation, idempotent by ``client_id``, as on the live socket; the
floor snapshot (``GET /floor``) carries the day's shifts, open and counted."""

from __future__ import annotations

from domain import answers, payloads
from domain.schema import Field, Obj

from .changes import submit
from .routes import endpoint

MANAGER = ("manager",)
COMMON = ("not_found", "idempotency_mismatch", "forbidden", "rate_limited", "invalid_value")
ANSWER = Obj({"drawer": Field(answers.DRAWER)})


@endpoint(
    "POST", "/drawers", "Open a cash drawer's shift with its float counted", roles=MANAGER,
    body=payloads.with_client_id(payloads.OPEN_DRAWER), status=201, tag="drawers",
    response=ANSWER, errors=("drawer_open", "count_mismatch", *COMMON),
    description="`drawer_id` is the new shift's id (the device chooses it, so a shift opened "
    "offline is known before the server has it); `name` says which drawer. The float is "
    "`float` (minor units), or `count` by denomination (`[{value, qty}]`), or both agreeing. "
    "A drawer open already is refused (`drawer_open`). From then on a cash payment or refund "
    "goes through the one open drawer, or the one its `drawer_id` names (with several open, "
    "it must: `drawer_needed`).",
)  # fmt: skip
def post_drawer(payload: dict) -> tuple[dict, int]:
    client_id = payload.pop("client_id")
    return submit("open_drawer", payload, client_id)


def drawer_change(suffix: str, op: str, spec: Obj, summary: str, *, errors: tuple[str, ...],
                  description: str) -> None:  # fmt: skip
    """``POST /drawers/<drawer_id>/SUFFIX``: the change ``op`` on that shift."""

    def change(drawer_id: str, payload: dict) -> tuple[dict, int]:
        client_id = payload.pop("client_id")
        return submit(op, {"drawer_id": drawer_id, **payload}, client_id)

    change.__name__ = op
    endpoint(
        "POST", f"/drawers/<drawer_id>/{suffix}", summary, roles=MANAGER, tag="drawers",
        body=payloads.with_client_id(spec, drop=("drawer_id",)), response=ANSWER,
        errors=(*errors, *COMMON), description=description,
    )(change)  # fmt: skip


drawer_change(
    "moves", "move_cash", payloads.MOVE_CASH, "Put cash in or take it out, with a reason",
    errors=("drawer_closed", "not_enough_cash", "reason_required", "too_many"),
    description="`kind` `cash_in` (change from the bank) or `cash_out` (the supplier paid "
    "from the till), `amount`, `reason`. More out than the drawer should hold is refused "
    "(`not_enough_cash`).",
)  # fmt: skip
drawer_change(
    "close", "close_drawer", payloads.CLOSE_DRAWER, "Count the drawer and close its shift",
    errors=("drawer_closed", "count_mismatch"),
    description="`counted` (minor units), or `count` by denomination, or both agreeing. The "
    "shift keeps `expected` (float, cash taken and put in, less cash given back and taken "
    "out), `counted` and `difference` (over is positive, short negative). Sent again with the "
    "same `client_id`, it answers the same and changes nothing.",
)  # fmt: skip
