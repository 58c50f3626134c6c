"""The offline outbox: every change a user made, kept until the server acknowledges it.

Pure: no browser, no clock of its own. The adapter persists ``records()`` (IndexedDB) after every
change and restores with ``Outbox(records)``, so the queue survives reloads and crashes.

Rules, each one learned from a design that lost orders:
- A mutation leaves the outbox only after its own ack, once the floor stored with it is at the
  ack's ``seq`` (``settle``): any floor that far on shows it, so a reload never shows it undone,
  whichever tab stored the floor. Until then it is kept as delivered: not sent, not counted,
  not shown (the acked result is in the state). Nothing is cleared in bulk.
- A transport failure (network error, 5xx, socket closed before the ack) puts what was in flight
  back in line, in its original place, to be sent again with the same ``client_id``.
- A reject (4xx, a ``reject`` frame) moves that one mutation to "needs attention" with the
  server's message; everything behind it still goes. Only a person discards it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from domain.protocol import ATTENTION, BATCH_LIMIT, DELIVERED, PENDING, SENDING
from sync.parcel import cut


@dataclass
class Mutation:
    client_id: str
    op: str
    data: dict
    created_at: str
    position: int
    state: str = PENDING
    attempts: int = 0
    not_before: float = 0.0  # monotonic seconds; a failed send waits for its backoff
    error: dict | None = None
    owner: str = ""  # protocol.owner_of: the sign-in that made it, and the only one that sends it
    seq: int = 0  # once delivered: a floor at this seq shows it (0: the next floor stored)
    extra: dict = field(default_factory=dict)  # room for adapters (e.g. which tab created it)

    def submission(self) -> dict:
        return {"client_id": self.client_id, "op": self.op, "data": self.data}


class Outbox:
    def __init__(self, records: list[dict] = (), floor_seq: int | None = None) -> None:
        """``floor_seq``: the seq of the floor stored with ``records``; what was delivered and
        that floor shows ends here (to delete from the store too)."""
        self._items: dict[str, Mutation] = {}
        self._changed: set[str] = set()  # to store again since the last drain_changes()
        self._removed: set[str] = set()  # to delete from the store
        for record in sorted(records, key=lambda r: r["position"]):
            mutation = Mutation(**record)
            if mutation.state == DELIVERED and mutation.seq and _shows(floor_seq, mutation):
                self._removed.add(mutation.client_id)
                continue
            # The page died mid-send: the answer never came. Or it was acked (by the page, or
            # the worker) but the floor stored does not show it yet: its answer again, now,
            # puts it on the screen, and it ends with a floor that shows it.
            if mutation.state in (SENDING, DELIVERED):
                mutation.state = PENDING
            self._items[mutation.client_id] = mutation
        self._next_position = max((m.position for m in self._items.values()), default=0) + 1
        # In the server's log already (its event came), the ack still on its way. Not stored:
        # after a reload the resent mutation's replayed ack settles it.
        self._landed: set[str] = set()

    def _touch(self, mutation: Mutation) -> Mutation:
        self._changed.add(mutation.client_id)
        return mutation

    def _drop(self, client_id: str) -> Mutation:
        self._changed.discard(client_id)
        self._removed.add(client_id)
        self._landed.discard(client_id)
        return self._items.pop(client_id)

    def drain_changes(self) -> tuple[list[dict], list[str]]:
        """What to persist since the last call: records to store, client_ids to delete."""
        changed = [asdict(self._items[c]) for c in sorted(self._changed) if c in self._items]
        removed = sorted(self._removed)
        self._changed, self._removed = set(), set()
        return changed, removed

    # -- what the user does -------------------------------------------------------------------

    def add(
        self, client_id: str, op: str, data: dict, created_at: str, owner: str = ""
    ) -> Mutation:
        if client_id in self._items:
            raise ValueError(f"client_id {client_id!r} is already queued")
        mutation = Mutation(client_id, op, data, created_at, self._next_position, owner=owner)
        self._next_position += 1
        self._items[client_id] = mutation
        return self._touch(mutation)

    def retry(self, client_id: str) -> None:
        """Send a mutation that needed attention again (its cause was fixed)."""
        mutation = self._items[client_id]
        if mutation.state == ATTENTION:
            mutation.state, mutation.error, mutation.not_before = PENDING, None, 0.0
            self._touch(mutation)

    def discard(self, client_id: str) -> Mutation | None:
        """Drop a mutation a person decided against; only those needing attention."""
        mutation = self._items.get(client_id)
        if mutation is None or mutation.state != ATTENTION:
            return None
        return self._drop(client_id)

    def merge(self, records: list[dict]) -> list[str]:
        """Take in what another tab of this device queued (from the shared store); returns
        the new client_ids. Mutations known here keep their state."""
        added = []
        for record in sorted(records, key=lambda r: r["position"]):
            if record["client_id"] in self._items:
                continue
            mutation = Mutation(
                **{**record, "state": record["state"] if record["state"] == ATTENTION else PENDING}
            )
            self._items[mutation.client_id] = mutation
            added.append(mutation.client_id)
        self._items = dict(sorted(self._items.items(), key=lambda kv: kv[1].position))
        self._next_position = max((m.position for m in self._items.values()), default=0) + 1
        return added

    # -- what the sync engine does ------------------------------------------------------------

    def take(self, now: float, limit: int) -> list[Mutation]:
        """The next mutations to send, in order, marked as sending.

        Stops at the first pending one still waiting out its backoff, so that a retry never
        overtakes what was queued before it.
        """
        batch = []
        for mutation in self._items.values():
            if len(batch) >= limit:
                break
            if mutation.state != PENDING:
                continue
            if mutation.not_before > now:
                break
            mutation.state = SENDING
            mutation.attempts += 1
            batch.append(self._touch(mutation))
        return batch

    def next_batch(self, now: float, limit: int = BATCH_LIMIT) -> list[dict]:
        """The next mutations in line as sent, as many as fit in one request or frame: the rule
        the worker's parcel is cut by too (``parcel.cut``); the rest wait in their places."""
        taken = self.take(now, limit)
        if not taken:
            return []
        batch = cut([m.submission() for m in taken], limit)[0]
        self.failed([m.client_id for m in taken[len(batch) :]], 0.0)
        return batch

    def acked(self, client_id: str, seq: int = 0) -> Mutation | None:
        """The server has it, in its log by ``seq``. None if we did not (a duplicate ack, or
        another tab's)."""
        mutation = self._items.get(client_id)
        if mutation is None or mutation.state in (ATTENTION, DELIVERED):
            return None
        mutation.state, mutation.seq, mutation.not_before = DELIVERED, seq, 0.0
        self._landed.discard(client_id)
        return self._touch(mutation)

    def settle(self, floor_seq: int) -> list[str]:
        """End what was delivered and a floor at ``floor_seq`` shows: store that floor in the
        same write as these go from the store (``drain_changes``)."""
        done = [c for c, m in self._items.items() if m.state == DELIVERED and _shows(floor_seq, m)]
        for client_id in done:
            self._drop(client_id)
        return done

    def rejected(self, client_id: str, error: dict) -> Mutation | None:
        mutation = self._items.get(client_id)
        if mutation is None:
            return None
        mutation.state, mutation.error = ATTENTION, error
        return self._touch(mutation)

    def failed(self, client_ids: list[str], retry_at: float) -> None:
        """The transport failed before these were answered: back in line, same place."""
        for client_id in client_ids:
            mutation = self._items.get(client_id)
            if mutation is not None and mutation.state == SENDING:
                mutation.state, mutation.not_before = PENDING, retry_at
                self._touch(mutation)

    def wake(self) -> None:
        """The server answers again: whatever waits out a backoff may go at once."""
        for mutation in self._items.values():
            mutation.not_before = 0.0

    # -- what the screens show ----------------------------------------------------------------

    def pending(self) -> list[Mutation]:
        return [m for m in self._items.values() if m.state not in (ATTENTION, DELIVERED)]

    def landed(self, client_id: str) -> None:
        """The server's log has this change: an event it made came. It stays queued until its
        ack (which carries the result, e.g. an order's number), but is no longer shown."""
        if client_id in self._items:
            self._landed.add(client_id)

    def to_show(self) -> list[Mutation]:
        """What screens lay over the server's state: the pending changes whose events have not
        come yet. A change shown both ways would be one order on two tiles."""
        return [m for m in self.pending() if m.client_id not in self._landed]

    def waiting(self, client_id: str) -> bool:
        """Still to be sent or answered (a kiosk says "will be sent")."""
        mutation = self._items.get(client_id)
        return mutation is not None and mutation.state not in (ATTENTION, DELIVERED)

    def refusal(self, client_id: str) -> str | None:
        """Why the server refused ``client_id``, in its words; None if it did not."""
        mutation = self._items.get(client_id)
        if mutation is None or mutation.state != ATTENTION:
            return None
        return str((mutation.error or {}).get("message") or "")

    def needs_attention(self) -> list[Mutation]:
        return [m for m in self._items.values() if m.state == ATTENTION]

    def in_flight(self) -> int:
        return sum(1 for m in self._items.values() if m.state == SENDING)

    def __len__(self) -> int:
        """What is still to send or to decide on (the delivered wait only for a floor)."""
        return sum(1 for m in self._items.values() if m.state != DELIVERED)

    def __contains__(self, client_id: str) -> bool:
        return client_id in self._items

    def records(self) -> list[dict]:
        return [asdict(m) for m in self._items.values()]


def _shows(floor_seq: int | None, mutation: Mutation) -> bool:
    return floor_seq is not None and floor_seq >= mutation.seq


def own(records: list[dict], owner: str) -> list[dict]:
    """The stored changes of the sign-in ``owner``. Another role's stay stored, unsent, until
    that role signs in on this device again. A record without an owner was queued by a build
    that did not record one, under the sign-in this device still has."""
    return [{**r, "owner": r.get("owner") or owner} for r in records
            if r.get("owner", owner) == owner]  # fmt: skip
