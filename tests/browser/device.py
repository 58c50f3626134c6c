"""What a device holds, read from the page as the app stores it: IndexedDB and the worker's
caches. Tests compare these with what the server holds."""

from __future__ import annotations

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


def put_outbox(page: Page, records: list[dict]) -> None:
    """Store outbox records as the page's engine does (another tab of this device, say)."""
    page.evaluate(PUT_OUTBOX, records)


def cached_api_answers(page: Page) -> list[str]:
    """Every API answer any of the service worker's caches holds."""
    return page.evaluate(API_ANSWERS_CACHED)
