"""The write path: every change goes through it, and it appends to the event log.

``WritePath.write`` runs a change inside ``BEGIN IMMEDIATE``, appends its events with gap-free
per-restaurant sequence numbers in the same transaction, commits, and only then hands the events
to ``on_commit`` (the relay, then the live hub). A process-wide lock spans commit and hand-off,
so this process's own events are handed on in seq order even when many threads write at once.

Group commit: a durable commit costs an fsync, and SQLite serialises writers anyway. So a
change is queued, and whichever thread holds the write lock commits every change queued so far
in one transaction, each inside its own SAVEPOINT so that a rejected change rolls back alone.
Under load many orders share one fsync; alone, a change commits at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from domain import later_fields, payloads, schema
from domain.errors import DomainError
from domain.timestamps import iso, utcnow

from . import approvals, change_reads, mutations
from .database import Conn, Database
from .mutations import Event

log = logging.getLogger(__name__)

OnCommit = Callable[[str, list[dict]], None]
# The manager's approval a change carries: ``(approval, restaurant, device, op, data)`` ->
# something with ``id`` and ``generation``, or None. The access rules read and check it
# (``server.access.approvals``); the store records its one use (``approvals``).
Approve = Callable[[str, str, str, str, dict], Any]


Change = Callable[[Conn, datetime], tuple[dict, list[Event]]]
MAX_BATCH = 256  # changes in one transaction; bounds how long the lock is held


@dataclass
class _Queued:
    restaurant: str
    change: Change
    by: dict | None = None  # who made it: {"device", "role"}, on each of its events
    done: bool = False
    result: dict = field(default_factory=dict)
    events: list[dict] = field(default_factory=list)
    error: BaseException | None = None
    seq: int = 0  # the restaurant's last seq once it ran: a floor this far on shows it


class Accepted(NamedTuple):
    """A client change the server holds: its answer, whether it was a replay, and ``seq``, the
    restaurant's seq once it was in the log (its last event's, or the latest, for a replay or a
    change that made none): a floor at this seq or later shows it. A device keeps the change
    queued until the floor it stores is that far on, so a reload never shows it undone."""

    result: dict
    replayed: bool
    seq: int


def _as_it_is_now(conn: Conn, restaurant: str, result: dict) -> dict:
    """A replay's answer with its order as it is now, not as the first answer had it: a device
    resends what it never heard answered (a reload, the worker's), often after other devices
    moved the order on; applied to its screen, the first answer would bring back a bump undone,
    or an order since paid (a closed order leaves the screen, and nothing newer is left there to
    outrank the old copy). An order gone (pruned) keeps the first answer."""
    order = result.get("order")
    if isinstance(order, dict):
        with contextlib.suppress(DomainError):
            return {**result, "order": change_reads.load_order(conn, restaurant, order["id"])}
    return result


def _log_refusal(restaurant: str, device: str, role: str, client_id: str, op: str,
                 exc: DomainError) -> None:  # fmt: skip
    """A change a device made that the rules refuse stays on its screen for a person to act on;
    the log says which, so whoever runs the server sees it too. %r: the ids are the device's."""
    log.warning(
        "refused restaurant=%s role=%s device=%r change=%r op=%s code=%s field=%s: %s",
        restaurant, role, device, client_id, op, exc.code, exc.field, exc.message,
    )  # fmt: skip


def _author(device: str, role: str, change: str) -> dict | None:
    """Who a client's change is from, and which change it was (its ``client_id``), as every
    event it makes says: the device that made it shows the server's version from its event on,
    not its own overlay, though the ack is still on its way."""
    return {"device": device, "role": role, "change": change} if device or role else None


def fingerprint(op: str, data: dict) -> str:
    canonical = json.dumps({"op": op, "data": data}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class WritePath:
    """Changes in, committed events out (to ``on_commit``), each change exactly once."""

    def __init__(
        self,
        db: Database,
        *,
        on_commit: OnCommit | None = None,
        clock: Callable[[], datetime] = utcnow,
        approve: Approve | None = None,
    ) -> None:
        self.db = db
        self.approve = approve
        self.on_commit = on_commit
        self.on_refused: Callable[[str], object] | None = None  # a refusal's code (metrics)
        self.clock = clock
        self._write_lock = threading.Lock()
        self._queue: list[_Queued] = []
        self._queue_lock = threading.Lock()

    # -- the write path -------------------------------------------------------------------

    def write(
        self, restaurant: str, change: Change, by: dict | None = None
    ) -> tuple[dict, list[dict]]:
        """Run ``change(conn, now)`` durably; return its result and the events it appended.

        ``change`` may raise (DomainError): then nothing it did is kept, and the error is
        raised here. It may run on another thread, in a transaction shared with other changes.
        """
        mine = self._run_one(_Queued(restaurant, change, by))
        return mine.result, mine.events

    def _run_one(self, queued: _Queued) -> _Queued:
        """Run one change; raise its error, if it failed."""
        self._run([queued])
        if queued.error is not None:
            raise queued.error
        return queued

    def _run(self, queued: list[_Queued]) -> list[_Queued]:
        with self._queue_lock:
            self._queue.extend(queued)
        while not all(q.done for q in queued):
            with self._write_lock:
                # Whoever holds the lock commits what is queued, ours or not; we may find our
                # changes committed by a thread that held it before us.
                with self._queue_lock:
                    batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
                if batch:
                    self._commit(batch)
        return queued

    def _commit(self, batch: list[_Queued]) -> None:
        """Commit ``batch`` in one transaction; call with the write lock held."""
        now = self.clock()
        try:
            with self.db.transaction(lock={q.restaurant for q in batch}) as conn:
                for queued in batch:
                    conn.execute("SAVEPOINT change")
                    try:
                        queued.result, pending = queued.change(conn, now)
                        queued.events = self._append(
                            conn, queued.restaurant, pending, now, queued.by
                        )
                        queued.seq = (
                            queued.events[-1]["seq"] if queued.events
                            else self._last_seq(conn, queued.restaurant)
                        )  # fmt: skip
                        conn.execute("RELEASE change")
                    except Exception as exc:
                        conn.execute("ROLLBACK TO change")
                        conn.execute("RELEASE change")
                        queued.error, queued.result, queued.events = exc, {}, []
        except Exception as exc:  # the commit itself failed (disk full, I/O error)
            for queued in batch:
                queued.error, queued.events = queued.error or exc, []
        for queued in batch:
            # Every queued change is marked done whatever the hook does: the other threads of
            # this group wait on ``done`` and would spin forever. The change is committed either
            # way; a subscriber that missed its events catches up from the log.
            try:
                if queued.events and self.on_commit is not None:
                    self.on_commit(queued.restaurant, queued.events)
            except Exception:
                log.exception("on_commit failed for %s after seq %s", queued.restaurant,
                              queued.events[-1]["seq"])  # fmt: skip
            finally:
                queued.done = True

    @staticmethod
    def _last_seq(conn: Conn, restaurant: str) -> int:
        row = conn.execute("SELECT last_seq FROM restaurants WHERE id = ?", (restaurant,))
        return (row.fetchone() or (0,))[0]

    def _append(
        self, conn: Conn, restaurant: str, pending: list[Event], now: datetime,
        by: dict | None = None,
    ) -> list[dict]:  # fmt: skip
        if not pending:
            return []
        row = conn.execute(
            "UPDATE restaurants SET last_seq = last_seq + ? WHERE id = ? RETURNING last_seq",
            (len(pending), restaurant),
        ).fetchone()
        if row is None:
            raise DomainError("not_found", f"no restaurant {restaurant!r}")
        first = row[0] - len(pending) + 1
        at = iso(now)
        events = [
            {"seq": first + i, "type": kind, "data": data, "at": at}
            for i, (kind, data) in enumerate(pending)
        ]
        made_by = json.dumps(by) if by else None
        if by:
            for event in events:
                event["by"] = by
        conn.executemany(
            "INSERT INTO events (restaurant, seq, type, data, at, made_by)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(restaurant, e["seq"], e["type"], json.dumps(e["data"]), at, made_by)
             for e in events],
        )  # fmt: skip
        return events

    def submit(
        self, restaurant: str, client_id: str, op: str, data: dict, device: str = "",
        role: str = "",
    ) -> Accepted:  # fmt: skip
        """Apply a client mutation exactly once per ``client_id``.

        Returns ``(result, replayed, seq)``. A replay of the same ``client_id`` with the same data
        returns the first result (its order as it is now) and changes nothing; with different
        data it raises ``idempotency_mismatch``. A rejected mutation leaves no record, so the
        client may retry it once the cause is fixed.
        """
        try:
            change, replayed, by = self._submission(restaurant, client_id, op, data, device,
                                                    role)  # fmt: skip
            mine = self._run_one(_Queued(restaurant, change, by))
        except DomainError as exc:
            self._refused(restaurant, device, role, client_id, op, exc)
            raise
        return Accepted(mine.result, replayed[0], mine.seq)

    def submit_many(
        self, restaurant: str, submissions: list[tuple[str, str, dict]], device: str = "",
        role: str = "",
    ) -> list[Accepted | DomainError]:  # fmt: skip
        """``submit`` for many mutations, committed together (one fsync), each on its own:
        one rejected leaves the others alone. Results come back in order."""
        prepared: list = []
        for client_id, op, data in submissions:
            try:
                prepared.append(self._submission(restaurant, client_id, op, data, device, role))
            except DomainError as exc:
                prepared.append(exc)
        queued = self._run(
            [_Queued(restaurant, p[0], p[2]) for p in prepared if not isinstance(p, DomainError)]
        )
        out: list[Accepted | DomainError] = []
        done = iter(queued)
        for p in prepared:
            if isinstance(p, DomainError):
                out.append(p)
                continue
            q = next(done)
            if q.error is not None and not isinstance(q.error, DomainError):
                raise q.error
            out.append(q.error or Accepted(q.result, p[1][0], q.seq))
        for (client_id, op, _), outcome in zip(submissions, out, strict=True):
            if isinstance(outcome, DomainError):
                self._refused(restaurant, device, role, client_id, op, outcome)
        return out

    def _refused(self, restaurant: str, device: str, role: str, client_id: str, op: str,
                 exc: DomainError) -> None:  # fmt: skip
        _log_refusal(restaurant, device, role, client_id, op, exc)
        if self.on_refused is not None:
            self.on_refused(exc.code)

    def _submission(
        self, restaurant: str, client_id: str, op: str, data: dict, device: str = "",
        role: str = "",
    ) -> tuple[Change, list[bool], dict | None]:  # fmt: skip
        """The change that applies one mutation idempotently, a flag it sets on replay, and
        who made it (``by`` on its events: the change adds the person signed in)."""
        spec = payloads.OPS.get(op)
        if spec is None:
            raise DomainError("unknown_op", f"no operation {op!r}", field="op")
        clean = schema.validate(spec, data, "data")
        mark = fingerprint(op, clean)
        replayed = [False]
        by = _author(device, role, client_id)
        approval = self.approve(clean.get("approval", ""), restaurant, device, op, clean) if (
            self.approve is not None and clean.get("approval")
        ) else None  # fmt: skip

        def change(conn: Conn, now: datetime) -> tuple[dict, list[Event]]:
            row = conn.execute(
                "SELECT fingerprint, result FROM idempotency"
                " WHERE restaurant = ? AND client_id = ?",
                (restaurant, client_id),
            ).fetchone()
            if row is not None:
                stored = row["fingerprint"]
                if not (hmac.compare_digest(stored, mark) or hmac.compare_digest(
                    stored, fingerprint(op, later_fields.without_later_defaults(op, clean))
                )):  # fmt: skip
                    raise DomainError(
                        "idempotency_mismatch",
                        f"client_id {client_id!r} was already used for a different request",
                        field="client_id",
                    )
                replayed[0] = True
                return _as_it_is_now(conn, restaurant, json.loads(row["result"])), []
            if approval is not None:  # used once, by this change, if the change is accepted
                approvals.use(conn, restaurant, approval.id, approval.generation, client_id,
                              iso(now))  # fmt: skip
            named, person, job = (mutations.who(conn, restaurant, device) if device
                                  else ("", None, ""))  # fmt: skip
            if person is not None and by is not None:  # every event it makes names them
                by["person"] = person
            author = mutations.Author(device, role, approval is not None, named, person, job)
            result, events = mutations.run(conn, restaurant, op, clean, now, author, client_id)
            conn.execute(
                "INSERT INTO idempotency"
                " (restaurant, client_id, op, fingerprint, result, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (restaurant, client_id, op, mark, json.dumps(result), iso(now)),
            )
            return result, events

        return change, replayed, by
