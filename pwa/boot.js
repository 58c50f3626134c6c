// Boot: show real progress while the Python runtime downloads, then hand over to PyScript.
// The runtime's big files are fetched here first, with a byte count, so the bar means
// something; PyScript's own requests for them then come from the HTTP or service-worker cache.
(() => {
  "use strict";
  // A kiosk installs full screen: /?mode=kiosk offers the kiosk manifest instead. A device
  // pointed at a restaurant (/?restaurant=ID, or remembered at sign-in) installs an app that
  // starts there.
  const params = new URLSearchParams(location.search);
  const link = document.querySelector('link[rel="manifest"]');
  if (params.get("mode") === "kiosk") link.href = "/manifest-kiosk.json";
  const pointed = params.get("restaurant") || localStorage.getItem("passline.restaurant");
  if (pointed) link.href += "?restaurant=" + encodeURIComponent(pointed);
  const step = document.getElementById("loading-step");
  const bar = document.getElementById("loading-bar");
  const meter = bar.parentElement;
  const error = document.getElementById("loading-error");

  function show(fraction, text) {
    const pct = Math.round(fraction * 100);
    bar.style.width = pct + "%";
    meter.setAttribute("aria-valuenow", String(pct));
    if (text) step.textContent = text;
  }

  async function prefetch(files, onBytes) {
    // Sequential on purpose: on weak Wi-Fi parallel downloads only share the same pipe.
    for (const file of files) {
      const response = await fetch(file.url);
      if (!response.ok || !response.body) throw new Error(file.url + ": HTTP " + response.status);
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        onBytes(value.length);
      }
    }
  }

  function startPython() {
    show(0.9, "Starting Python…");
    const core = document.createElement("script");
    core.type = "module";
    core.src = "/vendor/pyscript/core.js";
    document.head.appendChild(core);
    const main = document.createElement("script");
    main.type = "py";
    // The app's modules arrive in one archive (the config's files); this only starts them.
    main.textContent = "import main";
    main.setAttribute("config", "/vendor/pyscript.json");
    document.body.appendChild(main);
  }

  async function cached(files) {
    // Under the service worker with the runtime in its cache nothing downloads: reading
    // 13 MB again only to count bytes would slow every warm and offline boot.
    if (!navigator.serviceWorker?.controller || !self.caches) return false;
    for (const file of files) {
      if (!(await caches.match(file.url, { ignoreSearch: true }))) return false;
    }
    return true;
  }

  async function boot() {
    const manifest = await (await fetch("/vendor/boot.json")).json();
    if (await cached(manifest.files)) {
      startPython();
      return;
    }
    const total = manifest.files.reduce((sum, f) => sum + f.size, 0);
    let loaded = 0;
    show(0, "Loading the app…");
    await prefetch(manifest.files, (n) => {
      loaded += n;
      const mb = (x) => (x / 1e6).toFixed(1);
      show(0.9 * Math.min(loaded / total, 1), `Loading the app… ${mb(loaded)} of ${mb(total)} MB`);
    });
    startPython();
  }

  boot().catch((err) => {
    // Still try: the files may be in the cache under another name, or the network may be back.
    error.hidden = false;
    error.textContent = "Could not load everything (" + err.message + "). Trying anyway…";
    startPython();
  });
})();
