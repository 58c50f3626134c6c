"""The store's side of a manager's approval: each is used once, and all of a restaurant's end
together when its ``approvals_gen`` moves. The rules of what an approval approves are
``domain.approvals``; signing them is ``access.approvals``."""

from __future__ import annotations

from domain.errors import DomainError

from .database import Conn, Database


def generation(db: Database, restaurant: str) -> int:
    """The restaurant's approvals generation: an approval issued now carries it."""
    with db.connection() as conn:
        row = conn.execute(
            "SELECT approvals_gen FROM restaurants WHERE id = ?", (restaurant,)
        ).fetchone()
    return row[0] if row else 0


def use(conn: Conn, restaurant: str, approval_id: str, issued_in: int, client_id: str,
        at: str) -> None:  # fmt: skip
    """In the change's transaction: record the approval as used by ``client_id``, or raise
    ``approval_used`` (another change used it) or ``approval_ended`` (its generation ended)."""
    current = conn.execute(
        "SELECT approvals_gen FROM restaurants WHERE id = ?", (restaurant,)
    ).fetchone()
    if current is None or current[0] != issued_in:
        raise DomainError(
            "approval_ended", "that approval ended (a new manager PIN, a device revoked or the"
            " day closed): ask the manager again", field="approval",
        )  # fmt: skip
    used = conn.execute(
        "SELECT client_id FROM approvals_used WHERE restaurant = ? AND id = ?",
        (restaurant, approval_id),
    ).fetchone()
    if used is not None:
        raise DomainError("approval_used", "that approval was used already: ask again",
                          field="approval")  # fmt: skip
    conn.execute(
        "INSERT INTO approvals_used (restaurant, id, client_id, used_at) VALUES (?, ?, ?, ?)",
        (restaurant, approval_id, client_id, at),
    )


def end_all(conn: Conn, restaurant: str) -> None:
    """In the caller's transaction: every approval of ``restaurant`` given so far ends."""
    conn.execute(
        "UPDATE restaurants SET approvals_gen = approvals_gen + 1 WHERE id = ?", (restaurant,)
    )


def prune(conn: Conn, before: str) -> int:
    """Forget uses older than any approval lives; how many."""
    return conn.execute("DELETE FROM approvals_used WHERE used_at < ?", (before,)).rowcount
