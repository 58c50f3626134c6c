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
  // The screen as it was last drawn here, painted before any Python runs: a signed-in
  // kitchen, kiosk or floor shows at once, inert and marked "Starting…" until Python draws the
  // real one over it (ui/first_paint.py keeps the picture; browser/first_paint.py lifts it).
  // Our own markup, escaped when it was drawn; cleaned again here all the same.
  const PICTURE = "passline.first_paint";
  function paintLast() {
    let kept = null;
    try {
      kept = JSON.parse(localStorage.getItem(PICTURE) || "null");
    } catch (_) {
      return null;
    }
    if (!kept || kept.v !== 1 || !Array.isArray(kept.hashes) || !kept.hashes.includes(location.hash)) {
      return null;
    }
    const template = document.createElement("template");
    template.innerHTML = String(kept.html || "");
    const picture = template.content;
    picture.querySelectorAll("script,iframe,object,embed,link,meta,style,base,[role=dialog]:not([hidden])")
      .forEach((n) => n.remove()); // an open sheet is the person's, not the screen's
    for (const node of picture.querySelectorAll("*")) {
      for (const attr of [...node.attributes]) {
        if (/^on/i.test(attr.name) || /^\s*javascript:/i.test(attr.value)) node.removeAttribute(attr.name);
      }
      if (node.id) { // the real screen's ids stay unique; app.css styles both by :is()
        node.setAttribute("data-fp-id", node.id);
        node.removeAttribute("id");
      }
    }
    // Inline styles came as data (the policy allows no style attributes): set through the CSSOM.
    for (const node of picture.querySelectorAll("[data-fp-style]")) {
      node.style.cssText = node.getAttribute("data-fp-style");
      node.removeAttribute("data-fp-style");
    }
    // The picture is inert; the layer over it takes every tap (the real screen being built
    // beneath must not get one through a picture of another control) and answers it: the
    // "Starting…" note pulses, so a tap is never one that silently did nothing.
    const overlay = document.createElement("div");
    overlay.id = "first-paint";
    overlay.setAttribute("aria-busy", "true");
    const drawing = document.createElement("div");
    drawing.className = "first-paint-picture";
    drawing.inert = true;
    const note = document.createElement("p");
    note.className = "first-paint-note";
    note.setAttribute("role", "status");
    const at = new Date(kept.at);
    const time = isNaN(at) ? "" : at.toLocaleTimeString(kept.lang || undefined, { hour: "2-digit", minute: "2-digit" });
    note.textContent = [kept.note, time].filter(Boolean).join(" · "); // the words: app.starting
    drawing.appendChild(picture);
    overlay.appendChild(drawing);
    overlay.appendChild(note);
    overlay.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      note.removeAttribute("data-tapped");
      void note.offsetWidth; // restart the pulse
      note.setAttribute("data-tapped", "");
    });
    document.body.appendChild(overlay);
    const root = document.documentElement;
    root.setAttribute("data-first-paint", "");
    if (kept.screen) root.setAttribute("data-screen", kept.screen);
    if (kept.lang) root.setAttribute("lang", kept.lang);
    return kept;
  }
  const painted = paintLast();
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
    // Cross-origin isolated (our server's COOP/COEP): Python runs in a worker and the main
    // thread stays free for taps and drawing; it reaches the page through remote-dom.js.
    // Without SharedArrayBuffer PyScript's worker could not reach the page: the main thread.
    // ?thread=main keeps it on the main thread: the fallback, chosen on purpose (support, and
    // the tests of the fallback itself).
    if (self.crossOriginIsolated && params.get("thread") !== "main") main.setAttribute("worker", "");
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
    if (painted && painted.build && manifest.build && painted.build !== manifest.build) {
      // Drawn by another build: its markup may not match this one's styles. Python draws anew.
      document.getElementById("first-paint")?.remove();
      document.documentElement.removeAttribute("data-first-paint");
    }
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
