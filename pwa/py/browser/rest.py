"""fetch, with a timeout and typed failures. The server being gone shows here as an exception
("Failed to fetch"), not through ``navigator.onLine``, which stays true."""

from __future__ import annotations

import json
from typing import Any

import js
from pyscript.ffi import to_js

from browser import page

TIMEOUT_MS = 8000


class Unreachable(Exception):
    """No answer from the server: network error, timeout, the server process is gone, or an
    answer that is not the server's JSON (a captive portal's or a proxy's HTML page)."""


async def request(
    method: str, path: str, body: Any = None, token: str | None = None, timeout_ms: int = TIMEOUT_MS
) -> tuple[int, Any]:
    """``(status, parsed JSON or None)``; raises Unreachable when the server did not answer.

    Every answer of the API is JSON; a body that is not (a Wi-Fi login page, a proxy's error
    page, a truncated read) did not come from the server and counts as an outage."""
    controller = js.AbortController.new()
    timer = js.setTimeout(controller.abort.bind(controller), timeout_ms)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    options: dict[str, Any] = {
        "method": method,
        "headers": headers,
        "signal": controller.signal,
        "cache": "no-store",
    }
    if body is not None:
        options["body"] = json.dumps(body)
    try:
        response = await js.fetch(page.url(path), to_js(options))
        text = await response.text()
    except Exception as exc:  # TypeError "Failed to fetch", or AbortError on timeout
        raise Unreachable(str(exc)) from None
    finally:
        js.clearTimeout(timer)
    try:
        return response.status, json.loads(text) if text else None
    except ValueError:
        raise Unreachable(f"not the server's answer (HTTP {response.status})") from None
