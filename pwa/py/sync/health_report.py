"""What this device says of its health with its heartbeat (``domain.device_health.REPORT``).

Pure: the engine hands in its outbox, its error log, its link figures, its storage and its
clock; the server judges the report and the manager's Health tab words it.
"""

from __future__ import annotations

from datetime import datetime

from domain.timestamps import parse
from sync.error_log import Report
from sync.outbox import Outbox

ERROR_CHARS = 200


def health_report(
    outbox: Outbox, errors: list[Report], wall: datetime, *, build: str, rtt_ms: int,
    reconnects_hour: int, storage: tuple[int, int] = (0, 0),
) -> dict:  # fmt: skip
    """``errors``: the error log's, newest first; ``storage``: (bytes used, quota)."""
    pending = outbox.pending()
    oldest = 0
    for mutation in pending:
        made = parse(mutation.created_at)
        if made is not None:
            oldest = max(oldest, int((wall - made).total_seconds()))
    last = errors[0] if errors else None
    used, quota = storage
    return {
        "build": build[:32],
        "unsent": len(pending),
        "oldest_unsent_s": max(0, oldest),
        "refused": len(outbox.needs_attention()),
        "last_error": f"{last.where}: {last.message}"[:ERROR_CHARS] if last else "",
        "errors_seen": sum(r.count for r in errors),
        "clock_ms": max(0, int(wall.timestamp() * 1000)),
        "storage_used": max(0, int(used)),
        "storage_quota": max(0, int(quota)),
        "rtt_ms": max(0, min(600_000, rtt_ms)),
        "reconnects_hour": reconnects_hour,
    }
