"""What the worker sends with no page open is cut here, by the rule the page sends by, and
what it heard is read here: the worker only carries."""

import json

from domain.protocol import ATTENTION, BATCH_BYTES, BATCH_LIMIT, DELIVERED, PENDING, SENDING
from sync.outbox import Outbox
from sync.parcel import cut, parcel_of, wire_bytes, with_replies

KIOSK = "demo/kiosk"


def item(n: int, note: str = "") -> dict:
    return {"client_id": f"c{n:04d}", "op": "create_order", "data": {"note": note}}


def record(n: int, state: str = PENDING, owner: str = KIOSK, position: int | None = None) -> dict:
    return {**item(n), "created_at": "t", "position": n if position is None else position,
            "state": state, "owner": owner}  # fmt: skip


def test_batches_hold_at_most_the_limit_in_order():
    batches = cut([item(n) for n in range(BATCH_LIMIT * 2 + 5)])
    assert [len(b) for b in batches] == [BATCH_LIMIT, BATCH_LIMIT, 5]
    assert [i["client_id"] for b in batches for i in b] == [f"c{n:04d}" for n in range(205)]


def test_batches_are_sized_in_utf8_bytes_as_the_server_counts_them():
    note = "ğ" * 1000  # 1,000 characters, 2,000 bytes
    items = [item(n, note) for n in range(60)]
    # each ğ counts two bytes, as on the wire, not one character (nor six escaped)
    assert wire_bytes(items[0]) - len(json.dumps(items[0], ensure_ascii=False)) == 1000
    batches = cut(items)
    assert len(batches) > 1
    assert all(sum(wire_bytes(i) for i in b) <= BATCH_BYTES for b in batches)
    huge = item(0, "x" * (BATCH_BYTES + 10))
    assert cut([huge, item(1)]) == [[huge], [item(1)]]  # alone: the server names its fault


def test_the_outbox_sends_first_what_the_parcel_would():
    box = Outbox()
    for n in range(30):
        box.add(f"c{n:04d}", "create_order", {"note": "ğ" * 2000}, "t", owner=KIOSK)
    first = cut([m.submission() for m in box.pending()])[0]
    assert box.next_batch(0.0) == first
    assert [m.client_id for m in box.pending() if m.state == SENDING] == [
        i["client_id"] for i in first
    ]  # the rest wait, in their places, for the next batch


def test_the_parcel_holds_this_sign_ins_changes_still_to_send_in_order():
    records = [record(3), record(1, SENDING), record(2, ATTENTION), record(4, DELIVERED),
               record(5, owner="demo/floor"), record(0, position=9)]  # fmt: skip
    records.append({k: v for k, v in record(6).items() if k != "owner"})  # an older build's
    parcel = parcel_of(records, KIOSK, "demo")
    assert parcel["restaurant"] == "demo"
    assert [i["client_id"] for b in parcel["batches"] for i in b] == [
        "c0001", "c0003", "c0006", "c0000",
    ]  # fmt: skip
    assert set(parcel["batches"][0][0]) == {"client_id", "op", "data"}
    assert parcel_of([], KIOSK, "demo")["batches"] == []


def test_what_the_worker_heard_is_read_by_the_page():
    records = [record(1), record(2), record(3), record(4, DELIVERED)]
    reject = {"code": "item_unavailable", "message": "sold out", "field": "lines[0]"}
    heard = {"answers": [
        [{"type": "ack", "client_id": "c0001", "result": {}, "replayed": False, "seq": 7},
         {"type": "reject", "client_id": "c0002", "error": reject}],
        [{"type": "ack", "client_id": "c0001", "result": {}, "replayed": True, "seq": 7},
         {"type": "ack", "client_id": "c0004", "result": {}, "seq": 9},  # delivered already
         {"type": "ack", "client_id": "c9999", "result": {}, "seq": 9},  # ended meanwhile
         "not an answer"],
    ]}  # fmt: skip
    after, changed = with_replies(records, heard)
    assert [(r["client_id"], r["state"]) for r in changed] == [
        ("c0001", DELIVERED), ("c0002", ATTENTION)
    ]  # fmt: skip
    assert after[0]["seq"] == 7 and after[1]["error"] == reject
    assert after[2] == records[2] and after[3] == records[3]
    box = Outbox(after, floor_seq=7)  # a floor at seq 7 shows c0001: it ends
    assert [m.client_id for m in box.needs_attention()] == ["c0002"]
    assert box.drain_changes()[1] == ["c0001"]


def test_nothing_heard_or_nonsense_changes_nothing():
    records = [record(1)]
    for replies in (None, "text", {"answers": "x"}, {"answers": [None, [1, 2]]}, {}):
        assert with_replies(records, replies) == (records, [])
