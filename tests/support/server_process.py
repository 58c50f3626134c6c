"""A real Passline server process on a free loopback port, for tests and benchmarks.

Outages are real: ``kill()`` sends SIGKILL, ``stop()`` SIGTERM; ``start()`` again reuses the
same port and database.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed_demo(db: str, restaurants: tuple[str, ...] = ("demo",)) -> None:
    from server import create_app
    from server.cli import demo

    app = create_app({"DATABASE": db})
    services = app.extensions["passline"]
    for restaurant in restaurants:
        demo.seed(services.store, restaurant)
    services.db.close()


def seed_real(db: str, restaurant: str) -> None:
    """A restaurant with the demo's menu and floor that is *not* a demo: its devices pair, and
    no role has a PIN until one is set (``passline pin set``) or people are enrolled."""
    from server import create_app
    from server.cli import demo

    services = create_app({"DATABASE": db}).extensions["passline"]
    demo.seed(services.store, restaurant)
    with services.db.transaction() as conn:
        conn.execute("UPDATE restaurants SET demo = 0 WHERE id = ?", (restaurant,))
        conn.execute("DELETE FROM pins WHERE restaurant = ?", (restaurant,))
    services.db.close()


@contextmanager
def demo_server(folder: Path | str, env: dict | None = None) -> Iterator[ServerProcess]:
    """A server of its own over a fresh demo restaurant in ``folder``, killed afterwards."""
    db = str(Path(folder) / "passline.db")
    seed_demo(db)
    server = ServerProcess(db, env=env).start()
    try:
        yield server
    finally:
        server.kill()


class ServerProcess:
    def __init__(
        self, db: str, port: int | None = None, threads: int = 64, env: dict | None = None,
        args: tuple[str, ...] = (), log_dir: Path | str | None = None,
        program: tuple[str, ...] = (sys.executable, "-m", "server.cli"), cwd: Path = ROOT,
    ) -> None:  # fmt: skip
        """``db``: a SQLite file or a PostgreSQL URL (then ``log_dir`` says where the log
        goes); ``args``: more ``passline serve`` options (``--broker``, ``--workers``);
        ``program``: the ``passline`` to run (an installed copy's)."""
        self.db = db
        self.program = program
        self.cwd = cwd
        self.port = port or free_port()
        self.threads = threads
        self.env = {**os.environ, **(env or {})}
        self.args = args
        self.proc: subprocess.Popen | None = None
        if log_dir is not None:
            self.log_path = Path(log_dir) / f"server.{self.port}.log"
        else:
            self.log_path = Path(db).with_suffix(f".{self.port}.log")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/api/v1/live"

    def start(self, timeout: float = 20.0) -> ServerProcess:
        log = open(self.log_path, "ab")  # noqa: SIM115 - the child process owns it
        self.proc = subprocess.Popen(
            [*self.program, "serve", "--host", "127.0.0.1",
             "--port", str(self.port), "--database", self.db, "--threads", str(self.threads),
             *self.args],
            cwd=self.cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a crash takes the workers too
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-2000:]}")
            try:
                if requests.get(self.url + "/api/v1/health", timeout=0.5).ok:
                    return self
            except requests.RequestException:  # refused, or a read timeout under load
                time.sleep(0.05)
        raise RuntimeError("server did not become healthy in time")

    def _signal(self, sig: int) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        if sig == signal.SIGKILL:
            # gunicorn's arbiter forwards SIGTERM, but SIGKILL must reach every worker at once:
            # an orphaned worker would go on answering for a second (seen in CI).
            os.killpg(self.proc.pid, signal.SIGKILL)
        else:
            self.proc.send_signal(sig)
        self.proc.wait(timeout=15)
        self._wait_port_closed()

    def _wait_port_closed(self, timeout: float = 10.0) -> None:
        """Until nothing accepts on the port: the outage is real before the test goes on."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
            except OSError:
                return
            time.sleep(0.02)
        raise RuntimeError(f"port {self.port} still accepts after the server stopped")

    def kill(self) -> None:
        """A crash: SIGKILL to the arbiter and its worker, no chance to flush anything."""
        self._signal(signal.SIGKILL)

    def stop(self) -> None:
        self._signal(signal.SIGTERM)
