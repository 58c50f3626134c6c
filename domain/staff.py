"""People, not PINs per role: a restaurant's staff members and their jobs.

A staff member has a name, a job and a personal PIN (``pin_policy``: 4 to 8 digits, a manager
6 or more, never one digit repeated; unique in the restaurant, which the server checks), and is
active or not. A job is one of the three bases (floor, kitchen, manager) or the restaurant's
own built on one of them ("Head waiter": floor, with voids after the kitchen started), and holds
the rights a person in it has. A right missing is what a manager approves on the spot.

Pure; the server keeps the records and the PIN hashes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from . import pin_policy
from .errors import DomainError

BASES = ("floor", "kitchen", "manager")  # what a job is built on: the screens it opens
# What a job may do. Anyone taking orders may discount up to the restaurant's limit; "discount"
# is a discount beyond it. A change that needs a right its maker lacks needs the PIN of someone
# who holds it, on the spot (``approvals``).
RIGHTS = (
    "take_orders", "void_before_start", "void_after_start", "discount", "comp", "refund",
    "cash_drawer", "close_day", "kitchen", "manage_menu", "manage_floor", "manage_staff",
    "manage_devices",
)  # fmt: skip
MAX_NAME = 60


@dataclass(frozen=True)
class Job:
    id: str
    name: str
    base: str
    rights: frozenset[str]
    discount_bp: int | None = None  # discounts up to this without asking; None: the restaurant's

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "base": self.base,
                "rights": sorted(self.rights), "discount_bp": self.discount_bp}  # fmt: skip


# Every restaurant has these three; its own jobs are built on one of them.
DEFAULT_JOBS = {
    "floor": Job("floor", "Floor", "floor", frozenset({"take_orders", "void_before_start"})),
    "kitchen": Job("kitchen", "Kitchen", "kitchen", frozenset({"kitchen"})),
    "manager": Job("manager", "Manager", "manager", frozenset(RIGHTS)),
}  # fmt: skip


def check_name(name: str) -> str:
    """A person's name as the screens and the history show it."""
    clean = " ".join(name.split())
    if not clean or len(clean) > MAX_NAME:
        raise DomainError("invalid_value", f"a name of 1 to {MAX_NAME} characters", field="name")
    return clean


def job_of(job_id: str, jobs: dict[str, Job] | None = None) -> Job:
    found = (jobs or DEFAULT_JOBS).get(job_id)
    if found is None:
        raise DomainError("unknown_job", f"no job {job_id!r}", field="job")
    return found


def check_pin(pin: str, job: Job) -> None:
    """A person's PIN: the policy of the job's base (a manager's is longer)."""
    pin_policy.check(job.base, pin)


# Who may sign in on a device paired for each role: its own base, and a manager on any staff
# device (the manager at the pass on the kitchen screen, on a waiter's phone). A kiosk has no
# person; the manager screen, managers only.
SIGN_IN_ON = {
    "kiosk": frozenset(),
    "board": frozenset(),
    "floor": frozenset({"floor", "manager"}),
    "kitchen": frozenset({"kitchen", "manager"}),
    "manager": frozenset({"manager"}),
}


def may_sign_in(device_role: str, base: str) -> bool:
    """Whether a person whose job is built on ``base`` may sign in on a device paired as
    ``device_role``; they act there in the device's role, with their own rights."""
    return base in SIGN_IN_ON.get(device_role, frozenset())


# The screens a person carries about or leaves on a counter: they lock when idle. A kitchen screen
# hangs on a wall and is bumped by whoever cooks; a kiosk has no person.
LOCKS_WHEN_IDLE = frozenset({"floor", "manager"})


def lock_after_s(settings: Mapping, role: str) -> float | None:
    """After how many idle seconds a device of ``role`` goes back to its PIN pad under the
    restaurant's rules (``lock_after_min``), or None: never."""
    minutes = int(settings.get("lock_after_min") or 0)
    return minutes * 60.0 if minutes > 0 and role in LOCKS_WHEN_IDLE else None


def rights_of(role: str, job: str | None = None, jobs: dict[str, Job] | None = None
              ) -> frozenset[str]:  # fmt: skip
    """What whoever acts on a device may do: the person's job's rights (among the restaurant's
    ``jobs``), or, signed in with a role's PIN (no person), that role's job's (a kiosk: take
    orders)."""
    if job:
        return job_of(job, jobs).rights
    found = DEFAULT_JOBS.get(role)
    return found.rights if found is not None else frozenset({"take_orders"})


# The changes a device's role allows (``roles``) that also need a right of the person making
# them: the manager screen's, for jobs built on a manager's with less than all of it. No one
# approves these on the spot: whoever lacks the right hands the tablet to who has it.
OP_RIGHTS: dict[str, str] = {
    **dict.fromkeys(("save_category", "remove_category", "save_item", "remove_item",
                     "set_item_stock", "save_settings"), "manage_menu"),
    **dict.fromkeys(("save_area", "remove_area", "save_table", "remove_table"), "manage_floor"),
    **dict.fromkeys(("open_drawer", "move_cash", "close_drawer"), "cash_drawer"),
    "close_day": "close_day",
}  # fmt: skip
JOB_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")


def check_job(job_id: str, name: str, base: str, rights: list[str],
              discount_bp: int | None = None) -> Job:  # fmt: skip
    """A restaurant's own job: a new id (the three defaults are taken), a name, the base whose
    screens it opens, what it may do, and how much it discounts without asking (None: the
    restaurant's limit)."""
    if job_id in DEFAULT_JOBS:  # well formed, and taken: the built-in jobs stay as they are
        raise DomainError("already_exists", f"{job_id} is a built-in job; choose another id",
                          field="id")  # fmt: skip
    if not JOB_ID.fullmatch(job_id):
        raise DomainError("invalid_value", "a job id of lowercase letters, digits and dashes,"
                          " not floor, kitchen or manager", field="id")  # fmt: skip
    clean = " ".join(name.split())
    if not 0 < len(clean) <= 40:
        raise DomainError("invalid_value", "a job name of 1 to 40 characters", field="name")
    if base not in BASES:
        raise DomainError("invalid_value", f"a job is built on one of {list(BASES)}", field="base")
    unknown = sorted(set(rights) - set(RIGHTS))
    if unknown:
        raise DomainError("invalid_value", f"no right {unknown[0]!r}", field="rights")
    if discount_bp is not None and not 0 <= discount_bp <= 10_000:
        raise DomainError("invalid_value", "a discount limit of 0 to 100 %", field="discount_bp")
    return Job(job_id, clean, base, frozenset(rights), discount_bp)


def jobs_with(own: list[Job]) -> dict[str, Job]:
    """The restaurant's jobs: the three every restaurant has, and its own."""
    return {**DEFAULT_JOBS, **{job.id: job for job in own}}
