"""One job's bytes to a printer (``server.printing.sender``), against a real TCP printer on
loopback: printed whole, out of paper before a byte is sent, unreachable, cut off halfway
("maybe printed": the next try says REPRINT), and a printer that never answers status is sent
to blind once that is known."""

from __future__ import annotations

import pytest

from server.printing import sender
from tests.support.escpos_text import STATUS_REQUEST
from tests.support.fake_printer import FakePrinter
from tests.support.server_process import free_port

TICKET = b"\x1b@Table 4\n2 x Adana\n\x1dV\x00"


@pytest.fixture
def printer():
    made = FakePrinter()
    yield made
    made.stop()


def test_a_ticket_sent_whole_is_read_whole(printer):
    outcome = sender.send("127.0.0.1", printer.port, TICKET)
    assert outcome == sender.Outcome(True, False, "", answers_status=True)
    assert printer.wait_for_bytes(len(TICKET)) == TICKET  # status requests are not printed


def test_out_of_paper_sends_nothing(printer):
    printer.paper = False
    outcome = sender.send("127.0.0.1", printer.port, TICKET)
    assert (outcome.printed, outcome.maybe, outcome.error) == (False, False, "out of paper")
    assert printer.received == b""


def test_an_unreachable_printer_says_so():
    outcome = sender.send("127.0.0.1", free_port(), TICKET)
    assert not outcome.printed and not outcome.maybe
    assert outcome.error.startswith("unreachable")


def test_a_link_cut_halfway_may_have_printed(printer):
    printer.drop_after = 10
    outcome = sender.send("127.0.0.1", printer.port, TICKET * 200)
    assert not outcome.printed and outcome.maybe  # some of it is on the paper
    assert 0 < len(printer.wait_for_bytes(10)) < len(TICKET * 200)


def test_a_printer_that_never_answers_status_is_sent_to_blind(printer, monkeypatch):
    printer.answers_status = False
    monkeypatch.setattr(sender, "STATUS_S", 0.2)
    first = sender.send("127.0.0.1", printer.port, TICKET)
    assert first.printed and first.answers_status is False  # learnt: it says nothing
    second = sender.send("127.0.0.1", printer.port, TICKET, answers_status=False)
    assert second.printed and second.answers_status is None  # not asked again
    assert printer.wait_for_bytes(len(TICKET) * 2) == TICKET * 2
    assert STATUS_REQUEST not in printer.received
