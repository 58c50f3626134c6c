"""Fresh demo databases on either engine, for the tests that run on both (``engine`` fixture).

SQLite: a copy of a seeded file. PostgreSQL: ``CREATE DATABASE … TEMPLATE`` of a seeded one on the
session's private server, which is a file copy inside the server and costs about as little.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

from tests.support.services import PostgresProcess

SEED = "passline_seed"


class PostgresDatabases:
    def __init__(self, cluster: PostgresProcess) -> None:
        self.cluster = cluster
        self._names = itertools.count(1)
        self._seeded = False

    def _admin(self):
        import psycopg

        return psycopg.connect(self.cluster.database_url("postgres"), autocommit=True)

    def _seed(self) -> None:
        from server.cli import demo
        from server.store import Store
        from server.store.postgres import PostgresDatabase

        with self._admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {SEED} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {SEED}")
        db = PostgresDatabase(self.cluster.database_url(SEED))
        demo.seed(Store(db))
        db.close()  # a template must have no one connected
        self._seeded = True

    def new(self) -> str:
        """The URL of a new database holding the demo restaurant."""
        if not self._seeded:
            self._seed()
        name = f"t{next(self._names)}"
        with self._admin() as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {SEED}")
        return self.cluster.database_url(name)

    def empty(self) -> str:
        """The URL of a new database with nothing in it."""
        name = f"t{next(self._names)}"
        with self._admin() as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.cluster.database_url(name)

    def drop(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        with self._admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def sqlite_copy(template: Path, directory: Path) -> str:
    path = directory / "p.db"
    shutil.copyfile(template, path)
    return str(path)
