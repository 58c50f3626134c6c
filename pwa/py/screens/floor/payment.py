"""Taking payment for an order at the table: what the bill says, what is still owed, the share
of the next payer when the table splits evenly, and the change for cash. Pure: the arithmetic is
``domain.bill``'s, the rule that refuses a payment is ``domain.changes``'s, so the phone and the
server cannot disagree about a bill."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from domain import bill, checks
from domain.drawers import CASH
from domain.errors import DomainError
from domain.money import parse_price
from ui.bill_rows import BillRow, summary

MAX_PAYERS = 8


@dataclass(frozen=True)
class PayLine:
    """A line of the bill for a split by items: its words, its share of the total (service
    and added tax in proportion), and whether an earlier payment took it."""

    index: int  # the line's place in the check (voided ones keep theirs): what a payment names
    label: str
    share: int
    paid: bool


@dataclass(frozen=True)
class PayView:
    rows: tuple[BillRow, ...]
    total: int
    paid: int
    methods: tuple[str, ...]
    lines: tuple[PayLine, ...] = ()

    @property
    def owed(self) -> int:
        return max(self.total - self.paid, 0)


def pay_view(order: dict, settings: Mapping) -> PayView:
    rules = bill.Settings.read(settings)
    made = bill.bill(order, rules)
    subtotal = BillRow("pay.subtotal", made.subtotal + sum(x.discount for x in made.lines))
    rows = [subtotal, *summary(made)]
    paid = checks.paid(order)  # what the check holds: its payments less its refunds
    refunded = {r["payment_id"] for r in order.get("refunds", [])}
    taken = {i for p in order.get("payments", []) if p.get("id") not in refunded
             for i in p.get("lines", ())}  # fmt: skip
    lines = tuple(
        PayLine(line.index, f"{line.qty}× {line.name}", share, line.index in taken)
        for line, share in zip(made.lines, made.line_shares(), strict=True)
    )
    return PayView(tuple(rows), made.total, paid, rules.payment_methods, lines)


def by_lines(view: PayView, chosen: set[int]) -> int:
    """What a guest pays for the lines they had: their shares, never more than is owed (the
    last guest's lines may carry the rounding of the others')."""
    return min(sum(line.share for line in view.lines if line.index in chosen), view.owed)


def next_share(view: PayView, payers: int, payments_made: int) -> int:
    """What the next payer pays when the table splits evenly between ``payers``: their part of
    the total (parts differ by a minor unit at most), all that is owed for the last one."""
    if payers <= 1 or payments_made >= payers - 1:
        return view.owed
    return min(bill.even_split(view.total, payers)[payments_made], view.owed)


def payment(
    order: dict, view: PayView, method: str, amount: str, tip: str, tendered: str, currency: str,
    lines: set[int] | None = None, drawers: list[dict] = (), drawer: str = "",
) -> dict:  # fmt: skip
    """The ``add_payment`` change the form describes, checked as the server will check it;
    DomainError (with the form's field) otherwise. Cash goes into the one open drawer of
    ``drawers``; with several open, into the ``drawer`` picked (``drawer_id``, which must be)."""
    if needs_drawer(method, drawers) and drawer not in {d["id"] for d in drawers}:
        raise DomainError("drawer_needed", "say which drawer the cash goes into",
                          field="drawer_id")  # fmt: skip
    data = {
        "order_id": order["id"],
        "method": method,
        "amount": parse_price(amount, currency, "amount"),
        "tip": parse_price(tip, currency, "tip") if tip.strip() else 0,
        "tendered": parse_price(tendered, currency, "tendered")
        if method == "cash" and tendered.strip()
        else 0,
        "lines": sorted(lines or ()),
        "drawer_id": drawer if needs_drawer(method, drawers) else "",
    }
    candidate = bill.Payment(data["method"], data["amount"], data["tip"], data["tendered"])
    bill.check_payment(candidate, view.paid, view.total, view.methods)
    return data


def needs_drawer(method: str, drawers: list[dict]) -> bool:
    """Whether the waiter must say which drawer cash goes into: several are open."""
    return method == CASH and len(drawers) > 1


def change_due(method: str, amount: str, tip: str, tendered: str, currency: str) -> int | None:
    """The change to hand back, as the waiter types; None while the numbers are not numbers."""
    if method != "cash" or not tendered.strip():
        return None
    try:
        given = parse_price(tendered, currency)
        owed = parse_price(amount, currency) + (parse_price(tip, currency) if tip.strip() else 0)
    except DomainError:
        return None
    return given - owed
