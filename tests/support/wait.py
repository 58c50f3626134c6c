"""Waiting for a condition instead of a clock: a test that sleeps is either slow or flaky."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def until(
    read: Callable[[], T], check: Callable[[T], bool], timeout: float = 20.0, every: float = 0.1
) -> T:
    """Read ``read()`` until ``check`` accepts it, and return it; after ``timeout`` seconds,
    fail with the last value read."""
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if check(value):
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"still {value!r} after {timeout:.0f} s")
        time.sleep(every)
