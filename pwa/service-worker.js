/* Passline service worker. Served at /service-worker.js so its scope is the whole app.
 *
 * Precache: the app shell, our Python (one archive), and the PyScript/Pyodide runtime, each URL
 * revisioned by content hash (vendor/precache.js, written by tools/build_pwa.py), so the app
 * boots with the server gone. Workbox is vendored from npm and served by us: no CDN.
 *
 * What is cached where. The sync engine in the page owns every piece of server data it shows:
 * the floor with its cursor, the menu with its version, the outbox, all in IndexedDB, each
 * saved when it came from the network. So the worker keeps no copy of any API answer: a cached
 * answer would look like the server answering while it is down (a poll for an old cursor served
 * from cache kept a dead server "Connected"), would reset the menu's fetched-at time, and was
 * keyed without the Authorization header, so one restaurant's answer could reach another
 * device's sign-in. API requests go to the network only; the worker caches only files (the
 * precache and static files), which hold nothing of a restaurant, and menu photos, which are
 * public like a printed menu and named by their content (a new photo is a new URL).
 *
 * The protocol's names (the database, its stores and keys, the lock and the sync tag) come from
 * domain/protocol.py through vendor/protocol.js: the page and the server read the same values.
 * What the worker knows of the outbox is listed where Background Sync starts, below.
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
  "/vendor/protocol.js",
);

const { precaching, routing, strategies, expiration } = self.workbox;
const P = self.PASSLINE_PROTOCOL;

precaching.cleanupOutdatedCaches();
// ignoreURLParametersMatching: the start URL carries ?source=pwa and kiosks use ?mode=kiosk;
// both are the same precached page.
precaching.precacheAndRoute(self.PASSLINE_PRECACHE, {
  ignoreURLParametersMatching: [/^source$/, /^mode$/, /^utm_/],
});

const sameOrigin = (url) => url.origin === self.location.origin;

// Server data: the network or nothing (see the top of this file). A failed request fails in
// the page as an outage, which is what it is.
routing.registerRoute(
  ({ url }) => sameOrigin(url) && url.pathname.startsWith("/api/"),
  new strategies.NetworkOnly(),
);

// Menu photos: cache first, so a kiosk shows them offline. The server makes every photo a
// WebP of at most 640 px (tens of kB), so 400 of them stay within about 30 MB; the oldest go
// first, and all of them if the browser runs short of space.
routing.registerRoute(
  ({ url }) => sameOrigin(url) && url.pathname.startsWith("/media/"),
  new strategies.CacheFirst({
    cacheName: "passline-media",
    plugins: [new expiration.ExpirationPlugin({ maxEntries: 400, purgeOnQuotaError: true })],
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

self.addEventListener("activate", (event) => {
  // Builds before this one kept API answers; none may outlive the update.
  const stale = caches
    .keys()
    .then((names) =>
      Promise.all(names.filter((n) => n.startsWith(P.API_CACHE_PREFIX) || n === P.LEGACY_MENU_CACHE).map((n) => caches.delete(n))),
    );
  event.waitUntil(stale);
});

// -- Background Sync: the outbox leaves even when no page is open ----------------------------
// What this worker knows of the outbox, and all it knows (the page's Python decides the rest;
// sync/parcel.py):
// - the parcel (kv P.PARCEL_KEY): ready batches of this sign-in's changes and its restaurant,
//   made by the page in the same IndexedDB write as its queue. It is sent batch by batch, in
//   order, to POST /api/v1/mutations with the stored token;
// - a 401 means the token expired while the device was away: the stored credential is traded
//   for a new one at /api/v1/renew, once, stored for the page, and the batch sent again. A
//   refused renewal (a revoked device) ends the flush: the queue waits for the next sign-in;
// - each batch's answers are kept as they came (kv P.REPLIES_KEY); the page reads what they
//   mean (delivered, refused) on its next start. Anything else that fails is retried later;
// - the flush lock and the sync tag it shares with the page (one sender per device).
// Mutations are idempotent by client_id: a batch sent twice (by a page and by the worker, or
// again after a failed flush) is answered the same and applied once. The open page is the
// main path (it flushes the moment the server answers); this is the backstop for a closed one.
// Chromium retries a failed sync after minutes.

const LOCK_WAIT_MS = 5000;

function settle(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done(transaction) {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = resolve;
    transaction.onerror = () => reject(transaction.error);
  });
}

function openStore() {
  // No version: never create or upgrade the schema here (pwa/py/browser/idb.py owns it). If
  // the database does not exist yet there is nothing to send; the upgrade is aborted so the
  // page still creates it.
  return new Promise((resolve) => {
    const request = indexedDB.open(P.DB_NAME);
    request.onupgradeneeded = () => request.transaction.abort();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(null);
  });
}

function parseRecord(value) {
  // The page stores records (dicts) as JSON text and plain strings as they are (idb.py).
  if (typeof value !== "string" || !value.startsWith("{")) return value;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

async function flushOutbox() {
  const db = await openStore();
  if (!db) return;
  try {
    if (!db.objectStoreNames.contains(P.KV_STORE)) return;
    const kv = db.transaction(P.KV_STORE, "readonly").objectStore(P.KV_STORE);
    const [stored, credential, parcel] = await Promise.all([
      settle(kv.get("token")),
      settle(kv.get("credential")),
      settle(kv.get(P.PARCEL_KEY)).then(parseRecord),
    ]);
    let token = stored;
    if (!token || !parcel) return;
    for (const batch of parcel.batches) {
      const send = () =>
        fetch("/api/v1/mutations", {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: "Bearer " + token },
          body: JSON.stringify({ mutations: batch }),
        });
      let response = await send();
      if (response.status === 401) {
        token = await renewToken(db, parcel.restaurant, credential);
        if (!token) return;
        response = await send();
      }
      if (!response.ok) throw new Error("outbox flush: HTTP " + response.status); // retried later
      const { results } = await response.json();
      await keepReplies(db, results);
    }
  } finally {
    db.close();
  }
}

// The answers to one batch, added to those kept for the page, as they came.
async function keepReplies(db, results) {
  const write = db.transaction(P.KV_STORE, "readwrite");
  const kv = write.objectStore(P.KV_STORE);
  const kept = kv.get(P.REPLIES_KEY);
  kept.onsuccess = () => {
    const replies = parseRecord(kept.result) || { answers: [] };
    replies.answers.push(results);
    kv.put(JSON.stringify(replies), P.REPLIES_KEY);
  };
  await done(write);
}

// A new access token from the device credential, stored for the page; null if refused.
async function renewToken(db, restaurant, credential) {
  if (!credential) return null;
  const response = await fetch("/api/v1/renew", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ restaurant, credential }),
  });
  if (response.status === 401) return null;
  if (!response.ok) throw new Error("renew: HTTP " + response.status); // retried later
  const { token } = await response.json();
  const write = db.transaction(P.KV_STORE, "readwrite");
  write.objectStore(P.KV_STORE).put(token, "token");
  await done(write);
  return token;
}

function flushOnce() {
  // One flusher per device: an open page holds the lock for as long as it lives and sends by
  // itself, so the worker sends only when no page does. It waits a moment, not for ever: a
  // page just closed lets go of the lock only when its Python (a worker of its own) has
  // stopped, and behind a page that stays the worker has nothing to do.
  if (!self.navigator.locks) return flushOutbox();
  return self.navigator.locks
    .request(P.FLUSH_LOCK, { signal: AbortSignal.timeout(LOCK_WAIT_MS) }, () => flushOutbox())
    .catch((err) => {
      if (err?.name !== "AbortError" && err?.name !== "TimeoutError") throw err;
    });
}

self.addEventListener("sync", (event) => {
  if (event.tag === P.SYNC_TAG) event.waitUntil(flushOnce());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "SKIP_WAITING") self.skipWaiting();
  if (data.type === "GET_BUILD" && event.ports[0]) event.ports[0].postMessage(self.PASSLINE_BUILD);
});

// A tapped notification (ui/notices.py): the app's window at the address it names — an open one
// focused and told where to go (no reload: its queue and socket stay), else a new one.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL((event.notification.data || {}).url || "/", self.location.origin);
  if (url.origin !== self.location.origin) return; // only our own screens
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = windows.find((w) => new URL(w.url).origin === url.origin);
      if (open) {
        // Told first: a browser may refuse the focus, and the table must open all the same.
        open.postMessage({ type: "open", url: url.href });
        await open.focus().catch(() => {});
        return;
      }
      await self.clients.openWindow(url.href);
    })(),
  );
});

self.addEventListener("activate", (event) => {
  // Without Background Sync (Safari) the worker sends what waits whenever it starts.
  const flush = "sync" in self.registration ? Promise.resolve() : flushOnce().catch(() => {});
  event.waitUntil(Promise.all([self.clients.claim(), flush]));
});
