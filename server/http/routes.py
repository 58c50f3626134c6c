"""A route table: each REST endpoint is declared once, with its auth, body and query specs.

The ``endpoint`` decorator registers the Flask view *and* records what the OpenAPI document
says about it, so the document cannot drift from the routes. It also does the chores every
endpoint shares: bearer-token check, role check, JSON parsing and validation against the
domain specs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import Blueprint, current_app, g, request

from domain import payloads, schema
from domain.errors import DomainError
from domain.roles import ROLES

api = Blueprint("api", __name__, url_prefix="/api/v1")

# Every role but the guests' board, which reads order numbers and states only (``/floor``,
# ``/events`` and the live socket name it; ``access.scopes`` says what it sees).
ALL_ROLES: tuple[str, ...] = tuple(r for r in ROLES if r != "board")
READERS: tuple[str, ...] = ROLES


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    summary: str
    roles: tuple[str, ...] | None
    body: schema.Obj | None
    query: dict[str, schema.Spec]
    status: int
    response: schema.Spec | None
    errors: tuple[str, ...]
    description: str = ""
    tag: str = ""
    path_params: tuple[str, ...] = field(default=())
    raw_body: tuple[str, ...] = ()  # media types of a body taken as bytes (a picture)
    # Each path parameter's spec (an id, unless the route says: a role, a job's id).
    path_specs: dict[str, schema.Spec] = field(default_factory=dict)


ROUTES: list[Route] = []


def services() -> Any:
    """The app's shared services (``server.Services``)."""
    return current_app.extensions["passline"]


def _parse_query(specs: dict[str, schema.Spec]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, spec in specs.items():
        raw = request.args.get(name)
        if raw is None:  # absent; an empty value is a value, checked like any other
            out[name] = None
            continue
        value: Any = raw
        if isinstance(spec, schema.Int):
            try:
                value = int(raw)
            except ValueError:
                raise DomainError(
                    "wrong_type", f"{name} must be a whole number", field=name
                ) from None
        out[name] = schema.validate(spec, value, name)
    return out


def _parse_body(spec: schema.Obj) -> dict:
    # JSON only: a form or text/plain body is what any web page can post without a preflight.
    if not request.is_json:
        raise DomainError("unsupported_media_type", "send the body as application/json")
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        raise DomainError("invalid_json", "the request body is nested too deeply") from None
    if body is None:
        if not request.get_data(cache=True):
            raise DomainError("invalid_json", "the request body is empty; send a JSON object")
        raise DomainError("invalid_json", "the request body is not valid JSON")
    return schema.validate(spec, body)


def _raw_body(types: tuple[str, ...]) -> bytes:
    from ..files.pictures import MAX_UPLOAD_BYTES

    if request.mimetype not in types:
        raise DomainError("unsupported_media_type", f"send the body as one of: {', '.join(types)}")
    request.max_content_length = MAX_UPLOAD_BYTES  # above the JSON limit, for this route only
    return request.get_data(cache=False)


def authenticate() -> Any:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or not header[7:].strip():
        raise DomainError("unauthorized", "send Authorization: Bearer <token> from /api/v1/login")
    svc = services()
    device = svc.tokens.verify(header[7:].strip())
    if not svc.accounts.restaurant_exists(device.restaurant):
        raise DomainError("unauthorized", "the restaurant of this token no longer exists")
    svc.devices.check(device.restaurant, device.device, device.role, device.person)
    svc.request_rates.check("requests", (device.restaurant, device.device), what="requests")
    svc.devices.seen(device.restaurant, device.device)
    svc.watcher.ensure_running()
    return device


def endpoint(
    method: str,
    path: str,
    summary: str,
    *,
    roles: tuple[str, ...] | None = ALL_ROLES,
    body: schema.Obj | None = None,
    query: dict[str, schema.Spec] | None = None,
    status: int = 200,
    response: schema.Spec | None = None,
    errors: tuple[str, ...] = (),
    description: str = "",
    tag: str = "",
    raw_body: tuple[str, ...] = (),
    path_specs: dict[str, schema.Spec] | None = None,
) -> Callable:
    """Register ``view`` at ``path``; it is called as ``view(payload=..., query=..., **path)``.

    ``roles=None`` makes the endpoint public; otherwise the caller's token must carry one of
    ``roles`` (and ``g.device`` holds it).
    """
    query = query or {}
    names = tuple(re.findall(r"<(?:\w+:)?(\w+)>", path))
    specs = {name: (path_specs or {}).get(name, payloads.ID) for name in names}

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(**path_args: Any) -> Any:
            if roles is not None:
                g.device = authenticate()
                if g.device.role not in roles:
                    raise DomainError(
                        "forbidden", f"a {g.device.role} device may not use this endpoint"
                    )
            kwargs: dict[str, Any] = {name: schema.validate(specs[name], value, name)
                                      for name, value in path_args.items()}  # fmt: skip
            if body is not None:
                kwargs["payload"] = _parse_body(body)
            if raw_body:
                kwargs["raw"] = _raw_body(raw_body)
            unknown = sorted(set(request.args) - set(query))
            if unknown:  # the document lists every parameter; a stray one is a client's mistake
                name = unknown[0][:40]
                raise DomainError("unknown_parameter", f"no query parameter {name!r} here",
                                  field=name)  # fmt: skip
            if query:
                kwargs["query"] = _parse_query(query)
            return view(**kwargs)

        ROUTES.append(
            Route(
                method=method,
                path=path,
                summary=summary,
                roles=roles,
                body=body,
                query=query,
                status=status,
                response=response,
                errors=errors,
                description=description,
                tag=tag,
                raw_body=raw_body,
                path_params=names,
                path_specs=specs,
            )
        )
        api.add_url_rule(
            path, endpoint=f"{view.__name__}_{method.lower()}", view_func=wrapper, methods=[method]
        )
        return wrapper

    return decorator
