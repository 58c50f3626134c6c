"""Money as the device's browser writes it in the device's language: ``Intl.NumberFormat``
(the symbol's place, the decimal mark, grouping, the minus sign are the language's own, not a
rule of ours). One formatter per language and currency, made once; called in the worker's own
JavaScript, so a screen of prices costs no crossing between threads."""

from __future__ import annotations

import js
from pyodide.ffi import to_js

from domain.money import minor_digits

_made: dict[tuple[str, str], object] = {}


def intl_money(language: str, currency: str, minor: int) -> str:
    key = (language, currency)
    formatter = _made.get(key)
    if formatter is None:
        digits = minor_digits(currency)
        options = to_js({"style": "currency", "currency": currency,
                         "currencyDisplay": "narrowSymbol", "minimumFractionDigits": digits,
                         "maximumFractionDigits": digits},
                        dict_converter=js.Object.fromEntries)  # fmt: skip
        formatter = _made[key] = js.Intl.NumberFormat.new(language, options)
    return str(formatter.format(minor / 10 ** minor_digits(currency)))
