"""Where the database is when nobody says: one answer for the server and every command.

An installed box keeps it under ``/var/lib/passline`` (the install script makes the folder;
systemd's ``StateDirectory`` keeps it the service user's), so a command run from any folder
finds the same file. Without that folder this is a development checkout, and the file is
``var/passline.db`` relative to where the command runs: printed as such, never silently.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .database import is_postgres

INSTALLED_DIR = Path("/var/lib/passline")
DEVELOPMENT_DB = "var/passline.db"


def default_database(environ: dict[str, str] | None = None, installed: Path = INSTALLED_DIR) -> str:
    """``$PASSLINE_DATABASE`` (or ``$PASSLINE_DB``); else the installed box's file; else the
    development file."""
    env = os.environ if environ is None else environ
    named = env.get("PASSLINE_DATABASE") or env.get("PASSLINE_DB")
    if named:
        return named
    if installed.is_dir():
        return str(installed / "passline.db")
    return DEVELOPMENT_DB


def is_file(url: str) -> bool:
    """A SQLite file (not PostgreSQL, not an in-memory database)."""
    return not is_postgres(url) and url != ":memory:"


def is_relative_file(url: str) -> bool:
    """A SQLite file named relative to the current folder: right only in a checkout."""
    return is_file(url) and not os.path.isabs(url)


def absolute(url: str) -> str:
    """A SQLite file's absolute path (what a person must see); a URL as it is."""
    return os.path.abspath(url) if is_relative_file(url) else url


def backup_folder(url: str, configured: str = "") -> str:
    """Where copies go unless ``configured``: ``backups`` beside a database file (on an
    installed box ``/var/lib/passline/backups``, the service user's; in a checkout
    ``var/backups``). PostgreSQL's dumps go to the installed box's folder; in a checkout only
    where one is configured: "" (none) otherwise, so no test or trial fills a checkout."""
    if configured:
        return configured
    if is_file(url):
        return os.path.join(os.path.dirname(os.path.abspath(url)), "backups")
    return str(INSTALLED_DIR / "backups") if INSTALLED_DIR.is_dir() else ""


def size_on_disk(url: str) -> int | None:
    """A SQLite database's bytes, its WAL included; None for PostgreSQL (its server's)."""
    if not is_file(url) or not os.path.exists(url):
        return None
    return sum(os.path.getsize(p) for p in (url, url + "-wal") if os.path.exists(p))


def free_beside(url: str) -> int | None:
    """Free bytes on the disk that holds the database file (or, for PostgreSQL, the backups)."""
    folder = os.path.dirname(os.path.abspath(url)) if is_file(url) else backup_folder(url)
    if not folder:
        return None
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None
