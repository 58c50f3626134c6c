"""Access tokens: bound to one restaurant, role and device, signed by that restaurant's own key,
and dead after their time."""

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


def test_each_restaurant_signs_its_own_and_no_other():
    """A key that left with one restaurant's backup forges nothing for another."""
    keys = {"demo": "d" * 48, "kose": "k" * 48}
    tokens = Tokens(keys.get, 600)
    mine = tokens.issue(Device("kose", "floor", "d1"))
    assert tokens.verify(mine).restaurant == "kose"
    forged = Tokens("k" * 48, 600).issue(Device("demo", "manager", "d2"))  # kose's key, demo's name
    for token in (forged, Tokens(keys.get, 600).issue(Device("demo", "floor", "d3"))[:-3] + "abc"):
        with pytest.raises(DomainError) as refused:
            tokens.verify(token)
        assert refused.value.code == "unauthorized"
    with pytest.raises(LookupError):
        tokens.issue(Device("nowhere", "floor", "d4"))
    nowhere = Tokens("n" * 48, 600).issue(Device("nowhere", "floor", "d4"))
    with pytest.raises(DomainError):
        tokens.verify(nowhere)  # no such restaurant: no key verifies it


def test_a_signed_token_without_a_device_is_refused():
    # Tokens from builds before devices carried no device id: never accepted.
    old = URLSafeTimedSerializer("k" * 48, salt=TOKEN_SALT).dumps({"r": "demo", "role": "manager"})
    with pytest.raises(DomainError) as refused:
        Tokens("k" * 48, 600).verify(old)
    assert refused.value.code == "unauthorized"


def test_a_token_is_believed_only_as_far_as_its_devices_record_agrees(tmp_path):
    """A token signed with the right key but naming another role than the device signed in
    with (a leaked key, a bug that issues one) is refused (the socket's hello asks the same
    ``Devices.check``)."""
    from server import create_app
    from server.access.tokens import Device
    from server.cli import demo

    app = create_app({"DATABASE": str(tmp_path / "p.db")})
    services = app.extensions["passline"]
    demo.seed(services.store)
    client = app.test_client()
    floor = client.post("/api/v1/login", json={"restaurant": "demo", "pin": demo.PINS["floor"]})
    device_id = floor.get_json()["device"]["id"]
    honest = services.tokens.issue(Device("demo", "floor", device_id))
    raised = services.tokens.issue(Device("demo", "manager", device_id))
    assert (
        client.get("/api/v1/floor", headers={"Authorization": f"Bearer {honest}"}).status_code
        == 200
    )
    refused = client.get("/api/v1/devices", headers={"Authorization": f"Bearer {raised}"})
    assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "unauthorized"
