"""What the service worker sends while no page is open, and how the page reads its answers.

The worker decides nothing. The page cuts this sign-in's sendable changes into batches by the
rule it sends by itself (``cut``), and stores them as one record, the parcel (``parcel_of``),
computed from the stored queue in the very IndexedDB transaction that changes it: the parcel
always holds what the queue holds. The worker sends the batches in order and keeps each
answer as it came; what an answer means (delivered at a seq, refused with a reason) is read
here, by the page on its next start (``with_replies``). Pure: tested in CPython.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from domain.protocol import ATTENTION, BATCH_BYTES, BATCH_LIMIT, DELIVERED, PENDING, SENDING


def wire_bytes(item: Mapping) -> int:
    """A change's size as it goes on the wire: UTF-8, as the server counts its body limit (a
    Turkish note counts twice per letter)."""
    return len(json.dumps(item, ensure_ascii=False).encode())


def cut(
    items: list[dict], limit: int = BATCH_LIMIT, max_bytes: int = BATCH_BYTES
) -> list[list[dict]]:
    """``items`` in order, as batches of at most ``limit`` and ``max_bytes`` (one item larger
    than that goes alone: the server names what is wrong with it)."""
    batches: list[list[dict]] = []
    current: list[dict] = []
    size = 0
    for item in items:
        n = wire_bytes(item)
        if current and (size + n > max_bytes or len(current) >= limit):
            batches.append(current)
            current, size = [], 0
        current.append(item)
        size += n
    if current:
        batches.append(current)
    return batches


def parcel_of(records: list[dict], owner: str, restaurant: str) -> dict:
    """The parcel for the stored queue ``records``: the changes of the sign-in ``owner`` still
    to send (a page that died mid-send included), in the order they were made, in batches;
    and the restaurant, for the worker to renew its token with."""
    mine = sorted(
        (r for r in records
         if r.get("owner", owner) == owner and r.get("state") in (PENDING, SENDING)),
        key=lambda r: r["position"],
    )  # fmt: skip
    items = [{"client_id": r["client_id"], "op": r["op"], "data": r["data"]} for r in mine]
    return {"restaurant": restaurant, "batches": cut(items)}


def with_replies(records: list[dict], replies: object) -> tuple[list[dict], list[dict]]:
    """The stored queue with what the worker heard applied, and the records it changed. An
    ack: delivered, with its seq (it ends once a stored floor is that far on, ``Outbox``); a
    reject: a person decides, with the server's reason. An answer for a change no longer
    queued, or already delivered or refused, changes nothing."""
    answers = replies.get("answers") if isinstance(replies, Mapping) else None
    if not isinstance(answers, list):
        return records, []
    by_id = {r["client_id"]: r for r in records}
    changed: dict[str, dict] = {}
    for batch in answers:
        for answer in batch if isinstance(batch, list) else ():
            if not isinstance(answer, Mapping):
                continue
            record = changed.get(answer.get("client_id")) or by_id.get(answer.get("client_id"))
            if record is None or record.get("state") in (ATTENTION, DELIVERED):
                continue
            if answer.get("type") == "ack":
                seq = answer.get("seq") if isinstance(answer.get("seq"), int) else 0
                record = {**record, "state": DELIVERED, "seq": seq}
            elif answer.get("type") == "reject":
                record = {**record, "state": ATTENTION, "error": answer.get("error")}
            else:
                continue
            changed[record["client_id"]] = record
    return [changed.get(r["client_id"], r) for r in records], list(changed.values())
