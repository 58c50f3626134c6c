"""Access tokens: signed, short-lived, bound to one restaurant, one role and one device.

itsdangerous (already a Flask dependency) signs and timestamps the token with the restaurant's
own key (``Accounts.signing_key``); there is no token table, so a restart or a second server with
the same database accepts the same tokens, and one restaurant's key (in its backup, say) signs
nothing for another. A token says which device holds it; whether that device is still allowed
is the device registry's answer (``devices``), asked on every request, so revoking a device ends
its tokens at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired

from domain.errors import DomainError

from .keys import KeyFor, Signers

TOKEN_SALT = "passline-access-token"  # tokens of builds before devices are not accepted
TICKET_SALT = "passline-offline-ticket"
TICKET_MAX_AGE_S = 24 * 3600  # how long a person may sign in on a device with its server away


@dataclass(frozen=True)
class Device:
    restaurant: str
    role: str
    device: str = ""  # the device's id in the registry
    expires_at: float = 0.0  # when the access token dies (Unix time)
    person: str = ""  # who signed in on it with their own PIN ("": a role's PIN)


class Tokens:
    def __init__(self, keys: str | KeyFor, max_age_s: int) -> None:
        """``keys``: each restaurant's signing key (None: no such restaurant), or one key."""
        self._signers = Signers(keys, TOKEN_SALT)
        self._tickets = Signers(keys, TICKET_SALT)
        self.max_age_s = max_age_s

    def ticket(self, restaurant: str, device: str, person: str) -> str:
        """A person's offline ticket for one paired device: shown to the server when the device
        is back, it signs them in there again without their PIN (``/resume``). The device keeps
        it sealed by the PIN (the PIN pad opens it offline), so it is worth their PIN."""
        return self._tickets.for_restaurant(restaurant).dumps(
            {"r": restaurant, "d": device, "p": person}
        )

    def read_ticket(self, token: str, restaurant: str, device: str) -> str:
        """The person an offline ticket of this device's signs in; ``unauthorized`` if none
        (not ours, another device's or restaurant's, over a day old)."""
        signer = self._tickets.for_token(token)
        try:
            body = signer.loads(token, max_age=TICKET_MAX_AGE_S) if signer else None
        except BadSignature:  # SignatureExpired is one
            body = None
        if not isinstance(body, dict) or (body.get("r"), body.get("d")) != (restaurant, device):
            raise DomainError("unauthorized", "that offline sign-in is not valid here any more;"
                              " sign in with a PIN")  # fmt: skip
        return str(body["p"])

    def issue(self, device: Device) -> str:
        body = {"r": device.restaurant, "role": device.role, "d": device.device}
        if device.person:
            body["p"] = device.person
        return self._signers.for_restaurant(device.restaurant).dumps(body)

    def verify(self, token: str) -> Device:
        signer = self._signers.for_token(token)
        if signer is None:
            raise DomainError("unauthorized", "the access token is not valid")
        try:
            body, issued = signer.loads(token, max_age=self.max_age_s, return_timestamp=True)
        except SignatureExpired as exc:
            raise DomainError(
                "token_expired", "the access token has expired; renew it with the device credential"
            ) from exc
        except BadSignature as exc:
            raise DomainError("unauthorized", "the access token is not valid") from exc
        if not isinstance(body, dict) or not body.get("d"):
            raise DomainError("unauthorized", "the access token is not valid")
        # itsdangerous counts whole seconds and accepts an age equal to max_age.
        expires = issued.timestamp() + self.max_age_s + 1
        return Device(body["r"], body["role"], body["d"], expires, str(body.get("p") or ""))
