"""``passline demo``: the demo restaurant, made once however often the command runs, with a
menu, a floor and PINs that sign in."""

from __future__ import annotations

from server import create_app
from server.cli.demo import PINS


def test_the_demo_is_made_once_and_its_pins_sign_in(passline, tmp_path):
    db = str(tmp_path / "demo.db")
    code, out, _ = passline("demo", "--db", db)
    assert code == 0 and "'demo' created" in out and "manager  PIN 9999" in out
    app = create_app({"DATABASE": db})
    store = app.extensions["passline"].store
    seq = store.latest_seq("demo")
    code, out, _ = passline("demo", "--db", db)
    assert code == 0 and "already there" in out and store.latest_seq("demo") == seq
    client = app.test_client()
    for role, pin in PINS.items():
        answer = client.post("/api/v1/login", json={"restaurant": "demo", "pin": pin})
        assert answer.get_json()["role"] == role
    token = client.post("/api/v1/login", json={"restaurant": "demo", "pin": PINS["floor"]})
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
    floor = client.get("/api/v1/floor", headers=headers).get_json()
    assert len(floor["areas"]) == 3 and len(floor["tables"]) == 24
    menu = client.get("/api/v1/menu", headers=headers).get_json()
    assert len(menu["items"]) >= 30 and all(i["price"] > 0 for i in menu["items"])
