"""A kitchen ticket on paper, from the screen's Print button: at its station's printer again,
headed REPRINT, where the restaurant has printers; else (or when the server cannot be asked,
or never printed it) through the browser's print dialog."""

from __future__ import annotations

from browser.device import Device
from browser.engine import Engine
from browser.tasks import spawn
from screens.kitchen.board import Ticket
from ui.i18n import Translator
from ui.receipt import print_order

REPRINTED = ("new", "added", "fired")  # the papers a ticket is (a VOID slip is not)


def print_ticket(engine: Engine, device: Device, t: Translator, ticket: Ticket, node) -> None:
    """``node`` says ``data-reprinted`` once a printer has it (what a test can see)."""
    if engine.has_printers():
        spawn(_reprint(device, t, ticket, node))
    else:
        _on_paper(t, ticket)


def _on_paper(t: Translator, ticket: Ticket) -> None:
    order = {"number": ticket.number, "lines": list(ticket.lines), "note": ticket.note,
             "created_at": ticket.created_at}  # fmt: skip
    print_order("ticket", order, ticket.where or t("kitchen.takeaway"), t)


async def _reprint(device: Device, t: Translator, ticket: Ticket, node) -> None:
    status, answer = await device.ask("GET", f"/api/v1/print-jobs?order_id={ticket.order_id}")
    jobs = [j for j in answer.get("jobs", ()) if status == 200 and j["kind"] in REPRINTED
            and (not ticket.station or j["station"] == ticket.station)]  # fmt: skip
    if jobs:
        done, _ = await device.ask("POST", f"/api/v1/print-jobs/{jobs[0]['id']}/reprint", {})
        if done == 202:
            node.setAttribute("data-reprinted", ticket.order_id)
            return
    _on_paper(t, ticket)
