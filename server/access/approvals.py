"""A manager's approval on the spot: the manager types their PIN on a waiter's phone, the
server answers a signed approval for that one change (this device, this operation, and the
fields that make the change what it is: ``domain.approvals``), and the change carries it.

The change may wait in the outbox (a phone that lost the network right after), so an approval
lives for a service, not for seconds; it is used once (the store records it), and a new
manager PIN, a manager device revoked or the day closed ends every approval given before
(``store.approvals``). It is worth nothing for another device, and refused by name for another
change (``approval_mismatch``).

Checking a PIN needs the server: a device never holds a PIN's hash (four digits' hash is no
secret). So an approval needs the network at the moment it is asked; the change it approves
does not."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature

from domain import approvals as rules

from .keys import KeyFor, Signers

SALT = "passline-approval-v2"  # v1 approvals (an op and an order only) are worth nothing now
MAX_AGE_S = 12 * 3600
APPROVED_OPS = rules.APPROVED_OPS


@dataclass(frozen=True)
class Approval:
    """An approval read from a change: its id (used once) and the generation it was given in."""

    id: str
    generation: int


class Approvals:
    def __init__(self, keys: str | KeyFor, max_age_s: int = MAX_AGE_S) -> None:
        """``keys``: each restaurant's signing key (None: no such restaurant), or one key."""
        self._signers = Signers(keys, SALT)
        self.max_age_s = max_age_s

    def issue(self, restaurant: str, device: str, op: str, change: dict, generation: int) -> str:
        """An approval for exactly ``op`` with ``change`` from ``device``."""
        return self._signers.for_restaurant(restaurant).dumps({
            "r": restaurant, "d": device, "op": op, "t": rules.terms(op, change),
            "id": secrets.token_urlsafe(12), "g": generation,
        })  # fmt: skip

    def read(
        self, token: str, restaurant: str, device: str, op: str, data: dict
    ) -> Approval | None:
        """The approval ``token`` carries for this change, or None if it carries none of ours
        (not signed here, out of time, another restaurant's or another device's: the rule then
        asks for one). An approval of ours for another change raises ``approval_mismatch``."""
        signer = self._signers.for_token(token) if token else None
        if signer is None:
            return None
        try:
            body = signer.loads(token, max_age=self.max_age_s)
        except BadSignature:  # SignatureExpired is one
            return None
        if not isinstance(body, dict) or (body.get("r"), body.get("d")) != (restaurant, device):
            return None
        rules.check_matches(body["op"], body["t"], op, data)
        return Approval(body["id"], body["g"])
