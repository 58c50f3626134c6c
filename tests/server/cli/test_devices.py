"""``passline devices list|revoke``: every signed-in device, and one signed out for good.
Beside a running server (it closes the socket within a second):
``tests/server/access/test_devices.py``."""

from __future__ import annotations

from tests.server.cli.test_pin import sign_in


def test_a_device_is_listed_then_revoked_once(passline, demo_db):
    device = sign_in(demo_db, "2222")["device"]["id"]
    code, out, _ = passline("devices", "list", "demo", "--db", demo_db)
    assert code == 0 and out.splitlines()[0].split()[:3] == ["DEVICE", "ROLE", "NAME"]
    (row,) = [line for line in out.splitlines() if line.startswith(device)]
    assert row.split()[1] == "floor" and row.endswith("signed in")
    assert passline("devices", "revoke", "demo", device, "--db", demo_db)[0] == 0
    code, out, _ = passline("devices", "revoke", "demo", device, "--db", demo_db)
    assert code == 0 and "revoked already" in out
    assert sign_in(demo_db, "2222")["status"] == 200  # the PIN still signs a new device in
    code, _, err = passline("devices", "revoke", "demo", "nope", "--db", demo_db)
    assert code == 1 and "no device 'nope'" in err
