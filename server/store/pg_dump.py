"""Backups of a PostgreSQL database: ``pg_dump -Fc`` into the backup folder, checked with
``pg_restore --list`` before the copy takes its final name, the newest N kept; the server makes
one a day, as it does a SQLite copy (``backup``), and ``passline backup --all`` makes one now.

Restoring is PostgreSQL's own: ``pg_restore --clean --if-exists --no-owner -d URL FILE``, then
``passline new-epoch`` (README, "Backups and restoring"). The password never goes on a command
line (any user of the machine could read it there): it goes in the child's environment.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .backup import daily

TIMEOUT_S = 3600
# What a dump of ours must list: the log and the orders are the restaurant.
MUST_HOLD = ("events", "orders", "restaurants")


class DumpFailed(RuntimeError):
    pass


def program(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: on the PATH (Debian's wrapper picks the version that
    matches the server), else the newest in Debian's versioned folders."""
    found = shutil.which(name) or (sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or
                                   [None])[-1]  # fmt: skip
    if found is None:
        raise DumpFailed(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def _without_password(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(url)
    if not parts.password:
        return url, {}
    netloc = (parts.username or "") + "@" + (parts.hostname or "")
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc)), {"PGPASSWORD": parts.password}


def listing(path: Path) -> str:
    """``pg_restore --list``: the dump's table of contents; DumpFailed if it cannot be read."""
    done = subprocess.run([program("pg_restore"), "--list", str(path)], capture_output=True,
                          text=True, timeout=TIMEOUT_S)  # fmt: skip
    if done.returncode != 0:
        raise DumpFailed(f"pg_restore --list refused the dump: {done.stderr.strip()[:300]}")
    return done.stdout


def dump(url: str, to_dir: str | Path, now: datetime, label: str = "all") -> Path:
    """A whole, checked dump of ``url`` into ``to_dir``; the new file's path. ``label``
    names a dump made for a reason (before an upgrade) apart from the daily ones."""
    folder = Path(to_dir)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / f"passline-{label}-{now:%Y%m%d-%H%M%S}.dump"
    # Each process its own: two processes may both find a day's dump due at once.
    partial = folder / f"{target.name}.{os.getpid()}.partial"
    bare, secret = _without_password(url)
    done = subprocess.run(
        [program("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}",
         f"--dbname={bare}"],
        capture_output=True, text=True, timeout=TIMEOUT_S, env={**os.environ, **secret},
    )  # fmt: skip
    try:
        if done.returncode != 0:
            raise DumpFailed(f"pg_dump failed: {done.stderr.strip()[:300]}")
        os.chmod(partial, 0o600)  # the whole database: orders, PIN hashes, the signing key
        contents = listing(partial)
        missing = [t for t in MUST_HOLD if f"TABLE DATA public {t} " not in contents]
        if missing:
            raise DumpFailed(f"the dump holds no data for {', '.join(missing)}")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.rename(target)  # a file named .dump is always a whole, listed copy
    return target


def daily_if_due(url: str, to_dir: str | Path, keep: int, now: datetime) -> Path | None:
    """The server's daily dump, as ``backup.daily_if_due`` is for SQLite: unless the newest is
    less than a day old; the newest ``keep`` are kept; ``keep`` 0 turns it off."""
    return daily(to_dir, ".dump", keep, now, lambda folder: dump(url, folder, now))
