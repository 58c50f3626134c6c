"""``passline prune``: what is older than the retention period goes, what is newer stays, and a
period under a day is refused before anything is touched."""

from __future__ import annotations

from server import create_app


def test_prune_says_what_it_deleted_and_refuses_a_period_under_a_day(passline, demo_db):
    code, out, _ = passline("prune", "--days", "30", "--db", demo_db)
    assert code == 0 and out.startswith("pruned what is older than 30 days: 0 events")
    services = create_app({"DATABASE": demo_db}).extensions["passline"]
    before = services.store.latest_seq("demo")
    for days in ("0", "-3", "many"):
        code, _, err = passline("prune", "--days", days, "--db", demo_db)
        assert code == 2 and "--days" in err, err
    assert services.store.latest_seq("demo") == before
