"""A device's health: what it reports with its heartbeat, and what of it is trouble.

Written once for the server (which judges each report and raises a notice when a device's
trouble changes) and the manager's Health tab (which words the same verdicts). A device
reports what only it knows (its queue of unsent changes, the ones refused and waiting for a
person, its last error, its storage, its link); the server adds what only it knows (when it
last heard the device, the app build it serves, the clock offset it measured). Pure: no clock
is read here, ``now`` is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema import Field, Int, Obj, Str

# What a device sends, bounded: a report is a few hundred bytes whatever a device claims.
REPORT = Obj(
    {
        "build": Field(Str(32, description="the app build the device runs")),
        "unsent": Field(Int(0, 1_000_000, "changes not yet accepted by the server")),
        "oldest_unsent_s": Field(Int(0, 10**8, "how long the oldest of them has waited"),
                                 required=False, default=0),
        "refused": Field(Int(0, 1_000_000, "changes refused, waiting for a person"),
                         required=False, default=0),
        "last_error": Field(Str(200, description="the app's last error, where and what"),
                            required=False, default=""),
        "errors_seen": Field(Int(0, 10**9, "errors since the app started"), required=False,
                             default=0),
        "clock_ms": Field(Int(0, 2**53, "the device's own time (Unix ms) as it sent this"),
                          required=False, default=0),
        "storage_used": Field(Int(0, 2**53, "bytes"), required=False, default=0),
        "storage_quota": Field(Int(0, 2**53, "bytes"), required=False, default=0),
        "rtt_ms": Field(Int(0, 600_000, "the last ping's round trip"), required=False,
                        default=0),
        "reconnects_hour": Field(Int(0, 100_000, "reconnections in the last hour"),
                                 required=False, default=0),
    }
)  # fmt: skip

# When a figure is trouble. Waiting changes must wait a while first: a queue that empties as
# the link comes back is the app doing its job.
WAITING_S = 300
CLOCK_OFF_S = 120  # the app's times (orders, tickets) would be wrong by more than this
SLOW_LINK_MS = 1_500
RECONNECTS = 6  # in the last hour
STORAGE_FULL = 0.8
OFFLINE_S = 120  # not heard from (a screen that pings every 25 s)

# What raises a notice on the manager's devices. "offline" does not: every device goes away at
# closing time; the Health tab says since when.
NOTIFYING = ("waiting", "refused", "old_app", "clock", "storage")


@dataclass(frozen=True)
class Trouble:
    kind: str  # waiting, refused, old_app, clock, link, storage, offline
    count: int = 0  # changes waiting or refused; reconnects
    seconds: int = 0  # how long the oldest waited; the clock's offset; the round trip (ms)
    since: str = ""  # offline: when it was last heard from (ISO)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "count": self.count, "seconds": self.seconds,
                "since": self.since}  # fmt: skip


def judge(
    report: dict | None,
    *,
    build: str,
    offset_s: float = 0.0,
    heard_s_ago: float | None = None,
    last_seen: str = "",
    waiting_s: int = WAITING_S,
) -> list[Trouble]:
    """The troubles of one device: its last ``report`` (None if it never sent one), the
    ``build`` the server serves now, the clock ``offset_s`` measured when the report came,
    and how long ago it was last heard from (``heard_s_ago``, at ``last_seen``)."""
    found: list[Trouble] = []
    if heard_s_ago is not None and heard_s_ago > OFFLINE_S:
        found.append(Trouble("offline", since=last_seen))
    if report is None:
        return found
    if report["unsent"] and report["oldest_unsent_s"] >= waiting_s:
        found.append(Trouble("waiting", report["unsent"], report["oldest_unsent_s"]))
    if report["refused"]:
        found.append(Trouble("refused", report["refused"]))
    if build and report["build"] and report["build"] != build:
        found.append(Trouble("old_app"))
    if report["clock_ms"] and abs(offset_s) > CLOCK_OFF_S:
        found.append(Trouble("clock", seconds=round(offset_s)))
    if report["rtt_ms"] > SLOW_LINK_MS or report["reconnects_hour"] >= RECONNECTS:
        found.append(Trouble("link", report["reconnects_hour"], report["rtt_ms"]))
    quota = report["storage_quota"]
    if quota and report["storage_used"] / quota > STORAGE_FULL:
        found.append(Trouble("storage", seconds=round(100 * report["storage_used"] / quota)))
    return found


def notifying(troubles: list[Trouble] | list[dict]) -> list[str]:
    """The kinds among ``troubles`` that raise a notice, in a fixed order: a device's notice
    changes when this list does, not when a count inside it moves."""
    kinds = {t.kind if isinstance(t, Trouble) else t["kind"] for t in troubles}
    return [kind for kind in NOTIFYING if kind in kinds]
