"""The chaos run's schedule: what the devices do and which faults strike, drawn from one seed.

Pure: the same seed gives the same schedule, so a failing run is replayed by its seed. Every
fault that lasts (a server down, a device offline) is ended within a few steps and before the
schedule ends, so the run can converge and be checked.

Devices are numbered: the kiosks first (0 .. kiosks-1), then the kitchen, then the floor. Orders
are placed on kiosks; faults strike any device.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

KIOSKS = 3
STAFF = ("kitchen", "floor")
# What people do between orders, with their weights: the kitchen works a ticket through to
# ready, the floor serves what is ready, takes payment for what is served, and seats, frees or
# clears a table. Weighed so the kitchen and the floor keep pace with the kiosks over a long run.
WORK = {"bump": 0.35, "serve": 0.15, "pay": 0.2, "seat": 0.05}
PLACE = 0.3  # of the steps that are not faults, this share are orders
# Faults that are one act, and faults that last until their end step.
ONE_OFF = ("reload", "reopen", "sync", "replay", "clock", "drop")
LASTING = {"kill": "restart", "offline": "online", "offline_all": "online_all"}
FAULTS = (*ONE_OFF, *LASTING)
ENDS = frozenset(LASTING.values())
# Faults that concern every device at once. A kill strikes the server process of its target
# device (there is one process, or several).
WHOLE = frozenset({"offline_all"})


@dataclass(frozen=True)
class Step:
    kind: str  # place, a kind of WORK, a fault (FAULTS) or its end (ENDS)
    target: int = 0  # the device it concerns, where it concerns one


def devices(kiosks: int = KIOSKS) -> int:
    return kiosks + len(STAFF)


def plan(seed: int, orders: int, fault_rate: float = 0.2, kiosks: int = KIOSKS,
         longest: int = 6) -> list[Step]:  # fmt: skip
    """``orders`` placements in all, staff work between them, and faults at ``fault_rate`` per
    step; a lasting fault ends 1..``longest`` steps later."""
    rng = random.Random(seed)
    steps: list[Step] = []
    ending: list[tuple[int, Step]] = []  # (at step index, the end to take)
    busy: set[tuple[str, int]] = set()  # lasting faults in force: no second one on top
    placed = 0
    while placed < orders or ending:
        due = [e for e in ending if e[0] <= len(steps)]
        for entry in due:
            ending.remove(entry)
            steps.append(entry[1])
            busy.discard(_lasting_key(entry[1]))
        if placed >= orders:
            if ending:  # only ends are left: take them now
                ending.sort(key=lambda e: e[0])
                for _, end in ending:
                    steps.append(end)
                ending.clear()
            break
        if rng.random() < fault_rate:
            kind = rng.choice(FAULTS)
            target = 0 if kind in WHOLE else rng.randrange(devices(kiosks))
            if kind in LASTING:
                key = (kind, target)
                if key in busy:
                    continue
                busy.add(key)
                end = Step(LASTING[kind], target)
                ending.append((len(steps) + 1 + rng.randrange(1, longest + 1), end))
            steps.append(Step(kind, target))
        elif rng.random() < PLACE / (PLACE + sum(WORK.values())):
            steps.append(Step("place", rng.randrange(kiosks)))
            placed += 1
        else:
            kind = rng.choices(list(WORK), weights=list(WORK.values()))[0]
            steps.append(Step(kind, rng.randrange(1 << 16)))  # which ticket, table or order
    return steps


def _lasting_key(end: Step) -> tuple[str, int]:
    start = next(kind for kind, stop in LASTING.items() if stop == end.kind)
    return (start, end.target)
