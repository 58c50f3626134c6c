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

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "SKIP_WAITING") self.skipWaiting();
  if (data.type === "GET_BUILD" && event.ports[0]) event.ports[0].postMessage(self.PASSLINE_BUILD);
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});
