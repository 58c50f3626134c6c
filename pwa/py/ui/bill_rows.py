"""A bill's figures below its lines, in the catalogue's words: discounts, service charge and
each tax rate. The payment sheet and the printed bill show the same rows from this one place
(the arithmetic itself is ``domain.bill``'s). Pure."""

from __future__ import annotations

from dataclasses import dataclass

from domain.bill import Bill


@dataclass(frozen=True)
class BillRow:
    key: str  # the catalogue's word: pay.subtotal, pay.service, ...
    amount: int
    rate: int = 0  # a tax row's rate, basis points


def summary(made: Bill) -> list[BillRow]:
    rows = []
    if made.discounts:
        rows.append(BillRow("pay.discounts", -made.discounts))
    if made.service:
        rows.append(BillRow("pay.service", made.service))
    key = "pay.tax_added" if made.tax_mode == "added" else "pay.tax_included"
    rows += [BillRow(key, tax, rate) for rate, tax in made.taxes.items() if tax]
    return rows
