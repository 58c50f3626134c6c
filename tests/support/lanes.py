"""Where a chaos device's browser work runs: in turn on the caller's thread, or on the device's
own thread with its own Playwright and Chromium, so that five devices act at the same time.

Playwright's sync API belongs to the thread that started it, so a device's page may only be
touched from its lane: everything that does goes through ``post`` (queued, in order) or ``call``
(waits for the answer).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from playwright.sync_api import Browser, sync_playwright

from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path

Job = Callable[[], Any]


class InTurn:
    """Every job at once on the caller's thread, with a browser the caller owns: one device
    acts at a time, and a seed replays the very same run."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser

    def post(self, job: Job) -> Future:
        done: Future = Future()
        try:
            done.set_result(job())
        except BaseException as exc:
            done.set_exception(exc)
        return done

    def call(self, job: Job) -> Any:
        return self.post(job).result()

    def backlog(self) -> int:
        return 0

    def stop(self) -> None:
        pass


class OwnThread:
    """A thread with its own Playwright and Chromium taking its jobs in order. While it waits
    for work it lets Playwright deliver the page's events (sockets, requests, console)."""

    IDLE_S = 0.25

    def __init__(self, name: str) -> None:
        self.jobs: queue.Queue[tuple[Job, Future] | None] = queue.Queue()
        self.started: Future = Future()
        self.thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self.thread.start()
        self.browser: Browser = self.started.result(timeout=60)

    def _serve(self) -> None:
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
                self.started.set_result(browser)
                self._take_jobs(browser)
                browser.close()
        except BaseException as exc:
            if not self.started.done():
                self.started.set_exception(exc)
            raise

    def _take_jobs(self, browser: Browser) -> None:
        while True:
            try:
                entry = self.jobs.get(timeout=self.IDLE_S)
            except queue.Empty:
                self._let_events_in(browser)
                continue
            if entry is None:
                return
            job, done = entry
            if done.set_running_or_notify_cancel():
                try:
                    done.set_result(job())
                except BaseException as exc:
                    done.set_exception(exc)

    @staticmethod
    def _let_events_in(browser: Browser) -> None:
        """Any call into Playwright hands this thread the events that came for its pages."""
        try:
            for context in browser.contexts[:1]:
                for page in context.pages[:1]:
                    page.wait_for_timeout(1)
        except Exception:  # a page closing under it: the next job meets whatever is wrong
            pass

    def post(self, job: Job) -> Future:
        done: Future = Future()
        self.jobs.put((job, done))
        return done

    def call(self, job: Job) -> Any:
        return self.post(job).result()

    def backlog(self) -> int:
        return self.jobs.qsize()

    def stop(self) -> None:
        self.jobs.put(None)
        self.thread.join(timeout=60)


Lane = InTurn | OwnThread
