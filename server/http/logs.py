"""The server's log: one setup (``logging.config.dictConfig``) for the app, gunicorn and the
libraries, and a line per request.

Human-readable by default (time, level, logger, message, then the request's fields as
``key=value``); one JSON object a line with ``PASSLINE_LOG_FORMAT=json``, for an operator's
log tools. A request's line carries its id (``X-Request-Id``: Caddy's, or made here, and sent
back), the restaurant, device and role when it was signed, the route (the URL rule, never the
query), the status and the milliseconds. Every request is logged with ``passline serve
--access-log``; without it only the slow ones (over a second: a warning) and the failed ones
(5xx: an error). Nothing secret is ever a field: PINs, tokens, codes and credentials travel
in bodies and headers, which are not logged, and a field whose name says secret is dropped by
the formatter whatever called it.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, request

FORMATS = ("human", "json")
# The fields a request's line carries, in this order.
FIELDS = ("request_id", "restaurant", "role", "device", "method", "route", "status", "ms")
SECRET = re.compile(r"pin|token|password|secret|credential|code|authorization|cookie", re.I)
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")  # what we accept from a proxy
access_log = logging.getLogger("passline.access")


def extras(record: logging.LogRecord) -> dict[str, Any]:
    """The request fields a record carries; any field named like a secret is left out."""
    found = {key: getattr(record, key) for key in FIELDS if getattr(record, key, None) is not None}
    return {key: value for key, value in found.items() if not SECRET.search(key)}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            **extras(record),
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class HumanFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = extras(record)
        if not fields:
            return line
        # %r-style for text a client chose (a route that matched nothing is never logged as
        # sent): a value cannot forge a line.
        shown = " ".join(
            f"{key}={value}" if isinstance(value, int | float) else f"{key}={value!r}"
            for key, value in fields.items()
        )
        head, _, rest = line.partition("\n")  # a traceback stays below the fields
        return f"{head} {shown}" + (f"\n{rest}" if rest else "")


def config(fmt: str | None = None, level: str | None = None) -> dict[str, Any]:
    """The dictConfig for a process: ours, gunicorn's (its ``logconfig_dict``: its own lines,
    access log included, in the same format) and every library's, to stderr."""
    fmt = (fmt or os.environ.get("PASSLINE_LOG_FORMAT") or "human").lower()
    if fmt not in FORMATS:
        raise ValueError(f"PASSLINE_LOG_FORMAT must be one of {', '.join(FORMATS)}, not {fmt!r}")
    formatter = JsonFormatter if fmt == "json" else HumanFormatter
    level = (level or os.environ.get("PASSLINE_LOG_LEVEL") or "INFO").upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,  # modules made theirs on import
        "formatters": {"passline": {"()": f"{__name__}.{formatter.__name__}"}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "passline",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            # gunicorn's, through the root's handler: one format for every line. Its access
            # line would say again, with less, what this module's line per request says.
            "gunicorn.error": {"handlers": [], "propagate": True},
            "gunicorn.access": {"handlers": [], "propagate": True, "level": "WARNING"},
            # Its own line per request is this module's (with the request's fields).
            "werkzeug": {"level": "WARNING"},
        },
    }


def init_app(app: Flask) -> None:
    @app.before_request
    def start() -> None:
        g.started = time.perf_counter()
        given = request.headers.get("X-Request-Id", "")
        g.request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex[:16]

    @app.after_request
    def finish(response: Response) -> Response:
        started = g.get("started")
        if started is None:  # a request that failed before it began
            return response
        response.headers["X-Request-Id"] = g.request_id
        ms = round((time.perf_counter() - started) * 1000, 1)
        slow = ms >= app.config["SLOW_REQUEST_S"] * 1000
        if response.status_code >= 500:
            level = logging.ERROR
        elif slow:
            level = logging.WARNING
        elif app.config["ACCESS_LOG"]:
            level = logging.INFO
        else:
            return response
        device = g.get("device")
        fields = {
            "request_id": g.request_id,
            "restaurant": getattr(device, "restaurant", None),
            "role": getattr(device, "role", None),
            "device": getattr(device, "device", None),
            "method": request.method,
            "route": request.url_rule.rule if request.url_rule is not None else "(no route)",
            "status": response.status_code,
            "ms": ms,
        }
        access_log.log(level, "slow request" if slow else "request", extra=fields)
        return response
