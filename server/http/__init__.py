"""The HTTP face of the server: the REST API under ``/api/v1`` (one module per resource:
``orders``, ``drawers``, ``menu``, ``floor``, ``devices``, ``staff``, ``reports``, ``ops``),
declared once each in the route table (``routes``) that also writes the OpenAPI document;
errors as JSON with a ``code``; the headers every answer carries; the PWA's files and the
menu's pictures.

Promises: every endpoint has a role, an input bound and a rate; bad input is a JSON error,
never a 500.

May import: ``domain``, ``store``, ``access``, ``live``, ``files``.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    # Each resource module adds its endpoints to the blueprint as it is imported.
    from . import (  # noqa: F401
        days,
        device_health,
        devices,
        drawers,
        errors,
        floor,
        headers,
        logs,
        menu,
        metrics,
        ops,
        orders,
        pairing,
        printers,
        reports,
        staff,
    )
    from .media import media
    from .pwa import pwa
    from .routes import api

    logs.init_app(app)  # first: its clock starts before anything else runs
    errors.init_app(app)
    headers.init_app(app)
    metrics.init_app(app)
    app.register_blueprint(api)
    app.register_blueprint(media)
    app.register_blueprint(pwa)
