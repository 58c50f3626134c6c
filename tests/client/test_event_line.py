"""The server's events in seq order (``sync.event_line``): whatever order and however often they
arrive, each is applied once, in order; a gap is noticed; a snapshot restarts the line."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sync.event_line import EventLine, valid_events


def event(seq: int) -> dict:
    return {"seq": seq, "type": "order_updated", "data": {}}


@given(st.integers(0, 30).flatmap(
    lambda n: st.tuples(st.just(n), st.permutations(list(range(1, n + 1)) * 2))
))  # fmt: skip
def test_each_event_is_applied_once_in_order_however_it_arrives(case):
    n, arrivals = case
    line, applied = EventLine(0), []
    for seq in arrivals:
        line.offer(event(seq))
        applied += [e["seq"] for e in line.in_order()]
    assert applied == list(range(1, n + 1)) and line.cursor == n


def test_a_gap_is_noticed_and_a_duplicate_is_not():
    line = EventLine(10)
    assert line.offer(event(12)) is True  # 11 is missing: read the log
    assert line.in_order() == []
    assert line.offer(event(9)) is False  # applied long ago
    assert line.offer(event(11)) is False
    assert [e["seq"] for e in line.in_order()] == [11, 12]


def test_a_snapshot_restarts_the_line_keeping_what_comes_after_it():
    line = EventLine(1, "aaaa")
    for seq in (3, 5, 6):
        line.offer(event(seq))
    line.restart_at(4)
    assert line.epoch == "aaaa"  # a snapshot that names no log keeps the one we follow
    assert [e["seq"] for e in line.in_order()] == [5, 6]


def test_a_cursor_from_another_log_is_told_and_a_first_epoch_is_taken():
    line = EventLine(7)
    assert line.other_log("") is False and line.other_log(None) is False
    assert line.other_log("aaaa") is False and line.epoch == "aaaa"  # saved before epochs
    assert line.other_log("aaaa") is False
    assert line.other_log("bbbb") is True


def test_a_poll_answer_is_taken_only_when_every_event_has_an_int_seq_and_a_type() -> None:
    assert valid_events([]) and valid_events([{"seq": 1, "type": "order_created"}])
    assert not valid_events(None) and not valid_events({"seq": 1, "type": "x"})
    assert not valid_events([{"seq": "1", "type": "x"}])
    assert not valid_events([{"seq": 1, "type": "x"}, {"seq": 2}])
    assert not valid_events(["event"])
