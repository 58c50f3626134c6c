"""What the server's answer to each of the engine's requests means, told to the session.

An answer is ``(status, body)`` as it came, or None when none came (the network failed, or
the request broke on the way). Whatever it is, the session hears how the request ended: a
request the session never hears back from leaves it waiting forever, and sync stops with no
sign on screen. A body of the wrong shape did not come from our server (a Wi-Fi login page):
it counts as no answer. Pure: tested in CPython.
"""

from __future__ import annotations

from collections.abc import Mapping

from sync.session import Session

Answer = tuple[int, object] | None
RENEW = "renew"  # a load refused with 401: renew the token, then load again


def read_poll(session: Session, answer: Answer, now: float) -> object:
    """A poll of ``/events``; the server's time it said (None if none)."""
    status, body = answer if answer is not None else (0, None)
    if status == 401:
        session.poll_unauthorized(now)
    elif status != 200 or not isinstance(body, Mapping):
        session.poll_failed(now)
    else:
        session.polled(
            body.get("events"), body.get("seq"), now, body.get("reset"), body.get("epoch")
        )
        return body.get("now")
    return None


def read_post(session: Session, answer: Answer, now: float) -> None:
    """A batch posted to ``/mutations``: one result per change, or the whole batch failed."""
    if answer is None:
        session.post_failed(now)
        return
    status, body = answer
    if status == 200:
        session.posted(body.get("results") if isinstance(body, Mapping) else None, now)
    else:
        session.post_failed(now, status)


def renewal(session: Session, restaurant: str, credential: object) -> dict | None:
    """The body that asks ``/renew`` for a new token, or None: a device signed in by a build
    without credentials cannot renew, and goes to the PIN pad."""
    if not isinstance(credential, str) or not credential:
        session.refused("")
        return None
    return {"restaurant": restaurant, "credential": credential}


def read_renewal(session: Session, answer: Answer, now: float) -> str | None:
    """A renewal: the new token (the engine stores it, then tells ``session.renewed``); a 401
    ends the sign-in with the server's reason; no verdict (a 5xx, a 429, no answer) asks
    again after a backoff."""
    status, body = answer if answer is not None else (0, None)
    token = body.get("token") if isinstance(body, Mapping) else None
    if status == 200 and isinstance(token, str) and token:
        return token
    if status == 401:
        error = body.get("error") if isinstance(body, Mapping) else None
        session.refused((error if isinstance(error, Mapping) else {}).get("field") or "")
        return None
    session.renew_failed(now)
    return None


def read_load(answer: Answer, key: str) -> Mapping | str | None:
    """A whole load (``/floor``: ``key`` "seq"; ``/menu``: "version"): the body if it is the
    server's, ``RENEW`` if the token was refused, else None (nothing changes; tried later)."""
    if answer is None:
        return None
    status, body = answer
    if status == 401:
        return RENEW
    if status != 200 or not isinstance(body, Mapping) or not isinstance(body.get(key), int):
        return None
    return body
