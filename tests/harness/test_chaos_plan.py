"""The chaos schedule: replayable from its seed, and every lasting fault ends before it does."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.chaos_plan import ENDS, FAULTS, LASTING, WORK, devices, plan


def test_a_seed_gives_the_same_schedule_and_another_seed_another():
    assert plan(7, 40) == plan(7, 40)
    assert plan(7, 40) != plan(8, 40)


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32), orders=st.integers(0, 60),
       rate=st.floats(0.0, 0.9))  # fmt: skip
def test_every_order_is_placed_and_every_lasting_fault_ends_in_order(seed, orders, rate):
    steps = plan(seed, orders, fault_rate=rate)
    assert sum(s.kind == "place" for s in steps) == orders
    in_force: set[tuple[str, int]] = set()
    for step in steps:
        assert step.kind in {"place", *WORK, *FAULTS, *ENDS}
        if step.kind == "place":
            assert 0 <= step.target < 3  # a kiosk
        elif step.kind not in WORK:
            assert 0 <= step.target < devices()  # any device: kiosks, kitchen, floor
        if step.kind in LASTING:
            assert (step.kind, step.target) not in in_force  # never twice on top of itself
            in_force.add((step.kind, step.target))
        elif step.kind in ENDS:
            start = next(k for k, end in LASTING.items() if end == step.kind)
            in_force.remove((start, step.target))  # ends only what was started
    assert not in_force


def test_faults_come_at_about_the_rate_asked():
    steps = plan(1, 400, fault_rate=0.2)
    started = sum(s.kind in FAULTS for s in steps)
    assert 0.1 < started / len(steps) < 0.3
    assert {s.kind for s in steps} >= {"place", *WORK, *FAULTS, *ENDS}
    assert {s.target for s in steps if s.kind == "offline"} == set(range(devices()))
