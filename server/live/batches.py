"""Many mutations in one durable commit: the REST batch endpoint and the socket's
``submit_batch`` frame both come here, so a batch means the same thing on either transport."""

from __future__ import annotations

from domain import submissions
from domain.errors import DomainError

from ..access import scopes
from ..access.tokens import Device
from ..store import Store


def submit_batch(store: Store, device: Device, items: list[dict]) -> list[dict]:
    """One ``ack`` or ``reject`` per item, in order; a refused item leaves the others alone."""
    results: list[dict | None] = [None] * len(items)
    accepted: list[tuple[int, tuple[str, str, dict]]] = []
    for i, item in enumerate(items):
        try:
            accepted.append((i, submissions.prepare(device.role, item, f"mutations[{i}]")))
        except DomainError as exc:
            results[i] = submissions.reject(item.get("client_id"), exc)
    outcomes = store.submit_many(
        device.restaurant, [m for _, m in accepted], device.device, device.role
    )
    for (i, (client_id, _, _)), outcome in zip(accepted, outcomes, strict=True):
        if isinstance(outcome, DomainError):
            results[i] = submissions.reject(client_id, outcome)
        else:
            result, replayed, seq = outcome
            result = scopes.result_for(device, result)
            results[i] = submissions.ack(client_id, result, replayed, seq)
    return results  # type: ignore[return-value]  # every slot was filled above
