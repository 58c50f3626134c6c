"""Passline in the browser: wire the shell, the server probe and the service worker."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
from datetime import datetime

import js
from pyodide.ffi import create_proxy

from browser import first_paint, page
from browser.error_report import REPORTER
from browser.idb import Database
from browser.rest import Unreachable, request
from browser.service_worker import ServiceWorker
from browser.tasks import spawn
from sync.probe import Probe
from ui.shell import Shell

HEALTH_TIMEOUT_MS = 3000
LAST_SEEN_KEY = "passline.last_seen"  # survives reloads, so an offline boot can say how old
engine_started = asyncio.Event()  # from then on the engine alone watches the connection
# Each screen's module and class, imported when the screen is first opened: Pyodide compiles a
# module on every boot, and a kitchen tablet never opens the manager's screens.
SCREEN_MODULES = {"kiosk": ("screens.kiosk.screen", "KioskScreen"),
                  "floor": ("screens.floor.screen", "FloorScreen"),
                  "kitchen": ("screens.kitchen.screen", "KitchenScreen"),
                  "pass": ("screens.kitchen.pass_screen", "PassScreen"),
                  "board": ("screens.board.screen", "BoardScreen"),
                  "manage": ("screens.manage.screen", "ManageScreen")}  # fmt: skip


def screen_factory(name: str):
    module, cls = SCREEN_MODULES[name]

    def make(*args: object) -> object:
        return getattr(importlib.import_module(module), cls)(*args)

    return make


SCREENS = {name: screen_factory(name) for name in SCREEN_MODULES}


async def server_answers() -> bool:
    try:
        status, _ = await request("GET", "/api/v1/health", timeout_ms=HEALTH_TIMEOUT_MS)
    except Unreachable:
        return False
    return status == 200


async def watch_server(shell: Shell, probe: Probe, worker: ServiceWorker) -> None:
    """Until the sync engine runs (before sign-in), a health check tells whether the server is
    there; from then on the engine's socket and requests are the one signal."""
    while not engine_started.is_set():
        came_back = probe.record(await server_answers(), datetime.now())
        shell.set_status(probe.status_text(), probe.online)
        if probe.online:
            page.local_storage.setItem(LAST_SEEN_KEY, probe.last_seen.isoformat())
        if probe.last_seen is not None:
            shell.set_diag("Last seen server", f"{probe.last_seen:%H:%M:%S}")
        if came_back:
            worker.check_for_update()  # a deploy may have happened while we were cut off
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(engine_started.wait(), probe.next_check_in())


async def show_storage(shell: Shell) -> None:
    storage = page.window.navigator.storage  # persist() is the page's, not a worker's
    if not storage:
        shell.set_diag("Storage used", "unknown")
        return
    # Without persistence the browser may evict the cache, and with it the offline boot.
    persisted = await storage.persist()
    shell.set_diag("Persistent storage", "granted" if persisted else "not granted")
    estimate = await storage.estimate()
    shell.set_diag(
        "Storage used", f"{estimate.usage / 1e6:.1f} MB of {estimate.quota / 1e6:,.0f} MB"
    )


async def show_version(shell: Shell) -> None:
    try:
        boot = await (await js.fetch(page.url("/vendor/boot.json"))).json()
        REPORTER.build = str(boot.build)
        shell.set_diag("Version", REPORTER.build)
    except Exception:
        shell.set_diag("Version", "unknown")


def show_errors(shell: Shell, recent: list) -> None:
    lines = [f"{r.at} {r.where}: {r.message}" + (f" (×{r.count})" if r.count > 1 else "")
             for r in recent]  # fmt: skip
    shell.set_diag("Recent errors", "\n".join(lines) or "none")


