"""Headers every response carries, so a browser treats what we send only as what it is.

- ``nosniff``: a JSON answer or a runtime file is never run as something else;
- no referrer leaves the app (URLs can carry a restaurant's id);
- no page may frame the app (``frame-ancestors 'none'``, and ``X-Frame-Options`` for old
  browsers): a kiosk's PIN pad inside someone else's page is a phishing kit;
- API answers are never stored by a browser or a proxy (``no-store``): they carry tokens and
  a restaurant's orders, and the sync engine keeps its own copy where it must;
- a Content-Security-Policy as tight as PyScript on Pyodide allows: our own origin only, no
  inline script or style, WebAssembly compiled from our own files (``wasm-unsafe-eval``), and
  ``unsafe-eval`` because PyScript needs it (below). It is sent on every response: the page's
  governs the app, the service worker script's governs the worker. ``tests/browser/
  test_csp.py`` uses every screen and fails on any violation;
- cross-origin isolation (COOP ``same-origin``, COEP ``require-corp``, CORP ``same-origin``):
  the page gets ``SharedArrayBuffer``, which PyScript needs to run our Python in a worker and
  still reach the page synchronously (it starts that worker from a ``blob:`` URL, hence
  ``worker-src``). We load nothing from another origin, so isolation costs nothing, and no
  other site may embed our files or share a browsing context group with the app.
"""

from __future__ import annotations

from flask import Flask, Response, request

CSP = "; ".join(
    (
        "default-src 'self'",
        # 'unsafe-eval' is the one exception proven necessary: PyScript 0.7.31 (polyscript)
        # builds its hooks with Function(...) at startup, and without it the app never boots
        # (tests/browser/test_csp.py shows the report). No inline script is allowed.
        "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        # blob:: PyScript's worker fetches the blob it was made from; blobs are our own.
        "connect-src 'self' blob:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
EVERY_RESPONSE = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": CSP,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def init_app(app: Flask) -> None:
    @app.after_request
    def protect(response: Response) -> Response:
        for name, value in EVERY_RESPONSE.items():
            response.headers.setdefault(name, value)
        if request.path.startswith("/api/"):
            response.headers["Cache-Control"] = "no-store"
        return response
