"""Typed errors shared by the server and the browser client.

Every rejection Passline makes carries a stable string ``code``; clients branch on the code,
people read the message. The HTTP status for a code lives with the REST adapter, not here.
"""

from __future__ import annotations


class DomainError(Exception):
    """A request that the rules refuse. ``field`` names the offending path, if there is one."""

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def to_dict(self) -> dict:
        body = {"code": self.code, "message": self.message}
        if self.field is not None:
            body["field"] = self.field
        return body

    def __repr__(self) -> str:
        return f"DomainError({self.code!r}, {self.message!r})"


class IllegalTransition(DomainError):
    def __init__(self, kind: str, current: str, target: str) -> None:
        super().__init__(
            "illegal_transition",
            f"{kind} cannot go from {current!r} to {target!r}",
            field="status",
        )
        self.current = current
        self.target = target
