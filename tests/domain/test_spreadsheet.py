"""CSV cells a spreadsheet never runs (``domain.spreadsheet``): whatever text, the cell written
does not start a formula unless it is a plain number, and reads back to the text itself."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from domain.spreadsheet import FORMULA_STARTS, cell, read_cell


def test_the_owasp_starts_get_a_guard_and_numbers_do_not():
    assert cell('=HYPERLINK("http://evil","x")') == '\'=HYPERLINK("http://evil","x")'
    assert [cell(v) for v in ("+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx")] == [
        "'+1+1", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx"]  # fmt: skip
    assert [cell(v) for v in ("-5.00", "12.50", 42, None, "Köfte")] == [
        "-5.00", "12.50", "42", "", "Köfte"]  # fmt: skip


@given(st.text(max_size=40))
def test_any_text_is_safe_and_reads_back(text):
    written = cell(text)
    runs = written.startswith(FORMULA_STARTS)
    assert not runs or written.lstrip("-").replace(".", "", 1).isdigit()
    # Only a text that already looks guarded ("'=x") reads back without its quote.
    looks_guarded = text.startswith("'") and text[1:].startswith(FORMULA_STARTS)
    assert looks_guarded or read_cell(written) == text
