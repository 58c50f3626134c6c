"""The words on every screen, in the device's language. Pure: tested in CPython.

Each language is one module in ``locales/`` holding ``NAME`` (the language's own name) and
``CATALOG`` (key -> text with ``{placeholders}``); adding a language is adding one file. A key
with plural forms has ``key.one`` and ``key.other`` (Turkish needs no more; a language that
does can add ``key.few`` and a ``plural(n)`` function). A key missing in a catalogue falls back
to English, and a key missing everywhere shows itself, so a gap is seen, never a crash.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable

from domain.errors import DomainError
from domain.money import minor_digits
from domain.spreadsheet import dialect_for
from ui import locales

FALLBACK = "en"


def available() -> dict[str, str]:
    """Language code -> its own name, for every catalogue shipped."""
    found = {}
    for module in pkgutil.iter_modules(locales.__path__):
        found[module.name] = _load(module.name).NAME
    return dict(sorted(found.items()))


def _load(code: str):
    return importlib.import_module(f"{locales.__name__}.{code}")


def pick(preferred: Iterable[str], offered: Iterable[str]) -> str:
    """The first of the device's languages (``navigator.languages``: 'tr-TR', 'en') we have."""
    offered = set(offered)
    for tag in preferred:
        base = str(tag).lower().split("-")[0]
        if base in offered:
            return base
    return FALLBACK


class Translator:
    def __init__(self, code: str) -> None:
        self.code = code
        self._catalog = _load(code).CATALOG
        self._fallback = _load(FALLBACK).CATALOG
        self._plural: Callable[[int], str] = getattr(_load(code), "plural", _one_other)
        self.currency = "TRY"  # the restaurant's, once its menu says

    def __call__(self, key: str, /, **values: object) -> str:
        """The text for ``key``; with ``n`` among the values, the plural form for it."""
        if "n" in values and isinstance(values["n"], int):
            form = f"{key}.{self._plural(values['n'])}"
            text = self._lookup(form) or self._lookup(f"{key}.other") or self._lookup(key)
        else:
            text = self._lookup(key)
        if text is None:
            return key
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text  # a catalogue's typo must not take a screen down

    def has(self, key: str) -> bool:
        return self._lookup(key) is not None

    def _lookup(self, key: str) -> str | None:
        found = self._catalog.get(key)
        return found if found is not None else self._fallback.get(key)

    def money(self, minor: int, currency: str | None = None) -> str:
        """Minor units as the device's language writes money (₺1.234,50, $1,234.50): the
        browser's ``Intl.NumberFormat`` on a device (``browser.money``), as many decimals as
        the currency has (``domain.money``, the rule the server reads prices with)."""
        return money_format(self.code, currency or self.currency, minor)


def plain_money(language: str, currency: str, minor: int) -> str:
    """The rule where no browser formats money (CPython, the tests): the symbol first, the
    language's decimal mark and grouping."""
    sign = "-" if minor < 0 else ""
    digits = minor_digits(currency)
    whole, cents = divmod(abs(minor), 10**digits)
    grouped = f"{whole:,}"
    point = "."
    if dialect_for(language).decimal == ",":
        grouped, point = grouped.replace(",", "."), ","
    amount = f"{grouped}{point}{cents:0{digits}d}" if digits else grouped
    symbol = SYMBOLS.get(currency, currency + " ")
    return f"{sign}{symbol}{amount}"


# How money is written: ``plain_money`` until the page puts the browser's own in its place.
money_format: Callable[[str, str, int], str] = plain_money


SYMBOLS = {"TRY": "₺", "EUR": "€", "USD": "$", "GBP": "£"}


def _one_other(n: int) -> str:
    return "one" if n == 1 else "other"


def error_text(t: Translator, exc: DomainError) -> str:
    """A refusal in the page's language where the catalogue words it, else the rule's own."""
    for key in (f"form.{exc.code}.{exc.field}", f"form.{exc.code}"):  # the rule's field first
        if t.has(key):
            return t(key)
    return exc.message


def refusal(t: Translator, status: int, answer: object) -> str:
    """What to say when the server did not do it ("" when it did): it could not be asked, or
    its error in the page's words (``error_text``)."""
    if status == 0:
        return t("manage.needs_server")
    if status in (200, 201):
        return ""
    error = (answer.get("error") if isinstance(answer, dict) else None) or {}
    exc = DomainError(error.get("code", "failed"), error.get("message", ""),
                      field=error.get("field"))  # fmt: skip
    return error_text(t, exc)


def worded(t: Translator, prefix: str, value: str) -> str:
    """A value the restaurant may have named itself (a payment method, a reason): the
    catalogue's words for the ones we ship, else the manager's own (``meal-voucher`` reads
    "Meal voucher")."""
    key = f"{prefix}.{value}"
    if t.has(key):
        return t(key)
    if value and all(c.islower() or c.isdigit() or c in "-_" for c in value):
        return value.replace("-", " ").replace("_", " ").capitalize()
    return value


def reason_text(t: Translator, reason: str, note: str = "") -> str:
    """A void or cancel reason as people read it: the default reasons have words in every
    language; a restaurant's own are shown as the manager wrote them."""
    said = worded(t, "reason", reason)
    return f"{said}: {note}" if note else said
