"""The sync protocol's numbers and names, stated once.

The server, the page's sync engine and the service worker must agree on these: a batch limit the
worker exceeds is a batch the server refuses, and two flush locks with different names are two
flushers. The server and the page import this module; the worker, which is JavaScript, gets the
same values as ``self.PASSLINE_PROTOCOL`` in ``/vendor/protocol.js``, written from
``for_worker()`` by ``tools/build_pwa.py``. A test checks the three agree.
"""

from __future__ import annotations

# Requests and frames
BODY_LIMIT_BYTES = 64 * 1024  # the server refuses a larger request body or socket frame
BATCH_LIMIT = 100  # mutations in one REST batch or ``submit_batch`` frame
# A client's batch, counted in UTF-8 bytes of its mutations, stays under the body limit with
# room for the envelope ({"mutations": [...]}, or the frame's type).
BATCH_BYTES = 48 * 1024

# Socket close codes
CLOSE_UNAUTHORIZED = 4401  # no valid token: sign in again, do not reconnect with this one
CLOSE_LAGGING = 4408  # the peer read too slowly and was cut off: reconnect from the cursor

# The outbox as IndexedDB keeps it (the page writes it and reads what the worker heard)
DB_NAME = "passline"
OUTBOX_STORE = "outbox"
KV_STORE = "kv"
PENDING = "pending"  # waiting to be sent
SENDING = "sending"  # sent, no answer yet
ATTENTION = "attention"  # refused by the server: a person must retry or discard it
# Acked (by a page, or the worker with no page open), with the ack's ``seq``. Kept, not deleted,
# until the floor stored is at that seq: a change gone from both would be undone on the screen
# (a payment taken twice). It leaves the store in the same write as a floor that far on; a page
# that loads it with an older floor sends it once more (the server answers the same result).
DELIVERED = "delivered"
# What the worker sends while no page is open, and what it heard (kv records; sync/parcel.py):
# the page writes the parcel, ready batches, with the queue; the worker appends each answer as it
# came to the replies, which the page reads on its next start. The worker decides nothing.
PARCEL_KEY = "parcel"
REPLIES_KEY = "replies"

# Coordination on one device
FLUSH_LOCK = "passline-flush"  # Web Lock: whoever holds it (a tab, or the worker) sends
TABS_CHANNEL = "passline-outbox"  # BroadcastChannel: "the shared outbox changed"
SYNC_TAG = "passline-outbox"  # Background Sync tag the worker answers

# Service-worker caches that may hold a signed-in device's data: deleted at sign-out.
API_CACHE_PREFIX = "passline-api"
LEGACY_MENU_CACHE = "passline-menu"  # builds before the engine owned the menu kept one


def owner_of(restaurant: str, role: str) -> str:
    """Whose a stored record is: a queued change, a cached floor or menu belongs to the
    restaurant and role that made it, and is never sent or shown under another sign-in (the
    worker sends only the parcel the page made for the sign-in it holds)."""
    return f"{restaurant}/{role}"


def for_worker() -> dict[str, object]:
    """Every constant above, by name: what ``/vendor/protocol.js`` carries to the worker."""
    return {
        name: value
        for name, value in globals().items()
        if name.isupper() and isinstance(value, int | str)
    }
