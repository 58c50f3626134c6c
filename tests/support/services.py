"""Private PostgreSQL and Redis instances for the scale-out tests: Debian's own servers, each on
a free loopback port with its data in a temp folder, started and stopped by the tests. An outage
is the process stopped (``stop``/``kill``), never a mock.

PostgreSQL refuses to run as root: its folder is given to the ``postgres`` user, and ``initdb``
and ``pg_ctl`` run as that user (``runuser``). Access is ``trust`` on loopback and on a unix
socket inside the folder: nothing outside the machine can reach it, and nothing outside the
test knows its port.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from tests.support.server_process import free_port

PG_USER = "postgres"


def pg_bin(name: str) -> str:
    """A PostgreSQL program from Debian's versioned folder (the newest installed)."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: `make servers` installs it")
    return found[-1]


def _as_postgres(*command: str) -> list[str]:
    return ["runuser", "-u", PG_USER, "--", *command] if os.geteuid() == 0 else list(command)


def _wait(ready, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not come up in {timeout:.0f} s")


class PostgresProcess:
    def __init__(self, folder: Path | str, port: int | None = None, durable: bool = False) -> None:
        """``durable``: fsync on, as in production (the benchmarks); off for the tests."""
        self.folder = Path(folder)
        self.durable = durable
        self.data = self.folder / "pgdata"
        self.port = port or free_port()
        self.log = self.folder / "postgres.log"

    @property
    def url(self) -> str:
        return self.database_url("passline")

    def database_url(self, name: str) -> str:
        return f"postgresql://{PG_USER}@127.0.0.1:{self.port}/{name}"

    def _pg_ctl(self, *args: str) -> subprocess.CompletedProcess:
        command = _as_postgres(pg_bin("pg_ctl"), "-D", str(self.data), *args)
        return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)

    def init(self) -> PostgresProcess:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, PG_USER, PG_USER)
        done = subprocess.run(
            _as_postgres(pg_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", PG_USER,
                         "-E", "UTF8", "--no-sync"),
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed: {done.stderr}")
        return self

    def start(self) -> PostgresProcess:
        if not self.data.exists():
            self.init()
        # fsync off: a killed process loses nothing the OS has (a crash of the machine is not
        # what these tests make); commits still wait for the write-ahead log, as in production.
        options = f"-h 127.0.0.1 -p {self.port} -k {self.folder} -c max_connections=200"
        if not self.durable:
            options += " -c fsync=off -c full_page_writes=off"
        done = self._pg_ctl("-o", options, "-l", str(self.log), "-w", "-t", "30", "start")
        if done.returncode != 0:
            raise RuntimeError(f"postgres did not start: {done.stderr}\n{self._log_tail()}")
        self._ensure_database()
        return self

    def _ensure_database(self) -> None:
        import psycopg

        with psycopg.connect(self.database_url("postgres"), autocommit=True) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = 'passline'").fetchone():
                return
            conn.execute("CREATE DATABASE passline")

    def stop(self) -> None:
        """A clean shutdown (``pg_ctl stop -m fast``)."""
        self._pg_ctl("-m", "fast", "-w", "stop")

    def kill(self) -> None:
        """The server gone at once, as in a crash: its postmaster killed with SIGKILL."""
        pid_file = self.data / "postmaster.pid"
        if pid_file.exists():
            pid = int(pid_file.read_text().split()[0])
            os.kill(pid, signal.SIGKILL)
            _wait(lambda: not _alive(pid), "postgres shutdown")

    def _log_tail(self) -> str:
        return self.log.read_text()[-2000:] if self.log.exists() else ""


class RedisProcess:
    def __init__(self, folder: Path | str, port: int | None = None) -> None:
        self.folder = Path(folder)
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisProcess:
        self.folder.mkdir(parents=True, exist_ok=True)
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed: `make servers` installs it")
        # Nothing kept on disk: a restarted Redis is an empty one, as after a crash.
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--save", "", "--appendonly", "no", "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        _wait(self._answers, "redis")
        return self

    def _answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
