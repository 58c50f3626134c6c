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


def test_a_file_opens_right_in_the_readers_spreadsheet():
    from domain.spreadsheet import BOM, PLAIN, SEMICOLON, dialect_for, to_text

    assert dialect_for("tr") == dialect_for("de-DE") == dialect_for("pt_BR") == SEMICOLON
    assert dialect_for("en-GB") == dialect_for("") == PLAIN
    assert SEMICOLON.number("-5.00") == "-5,00" and SEMICOLON.number("A-007") == "A-007"
    text = to_text([["name", "price"], ["Köşe; çay", SEMICOLON.number("12.50")],
                    ["=HYPERLINK(1)", "-0,05"]], SEMICOLON)  # fmt: skip
    assert text.startswith(BOM)
    assert text.removeprefix(BOM).split("\r\n") == [
        "name;price", '"Köşe; çay";12,50', "'=HYPERLINK(1);-0,05", ""]  # fmt: skip
    assert to_text([["a", "12.50"]]) == BOM + "a,12.50\r\n"
