"""Papers as bytes (``server.printing.render``, python-escpos underneath), read back by the
tests' own ESC/POS reader: Turkish in every code page offered, lines that fit the paper, and
names and notes that cannot smuggle a printer command."""

from __future__ import annotations

import pytest

from server.printing import render
from server.printing.printers import CODE_PAGES
from tests.support.escpos_text import decode

TURKISH = "İskender, Karnıyarık, çiğ köfte: ĞğÜüŞşÖöÇçIı"


def ticket(**changes) -> dict:
    return {"kind": "new", "station": "grill", "number": "A-042", "where": "Bahçe 4",
            "type": "dine_in", "guests": 3, "by": "Ayşe", "note": "",
            "lines": [{"qty": 2, "name": "İskender", "mods": ["Acılı", "Tereyağlı"],
                       "note": "soğansız"}], **changes}  # fmt: skip


@pytest.mark.parametrize("code_page", [c for c in CODE_PAGES if c not in ("CP437", "CP850",
                                                                         "CP858", "CP1252")])  # fmt: skip
def test_turkish_comes_out_right_in_every_turkish_code_page(code_page):
    paper = render.Paper(80, code_page)
    render.ticket(ticket(note=TURKISH), paper, reprint=False, local_time="19:05", labels={})
    (text,) = decode(paper.output)
    assert (
        TURKISH in text.replace("\n", " ") and "2 x İskender" in text and "Acılı, Tereyağlı" in text
    )
    assert "Bahçe 4" in text and "19:05 · Ayşe · 3 guests" in text


def test_nothing_a_person_typed_reaches_the_printer_as_a_command():
    evil = "Kebab\x1bp\x00\x19\xfa\x1dV\x00\x10\x14\x01\x00\x05"  # drawer kick, cut, DLE DC4
    paper = render.Paper(80, render.AUTO)
    render.ticket(ticket(where=evil, by=evil, note=evil, lines=[
        {"qty": 1, "name": evil, "mods": [evil], "note": evil}]), paper, reprint=False,
        local_time="", labels={})  # fmt: skip
    papers = decode(paper.output)  # raises on any control byte it does not expect
    assert len(papers) == 1  # one cut: the one the ticket ends with
    assert paper.output.count(b"\x1dV") == 1 and b"\x1bp" not in paper.output


def test_a_58_mm_paper_wraps_long_lines_within_32_characters_and_says_reprint():
    paper = render.Paper(58, render.AUTO)
    long_name = "Izgara karışık kebap tabağı, bol salatalı ve közlenmiş biberli"
    render.ticket(ticket(kind="void", lines=[{"qty": 1, "name": long_name, "mods": [],
                                              "note": ""}]), paper, reprint=True,
                  local_time="", labels={})  # fmt: skip
    (text,) = decode(paper.output)
    lines = text.splitlines()
    assert lines[0] == "REPRINT" and lines[1] == "VOID GRILL"
    assert all(len(line) <= 32 for line in lines)
    assert " ".join(lines).count("közlenmiş") == 1


def test_a_bill_puts_amounts_against_the_right_edge():
    paper = render.Paper(58, "CP857")
    render.lines_page("HESAP A-042", [("2 x Çay", "10,00"), ("Toplam", "₺10,00")], paper,
                      reprint=False, footer="Teşekkürler")  # fmt: skip
    (text,) = decode(paper.output)
    row = next(line for line in text.splitlines() if line.startswith("2 x Çay"))
    assert len(row) == 32 and row.endswith("10,00")
