"""The OpenAPI 3.1 document, generated from the route table and the domain specs."""

from __future__ import annotations

import re
from importlib import metadata

from domain import answers, payloads, reducer, submissions
from domain.schema import json_schema

from ..files import floor_file, menu_file
from .errors import HTTP_STATUS
from .routes import ROUTES, Route

ERROR_REF = {"$ref": "#/components/schemas/Error"}

LIVE_DESCRIPTION = """\
WebSocket, JSON text frames. The first client frame is `hello`; without a valid token within
5 s the server sends an `error` frame and closes with code 4401. The server answers `welcome`
with the latest `seq`, then every event after the client's `since` in order, then live events
as they commit. `since: null` means "from now on" (fetch `/floor` first and send its `seq`).
If `since` is ahead of the server's log, `welcome` carries `reset: true`: drop local state and
refetch `/floor`. A client that falls too far behind is cut off (code 4408, or abruptly when not
even the close frame fits in its buffer) and resumes from its cursor. Compression is declined.
Socket-level pings go out every 25 s; a peer that stops answering is dropped. `welcome` carries
`heartbeat_s`: the client sends `ping` at that pace; two silent intervals mean a dead socket.
A `ping` may carry `health`, the device's health report (see `GET /devices/health`), about once
a minute and when it changes, at most one kept per socket every 10 s; `welcome` carries
`health_waiting_s`, how long unsent changes may wait before they are trouble (a report then).
`submit` runs the same operations with the same `client_id` idempotency as REST;
`submit_batch` (`{mutations: [...]}`, up to 100) commits them together, like `POST /mutations`,
and is answered by one `ack` or `reject` frame per mutation, in order. An `ack` (here and in
`POST /mutations` results) carries `seq`: a floor at that seq or later shows the change."""


try:  # the server's, as pyproject.toml says it once: /health, this document, --version
    VERSION = metadata.version("passline")
except metadata.PackageNotFoundError:  # a checkout never installed
    VERSION = "0+unknown"


def _openapi_path(path: str) -> str:
    return "/api/v1" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path)


def _operation(route: Route) -> dict:
    op: dict = {"summary": route.summary, "operationId": f"{route.method.lower()}{route.path}"}
    if route.description:
        op["description"] = route.description
    if route.tag:
        op["tags"] = [route.tag]
    params = [
        {"name": p, "in": "path", "required": True, "schema": json_schema(route.path_specs[p])}
        for p in route.path_params
    ] + [
        {"name": name, "in": "query", "required": False, "schema": json_schema(spec)}
        for name, spec in route.query.items()
    ]
    if params:
        op["parameters"] = params
    if route.body is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": json_schema(route.body)}},
        }
    if route.raw_body:
        binary = {"schema": {"type": "string", "contentMediaType": "application/octet-stream"}}
        op["requestBody"] = {"required": True, "content": dict.fromkeys(route.raw_body, binary)}
    ok: dict = {"description": "OK"}
    if route.response is not None:
        ok["content"] = {"application/json": {"schema": json_schema(route.response)}}
    responses: dict = {str(route.status): ok}
    if route.status == 201:
        responses["200"] = {
            **ok,
            "description": "A replay: the first result (its order as it is now), nothing changed",
        }
    codes = list(route.errors)
    if route.body is not None or route.query:
        codes += ["invalid_json", "missing_field", "wrong_type", "out_of_range", "too_long"]
    if route.body is not None or route.query or route.path_params:
        codes += ["invalid_value", "too_short"]
    codes += ["unknown_parameter"]  # every route: the document lists its query parameters
    if route.body is not None:
        codes += ["payload_too_large", "unsupported_media_type"]
    if route.roles is not None:
        codes += ["unauthorized", "token_expired", "device_revoked", "forbidden", "rate_limited"]
        op["security"] = [{"bearer": []}]
    else:
        op["security"] = []
    by_status: dict[int, list[str]] = {}
    for code in codes:
        by_status.setdefault(HTTP_STATUS.get(code, 422), []).append(code)
    for status, names in sorted(by_status.items()):
        responses[str(status)] = {
            "description": "Error codes: " + ", ".join(sorted(set(names))),
            "content": {"application/json": {"schema": ERROR_REF}},
        }
    op["responses"] = responses
    return op


def document() -> dict:
    paths: dict = {}
    for route in ROUTES:
        paths.setdefault(_openapi_path(route.path), {})[route.method.lower()] = _operation(route)
    # The live socket is not an HTTP operation: said as what it is, beside the paths (a plain
    # GET of it is refused with 400 `bad_request`; a WebSocket upgrade is answered with 101).
    websocket = {
        "summary": "Live socket: events as they commit, and mutations with acks",
        "description": LIVE_DESCRIPTION,
        "protocol": "WebSocket (RFC 6455), JSON text frames",
        "client-frames": {
            "hello": json_schema(payloads.HELLO),
            "ping": json_schema(payloads.PING),
            "submit": json_schema(payloads.SUBMIT),
            "submit_batch": json_schema(submissions.BATCH),
        },
        "server-frames": ["welcome", "event", "pong", "ack", "reject", "error"],
        # Every event the reducer knows, and the placeholder a kiosk gets for the others.
        "events": sorted([*reducer.HANDLERS, "hidden"]),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Passline API",
            "version": VERSION,
            "description": "Restaurant operations: menu, floor, orders, and the event log.",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "x-websockets": {"/api/v1/live": websocket},
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": json_schema(answers.ERROR),
                "Order": json_schema(answers.ORDER),
                "Table": json_schema(answers.TABLE),
                "Area": json_schema(answers.AREA),
                "Event": json_schema(answers.EVENT),
                # What ``passline menu import`` and ``floor import`` read.
                "MenuFile": json_schema(menu_file.MENU_FILE),
                "FloorFile": json_schema(floor_file.FLOOR_FILE),
            },
        },
    }
