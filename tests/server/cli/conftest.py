"""The command run in this process over a database of the test's own: fast, and what it prints
is read as a person reads it. Tests that need it beside a running server use ``fresh_server``
and ``tests.support.cli``."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from server.cli import main
from tests.support.server_process import seed_demo


@pytest.fixture
def demo_db(tmp_path) -> str:
    db = str(tmp_path / "passline.db")
    seed_demo(db)
    return db


@pytest.fixture
def passline(capsys) -> Callable[..., tuple[int, str, str]]:
    """``passline(*args)`` -> (exit code, what it printed, what it said on stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse refusing the command line
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return run
