import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.backoff import CAP_S, FLOOR_S, Backoff


@given(st.lists(st.floats(0, 1, exclude_max=True), min_size=1, max_size=60))
def test_delays_stay_within_floor_and_a_doubling_ceiling(draws):
    rolls = iter(draws)
    backoff = Backoff(rng=lambda: next(rolls))
    for attempt, draw in enumerate(draws):
        ceiling = min(CAP_S, 0.5 * 2**attempt)
        delay = backoff.next_delay()
        assert FLOOR_S <= delay <= max(FLOOR_S, ceiling)
        assert delay == pytest.approx(max(FLOOR_S, draw * ceiling))


def test_never_gives_up_and_reset_starts_over():
    backoff = Backoff(rng=lambda: 0.999)
    delays = [backoff.next_delay() for _ in range(1000)]
    assert delays[-1] == pytest.approx(CAP_S * 0.999)
    backoff.reset()
    assert backoff.next_delay() == pytest.approx(0.5 * 0.999)


def test_jitter_spreads_a_crowd():
    import random

    rng = random.Random(1)
    first_retries = [Backoff(rng=rng.random, attempt=5).next_delay() for _ in range(50)]
    assert max(first_retries) - min(first_retries) > 10  # fifty tablets do not knock at once
