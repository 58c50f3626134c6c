"""``passline pin set``: a strong PIN replaces the old one and signs out that role's devices
(unless kept); a weak or shared one is refused with nothing changed."""

from __future__ import annotations

from server import create_app


def sign_in(db: str, pin: str) -> dict:
    answer = create_app({"DATABASE": db}).test_client().post(
        "/api/v1/login", json={"restaurant": "demo", "pin": pin})  # fmt: skip
    return answer.get_json() | {"status": answer.status_code}


def test_a_new_pin_opens_the_role_and_signs_its_devices_out(passline, demo_db):
    kept, other = sign_in(demo_db, "1111"), sign_in(demo_db, "1111")
    keep = kept["device"]["id"]
    code, out, _ = passline("pin", "set", "demo", "kiosk", "482913", "--keep", keep,
                            "--db", demo_db)  # fmt: skip
    assert code == 0 and "1 device(s) signed out" in out
    assert sign_in(demo_db, "1111")["status"] == 401
    assert sign_in(demo_db, "482913")["role"] == "kiosk"
    code, out, _ = passline("devices", "list", "demo", "--db", demo_db)
    states = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert "signed in" in states[keep]
    assert "paired, signed out" in states[other["device"]["id"]]  # a PIN ends sign-ins, not pairing


def test_a_weak_or_shared_pin_is_refused_and_the_old_one_still_works(passline, demo_db):
    # A repeat, too short, too long, not digits, the manager's own (a PIN opens one role).
    for weak in ("0000", "12", "482913312", "9999x", "9999"):
        code, _, err = passline("pin", "set", "demo", "kiosk", weak, "--db", demo_db)
        assert code == 1 and err.startswith("refused:"), (weak, err)
    assert sign_in(demo_db, "1111")["role"] == "kiosk"
    code, _, err = passline("pin", "set", "demo", "chef", "482913", "--db", demo_db)
    assert code == 2 and "invalid choice" in err  # not a role
