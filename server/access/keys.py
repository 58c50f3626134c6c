"""Each restaurant signs its own: the signers of access tokens and approvals, one per restaurant
key. A token names its restaurant; that restaurant's key, and no other, verifies it, so a key
that leaked with one restaurant's backup opens nothing of another's, and rotating one
restaurant's key (``passline restaurant rotate-key``) leaves the others alone.
"""

from __future__ import annotations

from collections.abc import Callable

from itsdangerous import URLSafeTimedSerializer

KeyFor = Callable[[str], "str | None"]  # a restaurant's key; None: no such restaurant
MAX_SIGNERS = 10_000  # one per key in use: bounded whatever tokens are sent


class Signers:
    def __init__(self, keys: str | KeyFor, salt: str) -> None:
        self._key_for: KeyFor = keys if callable(keys) else (lambda _restaurant: keys)
        self._salt = salt
        self._by_key: dict[str, URLSafeTimedSerializer] = {}
        # Only to read which restaurant a token names, before its own key verifies it.
        self._reader = URLSafeTimedSerializer("", salt=salt)

    def for_restaurant(self, restaurant: str) -> URLSafeTimedSerializer:
        """The signer of a restaurant that exists."""
        signer = self._signer(restaurant)
        if signer is None:
            raise LookupError(f"no restaurant {restaurant!r}")
        return signer

    def for_token(self, token: str) -> URLSafeTimedSerializer | None:
        """The signer that may verify ``token``: its restaurant's, if the token names one."""
        try:
            _, body = self._reader.loads_unsafe(token)
        except Exception:  # not even a token's shape: nothing verifies it
            return None
        restaurant = body.get("r") if isinstance(body, dict) else None
        if not isinstance(restaurant, str) or not 0 < len(restaurant) <= 64:
            return None
        return self._signer(restaurant)

    def _signer(self, restaurant: str) -> URLSafeTimedSerializer | None:
        key = self._key_for(restaurant)
        if key is None:
            return None
        signer = self._by_key.get(key)
        if signer is None:
            if len(self._by_key) >= MAX_SIGNERS:
                self._by_key.clear()
            signer = self._by_key[key] = URLSafeTimedSerializer(key, salt=self._salt)
        return signer