async def main() -> None:
    shell = Shell()
    shell.show()
    REPORTER.on_change = lambda recent: show_errors(shell, recent)
    REPORTER.listen()
    show_errors(shell, [])
    spawn(REPORTER.run())
    saved = page.local_storage.getItem(LAST_SEEN_KEY)
    probe = Probe(last_seen=datetime.fromisoformat(saved) if saved else None)
    shell.set_status(probe.status_text(), None)
    shell.set_diag("Cursor", "—")
    shell.set_diag("Queue length", "0")
    worker = ServiceWorker(
        on_state=lambda state: shell.set_diag("Service worker", state),
        on_update=shell.offer_update,
    )
    page.document.documentElement.setAttribute("data-ready", "true")
    # What is drawn goes to the page now: in a worker it would wait for the end of this turn,
    # after the imports below (hundreds of milliseconds on a cheap tablet).
    page.flush()
    spawn(watch_server(shell, probe, worker))
    spawn(start_worker(shell, worker))
    spawn(show_version(shell))
    # Pyodide compiles every module on every boot: the shell is drawn first, then the engine
    # and the screens are compiled while IndexedDB opens.
    from browser.engine import Engine
    from browser.money import intl_money
    from domain.staff import DEFAULT_JOBS, rights_of
    from ui import i18n
    from ui.app import App
    from ui.i18n import Translator
    from ui.router import may_open, screen_for
    from ui.signin import device_record, sign_in

    i18n.money_format = intl_money  # the browser's own way of writing money, per language
    db = await Database.open()
    lang = await db.get("lang") or i18n.pick(list(js.navigator.languages), i18n.available())
    t = Translator(lang)
    page.document.documentElement.setAttribute("lang", lang)
    device = await db.get("device") or {}
    token, role = await db.get("token"), device.get("role")
    name = screen_for(str(page.location.hash), role)
    if not token or not may_open(name, role):
        # Nobody is signed in for this screen: no picture of anyone's screen stays up.
        first_paint.forget()
        # The pad asks for the PIN of the screen the address names: another address (a typed
        # #/kitchen) is another pad.
        readdressed = create_proxy(lambda _event: page.location.reload())
        page.window.addEventListener("hashchange", readdressed)
        login = await sign_in(shell.main, db, t, name)
        page.window.removeEventListener("hashchange", readdressed)
        readdressed.destroy()
        token, role = login.token, login.role
        device = device_record(login)
    app = None

    def changed() -> None:
        if app is not None:
            app.render()
        status = engine.status()
        shell.set_diag("Cursor", str(status.cursor))
        shell.set_diag("Queue length", str(status.unsent))
        if status.state in ("live", "polling"):
            shell.set_diag("Last seen server", f"{datetime.now():%H:%M:%S}")

    def server_back() -> None:
        page.local_storage.setItem(LAST_SEEN_KEY, datetime.now().isoformat())
        worker.check_for_update()  # a deploy may have happened while we were cut off

    restaurant = device.get("restaurant", "demo")
    engine = Engine(db, token, restaurant, role, changed, on_server_back=server_back)
    engine.device_id = str(device.get("id") or "")
    if device.get("person"):  # a person signed in: their job's rights, not the role's
        given = device.get("rights")
        job = str(device.get("job") or "")  # a sign-in kept by a build before rights
        engine.rights = (frozenset(given) if isinstance(given, list)
                         else rights_of(role, job if job in DEFAULT_JOBS else None))  # fmt: skip
        engine.discount_bp = device.get("discount_bp")
    REPORTER.token = token
    engine_started.set()
    shell.status.setAttribute("hidden", "")  # from here on the sync banner tells the state
    app = App(shell, engine, db, t, role, restaurant, SCREENS, str(device.get("person") or ""),
              bool(device.get("demo")))  # fmt: skip
    worker.on_open = app.open
    await engine.start()
    app.route()
    spawn(app.run_clock())


async def start_worker(shell: Shell, worker: ServiceWorker) -> None:
    await worker.start()
    await show_storage(shell)  # after the worker is ready: the precache is most of the usage


spawn(main())
