"""Paired devices: each is a record the server knows, lists and can revoke, and on which people
sign in and out.

A device joins once (a manager's pairing code, ``access.pairing``; in a demo, any PIN) and holds
two secrets. Its *credential* (``<id>.<random>``, only a hash stored here) lives as long as the
device is not revoked: with it the device asks for a person's sign-in (their PIN) and gets new
*access tokens*, which are short-lived and sent with every request. A stolen access token dies by
itself; a revoked device can renew nothing, and every request it makes is refused. Signing a
person out (switch, lock, deactivated) ends their tokens the same way and leaves the device
paired.

Whether a device is revoked is asked on every request. The answer is cached per restaurant and
the cache is dropped when the restaurant's ``devices_gen`` moves, which ``refresh`` notices (the
watcher calls it twice a second): a revocation made by another process, such as ``passline
devices revoke``, takes effect within a second.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import datetime

from domain.errors import DomainError
from domain.timestamps import iso, utcnow

from ..store.database import Row
from ..store.devices import DeviceRows

# Why a device was revoked, as the device is told (it shows the reason on its PIN pad).
REVOKED_BY_MANAGER = "revoked"
PIN_CHANGED = "pin_changed"
PERSON_DEACTIVATED = "person_deactivated"
ROLE_PINS_ENDED = "role_pins_ended"
SIGNED_OUT = "signed_out"  # the person signed out here (a switch, the idle lock)
SEEN_EVERY_S = 60.0  # last_seen is written at most this often per device


@dataclass(frozen=True)
class DeviceRecord:
    id: str
    name: str
    role: str
    created_at: str
    last_seen: str
    revoked_at: str | None
    revoked_why: str | None
    person: str | None = None  # who signed in on it with their own PIN (None: a role's PIN)
    signed_in: bool = True  # False: paired, at its PIN pad (why: ``signed_out_why``)
    signed_out_why: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def _hash(secret: str) -> bytes:
    # The secret is 256 random bits: a plain hash is enough, nothing here can be guessed.
    return hashlib.sha256(secret.encode()).digest()


def new_credential() -> tuple[str, str, bytes]:
    """A new device's ``(id, credential, the hash stored)``; the credential is shown once."""
    device_id = "d" + secrets.token_urlsafe(12)
    secret = secrets.token_urlsafe(32)
    return device_id, f"{device_id}.{secret}", _hash(secret)


def revoked_error(why: str | None) -> DomainError:
    message = {
        PIN_CHANGED: "this role's PIN was changed; sign in with the new PIN",
        PERSON_DEACTIVATED: "the person signed in here was deactivated",
    }.get(why or "", "a manager signed this device out; sign in again")
    return DomainError("device_revoked", message, field=why or REVOKED_BY_MANAGER)


def signed_out_error(why: str | None) -> DomainError:
    """Nobody is signed in on the device (it is paired still): a PIN signs someone in."""
    message = {
        PIN_CHANGED: "this role's PIN was changed; sign in with the new PIN",
        PERSON_DEACTIVATED: "the person signed in here was deactivated",
        ROLE_PINS_ENDED: "role PINs were ended; sign in with your own PIN",
    }.get(why or "", "nobody is signed in on this device; sign in with a PIN")
    return DomainError("signed_out", message, field=why or SIGNED_OUT)


def _ended(row: Row) -> DomainError | None:
    """Why a device's tokens are refused, or None if someone is signed in on it."""
    if row["revoked_at"] is not None:
        return revoked_error(row["revoked_why"])
    return signed_out_error(row["signed_out_why"]) if not row["signed_in"] else None


