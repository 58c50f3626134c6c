"""The chaos run's short form: a seeded schedule of orders, bumps and real faults on three
kiosks, a kitchen and a floor, then nothing lost, nothing doubled, every screen agreeing with
the server. The long form is bench/chaos.py."""

from __future__ import annotations

import os

from playwright.sync_api import Browser

from tests.support.chaos import Chaos
from tests.support.chaos_plan import plan
from tests.support.server_process import ServerProcess

# Seed 7161 draws every kind of fault (one server kill) and of staff work in 29 steps with 8
# orders, so the short run stays short; another is replayed with PASSLINE_CHAOS_SEED.
SEED = int(os.environ.get("PASSLINE_CHAOS_SEED", "7161"))


def test_a_short_chaos_run_loses_and_doubles_nothing(fresh_server: ServerProcess,
                                                      browser: Browser):  # fmt: skip
    steps = plan(SEED, orders=8, fault_rate=0.4)
    chaos = Chaos(browser, [fresh_server])
    try:
        chaos.start()
        chaos.run(steps)
        chaos.settle()
        problems = chaos.verify()
    finally:
        chaos.close()
    assert not problems, f"seed {SEED}: {problems}; faults {dict(chaos.faults)}"
    assert len(chaos.placed) == 8
