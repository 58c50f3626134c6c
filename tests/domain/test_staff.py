"""A restaurant's people and jobs (``domain.staff``): names as shown, jobs on a base, PINs by
the base's policy."""

from __future__ import annotations

import pytest

from domain import staff
from domain.errors import DomainError


def test_names_jobs_and_pins():
    assert staff.check_name("  Ana \t Yılmaz ") == "Ana Yılmaz"
    for bad in ("", "   ", "x" * 61):
        with pytest.raises(DomainError):
            staff.check_name(bad)
    assert staff.job_of("manager").rights == frozenset(staff.RIGHTS)
    assert "void_after_start" not in staff.job_of("floor").rights  # a manager approves it
    with pytest.raises(DomainError) as unknown:
        staff.job_of("cashier")
    assert unknown.value.field == "job"
    staff.check_pin("4826", staff.job_of("floor"))
    for pin, job in (("4826", "manager"), ("0000", "floor"), ("48a6", "kitchen")):
        with pytest.raises(DomainError) as weak:
            staff.check_pin(pin, staff.job_of(job))
        assert weak.value.code == "weak_pin"
    assert {j.base for j in staff.DEFAULT_JOBS.values()} == set(staff.BASES)
    assert staff.job_of("kitchen").to_dict()["rights"] == ["kitchen"]


def test_a_carried_screen_locks_when_idle_and_a_wall_screen_never_does():
    from domain.staff import lock_after_s, may_sign_in

    rules = {"lock_after_min": 5}
    assert lock_after_s(rules, "floor") == 300.0 and lock_after_s(rules, "manager") == 300.0
    assert lock_after_s(rules, "kitchen") is None and lock_after_s(rules, "kiosk") is None
    assert (
        lock_after_s({}, "floor") is None and lock_after_s({"lock_after_min": 0}, "floor") is None
    )
    # Who may sign in on a device paired for each role.
    assert may_sign_in("floor", "manager") and may_sign_in("kitchen", "kitchen")
    assert not may_sign_in("manager", "floor") and not may_sign_in("kiosk", "manager")
    assert not may_sign_in("floor", "kitchen")
