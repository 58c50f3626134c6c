"""Adapter for system notifications: ask once, then show through the service worker.

Shown by the worker's registration (``showNotification``), not ``new Notification``: Android
Chrome allows only that, and a tap reaches the worker's ``notificationclick`` even when the page
is gone. Only while the page is hidden: on screen, the screen itself already shows it. There is
no push service: the page must still be alive (locked screen, another app in front) to hear the
event over its socket — a restaurant's LAN reaches no push service.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import js
from pyodide.ffi import to_js

from browser import page

ICON = "/icons/icon-192.png"


class Shown(Protocol):
    """A notice as the page worded it (``ui.notices.Notice``)."""

    tag: str
    title: str
    body: str
    url: str  # same-origin address, opened by the service worker on a tap


def supported() -> bool:
    return bool(getattr(page.window, "Notification", None)) and bool(
        page.window.navigator.serviceWorker
    )


def permission() -> str:
    """``granted``, ``denied`` or ``default`` (not asked yet); ``unsupported`` without the API."""
    return str(page.window.Notification.permission) if supported() else "unsupported"


async def ask() -> str:
    """The browser's question; call it from a tap (browsers ignore it otherwise)."""
    if not supported():
        return "unsupported"
    return str(await page.window.Notification.requestPermission())


async def show(notices: Sequence[Shown]) -> int:
    """Show ``notices`` if allowed and the page is out of sight; how many were shown."""
    if not notices or permission() != "granted" or page.document.visibilityState == "visible":
        return 0
    registration = await page.window.navigator.serviceWorker.ready
    for notice in notices:
        options = {
            "body": notice.body,
            "tag": notice.tag,
            "renotify": True,  # the same order ready again still buzzes
            "icon": ICON,
            "badge": ICON,
            "data": {"url": notice.url},
        }
        await registration.showNotification(
            notice.title, to_js(options, dict_converter=js.Object.fromEntries)
        )
    return len(notices)
