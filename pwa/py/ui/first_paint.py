"""The screen's last picture, for the next boot to paint before Python has started. Pure.

A reload of a signed-in screen (a kitchen after a power cut, a kiosk's nightly reload, a phone
whose system dropped the app from memory) waits seconds for Pyodide on a cheap tablet; the
person should see their screen at once. After renders, at most every ``SAVE_EVERY_S``, the app
keeps its markup with the addresses it answers, the build, the language and its age
(``browser.first_paint`` keeps it); ``boot.js`` paints it inert, marked "Starting…", until the
first real render takes its place. It is forgotten whenever nobody is signed in here any more,
so a shared device never shows one person's screen to the next.
"""

from __future__ import annotations

SAVE_EVERY_S = 2.0  # a picture at most this old, at the price of one serialisation per period
MAX_CHARS = 1_500_000  # localStorage holds ~5 MB of UTF-16: a picture never crowds out the rest


class Keeper:
    """When the picture is to be taken again: after a render, once a period has passed."""

    def __init__(self, every_s: float = SAVE_EVERY_S) -> None:
        self.every_s = every_s
        self.dirty = False
        self.saved_at: float | None = None

    def rendered(self) -> None:
        self.dirty = True

    def due(self, now: float) -> bool:
        return self.dirty and (self.saved_at is None or now - self.saved_at >= self.every_s)

    def saved(self, now: float) -> None:
        self.dirty = False
        self.saved_at = now


def addresses(hash_: str, screen: str, home: str) -> list[str]:
    """The addresses a boot may paint this picture for: the one it was taken at, and the bare
    address when the screen is the role's own (an installed app opens without a hash)."""
    found = [hash_]
    if screen == home and "" not in found:
        found.append("")
    return found


def record(html: str, hashes: list[str], screen: str, build: str, lang: str, at: str,
           title: str, note: str = "") -> dict | None:  # fmt: skip
    """What is kept; None when the markup is too big to keep. ``note``: what the painted
    picture says until Python has drawn ("Starting…", in the device's language)."""
    if len(html) > MAX_CHARS:
        return None
    return {"v": 1, "html": html, "hashes": hashes, "screen": screen, "build": build,
            "lang": lang, "at": at, "title": title, "note": note}  # fmt: skip
