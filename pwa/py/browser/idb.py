"""IndexedDB, awaitable from Python: the cached floor, the cursor, the menu, the outbox.

Two quirks shape this file. An ``IDBRequest`` is not awaitable, so each is wrapped in a Promise.
And a transaction closes as soon as control returns to the event loop: awaiting between two
requests of one transaction fails with TransactionInactiveError. So ``write`` issues every
request of a transaction first, then awaits the transaction's completion once.

Stores (schema version and upgrade side by side, as in Workbox's QueueDb):
- ``outbox``: one record per queued mutation, keyed by ``client_id`` (the service worker reads
  the same store to send them while no page is open);
- ``kv``: values by name (``floor`` with its cursor, ``menu``, ``token``, ``device``, and the
  service worker's ``parcel`` and ``replies``: ``sync/parcel.py``). Records
  (dicts) are stored as JSON text: the browser clones one string in a blink, while converting a
  floor of a thousand orders to JS objects one by one stalls the screen. Strings (the token,
  which the service worker reads) are stored as they are.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import js
from pyodide.ffi import create_proxy
from pyscript.ffi import to_js

from domain.protocol import DB_NAME, KV_STORE, OUTBOX_STORE, PARCEL_KEY
from sync.floor_record import replaces

VERSION = 1


def _upgrade(db: Any, old_version: int) -> None:
    if old_version < 1:
        db.createObjectStore(OUTBOX_STORE, to_js({"keyPath": "client_id"}))
        db.createObjectStore(KV_STORE)


def _settle(target: Any, ok: str, fail: str, value: Any = None) -> Any:
    """A Promise that resolves when ``target`` fires ``ok`` and rejects on ``fail``."""
    proxies: list = []

    def executor(resolve: Any, reject: Any) -> None:
        def done(_event: Any) -> None:
            for p in proxies:
                p.destroy()
            resolve(target.result if value is None and hasattr(target, "result") else value)

        def failed(_event: Any) -> None:
            for p in proxies:
                p.destroy()
            reject(target.error)

        proxies.extend([create_proxy(done), create_proxy(failed)])
        setattr(target, f"on{ok}", proxies[0])
        setattr(target, f"on{fail}", proxies[1])

    runner = create_proxy(executor)
    try:
        return js.Promise.new(runner)
    finally:
        runner.destroy()


def _py(value: Any) -> Any:
    return value.to_py() if hasattr(value, "to_py") else value


class Database:
    def __init__(self, db: Any) -> None:
        self.db = db

    @classmethod
    async def open(cls) -> Database:
        request = js.indexedDB.open(DB_NAME, VERSION)

        def upgrade(event: Any) -> None:
            _upgrade(request.result, event.oldVersion)

        on_upgrade = create_proxy(upgrade)
        request.onupgradeneeded = on_upgrade
        try:
            db = await _settle(request, "success", "error")
        finally:
            on_upgrade.destroy()
        return cls(db)

    async def get(self, key: str) -> Any:
        store = self.db.transaction(KV_STORE, "readonly").objectStore(KV_STORE)
        value = _py(await _settle(store.get(key), "success", "error"))
        if isinstance(value, str) and value.startswith("{"):
            return json.loads(value)
        return value

    async def outbox(self) -> list[dict]:
        store = self.db.transaction(OUTBOX_STORE, "readonly").objectStore(OUTBOX_STORE)
        return [_py(r) for r in await _settle(store.getAll(), "success", "error")]

    async def write(
        self,
        *,
        kv: dict[str, Any] | None = None,
        kv_delete: list[str] = (),
        floor: dict | None = None,
        outbox_put: list[dict] = (),
        outbox_delete: list[str] = (),
        parcel: Callable[[list[dict]], dict] | None = None,
    ) -> None:
        """One transaction: all of it is stored, or none of it. ``floor`` is stored only over
        an older one (``floor_record.replaces``), read and written in this transaction: another
        tab's write cannot come in between. ``parcel`` makes the worker's parcel from the queue
        as this transaction leaves it (every tab's changes in it), stored with it."""
        stores = (
            (KV_STORE, kv or kv_delete or floor is not None or parcel is not None),
            (OUTBOX_STORE, outbox_put or outbox_delete or parcel is not None),
        )
        names = [n for n, used in stores if used]
        if not names:
            return
        tx = self.db.transaction(to_js(names), "readwrite")
        for key, value in (kv or {}).items():
            stored = json.dumps(value, separators=(",", ":")) if isinstance(value, dict) else value
            tx.objectStore(KV_STORE).put(to_js(stored), key)
        keep: list = []
        if floor is not None:
            kvs = tx.objectStore(KV_STORE)
            read = kvs.get("floor")

            def put_unless_behind(_event: Any) -> None:
                # Called while the transaction is active: its put joins the same transaction.
                value = _py(read.result)
                stored = json.loads(value) if isinstance(value, str) and value[:1] == "{" else None
                if replaces(stored, floor):
                    kvs.put(json.dumps(floor, separators=(",", ":")), "floor")

            keep.append(create_proxy(put_unless_behind))
            read.onsuccess = keep[-1]
        for key in kv_delete:
            tx.objectStore(KV_STORE).delete(key)
        for record in outbox_put:
            tx.objectStore(OUTBOX_STORE).put(to_js(record))
        for client_id in outbox_delete:
            tx.objectStore(OUTBOX_STORE).delete(client_id)
        if parcel is not None:
            queue = tx.objectStore(OUTBOX_STORE).getAll()  # after the puts: it sees them

            def put_parcel(_event: Any) -> None:
                made = parcel([_py(r) for r in queue.result])
                tx.objectStore(KV_STORE).put(json.dumps(made, separators=(",", ":")), PARCEL_KEY)

            keep.append(create_proxy(put_parcel))
            queue.onsuccess = keep[-1]
        try:
            await _settle(tx, "complete", "error", value=True)
        finally:
            for proxy in keep:
                proxy.destroy()