class Devices:
    def __init__(self, rows: DeviceRows, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.rows = rows
        self.clock = clock
        self._lock = threading.Lock()
        # What is known of each device: (why its tokens are refused, or None; role; person).
        self._revoked: dict[tuple[str, str], tuple[DomainError | None, str, str]] = {}
        self._generations: dict[str, int] = {}
        self._seen: dict[tuple[str, str], float] = {}  # last time written, monotonic
        self._unwritten: dict[tuple[str, str], str] = {}
        # Told which restaurant's devices moved (a revocation, a sign-in, a key rotated): they
        # drop what they cached of it too.
        self.forget_listeners: list[Callable[[str], None]] = []

    # -- sign-in and renewal --------------------------------------------------------------------

    def register(
        self, restaurant: str, role: str, name: str, person: str | None = None
    ) -> tuple[DeviceRecord, str]:
        """A new device for a correct PIN (a role's, or ``person``'s own): its record and its
        credential (shown once)."""
        device_id, credential, hashed = new_credential()
        now = iso(self.clock())
        named = name or f"{role} device"
        self.rows.insert(restaurant, device_id, named, role, hashed, now, person)
        record = DeviceRecord(device_id, named, role, now, now, None, None, person)
        return record, credential

    def paired(self, restaurant: str, credential: str) -> DeviceRecord:
        """The paired device a credential belongs to, someone signed in on it or not; raises
        ``unauthorized`` for no such device and ``device_revoked`` for one revoked."""
        device_id, _, secret = credential.partition(".")
        row = self._row(restaurant, device_id)
        if row is None or not hmac.compare_digest(_hash(secret), row["secret_hash"]):
            raise DomainError("unauthorized", "this device credential is not valid; pair again")
        if row["revoked_at"] is not None:
            raise revoked_error(row["revoked_why"])
        self.seen(restaurant, device_id)
        return _record(row)

    def renew(self, restaurant: str, credential: str) -> DeviceRecord:
        """The device a credential belongs to, if it may have a new access token: paired, not
        revoked, and someone signed in on it (else ``signed_out``)."""
        device = self.paired(restaurant, credential)
        if not device.signed_in:
            raise signed_out_error(device.signed_out_why)
        return device

    def sign_in(self, restaurant: str, device_id: str, role: str, person: str | None) -> None:
        """``person`` (None: a role's PIN, or a kiosk) signs in on a paired device."""
        if not self.rows.sign_in(restaurant, device_id, role, person):
            raise revoked_error(REVOKED_BY_MANAGER)
        self.forget(restaurant)

    def sign_out(self, restaurant: str, device_id: str, why: str = SIGNED_OUT) -> bool:
        """Whoever is signed in on the device is no longer (it stays paired); False if nobody
        was."""
        done = self.rows.sign_out(restaurant, device_id, why)
        self.forget(restaurant)
        return done

    def check(self, restaurant: str, device_id: str, role: str, person: str = "") -> None:
        """Raise ``device_revoked`` or ``signed_out`` (or ``unauthorized`` if unknown) unless
        the device may act, and ``unauthorized`` unless ``role`` and ``person`` (the token's) are
        the role and the person signed in on it: a token is believed only as far as the
        device's record agrees."""
        key = (restaurant, device_id)
        with self._lock:
            known = self._revoked.get(key)
        if known is None:
            row = self._row(restaurant, device_id)
            if row is None:
                raise DomainError("unauthorized", "this device is not known here; sign in")
            known = (_ended(row), row["role"], row["person"] or "")
            with self._lock:
                self._revoked[key] = known
        ended, recorded, whose = known
        if ended is not None:
            raise ended
        if (recorded, whose) != (role, person):
            raise DomainError("unauthorized", "this token is not its device's; sign in")

    def seen(self, restaurant: str, device_id: str, now: float | None = None) -> None:
        """Note that the device was heard from; written by ``write_seen`` in one transaction."""
        now = time.monotonic() if now is None else now
        key = (restaurant, device_id)
        with self._lock:
            if now - self._seen.get(key, -SEEN_EVERY_S) < SEEN_EVERY_S:
                return
            self._seen[key] = now
            self._unwritten[key] = iso(self.clock())

    def write_seen(self) -> None:
        with self._lock:
            unwritten, self._unwritten = self._unwritten, {}
            if len(self._seen) > 100_000:  # bounded: forget the oldest half
                for key in sorted(self._seen, key=self._seen.__getitem__)[:50_000]:
                    del self._seen[key]
        if unwritten:
            self.rows.write_seen(unwritten)

    # -- the manager's list and revocation ------------------------------------------------------

    def list(self, restaurant: str) -> list[DeviceRecord]:
        return [_record(row) for row in self.rows.all(restaurant)]

    def get(self, restaurant: str, device_id: str) -> DeviceRecord | None:
        row = self._row(restaurant, device_id)
        return _record(row) if row is not None else None

    def rename(self, restaurant: str, device_id: str, name: str) -> bool:
        return self.rows.rename(restaurant, device_id, name.strip()[:64])

    def revoke(self, restaurant: str, device_id: str, why: str = REVOKED_BY_MANAGER) -> bool:
        """Revoke one device; False if it was unknown or revoked already."""
        done = self.rows.revoke(restaurant, device_id, iso(self.clock()), why)
        self.forget(restaurant)
        return done

    def forget(self, restaurant: str) -> None:
        """Drop what is cached about ``restaurant``'s devices: they are read again."""
        with self._lock:
            for key in [k for k in self._revoked if k[0] == restaurant]:
                del self._revoked[key]
        for listener in self.forget_listeners:
            listener(restaurant)

    def refresh(self) -> list[str]:
        """Notice revocations made by any process: the restaurants whose devices changed."""
        changed = []
        for restaurant, gen in self.rows.generations().items():
            if self._generations.get(restaurant, gen) != gen:
                changed.append(restaurant)
                self.forget(restaurant)
            self._generations[restaurant] = gen
        return changed

    def ended_among(self, restaurant: str, device_ids: Iterable[str]) -> dict[str, DomainError]:
        """Of ``device_ids``, those revoked or with nobody signed in, with why."""
        found = self.rows.ended_among(restaurant, list(device_ids))
        return {device: _ended(row) for device, row in found.items()}

    def _row(self, restaurant: str, device_id: str) -> Row | None:
        return self.rows.get(restaurant, device_id)


def _record(row: Row) -> DeviceRecord:
    return DeviceRecord(
        row["id"], row["name"], row["role"], row["created_at"], row["last_seen"],
        row["revoked_at"], row["revoked_why"], row["person"], bool(row["signed_in"]),
        row["signed_out_why"],
    )  # fmt: skip
