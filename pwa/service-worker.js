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
 * The protocol's numbers (batch size, lock and tag names, record states) come from
 * domain/protocol.py through vendor/protocol.js: the page and the server read the same values.
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
// The page keeps its outbox in IndexedDB (pwa/py/idb.py owns the schema). Here it is read and
// sent with the same client_ids, so a page and the worker sending the same mutation is harmless.
// The open page is the main path (it flushes the moment the server answers); this is the
// backstop for a closed one. Chromium retries a failed sync after minutes.

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
    const request = indexedDB.open(P.DB_NAME);
    request.onupgradeneeded = () => request.transaction.abort();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(null);
  });
}

const encoder = new TextEncoder();

function batches(queue) {
  // Sized in UTF-8 bytes, as the server counts its body limit: JSON.stringify(...).length
  // counts UTF-16 units, and a batch of Turkish notes would pass that count and be refused.
  const out = [];
  let current = [];
  let size = 0;
  for (const m of queue) {
    const item = { client_id: m.client_id, op: m.op, data: m.data };
    const bytes = encoder.encode(JSON.stringify(item)).length;
    if (current.length && (size + bytes > P.BATCH_BYTES || current.length >= P.BATCH_LIMIT)) {
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

function parseRecord(value) {
  // The page stores records (dicts) as JSON text and plain strings as they are (idb.py).
  if (typeof value !== "string" || !value.startsWith("{")) return value;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

// The device a queued change belongs to. Must match pwa/py/engine.py's owner_of: a queue is
// only ever sent under the token of the restaurant and role that made it.
const ownerOf = (device) => (device ? `${device.restaurant}/${device.role}` : "");

async function flushOutbox() {
  const db = await openOutbox();
  if (!db) return;
  try {
    if (!db.objectStoreNames.contains(P.OUTBOX_STORE)) return;
    const read = db.transaction([P.KV_STORE, P.OUTBOX_STORE], "readonly");
    const [stored, device, credential, records] = await Promise.all([
      settle(read.objectStore(P.KV_STORE).get("token")),
      settle(read.objectStore(P.KV_STORE).get("device")),
      settle(read.objectStore(P.KV_STORE).get("credential")),
      settle(read.objectStore(P.OUTBOX_STORE).getAll()),
    ]);
    let token = stored;
    const signedIn = parseRecord(device);
    const owner = ownerOf(signedIn);
    if (!token || !owner) return;
    const queue = records
      // A record without an owner comes from a build that kept none (see engine.py's _own).
      .filter((m) => m.state !== P.ATTENTION && m.state !== P.DELIVERED && (m.owner ?? owner) === owner)
      .sort((a, b) => a.position - b.position);
    for (const batch of batches(queue)) {
      const send = () =>
        fetch("/api/v1/mutations", {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: "Bearer " + token },
          body: JSON.stringify({ mutations: batch.map((b) => b.item) }),
        });
      let response = await send();
      if (response.status === 401) {
        // The access token expired while the device was away: renew it, then resend. A device
        // that may not renew (revoked) keeps its queue for the next sign-in.
        token = await renewToken(db, signedIn.restaurant, credential);
        if (!token) return;
        response = await send();
      }
      if (!response.ok) throw new Error("outbox flush: HTTP " + response.status); // retried later
      const { results } = await response.json();
      const write = db.transaction(P.OUTBOX_STORE, "readwrite");
      const store = write.objectStore(P.OUTBOX_STORE);
      results.forEach((result, i) => {
        const record = batch[i].record;
        // Only a record still queued: an open page may have had its answer and ended it.
        const still = store.get(record.client_id);
        still.onsuccess = () => {
          if (!still.result) return;
          // Kept as delivered, not deleted: the page's stored floor does not show it yet (see
          // DELIVERED in domain/protocol.py). The page ends it once its floor is at `seq`.
          if (result.type === "ack") store.put({ ...still.result, state: P.DELIVERED, seq: result.seq ?? 0 });
          else if (result.type === "reject") store.put({ ...still.result, state: P.ATTENTION, error: result.error });
        };
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
  await new Promise((resolve, reject) => {
    write.oncomplete = resolve;
    write.onerror = () => reject(write.error);
  });
  return token;
}

function flushOnce() {
  // One flusher per device: an open page holds the lock for as long as it lives and sends by
  // itself, so the worker sends only when no page does (ifAvailable: never wait behind a page).
  if (!self.navigator.locks) return flushOutbox();
  return self.navigator.locks.request(P.FLUSH_LOCK, { ifAvailable: true }, (lock) =>
    lock ? flushOutbox() : undefined,
  );
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
