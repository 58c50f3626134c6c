"""What a device holds, read from the page as the app stores it: IndexedDB and the worker's
caches. Tests compare these with what the server holds."""

from __future__ import annotations

import json

from playwright.sync_api import Page

READ_STORES = """async () => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("passline");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const read = (store, how) => new Promise((resolve, reject) => {
    const request = db.transaction(store, "readonly").objectStore(store)[how]();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const stored = { kv: await read("kv", "getAllKeys"), outbox: await read("outbox", "getAll") };
  db.close();
  return stored;
}"""

PUT_OUTBOX = """async (records) => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("passline");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tx = db.transaction("outbox", "readwrite");
  for (const record of records) tx.objectStore("outbox").put(record);
  await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = reject; });
  db.close();
}"""

READ_KV = """async (key) => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("passline");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const value = await new Promise((resolve, reject) => {
    const request = db.transaction("kv", "readonly").objectStore("kv").get(key);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  db.close();
  return value;
}"""

API_ANSWERS_CACHED = """async () => {
  const found = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      if (new URL(request.url).pathname.startsWith("/api/")) found.push(`${name}: ${request.url}`);
    }
  }
  return found;
}"""


def stored(page: Page) -> dict:
    """``{"kv": [keys], "outbox": [records]}`` of the app's IndexedDB on this page's origin."""
    return page.evaluate(READ_STORES)


def kv_value(page: Page, key: str):
    """A value the app keeps under ``key`` (``floor``, ``kiosk``, ...): records are JSON text,
    strings as they are; None when there is none."""
    value = page.evaluate(READ_KV, key)
    try:
        return json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return value


def put_outbox(page: Page, records: list[dict]) -> None:
    """Store outbox records as the page's engine does (another tab of this device, say)."""
    page.evaluate(PUT_OUTBOX, records)


def cached_api_answers(page: Page) -> list[str]:
    """Every API answer any of the service worker's caches holds."""
    return page.evaluate(API_ANSWERS_CACHED)
