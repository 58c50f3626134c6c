"""Staff members who sign in as themselves (``domain.staff``): enrolled with a personal PIN,
given a new one, deactivated; and which member a PIN is.

A personal PIN is kept only as a memory-hard hash (scrypt, 16 MB, ~50 ms) under the
restaurant's own salt, so finding the member a PIN belongs to is one hash and one indexed
lookup however many people work there, and two members can never share a PIN (the index is
unique). The price of one salt per restaurant rather than per person: someone holding a copy
of the database hashes each candidate PIN once for everyone. That copy is the owner's alone
(mode 0600), and the README's threat model says what it would give.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime

from domain import staff as rules
from domain.errors import DomainError
from domain.timestamps import iso, utcnow

from ..store.staff import StaffRows
from .devices import PERSON_DEACTIVATED

SCRYPT = {"n": 2**14, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024, "dklen": 32}
MAX_JOBS = 50  # a restaurant's own: a bound, never met


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    job: str
    active: bool
    created_at: str
    updated_at: str

    def to_dict(self) -> dict:
        return asdict(self)


def _member(row) -> Member:
    return Member(row["id"], row["name"], row["job"], bool(row["active"]), row["created_at"],
                  row["updated_at"])  # fmt: skip


class Staff:
    def __init__(
        self, rows: StaffRows, role_for_pin: Callable[[str, str], str | None], *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:  # fmt: skip
        """``role_for_pin``: the role a restaurant's role PIN opens (a person's PIN must not be
        one of them while both sign in)."""
        self.rows, self.role_for_pin, self.clock = rows, role_for_pin, clock
        self._salts: dict[str, bytes] = {}

    def _hash(self, restaurant: str, pin: str) -> bytes | None:
        """The PIN's hash in ``restaurant``; None if there is no such restaurant."""
        salt = self._salts.get(restaurant)
        if salt is None:
            salt = self.rows.salt(restaurant, secrets.token_bytes(16))
            if salt is None:
                return None
            self._salts[restaurant] = salt
        return hashlib.scrypt(pin.encode(), salt=salt, **SCRYPT)

    def _checked_pin(self, restaurant: str, pin: str, job: rules.Job) -> bytes:
        rules.check_pin(pin, job)
        if self.role_for_pin(restaurant, pin) is not None:
            raise DomainError("pin_in_use", "that PIN is a role's PIN: choose another", field="pin")
        hashed = self._hash(restaurant, pin)
        if hashed is None:
            raise DomainError("not_found", f"no restaurant {restaurant!r}", field="restaurant")
        return hashed

    # -- jobs -----------------------------------------------------------------------------------

    def jobs(self, restaurant: str) -> dict[str, rules.Job]:
        """The three jobs every restaurant has, and its own."""
        return rules.jobs_with(self.rows.jobs(restaurant))

    def job(self, restaurant: str, job_id: str) -> rules.Job:
        return rules.job_of(job_id, self.jobs(restaurant))

    def put_job(self, restaurant: str, job_id: str, name: str, base: str,
                rights: list[str], discount_bp: int | None = None) -> rules.Job:  # fmt: skip
        """A job of the restaurant's own, new or changed; its people have its rights (and its
        discount limit) from their next change on."""
        job = rules.check_job(job_id, name, base, rights, discount_bp)
        known = self.rows.jobs(restaurant)
        if not any(j.id == job.id for j in known) and len(known) >= MAX_JOBS:
            raise DomainError("invalid_value", f"at most {MAX_JOBS} jobs of its own", field="id")
        self.rows.put_job(restaurant, {**job.to_dict(), "rights": sorted(job.rights)})
        return job

    def set_job(self, restaurant: str, person_id: str, job_id: str) -> Member:
        self._required(restaurant, person_id)
        job = self.job(restaurant, job_id)
        self.rows.set_job(restaurant, person_id, job.id, iso(self.clock()))
        return self._required(restaurant, person_id)

    # -- people -----------------------------------------------------------------------------

    def add(self, restaurant: str, name: str, job_id: str, pin: str) -> Member:
        job = self.job(restaurant, job_id)
        person = {"id": "p" + secrets.token_urlsafe(9), "name": rules.check_name(name),
                  "job": job.id}  # fmt: skip
        if not self.rows.insert(restaurant, person, self._checked_pin(restaurant, pin, job),
                                iso(self.clock())):  # fmt: skip
            raise DomainError("pin_in_use", "another member has that PIN: choose another",
                              field="pin")  # fmt: skip
        return self.get(restaurant, person["id"])  # type: ignore[return-value]

    def set_pin(self, restaurant: str, person_id: str, pin: str) -> Member:
        member = self._required(restaurant, person_id)
        done = self.rows.set_pin(restaurant, person_id,
                                 self._checked_pin(restaurant, pin,
                                                   self.job(restaurant, member.job)),
                                 iso(self.clock()))  # fmt: skip
        if done is False:
            raise DomainError("pin_in_use", "another member has that PIN: choose another",
                              field="pin")  # fmt: skip
        return self._required(restaurant, person_id)

    def set_active(self, restaurant: str, person_id: str, active: bool) -> Member:
        """Deactivated, the person's sessions end at once: they are signed out of every device
        (its requests 401, its socket closed within a second); the devices stay paired."""
        self._required(restaurant, person_id)
        self.rows.set_active(restaurant, person_id, active, iso(self.clock()), PERSON_DEACTIVATED)
        return self._required(restaurant, person_id)

    def for_pin(self, restaurant: str, pin: str) -> Member | None:
        """The active member whose PIN this is, or None."""
        hashed = self._hash(restaurant, pin)
        row = self.rows.by_pin(restaurant, hashed) if hashed is not None else None
        return _member(row) if row is not None and row["active"] else None

    def holds(self, restaurant: str, pin: str) -> bool:
        """Whether ``pin`` is a member's own, active or not."""
        hashed = self._hash(restaurant, pin)
        return hashed is not None and self.rows.by_pin(restaurant, hashed) is not None

    def list(self, restaurant: str) -> list[Member]:
        return [_member(row) for row in self.rows.all(restaurant)]

    def get(self, restaurant: str, person_id: str) -> Member | None:
        row = self.rows.get(restaurant, person_id)
        return _member(row) if row is not None else None

    def _required(self, restaurant: str, person_id: str) -> Member:
        member = self.get(restaurant, person_id)
        if member is None:
            raise DomainError("not_found", f"no staff member {person_id!r}", field="person")
        return member
