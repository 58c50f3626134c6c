"""The bill: what a table owes, how it is split, and when payments settle it. Pure.

Money is integer minor units. Rates (discount, service charge, tax) are basis points: 1000 is
10 %. Rounding is ``pricing``'s, stated once there: an amount from a rate is rounded half away
from zero (``ratio``); an amount shared over lines or payers is shared by largest remainder
(``share``), so the parts always add up to the whole, to the minor unit.

The order of the bill:

1. each line not voided: its price (unit * qty, options included), less its own discount;
2. subtotal: the lines' sum;
3. the order's discount on the subtotal (an amount, or a rate of it), shared out over the lines
   in proportion to them, so each line's tax is on what the guest really pays for it;
4. service charge, where the restaurant has one: a rate of the discounted subtotal (untaxed);
5. taxes per rate, on the lines' discounted amounts: *included* (the part of the price that is
   tax, shown; the total does not change) or *added* (on top of the total), as the restaurant's
   settings say; an item carries its own rate;
6. total = discounted subtotal + service charge + added taxes. Tips are not part of the total:
   each payment carries its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .errors import DomainError
from .pricing import FULL, rate_of, ratio, share

__all__ = ["FULL", "share"]  # the bill's callers find the sharing rule here too
TAX_MODES = ("included", "added")


def even_split(total: int, payers: int) -> list[int]:
    """The bill split evenly by ``payers``: shares differing by at most one minor unit."""
    if not 1 <= payers <= 50:
        raise DomainError("invalid_value", "split between 1 and 50 payers", field="payers")
    return share(total, [1] * payers)


@dataclass(frozen=True)
class Discount:
    """An amount off, or a rate off (basis points); exactly one of them."""

    amount: int = 0
    bp: int = 0

    def of(self, base: int) -> int:
        off = self.amount if self.amount else rate_of(base, self.bp)
        return min(max(off, 0), base)  # never more than what it is taken from

    @staticmethod
    def read(spec: dict | None) -> Discount:
        if not spec:
            return Discount()
        return Discount(amount=int(spec.get("amount", 0)), bp=int(spec.get("bp", 0)))


DEFAULT_METHODS = ("cash", "card")
DEFAULT_DISCOUNT_APPROVAL_BP = 1000


@dataclass(frozen=True)
class Settings:
    """A restaurant's rules for its bills (``restaurants.settings`` on the server)."""

    tax_mode: str = "included"
    service_bp: int = 0
    payment_methods: tuple[str, ...] = DEFAULT_METHODS
    discount_approval_bp: int = DEFAULT_DISCOUNT_APPROVAL_BP  # above it a manager approves

    @staticmethod
    def read(settings: Mapping) -> Settings:
        return Settings(
            settings.get("tax_mode", "included"),
            int(settings.get("service_bp", 0)),
            tuple(settings.get("payment_methods") or DEFAULT_METHODS),
            int(settings.get("discount_approval_bp", DEFAULT_DISCOUNT_APPROVAL_BP)),
        )


@dataclass(frozen=True)
class BillLine:
    index: int  # the line's place in the order (voided ones keep theirs)
    name: str
    qty: int
    modifiers: tuple[str, ...]
    gross: int  # unit price * qty
    discount: int  # the line's own
    order_discount: int  # its part of the order's discount
    tax_bp: int

    @property
    def net(self) -> int:
        """What the guest pays for this line before service charge and added tax."""
        return self.gross - self.discount - self.order_discount


@dataclass(frozen=True)
class Bill:
    lines: tuple[BillLine, ...]
    subtotal: int  # after line discounts, before the order's
    order_discount: int
    service: int
    taxes: dict[int, int] = field(default_factory=dict)  # rate (bp) -> tax
    tax_mode: str = "included"

    @property
    def discounts(self) -> int:
        return self.order_discount + sum(line.discount for line in self.lines)

    @property
    def added_tax(self) -> int:
        return sum(self.taxes.values()) if self.tax_mode == "added" else 0

    @property
    def total(self) -> int:
        return self.subtotal - self.order_discount + self.service + self.added_tax

    def line_shares(self) -> list[int]:
        """The total shared over the lines (service and added tax in proportion): a split by
        lines pays these, and they add up to the total."""
        return share(self.total, [line.net for line in self.lines])


def bill(order: dict, settings: Settings) -> Bill:
    """The bill of ``order`` (its lines as priced by ``pricing.price_lines``; a line may carry
    ``voided``, ``discount`` and ``tax_bp``; the order may carry ``discount``)."""
    if settings.tax_mode not in TAX_MODES:
        raise DomainError("invalid_value", f"tax mode {settings.tax_mode!r}", field="tax_mode")
    kept = [(i, line) for i, line in enumerate(order["lines"]) if not line.get("voided")]
    gross = [line["line_total"] for _, line in kept]
    own = [
        Discount.read(line.get("discount")).of(g) for (_, line), g in zip(kept, gross, strict=True)
    ]
    after_own = [g - d for g, d in zip(gross, own, strict=True)]
    subtotal = sum(after_own)
    order_discount = Discount.read(order.get("discount")).of(subtotal)
    shared = share(order_discount, after_own)
    lines = tuple(
        BillLine(
            index=i,
            name=line.get("name") or line["item_id"],
            qty=line["qty"],
            modifiers=tuple(m["name"] for m in line.get("modifiers", [])),
            gross=g,
            discount=d,
            order_discount=s,
            tax_bp=int(line.get("tax_bp", 0)),
        )
        for (i, line), g, d, s in zip(kept, gross, own, shared, strict=True)
    )
    service = rate_of(subtotal - order_discount, settings.service_bp)
    taxable: dict[int, int] = {}
    for line in lines:
        if line.tax_bp:
            taxable[line.tax_bp] = taxable.get(line.tax_bp, 0) + line.net
    taxes = {
        # Included: the tax inside a price is what is left after taking the price before tax.
        bp: (amount - ratio(amount, FULL, FULL + bp) if settings.tax_mode == "included"
             else rate_of(amount, bp))
        for bp, amount in sorted(taxable.items())
    }  # fmt: skip
    return Bill(lines, subtotal, order_discount, service, taxes, settings.tax_mode)


# -- payments ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Payment:
    method: str
    amount: int  # what it pays of the bill
    tip: int = 0
    tendered: int = 0  # cash handed over; the change is what is left after amount and tip

    @property
    def change(self) -> int:
        return max(self.tendered - self.amount - self.tip, 0) if self.method == "cash" else 0


def check_payment(payment: Payment, paid_so_far: int, total: int, methods: Sequence[str]) -> None:
    """A payment the bill can take: a known method, a positive amount no more than what is
    still owed (an over-payment is refused: the extra is a tip or change), cash that covers it."""
    if payment.method not in methods:
        raise DomainError(
            "invalid_value", f"payment method {payment.method!r} is not one of {list(methods)}",
            field="method",
        )  # fmt: skip
    owed = total - paid_so_far
    if owed <= 0:
        raise DomainError("already_paid", "this bill is paid already", field="amount")
    if not 0 < payment.amount <= owed:
        raise DomainError(
            "overpayment" if payment.amount > owed else "invalid_value",
            f"a payment must be between 1 and {owed} (what is still owed)",
            field="amount",
        )
    if payment.tip < 0:
        raise DomainError("invalid_value", "a tip cannot be negative", field="tip")
    if (
        payment.method == "cash"
        and payment.tendered
        and payment.tendered < payment.amount + payment.tip
    ):
        raise DomainError(
            "not_enough_cash", "the cash handed over does not cover the amount and tip",
            field="tendered",
        )  # fmt: skip
