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
