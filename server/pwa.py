"""Serves the installable app: the shell at the root and the vendored runtime.

The app's Python reaches the browser only inside ``/vendor/app-py.zip``; its sources (``pwa/py``)
and the shared rules (``domain/``) are not served one by one.

The service worker must be served from ``/`` for its scope to cover the whole app, and must
not be cached by HTTP (the browser compares its bytes to find a new build). Everything else is
revalidated with ETags; large runtime files go out gzipped when the browser accepts it (the
Pyodide wasm shrinks from 9.6 to 3.5 MB).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request, send_file
from werkzeug.routing import PathConverter

ROOT = Path(__file__).resolve().parents[1]
PWA = ROOT / "pwa"
NOT_SERVED = ("api", "py")  # API misses are JSON 404s; sources go out inside the archive

TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".zip": "application/zip",
    ".png": "image/png",
    ".css": "text/css",
    ".html": "text/html",
}

pwa = Blueprint("pwa", __name__)


def _serve(folder: Path, relative: str) -> Response:
    path = folder / relative
    # Resolve ".." by hand: the runtime folders may be symlinks (a test's copy of the shell).
    if ".." in Path(relative).parts or not path.is_file():
        abort(404)
    mimetype = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
    if path.name.startswith("manifest") and path.suffix == ".json":
        mimetype = "application/manifest+json"
    gz = path.with_name(path.name + ".gz")
    encoded = gz.is_file() and "gzip" in request.headers.get("Accept-Encoding", "")
    response = send_file(gz if encoded else path, mimetype=mimetype, conditional=True, etag=True)
    if encoded:
        response.headers["Content-Encoding"] = "gzip"
    if gz.is_file():
        response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = "no-cache"
    return response


def _app_dir() -> Path:
    return Path(current_app.config.get("PWA_DIR") or PWA).resolve()


@pwa.get("/")
def index() -> Response:
    return _serve(_app_dir(), "index.html")


@pwa.get("/service-worker.js")
def service_worker() -> Response:
    response = _serve(_app_dir(), "service-worker.js")
    response.headers["Cache-Control"] = "no-cache, no-store"
    return response


class AppPath(PathConverter):
    """Any path but the API's: /api/... is never a file, and a GET route matching it would make
    every API path answer OPTIONS with GET allowed."""

    regex = r"(?!api/)[^/].*?"


@pwa.record_once
def _register_converter(state) -> None:
    state.app.url_map.converters["app_path"] = AppPath


@pwa.get("/<app_path:relative>")
def static(relative: str) -> Response:
    if relative.split("/", 1)[0] in NOT_SERVED or relative.endswith(".py"):
        abort(404)
    return _serve(_app_dir(), relative)
