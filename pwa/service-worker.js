/* Passline service worker. Served at /service-worker.js so its scope is the whole app.
 *
 * Precache: the app shell, our Python, the shared domain rules and the PyScript/Pyodide runtime,
 * each URL revisioned by content hash (vendor/precache.js, written by tools/build_pwa.py), so the
 * app boots with the server gone. Workbox is vendored from npm and served by us: no CDN.
 *
 * Updates: a new build installs beside the running one and waits. The page shows "Update
 * available"; a tap posts SKIP_WAITING. A kiosk is never reloaded under a guest's finger.
 */
importScripts(
  "/vendor/workbox/workbox-core.prod.js",
  "/vendor/workbox/workbox-routing.prod.js",
  "/vendor/workbox/workbox-strategies.prod.js",
  "/vendor/workbox/workbox-expiration.prod.js",
  "/vendor/workbox/workbox-precaching.prod.js",
  "/vendor/precache.js",
);

const { precaching, routing, strategies, expiration } = self.workbox;
const API_TIMEOUT_S = 3;

precaching.cleanupOutdatedCaches();
// ignoreURLParametersMatching: the start URL carries ?source=pwa and kiosks use ?mode=kiosk;
// both are the same precached page.
precaching.precacheAndRoute(self.PASSLINE_PRECACHE, {
  ignoreURLParametersMatching: [/^source$/, /^mode$/, /^utm_/],
});

const sameOrigin = (url) => url.origin === self.location.origin;

// Health checks tell the app whether the server is there: never answer them from a cache.
routing.registerRoute(
  ({ url }) => sameOrigin(url) && url.pathname === "/api/v1/health",
  new strategies.NetworkOnly(),
);

// The menu changes rarely and is versioned: show the cached one at once, refresh behind.
routing.registerRoute(
  ({ url, request }) => sameOrigin(url) && request.method === "GET" && url.pathname === "/api/v1/menu",
  new strategies.StaleWhileRevalidate({
    cacheName: "passline-menu",
    plugins: [new expiration.ExpirationPlugin({ maxEntries: 20 })],
  }),
);

// Other API reads: the network if it answers soon, else the last answer we kept.
routing.registerRoute(
  ({ url, request }) => sameOrigin(url) && request.method === "GET" && url.pathname.startsWith("/api/"),
  new strategies.NetworkFirst({
    cacheName: "passline-api",
    networkTimeoutSeconds: API_TIMEOUT_S,
    plugins: [new expiration.ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 7 * 24 * 3600 })],
  }),
);

// Static files not in the precache (none today; a new icon tomorrow): cache first.
routing.registerRoute(
  ({ url, request }) =>
    sameOrigin(url) && ["style", "script", "image", "font"].includes(request.destination),
  new strategies.CacheFirst({
    cacheName: "passline-static",
    plugins: [new expiration.ExpirationPlugin({ maxEntries: 100 })],
  }),
);

// -- Background Sync: the outbox leaves even when no page is open ----------------------------
// The page keeps its outbox in IndexedDB (pwa/py/idb.py owns the schema). Here it is read and
// sent with the same client_ids, so a page and the worker sending the same mutation is harmless.
// The open page is the main path (it flushes the moment the server answers); this is the
// backstop for a closed one. Chromium retries a failed sync after minutes.
const SYNC_TAG = "passline-outbox";
const BATCH_BYTES = 48 * 1024; // under the server's 64 KB body limit

function settle(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function openOutbox() {
  // No version: never create or upgrade the schema here. If the database does not exist yet
  // there is nothing to send, and the upgrade is aborted so the page still creates it.
  return new Promise((resolve) => {
    const request = indexedDB.open("passline");
    request.onupgradeneeded = () => request.transaction.abort();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(null);
  });
}

function batches(queue) {
  const out = [];
  let current = [];
  let size = 0;
  for (const m of queue) {
    const item = { client_id: m.client_id, op: m.op, data: m.data };
    const bytes = JSON.stringify(item).length;
    if (current.length && (size + bytes > BATCH_BYTES || current.length >= 100)) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push({ record: m, item });
    size += bytes;
  }
  if (current.length) out.push(current);
  return out;
}

async function flushOutbox() {
  const db = await openOutbox();
  if (!db) return;
  try {
    if (!db.objectStoreNames.contains("outbox")) return;
    const read = db.transaction(["kv", "outbox"], "readonly");
    const [token, records] = await Promise.all([
      settle(read.objectStore("kv").get("token")),
      settle(read.objectStore("outbox").getAll()),
    ]);
    if (!token) return;
    const queue = records.filter((m) => m.state !== "attention").sort((a, b) => a.position - b.position);
    for (const batch of batches(queue)) {
      const response = await fetch("/api/v1/mutations", {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: "Bearer " + token },
        body: JSON.stringify({ mutations: batch.map((b) => b.item) }),
      });
      if (!response.ok) throw new Error("outbox flush: HTTP " + response.status); // retried later
      const { results } = await response.json();
      const write = db.transaction("outbox", "readwrite");
      const store = write.objectStore("outbox");
      results.forEach((result, i) => {
        const record = batch[i].record;
        if (result.type === "ack") store.delete(record.client_id);
        else if (result.type === "reject") store.put({ ...record, state: "attention", error: result.error });
      });
      await new Promise((resolve, reject) => {
        write.oncomplete = resolve;
        write.onerror = () => reject(write.error);
      });
    }
  } finally {
    db.close();
  }
}

function flushOnce() {
  // One flusher at a time across this worker and any page (Web Locks).
  return self.navigator.locks
    ? self.navigator.locks.request("passline-flush", flushOutbox)
    : flushOutbox();
}

self.addEventListener("sync", (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(flushOnce());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "SKIP_WAITING") self.skipWaiting();
  if (data.type === "GET_BUILD" && event.ports[0]) event.ports[0].postMessage(self.PASSLINE_BUILD);
});

self.addEventListener("activate", (event) => {
  // Without Background Sync (Safari) the worker sends what waits whenever it starts.
  const flush = "sync" in self.registration ? Promise.resolve() : flushOnce().catch(() => {});
  event.waitUntil(Promise.all([self.clients.claim(), flush]));
});
