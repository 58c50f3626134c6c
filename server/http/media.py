"""Menu photos, served at ``/media/<restaurant>/<hash>.webp`` to any screen.

Public, as a printed menu is: an ``<img>`` cannot send a bearer token, and a guest sees the
pictures anyway. The name is the hash of the bytes, so an answer never changes: cached for a
year, and the service worker keeps them for offline kiosks. Bounded per address, like every
unauthenticated route.
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, current_app, request

MEDIA_RATE = "1200/minute"  # per address: a kiosk's first load of a menu with every picture
NAME = re.compile(r"[0-9a-f]{24}\.webp")

media = Blueprint("media", __name__)


@media.get("/media/<restaurant>/<name>")
def picture(restaurant: str, name: str) -> Response:
    services = current_app.extensions["passline"]
    if not services.rates.hit(MEDIA_RATE, "media", request.remote_addr or "?"):
        abort(429)
    if not NAME.fullmatch(name) or len(restaurant) > 64:
        abort(404)
    data = services.store.picture(restaurant, name)
    if data is None:
        abort(404)
    response = Response(data, mimetype="image/webp")
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["ETag"] = f'"{name[:-5]}"'
    return response
