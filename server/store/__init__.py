"""The store: the one storage interface, and all of Passline's SQL.

Promises: every change goes through one write path (``write_path``) that appends it to the
restaurant's event log with gap-free sequence numbers, exactly once per ``client_id``; reads see
one instant; the rest of the server asks the ``Store`` (``interface``) and never holds a
connection. Engines differ only in ``sqlite.py`` and ``postgres.py`` (and ``dialects``), behind
``database.Database``; the node never knows which it has (Centrifugo's engines are the model).
Also here: the schema and its upgrades (``migrations``), copying between engines (``transfer``),
SQLite backups (``backup``) and pruning (``retention``).

May import: ``domain`` only.
"""

from __future__ import annotations

import logging
import os

from .database import Database, DatabaseUnavailable, is_postgres
from .interface import Store
from .location import backup_folder
from .migrations import SCHEMA_VERSION, SchemaTooNew
from .sqlite import SqliteDatabase
from .write_path import Accepted, fingerprint

log = logging.getLogger(__name__)

__all__ = [
    "SCHEMA_VERSION",
    "Accepted",
    "Database",
    "DatabaseUnavailable",
    "SchemaTooNew",
    "SqliteDatabase",
    "Store",
    "fingerprint",
    "is_postgres",
    "open_database",
]


def open_database(url: str, size: int = 8, backup_dir: str = "") -> Database:
    """A file path (or ``:memory:``) opens SQLite, its folder made if missing;
    ``postgresql://…`` opens PostgreSQL. Opening upgrades the schema, once, after a checked
    copy of the database as it was into the backup folder (``location.backup_folder``)."""
    if is_postgres(url):
        from .postgres import PostgresDatabase  # psycopg is only needed when it is asked for

        def dump_first(found: int) -> None:
            from domain.timestamps import utcnow

            from . import pg_dump

            folder = backup_folder(url, backup_dir)
            if not folder:  # a checkout with no backup folder: said, not silently skipped
                log.warning("schema v%d found, upgrading to v%d with no dump first (no backup"
                            " folder: set PASSLINE_BACKUP_DIR)", found, SCHEMA_VERSION)  # fmt: skip
                return
            kept = pg_dump.dump(url, folder, utcnow(), label=f"before-upgrade-from-v{found}")
            log.warning("schema v%d found, upgrading to v%d; the database as it was: %s",
                        found, SCHEMA_VERSION, kept)  # fmt: skip

        return PostgresDatabase(url, size=max(size, 2), before_upgrade=dump_first)
    if url == ":memory:":
        return SqliteDatabase(url, size)
    os.makedirs(os.path.dirname(os.path.abspath(url)), exist_ok=True)

    def keep_a_copy(found: int) -> None:
        from domain.timestamps import utcnow

        from . import backup

        folder = backup_folder(url, backup_dir)
        kept = backup.backup(url, folder, utcnow(), label=f"before-upgrade-from-v{found}")
        log.warning("schema v%d found, upgrading to v%d; the database as it was: %s",
                    found, SCHEMA_VERSION, kept)  # fmt: skip

    return SqliteDatabase(url, size, before_upgrade=keep_a_copy)
