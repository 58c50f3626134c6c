"""Browser fixtures: Debian's Chromium driven by Playwright, against a real server process.

Playwright cannot download its own browsers here; ``PASSLINE_CHROMIUM`` names another binary,
and where it is empty and /usr/bin/chromium is missing, Playwright's own browser is used.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.server_process import ServerProcess, seed_demo

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
BOOT_TIMEOUT_MS = 60_000
# Chromium's own errors, one file per pytest worker: a renderer that crashes ("Page crashed",
# seen once in a one-worker run) says why there (out of memory, a V8 fatal, a signal), and a
# failing test shows the file's tail (``pytest_runtest_makereport``).
CHROMIUM_LOG = ARTIFACTS / f"chromium-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.log"
LOG_FLAGS = ["--enable-logging", "--log-level=2", f"--log-file={CHROMIUM_LOG}"]


def chromium_path() -> str | None:
    configured = os.environ.get("PASSLINE_CHROMIUM")
    if configured:
        return configured
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    ARTIFACTS.mkdir(exist_ok=True)
    args = {**browser_type_launch_args, "args": CHROMIUM_FLAGS + LOG_FLAGS}
    path = chromium_path()
    if path:
        args["executable_path"] = path
    return args


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.failed and "crash" in str(report.longrepr).lower() and CHROMIUM_LOG.exists():
        tail = CHROMIUM_LOG.read_text(errors="replace").splitlines()[-40:]
        report.sections.append(("Chromium's log, last lines", "\n".join(tail)))
    return report


@pytest.fixture(scope="session")
def base_url() -> None:
    """Tests name full URLs (each server has its own port). Defined here because
    pytest-playwright's fallback is a session fixture written as an instance method, which
    pytest warns is deprecated on every run."""
    return None


@pytest.fixture(autouse=True)
def _close_pages(request: pytest.FixtureRequest):
    """Every page a test opened is closed after it. The session's one browser outlives the
    tests: a test's pages left open keep running their app (sockets reconnecting to a server
    that is gone, timers), and a few dozen of them starve the tests that follow of CPU."""
    yield
    if "browser" in request.fixturenames:
        for context in list(request.getfixturevalue("browser").contexts):
            context.close()


@pytest.fixture
def quick_server(tmp_path) -> Iterator[ServerProcess]:
    """A server whose heartbeat is a second: a screen whose network is cut notices at once."""
    db = str(tmp_path / "passline.db")
    seed_demo(db)
    server = ServerProcess(db, env={"PASSLINE_PING_INTERVAL_S": "1"}).start()
    yield server
    server.kill()


@pytest.fixture
def shoot(request: pytest.FixtureRequest):
    """Save a screenshot under test-artifacts/, named after the test and the state."""

    def save(page, state: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{request.node.name}-{state}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


def wait_ready(page, timeout: int = BOOT_TIMEOUT_MS) -> None:
    page.wait_for_selector("html[data-ready]", state="attached", timeout=timeout)


def wait_offline_ready(page, timeout: int = 60_000) -> None:
    """Until an activated worker controls the page. A worker activates only after its install,
    the precache, succeeded: from here the app boots without the server. (The predicate is
    synchronous on purpose: a Promise returned to wait_for_function counts as truthy at once.)"""
    page.wait_for_function(
        "() => navigator.serviceWorker.controller?.state === 'activated'", timeout=timeout
    )
