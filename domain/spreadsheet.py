"""Cells of a CSV a person will open in a spreadsheet. A cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is a formula to Excel and LibreOffice (an item named
``=HYPERLINK(...)`` would run), so it is written with a leading ``'`` (OWASP's rule for CSV
injection), and read back without it. A plain number (``-5.00``, a refund) is data, not a
formula, and stays as it is. Pure, standard library only.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def cell(value: object) -> str:
    """``value`` as a CSV cell no spreadsheet runs."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def row(values: list[object]) -> list[str]:
    return [cell(v) for v in values]


def read_cell(text: str) -> str:
    """A cell as written by ``cell``: the guard taken off again, so an export imports back to
    the same menu."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
