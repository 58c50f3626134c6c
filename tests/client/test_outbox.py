from domain.protocol import DELIVERED
from sync.outbox import ATTENTION, PENDING, SENDING, Outbox
from sync.parcel import with_replies


def filled(n: int = 3) -> Outbox:
    box = Outbox()
    for i in range(n):
        box.add(f"m{i}", "create_order", {"i": i}, "2026-11-22T10:00:00Z")
    return box


def ids(mutations) -> list[str]:
    return [m.client_id for m in mutations]


def test_takes_in_order_and_only_an_ack_removes():
    box = filled()
    assert ids(box.take(0, 10)) == ["m0", "m1", "m2"]
    assert box.take(0, 10) == []  # nothing is sent twice while it waits for its answer
    box.acked("m1")
    assert ids(box.pending()) == ["m0", "m2"] and len(box) == 2


def test_a_reject_stops_nothing_else():
    box = filled()
    box.take(0, 10)
    box.rejected("m0", {"code": "unknown_item", "message": "gone from the menu"})
    box.acked("m1")
    box.acked("m2")
    assert (
        ids(box.needs_attention()) == ["m0"]
        and box.needs_attention()[0].error["code"] == "unknown_item"
    )
    assert box.pending() == []


def test_a_failed_send_goes_back_in_its_place_and_waits_its_turn():
    box = filled()
    box.take(0, 2)
    box.failed(["m0", "m1"], retry_at=5.0)
    assert box.take(1.0, 10) == []  # m2 does not overtake m0 and m1
    assert ids(box.take(5.0, 10)) == ["m0", "m1", "m2"]
    assert box.records()[0]["attempts"] == 2


def test_retry_and_discard_are_for_what_needs_attention():
    box = filled(2)
    box.take(0, 10)
    assert box.discard("m1") is None  # in flight: not a person's to drop
    box.rejected("m0", {"code": "x"})
    box.retry("m0")
    assert box.records()[0]["state"] == PENDING and box.records()[0]["error"] is None
    box.take(0, 10)
    box.rejected("m0", {"code": "x"})
    assert box.discard("m0").client_id == "m0" and "m0" not in box


def test_survives_a_reload_and_what_was_in_flight_is_sent_again():
    box = filled()
    box.take(0, 2)
    box.rejected("m1", {"code": "x"})
    again = Outbox(box.records())
    assert [r["state"] for r in again.records()] == [PENDING, ATTENTION, PENDING]
    assert ids(again.take(0, 10)) == ["m0", "m2"]
    again.add("m3", "create_order", {}, "t")
    assert again.records()[-1]["position"] > again.records()[-2]["position"]


def test_what_the_worker_delivered_is_shown_and_sent_once_more_to_end_it():
    """The worker kept the server's answer (the stored floor does not show the change yet):
    read on the page's next start, the page lays it over its floor and sends it again; the
    server's same answer ends it."""
    heard = {"answers": [[{"type": "ack", "client_id": "m0", "result": {}, "seq": 4}]]}
    records, answered = with_replies(filled(2).records(), heard)
    assert [r["state"] for r in answered] == [DELIVERED]
    again = Outbox(records)
    assert ids(again.to_show()) == ["m0", "m1"]
    assert ids(again.take(0, 10)) == ["m0", "m1"]
    assert again.acked("m0") is not None and ids(again.pending()) == ["m1"]


def test_a_delivered_change_ends_only_with_a_floor_at_its_seq():
    """Acked, it is neither sent, counted nor shown (its result is in the state), but it stays
    stored until the floor stored with it is at the ack's seq: a floor behind it, which another
    tab may have stored, would show it undone."""
    box = filled(2)
    box.take(0, 10)
    assert box.acked("m0", 12) is not None and box.acked("m0", 12) is None  # answered once
    assert ids(box.pending()) == ["m1"] and ids(box.to_show()) == ["m1"] and len(box) == 1
    assert box.settle(11) == [] and "m0" in box
    box.drain_changes()
    assert box.settle(12) == ["m0"] and box.drain_changes() == ([], ["m0"])


def test_a_reload_ends_what_its_floor_shows_and_resends_what_it_does_not():
    box = filled(3)
    box.take(0, 10)
    box.acked("m0", 5)
    box.acked("m1", 9)
    again = Outbox(box.records(), floor_seq=7)
    assert ids(again.take(0, 10)) == ["m1", "m2"]  # m1: its floor is behind it, answered again
    assert again.drain_changes()[1] == ["m0"]  # to go from the store (its floor shows it)
    assert ids(Outbox(box.records()).to_show()) == ["m0", "m1", "m2"]  # no floor: all resent


def test_acks_for_unknown_or_attention_mutations_change_nothing():
    box = filled(1)
    assert box.acked("other-tab") is None
    box.take(0, 1)
    box.rejected("m0", {"code": "x"})
    assert box.acked("m0") is None and ids(box.needs_attention()) == ["m0"]


def test_merge_takes_in_another_tabs_mutations_in_their_place():
    mine = filled(2)
    other = Outbox(mine.records())
    other.add("m9", "create_order", {}, "t")
    mine.take(0, 1)
    assert mine.merge(other.records()) == ["m9"]
    assert [r["state"] for r in mine.records()] == [SENDING, PENDING, PENDING]
    assert ids(mine.take(0, 10)) == ["m1", "m9"]
    mine.add("m10", "create_order", {}, "t")
    assert mine.records()[-1]["position"] > mine.records()[-2]["position"]


def test_it_says_what_to_store_and_delete_since_last_asked():
    box = filled(2)
    assert [r["client_id"] for r in box.drain_changes()[0]] == ["m0", "m1"]
    box.take(0, 1)
    box.acked("m0", 7)
    box.take(0, 1)
    changed, removed = box.drain_changes()
    assert [(r["client_id"], r["state"]) for r in changed] == [("m0", DELIVERED), ("m1", SENDING)]
    assert removed == [] and box.drain_changes() == ([], [])
    assert box.settle(7) == ["m0"] and box.drain_changes() == ([], ["m0"])


def test_a_change_is_waiting_until_answered_and_a_refusal_says_why():
    box = filled(2)
    box.take(0, 10)
    assert box.waiting("m0") and box.refusal("m0") is None
    box.rejected("m0", {"code": "item_unavailable", "message": "Ayran is sold out"})
    box.acked("m1", 3)
    assert not box.waiting("m0") and box.refusal("m0") == "Ayran is sold out"
    assert not box.waiting("m1") and box.refusal("m1") is None  # delivered
    assert not box.waiting("nope") and box.refusal("nope") is None
