// The page's hands for Python in a worker (pwa/py/browser/remote_dom.py records, this carries
// out): one call applies a turn's batch of element operations, a read answers what only the
// page knows, and a listener sends its event back as plain facts. Loaded on the main thread
// before boot.js; with Python on the main thread only markup() is used.
(() => {
  "use strict";
  const nodes = new Map([[1, document], [2, document.documentElement], [3, document.body]]);
  const ids = new WeakMap([[document, 1], [document.documentElement, 2], [document.body, 3]]);
  const listeners = new Map(); // listener id -> [node, type, function]
  let found = -1; // the page's own elements, when a query hands them to Python, count down
  let dispatch = null;

  function ref(node) {
    if (!node) return null;
    let id = ids.get(node);
    if (id === undefined) {
      id = found--;
      ids.set(node, id);
      nodes.set(id, node);
    }
    return id;
  }
  const pair = (node) => (node ? [ref(node), node.nodeName.toLowerCase()] : null);

  function facts(event, current) {
    const out = { type: event.type, current };
    const target = event.target instanceof Node ? event.target : null;
    if (target) {
      out.target = ref(target);
      out.tag = target.nodeName.toLowerCase();
    }
    for (const name of ["key", "code", "repeat", "ctrlKey", "altKey", "metaKey", "shiftKey",
      "clientX", "clientY", "button", "pointerType", "isComposing"]) {
      if (event[name] !== undefined) out[name] = event[name];
    }
    if (event.detail !== undefined && typeof event.detail !== "object") out.detail = event.detail;
    return out;
  }

  function listen(id, type, hid, prevent, capture) {
    const node = nodes.get(id);
    if (!node) return;
    const fn = (event) => {
      if (prevent === true) event.preventDefault();
      else if (Array.isArray(prevent) && prevent.includes(event.key)
        && !event.target?.closest?.("input, select, textarea")) event.preventDefault();
      if (dispatch) dispatch(hid, JSON.stringify(facts(event, id)));
    };
    node.addEventListener(type, fn, !!capture);
    listeners.set(hid, [node, type, fn, !!capture]);
  }

  const value = (v) => (v !== null && typeof v === "object" && "$ref" in v ? nodes.get(v.$ref) : v);

  const APPLY = {
    new(id, tag, ns) {
      const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
      nodes.set(id, node);
      ids.set(node, id);
    },
    text(id, content) {
      const node = document.createTextNode(content);
      nodes.set(id, node);
      ids.set(node, id);
    },
    set(id, name, v) { nodes.get(id)[name] = value(v); },
    attr(id, name, value) { nodes.get(id).setAttribute(name, value); },
    unattr(id, name) { nodes.get(id).removeAttribute(name); },
    style(id, name, value) {
      const style = nodes.get(id).style;
      if (name.includes("-")) style.setProperty(name, value);
      else style[name] = value;
    },
    insert(parent, child, before) {
      nodes.get(parent).insertBefore(nodes.get(child), (before && nodes.get(before)) || null);
    },
    clear(id) { nodes.get(id).replaceChildren(); },
    remove(id) { nodes.get(id).remove(); },
    replace(id, other) { nodes.get(id).replaceWith(nodes.get(other)); },
    call(id, method, args) { nodes.get(id)[method](...args.map(value)); },
    on: listen,
    off(hid) {
      const entry = listeners.get(hid);
      if (entry) entry[0].removeEventListener(entry[1], entry[2], entry[3]);
      listeners.delete(hid);
    },
    free(id) {
      const node = nodes.get(id);
      if (node) ids.delete(node);
      nodes.delete(id);
    },
  };

  const READ = {
    prop(node, name) {
      const value = node[name];
      if (typeof value === "function") return { function: true };
      if (value !== null && typeof value === "object") return null; // not a fact: ask for one
      return value;
    },
    call(node, [name, args]) {
      const out = node[name](...args.map(value));
      return out instanceof Node ? pair(out) : out;
    },
    attr(node, name) { return node.getAttribute(name); },
    query(node, selector) { return pair(node.querySelector(selector)); },
    queryAll(node, selector) { return Array.from(node.querySelectorAll(selector), pair); },
    byId(_node, id) { return pair(document.getElementById(id)); },
  };

  // The app's markup as drawn, for the first paint of the next boot (ui/first_paint.py).
  // Inline styles (set through the CSSOM, which the policy allows) travel as data-fp-style:
  // parsed back as style attributes the policy would refuse them; boot.js sets them again.
  function markup() {
    const app = document.getElementById("app");
    if (!app) return "";
    const copy = app.cloneNode(true);
    for (const node of copy.querySelectorAll("[style]")) {
      node.setAttribute("data-fp-style", node.getAttribute("style"));
      node.removeAttribute("style");
    }
    return copy.innerHTML;
  }

  self.passlineDom = {
    connect(fn) { dispatch = fn; return true; },
    apply(batch) {
      for (const op of JSON.parse(batch)) {
        try {
          APPLY[op[0]](...op.slice(1));
        } catch (err) { // one bad op must not lose the rest of the turn's drawing
          console.error("remote-dom", op[0], err);
        }
      }
      return true;
    },
    read(request) {
      const [id, what, arg] = JSON.parse(request);
      const node = nodes.get(id);
      return JSON.stringify(node ? READ[what](node, arg) ?? null : null);
    },
    // The picked file's bytes for the worker (a File of the page's cannot be sent from it).
    async file(id) {
      const file = nodes.get(id)?.files?.[0];
      if (!file) return "null";
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = "";
      for (let i = 0; i < bytes.length; i += 0x8000) {
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      }
      return JSON.stringify({ name: file.name, type: file.type, data: btoa(binary) });
    },
    markup,
    // Fetch each file once through the page's service worker, which keeps it (a menu's
    // photos). Asked of the page: a worker has no navigator.serviceWorker to tell whether one
    // controls the page yet (a fetch before that bypasses the cache).
    keep(urls) {
      if (!navigator.serviceWorker?.controller) return false;
      for (const url of JSON.parse(urls)) fetch(url).catch(() => {}); // not now: next time
      return true;
    },
    print() { window.print(); }, // looked up when called: a test stands in for the dialog
  };
})();
