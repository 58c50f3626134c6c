"""A client mutation as every transport carries it: ``{client_id, op, data}``.

REST, the batch endpoint and the live socket all pass what they received through ``prepare``,
so a mutation is checked the same way whichever way it came (and the browser can check it the
same way before queueing it).
"""

from __future__ import annotations

from . import payloads, protocol, schema
from .errors import DomainError
from .roles import check_allowed

MAX_BATCH = protocol.BATCH_LIMIT

SUBMISSION = schema.Obj(
    {
        "client_id": schema.Field(payloads.CLIENT_ID),
        "op": schema.Field(schema.Str(32, choices=tuple(payloads.OPS))),
        "data": schema.Field(schema.Obj(open=True)),
    }
)
BATCH = schema.Obj({"mutations": schema.Field(schema.List(schema.Obj(open=True), MAX_BATCH, 1))})


def prepare(role: str, submission: dict, path: str = "") -> tuple[str, str, dict]:
    """Validate ``submission`` and check that ``role`` may run it.

    Returns ``(client_id, op, data)`` with ``data`` cleaned (defaults filled in), or raises
    DomainError naming the field.
    """
    checked = schema.validate(SUBMISSION, submission, path)
    op = checked["op"]
    data_path = f"{path}.data" if path else "data"
    data = schema.validate(payloads.OPS[op], checked["data"], data_path)
    check_allowed(role, op, data)
    return checked["client_id"], op, data


def ack(client_id: str, result: dict, replayed: bool, seq: int) -> dict:
    """The answer to an accepted mutation (a socket frame, and an item of a batch reply).
    ``seq``: the restaurant's seq with the change in the log; a floor that far on shows it."""
    return {
        "type": "ack", "client_id": client_id, "result": result, "replayed": replayed, "seq": seq,
    }  # fmt: skip


def reject(client_id: object, error: DomainError) -> dict:
    """The answer to a refused mutation: the client keeps it for a person to look at."""
    return {
        "type": "reject",
        "client_id": client_id if isinstance(client_id, str) else None,
        "error": error.to_dict(),
    }
