"""The first paint's storage and its hand-over (``ui.first_paint`` decides when and what): the
app's markup kept in localStorage under the key ``boot.js`` reads, and the painted picture
lifted once Python has drawn the screen."""

from __future__ import annotations

import json

from browser import page

KEY = "passline.first_paint"  # boot.js reads it by this name
OVERLAY = "first-paint"


def markup() -> str:
    """The app's markup as drawn (made by ``pwa/remote-dom.js``, next to the page)."""
    return page.markup()


def save(kept: dict | None) -> bool:
    """Keep the picture (None: drop the one kept, it is too big to keep)."""
    try:
        if kept is None:
            page.local_storage.removeItem(KEY)
            return False
        page.local_storage.setItem(KEY, json.dumps(kept))
    except Exception:  # storage full or refused: the next boot waits for Python, as before
        return False
    return True


def forget() -> None:
    """Nobody is signed in here any more: no picture of their screen stays."""
    page.local_storage.removeItem(KEY)
    lift()


def lift() -> None:
    """The real screen is drawn (or a PIN pad): the picture goes."""
    overlay = page.document.getElementById(OVERLAY)
    if overlay:  # null when nothing was painted
        overlay.remove()
    page.document.documentElement.removeAttribute("data-first-paint")
