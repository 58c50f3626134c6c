"""The store's side of an approval (``server.store.approvals``) on either engine: an approval is
used once, by one change; all of a restaurant's end together when its generation moves; old uses
are pruned."""

from __future__ import annotations

import pytest

from domain.errors import DomainError
from server.store import approvals

AT = "2026-12-02T10:00:00+00:00"


def test_an_approval_is_used_once_and_ends_with_its_generation(databases):
    store = databases.store()
    gen = approvals.generation(store.db, "demo")
    with store.db.transaction() as conn:
        approvals.use(conn, "demo", "a1", gen, "change-1", AT)
    with pytest.raises(DomainError) as used, store.db.transaction() as conn:
        approvals.use(conn, "demo", "a1", gen, "change-2", AT)
    assert used.value.code == "approval_used"

    with store.db.transaction() as conn:
        approvals.end_all(conn, "demo")
    assert approvals.generation(store.db, "demo") == gen + 1
    with pytest.raises(DomainError) as ended, store.db.transaction() as conn:
        approvals.use(conn, "demo", "a2", gen, "change-3", AT)  # given before the end
    assert ended.value.code == "approval_ended"
    with store.db.transaction() as conn:
        approvals.use(conn, "demo", "a2", gen + 1, "change-3", AT)  # a new one is good
    store.db.close()


def test_a_refused_use_leaves_nothing_behind_and_old_uses_are_pruned(databases):
    store = databases.store()
    gen = approvals.generation(store.db, "demo")
    with pytest.raises(DomainError), store.db.transaction() as conn:
        approvals.use(conn, "demo", "a1", gen + 5, "change-1", AT)
    with store.db.transaction() as conn:  # the refusal recorded nothing: a1 is still unused
        approvals.use(conn, "demo", "a1", gen, "change-1", "2026-12-01T10:00:00+00:00")
        approvals.use(conn, "demo", "a2", gen, "change-2", AT)
    with store.db.transaction() as conn:
        assert approvals.prune(conn, "2026-12-02T00:00:00+00:00") == 1
    with pytest.raises(DomainError), store.db.transaction() as conn:
        approvals.use(conn, "demo", "a2", gen, "change-9", AT)  # kept: still used
    assert approvals.generation(store.db, "nowhere") == 0
    store.db.close()
