"""Cells of a CSV a person will open in a spreadsheet. A cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is a formula to Excel and LibreOffice (an item named
``=HYPERLINK(...)`` would run), so it is written with a leading ``'`` (OWASP's rule for CSV
injection), and read back without it. A plain number (``-5.00``, a refund) is data, not a
formula, and stays as it is. A file starts with a BOM (Excel's sign that it is UTF-8) and is
written in the reader's language's dialect: ``;`` and ``12,50`` where the comma is the decimal
mark. Pure, standard library only.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?[0-9]+([.,][0-9]+)?")
BOM = "\ufeff"  # Excel reads a CSV as UTF-8 only when it starts with one (else "KÃ¶ÅŸe")
# Languages that write 12,50: their spreadsheets split a CSV on ";" (the comma is the decimal).
DECIMAL_COMMA = frozenset({"tr", "de", "fr", "es", "it", "nl", "pt"})


@dataclass(frozen=True)
class Dialect:
    """How a spreadsheet in a language reads a CSV: its separator and its decimal mark."""

    delimiter: str = ","
    decimal: str = "."

    def number(self, text: str) -> str:
        """A plain number ("12.50", "-5.00", "7.25") as this language writes it."""
        return text.replace(".", self.decimal) if _NUMBER.fullmatch(text) else text


PLAIN = Dialect()  # "," and "12.50": English, and what `menu import` reads
SEMICOLON = Dialect(";", ",")


def dialect_for(language: str) -> Dialect:
    """The dialect of ``language`` ("tr", "de-DE", "en-GB"): "12,50" and ";" where the comma
    is the decimal mark, "12.50" and "," elsewhere."""
    primary = language.split("-")[0].split("_")[0].lower()
    return SEMICOLON if primary in DECIMAL_COMMA else PLAIN


def to_text(rows: Iterable[list[object]], dialect: Dialect = PLAIN) -> str:
    """Rows as a CSV file a spreadsheet opens right: UTF-8 with a BOM, the language's
    separator, every cell guarded (``cell``)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=dialect.delimiter, lineterminator="\r\n")
    for values in rows:
        writer.writerow(row(values))
    return out.getvalue()


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
