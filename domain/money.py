"""Money as the restaurant writes it and as Passline stores it: integer minor units.

A price on a printed menu (``12.50``, ``12,50``, ``12``) becomes minor units of the restaurant's
currency, and back. Most currencies have two minor digits; the exceptions (ISO 4217) are listed.
"""

from __future__ import annotations

import re

from .errors import DomainError

ZERO_DIGITS = frozenset(
    [
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "ISK",
        "JPY",
        "KMF",
        "KRW",
        "PYG",
        "RWF",
        "UGX",
        "UYI",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    ]
)
THREE_DIGITS = frozenset(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"])
PRICE_TEXT = re.compile(r"(\d{1,9})(?:[.,](\d{1,3}))?")


def minor_digits(currency: str) -> int:
    if currency in ZERO_DIGITS:
        return 0
    return 3 if currency in THREE_DIGITS else 2


def parse_price(text: str, currency: str, field: str | None = None) -> int:
    """``"12.50"`` (or ``12,50`` as a Turkish or German spreadsheet writes it) in minor units.

    A thousands separator is refused rather than guessed: ``1.250`` could be either."""
    digits = minor_digits(currency)
    match = PRICE_TEXT.fullmatch(text.strip())
    if match is None:
        raise DomainError(
            "invalid_value",
            f"price {text!r} is not a number like 12.50 (no currency sign or thousands separator)",
            field=field,
        )
    whole, fraction = match.group(1), match.group(2) or ""
    if len(fraction) > digits:
        raise DomainError(
            "invalid_value",
            f"price {text!r} has more than {digits} decimal(s) for {currency}",
            field=field,
        )
    return int(whole) * 10**digits + int(fraction.ljust(digits, "0") or 0)


def plain_price(minor: int, currency: str) -> str:
    """Minor units as ``parse_price`` reads them back: ``1250`` -> ``"12.50"``."""
    digits = minor_digits(currency)
    sign = "-" if minor < 0 else ""
    if digits == 0:
        return f"{sign}{abs(minor)}"
    whole, fraction = divmod(abs(minor), 10**digits)
    return f"{sign}{whole}.{fraction:0{digits}d}"


def parse_percent(text: str, field: str | None = None, most: float = 100.0) -> int:
    """``"12.5"`` or ``"12,5"`` per cent in basis points (1250); from 0 to ``most``."""
    try:
        rate = float(text.strip().replace(",", "."))
    except ValueError:
        raise DomainError(
            "wrong_type", f"{text!r} is not a number like 12.5", field=field
        ) from None
    if not 0 <= rate <= most:
        raise DomainError("out_of_range", f"a percentage from 0 to {most:g}", field=field)
    return round(rate * 100)
