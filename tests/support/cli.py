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
