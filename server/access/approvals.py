"""A manager's approval on the spot: the manager types their PIN on a waiter's phone, the
server answers a signed approval for that one change (this device, this operation, this order),
and the change carries it. The change may wait in the outbox (a phone that lost the network
right after), so an approval lives for a service, not for seconds; it is worth nothing for
another order, another kind of change or another device.

Checking a PIN needs the server: a device never holds a PIN's hash (four digits' hash is no
secret). So an approval needs the network at the moment it is asked; the change it approves
does not."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeTimedSerializer

SALT = "passline-approval"
MAX_AGE_S = 12 * 3600
# The changes a manager approves, and why: undoing food the kitchen started, a big discount.
APPROVED_OPS = ("void_line", "set_order_status", "set_discount")


class Approvals:
    def __init__(self, secret: str, max_age_s: int = MAX_AGE_S) -> None:
        self._signer = URLSafeTimedSerializer(secret, salt=SALT)
        self.max_age_s = max_age_s

    def issue(self, restaurant: str, device: str, op: str, order_id: str) -> str:
        return self._signer.dumps({"r": restaurant, "d": device, "op": op, "o": order_id})

    def valid(self, token: str, restaurant: str, device: str, op: str, data: dict) -> bool:
        """Whether ``token`` approves this change: signed by us, in time, for exactly it."""
        if not token:
            return False
        try:
            body = self._signer.loads(token, max_age=self.max_age_s)
        except BadSignature:  # SignatureExpired is one
            return False
        wanted = {"r": restaurant, "d": device, "op": op, "o": data.get("order_id")}
        return body == wanted
