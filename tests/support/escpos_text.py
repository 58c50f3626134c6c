"""What a receipt printer makes of an ESC/POS stream: the text of each paper, cut by cut.

It knows the commands python-escpos writes for Passline (sizes, bold, alignment, invert, code
page, feed, cut) and decodes text in the code page selected with ESC t, by the table of the
printer profile the server renders for. Any other control byte is an error: a name or a note
that smuggled a printer command through would show up here.
"""

from __future__ import annotations

from escpos.capabilities import get_profile

from server.printing.render import PROFILE

STATUS_REQUEST = b"\x10\x04\x04"  # DLE EOT 4: the paper sensor's status
ESC, GS, LF = 0x1B, 0x1D, 0x0A
# Command byte after ESC / GS -> how many parameter bytes follow it.
ESC_ARGS = {ord("!"): 1, ord("E"): 1, ord("a"): 1, ord("t"): 1, ord("d"): 1, ord("-"): 1,
            ord("G"): 1, ord("M"): 1, ord("@"): 0, ord("2"): 0, ord("3"): 1}  # fmt: skip
GS_ARGS = {ord("!"): 1, ord("B"): 1}
CODE_PAGES = {int(n): name for n, name in get_profile(PROFILE).codePages.items()}


class NotReceiptText(ValueError):
    pass


def _codec(number: int) -> str:
    name = CODE_PAGES.get(number, "CP437").replace("_", "-").lower()
    return {"iso-8859-9": "iso8859_9"}.get(name, name)


def decode(stream: bytes) -> list[str]:
    """The text of each paper (each ending at a cut); what follows the last cut (a job cut off
    before its end) is left out: ``leftover`` reads it."""
    return _read(stream)[0]


def leftover(stream: bytes) -> str:
    """The text after the last cut: what a job cut off printed before the link dropped."""
    return _read(stream)[1]


def _read(stream: bytes) -> tuple[list[str], str]:
    papers: list[str] = []
    text: list[str] = []
    run = bytearray()
    codec = "cp437"
    i = 0

    def flush() -> None:
        if run:
            text.append(run.decode(codec, errors="replace"))
            run.clear()

    while i < len(stream):
        byte = stream[i]
        if byte in (ESC, GS) and i + 1 >= len(stream):
            break  # the stream ends inside a command: the link dropped there
        if byte == ESC and stream[i + 1] in ESC_ARGS:
            flush()
            command, count = stream[i + 1], ESC_ARGS[stream[i + 1]]
            if i + 2 + count > len(stream):
                break
            if command == ord("t"):
                codec = _codec(stream[i + 2])
            elif command == ord("d"):
                text.append("\n")
            i += 2 + count
        elif byte == GS and stream[i + 1] in GS_ARGS:
            flush()
            i += 2 + GS_ARGS[stream[i + 1]]
        elif byte == GS and stream[i + 1] == ord("V"):  # the cut: the paper comes off
            flush()
            if i + 2 >= len(stream):
                break
            i += 3 + (1 if stream[i + 2] in (65, 66) else 0)
            papers.append("".join(text).strip("\n"))
            text = []
        elif byte == LF or byte >= 0x20:
            run.append(byte)
            i += 1
        else:
            raise NotReceiptText(f"control byte {byte:#04x} at {i}: {stream[i : i + 8]!r}")
    flush()
    return papers, "".join(text).strip("\n")
