"""What the session asks its adapters to do: the I/O it never does itself. Each says how the
adapter answers it (the session's inputs), so a request is never left without an answer."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Connect:
    """Open the live socket."""


@dataclass(frozen=True)
class Close:
    """Close the live socket (then report ``closed``)."""

    reason: str


@dataclass(frozen=True)
class Poll:
    """GET /api/v1/events?since=...; answer with ``polled`` or ``poll_failed``."""

    since: int


@dataclass(frozen=True)
class PostBatch:
    """POST /api/v1/mutations; answer with ``posted`` or ``post_failed``."""

    mutations: tuple[dict, ...]


@dataclass(frozen=True)
class Refetch:
    """The server's log does not know our cursor: reload the snapshot, then ``snapshot_loaded``."""


@dataclass(frozen=True)
class Renew:
    """The access token was refused: get a new one with the device credential, then answer
    ``renewed``, ``renew_failed`` (no answer) or ``refused`` (the device may not renew)."""


@dataclass(frozen=True)
class SignIn:
    """The device was revoked: nothing is sent until a person signs in. ``why`` is the
    server's reason (``revoked`` by a manager, ``pin_changed``)."""

    why: str = ""


Action = Connect | Close | Poll | PostBatch | Refetch | Renew | SignIn
