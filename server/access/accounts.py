"""Restaurants, their role PINs and the token-signing secret: who may sign in, and as what.

The rules (a PIN's policy, one PIN per role, PBKDF2 hashing); the rows are the store's
(``server.store.accounts``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime

from domain import payloads, pin_policy
from domain.errors import DomainError
from domain.roles import ROLES
from domain.timestamps import iso, utcnow

from ..store.accounts import AccountRows
from .devices import PIN_CHANGED, ROLE_PINS_ENDED

PIN_ITERATIONS = 60_000  # PBKDF2 rounds: slows guessing without slowing a login noticeably


def _pin_hash(pin: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, PIN_ITERATIONS)


class Accounts:
    def __init__(self, rows: AccountRows, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.rows = rows
        self.clock = clock
        self._known_restaurants: set[str] = set()
        self._keys: dict[str, str] = {}
        # Whether a PIN is a staff member's own (``access.staff``, made after this): a role's
        # PIN must not be one, as theirs must not be a role's.
        self.held_by_person: Callable[[str, str], bool] = lambda restaurant, pin: False

    def ensure_restaurant(
        self, restaurant: str, name: str, tz: str = "UTC", currency: str = "TRY"
    ) -> bool:
        """Create the restaurant unless it exists; True if it was created."""
        payloads.check_restaurant(restaurant, name, tz, currency)
        return self.rows.create_restaurant(
            restaurant, name, tz, currency, iso(self.clock()), uuid.uuid4().hex
        )

    def restaurant_exists(self, restaurant: str) -> bool:
        # Asked on every authenticated request; restaurants are never deleted, so a yes is kept.
        if restaurant in self._known_restaurants:
            return True
        found = self.rows.restaurant_exists(restaurant)
        if found:
            self._known_restaurants.add(restaurant)
        return found

    def is_demo(self, restaurant: str) -> bool:
        """A demo signs any device in by PIN (``passline demo``); a real restaurant pairs."""
        return self.rows.flags(restaurant)[0]

    def role_pins_open(self, restaurant: str) -> bool:
        """Whether role PINs still sign in (on paired devices), until the manager ends them."""
        demo, role_pins = self.rows.flags(restaurant)
        return demo or role_pins

    def make_demo(self, restaurant: str) -> None:
        self.rows.set_demo(restaurant)

    def end_role_pins(self, restaurant: str) -> int:
        """Role PINs open nothing any more; the devices signed in with one are signed out."""
        if self.rows.flags(restaurant)[0]:
            raise DomainError("demo", "a demo restaurant keeps its role PINs")
        return self.rows.end_role_pins(restaurant, iso(self.clock()), ROLE_PINS_ENDED)

    def settings(self, restaurant: str) -> dict:
        """``{name, tz, currency}`` of a restaurant that exists."""
        return self.rows.restaurant(restaurant)

    # -- PINs and the signing secret --------------------------------------------------------

    def set_pin(
        self, restaurant: str, role: str, pin: str, *, keep: Iterable[str] = (),
        policy: bool = True,
    ) -> int:  # fmt: skip
        """Set ``role``'s PIN; every device signed in with the old one is signed out (it stays
        paired), but those in ``keep``. Returns how many. ``policy=False`` is for the demo's
        PINs."""
        if role not in ROLES:
            raise DomainError("invalid_value", f"no role {role!r}", field="role")
        if policy:
            pin_policy.check(role, pin)
        if self.held_by_person(restaurant, pin):
            raise DomainError("pin_in_use", "that PIN is a staff member's own", field="pin")

        def unique(others: list) -> tuple[bytes, bytes]:
            for other in others:
                if hmac.compare_digest(_pin_hash(pin, other["salt"]), other["hash"]):
                    raise DomainError("pin_in_use", f"that PIN already opens {other['role']}")
            salt = secrets.token_bytes(16)
            return salt, _pin_hash(pin, salt)

        return self.rows.replace_pin(
            restaurant, role, unique, at=iso(self.clock()), why=PIN_CHANGED, keep=keep
        )

    def role_for_pin(self, restaurant: str, pin: str) -> str | None:
        for row in self.rows.pins(restaurant):
            if hmac.compare_digest(_pin_hash(pin, row["salt"]), row["hash"]):
                return row["role"]
        return None

    def signing_key(self, restaurant: str) -> str | None:
        """The restaurant's own key for its devices' tokens and approvals, made on first use and
        kept in its row (so restarts keep sessions, and a restaurant's backup carries its key
        and no other's); None for a restaurant that does not exist."""
        key = self._keys.get(restaurant)
        if key is None and self.restaurant_exists(restaurant):
            key = self.rows.signing_key(restaurant, secrets.token_urlsafe(48))
            if key is not None:
                self._keys[restaurant] = key
        return key

    def rotate_key(self, restaurant: str) -> bool:
        """A new key: every token and approval signed with the old one is refused (devices
        renew theirs with their credential; nothing is paired again)."""
        self._keys.pop(restaurant, None)
        return self.rows.rotate_key(restaurant, secrets.token_urlsafe(48))

    def forget_key(self, restaurant: str) -> None:
        """Read the key again (another process may have rotated it)."""
        self._keys.pop(restaurant, None)

    def secret_key(self) -> str:
        """The database's own secret, made once: it names this deployment's counts in Redis."""
        return self.rows.secret_key(secrets.token_urlsafe(48))
