"""Serves the installable app: the shell at the root and the vendored runtime.

The app's Python reaches the browser only inside ``/vendor/app-py.zip``; its sources (``pwa/py``)
and the shared rules (``domain/``) are not served one by one.

The service worker must be served from ``/`` for its scope to cover the whole app, and must
not be cached by HTTP (the browser compares its bytes to find a new build). Everything else is
revalidated with ETags; large runtime files go out gzipped when the browser accepts it (the
Pyodide wasm shrinks from 9.6 to 3.5 MB).
"""

from __future__ import annotations

import json
import mimetypes
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Blueprint, Response, abort, current_app, request, send_file
from werkzeug.routing import PathConverter

from domain.errors import DomainError

ROOT = Path(__file__).resolve().parents[2]
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


def current_build(app_dir: Path = PWA) -> str:
    """The app build this server serves (``vendor/boot.json``); "" when it is not built. A
    device reporting another is on an old app."""
    try:
        return str(json.loads((app_dir / "vendor" / "boot.json").read_text())["build"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""


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
    pointed = request.args.get("restaurant")
    if relative in MANIFESTS and pointed is not None:
        return _pointed_manifest(relative, pointed)
    return _serve(_app_dir(), relative)


MANIFESTS = ("manifest.json", "manifest-kiosk.json")
RESTAURANT_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")


def _pointed_manifest(name: str, restaurant: str) -> Response:
    """The manifest of a device pointed at one restaurant (``/?restaurant=ID``): the installed
    app starts at that address, so its PIN pad asks for that restaurant's PINs. The app's
    ``id`` stays: it is one app, wherever it points."""
    if not RESTAURANT_ID.fullmatch(restaurant):
        raise DomainError("invalid_value", "not a restaurant id", field="restaurant")
    manifest = json.loads((_app_dir() / name).read_text(encoding="utf-8"))
    start = urlsplit(manifest["start_url"])
    query = urlencode([*parse_qsl(start.query), ("restaurant", restaurant)])
    manifest["start_url"] = urlunsplit(start._replace(query=query))
    response = Response(json.dumps(manifest), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response
