"""Background Sync: the backstop that sends the outbox after the page is closed.

The page registers the tag whenever it queues a change; the browser then wakes the service
worker (``service-worker.js``, ``sync`` event) when it can, even with no page open. Where
Background Sync does not exist, the worker flushes whenever it starts instead.
"""

from __future__ import annotations

from browser import page
from domain.protocol import SYNC_TAG


async def register() -> None:
    try:
        registration = await page.window.navigator.serviceWorker.ready
        if hasattr(registration, "sync") and registration.sync:
            await registration.sync.register(SYNC_TAG)
    except Exception:  # no worker yet (first visit) or sync refused: the page flushes itself
        pass
