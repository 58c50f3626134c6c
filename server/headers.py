"""Headers every response carries, so a browser treats what we send only as what it is.

- ``nosniff``: a JSON answer or a runtime file is never run as something else;
- no referrer leaves the app (URLs can carry a restaurant's id);
- no page may frame the app (``frame-ancestors 'none'``, and ``X-Frame-Options`` for old
  browsers): a kiosk's PIN pad inside someone else's page is a phishing kit;
- API answers are never stored by a browser or a proxy (``no-store``): they carry tokens and
  a restaurant's orders, and the sync engine keeps its own copy where it must.
"""

from __future__ import annotations

from flask import Flask, Response, request

EVERY_RESPONSE = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
}


def init_app(app: Flask) -> None:
    @app.after_request
    def protect(response: Response) -> Response:
        for name, value in EVERY_RESPONSE.items():
            response.headers.setdefault(name, value)
        if request.path.startswith("/api/"):
            response.headers["Cache-Control"] = "no-store"
        return response
