"""The chaos run's schedule: what the devices do and which faults strike, drawn from one seed.

Pure: the same seed gives the same schedule, so a failing run is replayed by its seed. Every
fault that lasts (a server down, a device offline) is ended within a few steps and before the
schedule ends, so the run can converge and be checked.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

KIOSKS = 3
# Faults that are one act, and faults that last until their end step.
ONE_OFF = ("reload", "reopen", "sync", "replay")
LASTING = {"kill": "restart", "offline": "online", "offline_all": "online_all"}
FAULTS = (*ONE_OFF, *LASTING)
ENDS = frozenset(LASTING.values())


@dataclass(frozen=True)
class Step:
    kind: str  # place, bump, or a fault (FAULTS) or its end (ENDS)
    target: int = 0  # the kiosk it concerns, where it concerns one


def plan(seed: int, orders: int, fault_rate: float = 0.2, kiosks: int = KIOSKS,
         longest: int = 6) -> list[Step]:  # fmt: skip
    """``orders`` placements in all, kitchen bumps between them, and faults at ``fault_rate``
    per step; a lasting fault ends 1..``longest`` steps later."""
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
            target = rng.randrange(kiosks)
            if kind in LASTING:
                key = (kind, target if kind == "offline" else 0)
                if key in busy or (kind == "offline_all" and ("offline", target) in busy):
                    continue
                busy.add(key)
                end = Step(LASTING[kind], key[1])
                ending.append((len(steps) + 1 + rng.randrange(1, longest + 1), end))
                steps.append(Step(kind, key[1]))
            else:
                steps.append(Step(kind, target))
        elif rng.random() < 0.7:
            steps.append(Step("place", rng.randrange(kiosks)))
            placed += 1
        else:
            steps.append(Step("bump"))
    return steps


def _lasting_key(end: Step) -> tuple[str, int]:
    start = next(kind for kind, stop in LASTING.items() if stop == end.kind)
    return (start, end.target)
