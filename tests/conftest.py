"""Fixtures shared by every test folder."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.support.caddy import CaddyProcess
from tests.support.client import Rest, login
from tests.support.databases import PostgresDatabases, sqlite_copy
from tests.support.server_process import ServerProcess, seed_demo
from tests.support.services import PostgresProcess, RedisProcess

# How long an example takes is for bench/ to measure: on a busy machine (two workers beside
# Chromium) Hypothesis's 200 ms deadline failed a schema property that passes in 5 s alone.
settings.register_profile("passline", deadline=None)
settings.load_profile("passline")


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the demo restaurant, for tests to copy: seeding costs more than they do."""
    from server.cli import demo
    from server.store import SqliteDatabase, Store

    path = tmp_path_factory.mktemp("template") / "seed.db"
    db = SqliteDatabase(str(path))
    demo.seed(Store(db))
    with db.connection() as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def store_from(template: Path, directory: Path):
    """A store over a fresh copy of ``template``, for a test that writes."""
    from server.store import SqliteDatabase, Store

    return Store(SqliteDatabase(sqlite_copy(template, directory)))


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresProcess]:
    """One private PostgreSQL for the session's tests that run on both engines."""
    folder = tempfile.mkdtemp(prefix="passline-pg-")
    proc = PostgresProcess(folder).start()
    yield proc
    proc.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_databases(pg_cluster: PostgresProcess) -> PostgresDatabases:
    return PostgresDatabases(pg_cluster)


class Databases:
    """Fresh demo databases on the engine a test runs on."""

    def __init__(self, engine: str, template: Path, tmp: pytest.TempPathFactory,
                 request: pytest.FixtureRequest) -> None:  # fmt: skip
        self.engine = engine
        self._template = template
        self._tmp = tmp
        self._request = request
        self._made: list[str] = []

    def new(self) -> str:
        if self.engine == "sqlite":
            url = sqlite_copy(self._template, self._tmp.mktemp("db"))
        else:
            url = self._request.getfixturevalue("pg_databases").new()
        self._made.append(url)
        return url

    def store(self):
        from server.store import Store, open_database

        return Store(open_database(self.new()))

    def drop_all(self) -> None:
        if self.engine == "postgresql":
            for url in self._made:
                self._request.getfixturevalue("pg_databases").drop(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request, template, tmp_path_factory) -> Iterator[Databases]:
    """Run the test once on SQLite and once on PostgreSQL, each with fresh demo databases."""
    made = Databases(request.param, template, tmp_path_factory, request)
    yield made
    made.drop_all()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One real server for the session, with restaurants ``demo`` and ``other`` seeded."""
    db = str(tmp_path_factory.mktemp("server") / "passline.db")
    seed_demo(db, ("demo", "other"))
    proc = ServerProcess(db, env={"PASSLINE_HELLO_TIMEOUT_S": "1"}).start()
    yield proc
    proc.stop()


@pytest.fixture
def fresh_server(tmp_path) -> Iterator[ServerProcess]:
    """A server of the test's own, for outages and anything that must start from zero."""
    db = str(tmp_path / "passline.db")
    seed_demo(db)
    proc = ServerProcess(db).start()
    yield proc
    proc.kill()


@pytest.fixture
def engine_server(databases, tmp_path) -> Iterator[ServerProcess]:
    """A server of the test's own over a fresh demo restaurant, on each engine in turn."""
    proc = ServerProcess(databases.new(), log_dir=tmp_path).start()
    yield proc
    proc.kill()


@pytest.fixture
def postgres() -> Iterator[PostgresProcess]:
    """A PostgreSQL of the test's own on a free port. Its folder is made outside pytest's
    (root-only) temp tree: the ``postgres`` user the server runs as must reach it."""
    folder = tempfile.mkdtemp(prefix="passline-pg-")
    proc = PostgresProcess(folder).start()
    yield proc
    proc.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisProcess]:
    proc = RedisProcess(tmp_path / "redis").start()
    yield proc
    proc.kill()


@pytest.fixture(scope="session")
def tokens(server: ServerProcess) -> dict[str, str]:
    roles = ("kiosk", "floor", "kitchen", "manager")
    found = {role: login(server.url, role) for role in roles}
    found["other_floor"] = login(server.url, "floor", "other")
    return found


@pytest.fixture
def floor(server: ServerProcess, tokens: dict[str, str]) -> Rest:
    return Rest(server.url, tokens["floor"])


@pytest.fixture
def kiosk(server: ServerProcess, tokens: dict[str, str]) -> Rest:
    return Rest(server.url, tokens["kiosk"])


@pytest.fixture
def kitchen(server: ServerProcess, tokens: dict[str, str]) -> Rest:
    return Rest(server.url, tokens["kitchen"])


@pytest.fixture
def manager(server: ServerProcess, tokens: dict[str, str]) -> Rest:
    return Rest(server.url, tokens["manager"])


@pytest.fixture
def behind_caddy(tmp_path) -> Iterator[tuple[ServerProcess, CaddyProcess]]:
    """The README's deployment: the real Caddy with deploy/Caddyfile before a real server."""
    db = str(tmp_path / "passline.db")
    seed_demo(db)
    server = ServerProcess(db, env={"PASSLINE_TRUSTED_PROXIES": "1"}).start()
    home = tmp_path / "caddy"
    home.mkdir()
    caddy = CaddyProcess(server.port, home).start()
    yield server, caddy
    caddy.stop()
    server.kill()
