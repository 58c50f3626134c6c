"""Each restaurant signs its own (``server.access.keys``): a token names its restaurant and only
that restaurant's key verifies it; something that is not a token's shape, or names no
restaurant, gets no signer; the signers kept stay bounded whatever is sent."""

from __future__ import annotations

import pytest
from itsdangerous import BadSignature

from server.access import keys
from server.access.keys import Signers

KEYS = {"kose": "key-of-kose", "cafe": "key-of-cafe"}


def test_only_the_restaurants_own_key_verifies_its_tokens():
    signers = Signers(KEYS.get, salt="access")
    token = signers.for_restaurant("kose").dumps({"r": "kose", "role": "floor"})
    assert signers.for_token(token).loads(token) == {"r": "kose", "role": "floor"}
    with pytest.raises(BadSignature):
        signers.for_restaurant("cafe").loads(token)  # another restaurant's key opens nothing
    forged = Signers({"kose": "a-leaked-other-key"}.get, salt="access")
    fake = forged.for_restaurant("kose").dumps({"r": "kose", "role": "manager"})
    with pytest.raises(BadSignature):
        signers.for_token(fake).loads(fake)
    with pytest.raises(LookupError):
        signers.for_restaurant("nowhere")


@pytest.mark.parametrize("token", ["", "not a token", "a.b.c", "x" * 5000])
def test_what_is_no_token_gets_no_signer(token):
    assert Signers(KEYS.get, salt="access").for_token(token) is None


def test_a_token_naming_no_restaurant_gets_no_signer():
    anyone = Signers("shared", salt="access")  # one key for all: still the restaurant is read
    for body in ({"role": "floor"}, {"r": ""}, {"r": "x" * 65}, {"r": 7}, ["r"]):
        assert anyone.for_token(anyone.for_restaurant("kose").dumps(body)) is None
    unknown = anyone.for_restaurant("kose").dumps({"r": "nowhere"})
    assert Signers(KEYS.get, salt="access").for_token(unknown) is None


def test_the_signers_kept_stay_bounded(monkeypatch):
    monkeypatch.setattr(keys, "MAX_SIGNERS", 3)
    signers = Signers(lambda restaurant: f"key-{restaurant}", salt="access")
    for n in range(10):
        signers.for_restaurant(f"r{n}")
        assert len(signers._by_key) <= 3
