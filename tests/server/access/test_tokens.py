"""Access tokens: bound to one restaurant, role and device, signed by this server's key, and
dead after their time."""

import pytest
from itsdangerous import URLSafeTimedSerializer

from domain.errors import DomainError
from server.access.tokens import TOKEN_SALT, Device, Tokens


def test_a_token_says_whose_it_is_and_when_it_dies():
    tokens = Tokens("k" * 48, max_age_s=600)
    device = tokens.verify(tokens.issue(Device("demo", "floor", "d1")))
    assert (device.restaurant, device.role, device.device) == ("demo", "floor", "d1")
    assert device.expires_at > 0


# Named, not shown: the signed token holds the second it was made, and pytest-xdist's workers
# must collect the same test ids.
@pytest.mark.parametrize(
    "token",
    ["", "nonsense", Tokens("another key" * 4, 600).issue(Device("demo", "manager", "d1"))],
    ids=["empty", "nonsense", "another-servers"],
)
def test_a_token_this_server_did_not_sign_is_refused(token):
    with pytest.raises(DomainError) as refused:
        Tokens("k" * 48, 600).verify(token)
    assert refused.value.code == "unauthorized"


def test_an_expired_token_says_so_and_asks_for_renewal():
    tokens = Tokens("k" * 48, max_age_s=-2)  # every token is already older than this
    with pytest.raises(DomainError) as refused:
        tokens.verify(tokens.issue(Device("demo", "kiosk", "d1")))
    assert refused.value.code == "token_expired"


def test_a_signed_token_without_a_device_is_refused():
    # Tokens from builds before devices carried no device id: never accepted.
    old = URLSafeTimedSerializer("k" * 48, salt=TOKEN_SALT).dumps({"r": "demo", "role": "manager"})
    with pytest.raises(DomainError) as refused:
        Tokens("k" * 48, 600).verify(old)
    assert refused.value.code == "unauthorized"
