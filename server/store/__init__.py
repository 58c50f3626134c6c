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

import os

from .database import Database, DatabaseUnavailable, is_postgres
from .interface import Store
from .migrations import SCHEMA_VERSION, SchemaTooNew
from .sqlite import SqliteDatabase
from .write_path import Accepted, fingerprint

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


def open_database(url: str, size: int = 8) -> Database:
    """A file path (or ``:memory:``) opens SQLite, its folder made if missing;
    ``postgresql://…`` opens PostgreSQL."""
    if is_postgres(url):
        from .postgres import PostgresDatabase  # psycopg is only needed when it is asked for

        return PostgresDatabase(url, size=max(size, 2))
    if url != ":memory:":
        os.makedirs(os.path.dirname(os.path.abspath(url)), exist_ok=True)
    return SqliteDatabase(url, size)
