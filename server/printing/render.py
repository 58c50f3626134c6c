"""A paper (``domain.print_tickets``, or a bill, a Z report, a test page) as the bytes an
ESC/POS printer prints: python-escpos writes the commands (sizes, bold, the cut) and encodes the
text, switching code page per character among those the printer's profile has (CP857 for
"İskender", say), or in the one the printer is set to.

Every piece of text a person typed (names, notes, table names) is stripped of control
characters first: an item called "\\x1bp\\x00" opens no cash drawer and cuts no paper.
"""

from __future__ import annotations

import unicodedata

from escpos.printer import Dummy

PROFILE = "TM-T88V"  # Epson's: the commands every ESC/POS printer speaks, and its code pages
COLUMNS = {58: 32, 80: 42}  # characters per line in the normal font
AUTO = "auto"
TITLES = {"new": "", "added": "ADDED", "fired": "FIRED", "void": "VOID"}


def clean(text: object, most: int = 300) -> str:
    """Printable text only: no control characters (ESC, GS, DLE, NUL...), one line."""
    kept = "".join(" " if ch in "\r\n\t" else ch for ch in str(text)[:most]
                   if ch in "\r\n\t" or unicodedata.category(ch)[0] != "C")  # fmt: skip
    return " ".join(kept.split())


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        while len(word) > width:  # a word longer than the paper: cut it
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines or [""]


class Paper:
    """One printout being written: text in the printer's width, python-escpos underneath."""

    def __init__(self, width_mm: int, code_page: str) -> None:
        self.columns = COLUMNS.get(width_mm, COLUMNS[80])
        self.printer = Dummy(profile=PROFILE)
        # Reset first: a job cut off mid-command must not leave its bold or its size on the next.
        self.printer.hw("INIT")
        if code_page and code_page != AUTO:
            self.printer.charcode(code_page)

    def say(self, text: object, *, big: bool = False, tall: bool = False, bold: bool = False,
            center: bool = False, invert: bool = False) -> None:  # fmt: skip
        p = self.printer
        p.set(
            align="center" if center else "left",
            bold=bold,
            invert=invert,
            double_width=big,
            double_height=big or tall,
            normal_textsize=not (big or tall),
        )
        width = self.columns // 2 if big else self.columns
        for line in _wrap(clean(text), width):
            p.text(line + "\n")

    def row(self, left: str, right: str) -> None:
        """A label and an amount on one line, the amount against the right edge."""
        p = self.printer
        p.set(align="left", bold=False, invert=False, normal_textsize=True)
        right = clean(right)[: self.columns - 2]
        room = self.columns - len(right) - 1
        first, *rest = _wrap(clean(left), room)
        p.text(first.ljust(room) + " " + right + "\n")
        for more in rest:
            p.text(more + "\n")

    def rule(self) -> None:
        self.printer.set(normal_textsize=True, bold=False, align="left", invert=False)
        self.printer.text("-" * self.columns + "\n")

    def cut(self) -> None:
        self.printer.cut()

    @property
    def output(self) -> bytes:
        return self.printer.output


def ticket(doc: dict, paper: Paper, *, reprint: bool, local_time: str, labels: dict) -> None:
    """A kitchen ticket: no prices; the station, the number, where, then each line with its
    options and note, big enough to read at arm's length on a rail."""
    if reprint:
        paper.say(labels.get("reprint", "REPRINT"), big=True, center=True, invert=True)
    title = TITLES.get(doc["kind"], "")
    station = clean(doc.get("station") or labels.get("pass", "PASS")).upper()
    paper.say(f"{title} {station}".strip(), big=True, center=True, bold=True,
              invert=doc["kind"] == "void")  # fmt: skip
    paper.say(doc["number"], big=True, center=True, bold=True)
    where = doc.get("where") or labels.get(doc.get("type", ""), "")
    if where:
        paper.say(where, big=True, center=True)
    facts = [local_time, clean(doc.get("by", ""))]
    if doc.get("guests"):
        facts.append(labels.get("guests", "{n} guests").format(n=doc["guests"]))
    paper.say(" · ".join(f for f in facts if f), center=True)
    paper.rule()
    for line in doc["lines"]:
        paper.say(f"{line['qty']} x {line['name']}", tall=True, bold=True)
        if line.get("mods"):
            paper.say("   " + ", ".join(clean(m) for m in line["mods"]))
        if line.get("note"):
            paper.say(f"   ! {line['note']}", bold=True)
    if doc.get("note"):
        paper.rule()
        paper.say(doc["note"], bold=True)
    paper.cut()


def lines_page(title: str, rows: list[tuple[str, str]], paper: Paper, *, reprint: bool,
               footer: str = "") -> None:  # fmt: skip
    """A bill or a Z report: a title, then label and amount on each row, amounts right."""
    if reprint:
        paper.say("REPRINT", big=True, center=True, invert=True)
    paper.say(title, big=True, center=True, bold=True)
    paper.rule()
    for label, amount in rows:
        paper.row(label, amount)
    if footer:
        paper.rule()
        paper.say(footer, center=True)
    paper.cut()
