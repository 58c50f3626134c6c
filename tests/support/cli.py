"""The ``passline`` command as a person runs it: its own process, beside a running server."""

from __future__ import annotations

import subprocess
import sys

from tests.support.server_process import ROOT


def cli(*args: str, db: str, stdin: str = "") -> subprocess.CompletedProcess:
    """``passline ARGS --db DB``, answering ``stdin`` to any question; never raises on a
    non-zero exit (the tests read ``returncode``, ``stdout`` and ``stderr``)."""
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args, "--db", db],
        cwd=ROOT, capture_output=True, text=True, timeout=60, input=stdin,
    )  # fmt: skip


def new_pairing_code(db: str, restaurant: str, role: str, name: str = "") -> str:
    """A one-time code made as a manager makes one at the box (``passline devices pair``)."""
    from tests.support.client import pairing_code

    made = cli("devices", "pair", restaurant, "--role", role, "--name", name, db=db)
    assert made.returncode == 0, made.stderr
    return pairing_code(made.stdout)
