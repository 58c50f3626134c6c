"""Staff members who sign in as themselves (``server.access.staff``), on each engine: a PIN is
personal (unique, never a role's, by the policy of the job), kept as a slow hash only, and a
deactivated person's PIN opens nothing."""

from __future__ import annotations

import pytest

from domain.errors import DomainError
from server.access.accounts import Accounts
from server.access.staff import Staff


@pytest.fixture
def staff(databases):
    store = databases.store()
    accounts = Accounts(store.account_rows)
    accounts.set_pin("demo", "kiosk", "5173")
    yield Staff(store.staff_rows, accounts.role_for_pin)
    store.db.close()


def refused(act) -> str:
    with pytest.raises(DomainError) as caught:
        act()
    return caught.value.code


def test_a_person_signs_in_with_their_own_pin_until_deactivated(staff):
    ana = staff.add("demo", "  Ana   Yılmaz ", "floor", "4826")
    boss = staff.add("demo", "Derya", "manager", "730519")
    assert (ana.name, ana.job, ana.active) == ("Ana Yılmaz", "floor", True)
    assert staff.for_pin("demo", "4826") == ana and staff.for_pin("demo", "730519") == boss
    assert staff.for_pin("demo", "4827") is None and staff.for_pin("other", "4826") is None
    assert staff.set_active("demo", ana.id, False).active is False
    assert staff.for_pin("demo", "4826") is None  # deactivated: the PIN opens nothing
    assert [m.name for m in staff.list("demo")] == ["Ana Yılmaz", "Derya"]
    staff.set_pin("demo", boss.id, "918273")
    assert staff.for_pin("demo", "730519") is None
    assert staff.for_pin("demo", "918273").id == boss.id


@pytest.mark.parametrize(
    ("job", "pin", "code"),
    [("floor", "1111", "weak_pin"), ("floor", "123", "weak_pin"), ("floor", "123456789", "weak_pin"),
     ("manager", "48261", "weak_pin"), ("floor", "12a4", "weak_pin"),
     ("floor", "5173", "pin_in_use"),  # the kiosk's PIN: one PIN, one meaning
     ("cashier", "4826", "unknown_job")],
)  # fmt: skip
def test_a_weak_pin_a_roles_pin_or_an_unknown_job_is_refused(staff, job, pin, code):
    assert refused(lambda: staff.add("demo", "Can", job, pin)) == code


def test_two_people_never_share_a_pin_and_none_is_kept_in_clear(staff, databases):
    ana = staff.add("demo", "Ana", "floor", "4826")
    assert refused(lambda: staff.add("demo", "Can", "kitchen", "4826")) == "pin_in_use"
    can = staff.add("demo", "Can", "kitchen", "5937")
    assert refused(lambda: staff.set_pin("demo", can.id, "4826")) == "pin_in_use"
    staff.set_active("demo", ana.id, False)  # a deactivated person's PIN is still theirs
    assert refused(lambda: staff.add("demo", "Efe", "floor", "4826")) == "pin_in_use"
    assert refused(lambda: staff.set_pin("demo", "nobody", "6048")) == "not_found"
    with staff.rows.db.connection() as conn:
        stored = [bytes(r[0]) for r in conn.execute("SELECT pin_hash FROM staff").fetchall()]
    assert len(stored) == 2 and all(len(h) == 32 and b"4826" not in h for h in stored)
