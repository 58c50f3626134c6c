"""The first paint's storage and its hand-over (``ui.first_paint`` decides when and what): the
app's markup kept in localStorage under the key ``boot.js`` reads, and the painted picture
lifted once Python has drawn the screen."""

from __future__ import annotations

import json

import js

KEY = "passline.first_paint"  # boot.js reads it by this name
OVERLAY = "first-paint"


def markup() -> str:
    """The app's markup as drawn. Inline styles (set through the CSSOM, which the page's policy
    allows) are carried as ``data-fp-style``: parsed back as ``style`` attributes, the policy
    would refuse them; ``boot.js`` sets them through the CSSOM again."""
    app = js.document.getElementById("app")
    if not app:  # null in JavaScript
        return ""
    copy = app.cloneNode(True)
    for node in copy.querySelectorAll("[style]"):
        node.setAttribute("data-fp-style", node.getAttribute("style"))
        node.removeAttribute("style")
    return str(copy.innerHTML)


def save(kept: dict | None) -> bool:
    """Keep the picture (None: drop the one kept, it is too big to keep)."""
    try:
        if kept is None:
            js.localStorage.removeItem(KEY)
            return False
        js.localStorage.setItem(KEY, json.dumps(kept))
    except Exception:  # storage full or refused: the next boot waits for Python, as before
        return False
    return True


def forget() -> None:
    """Nobody is signed in here any more: no picture of their screen stays."""
    js.localStorage.removeItem(KEY)
    lift()


def lift() -> None:
    """The real screen is drawn (or a PIN pad): the picture goes."""
    overlay = js.document.getElementById(OVERLAY)
    if overlay:  # null when nothing was painted
        overlay.remove()
    js.document.documentElement.removeAttribute("data-first-paint")
