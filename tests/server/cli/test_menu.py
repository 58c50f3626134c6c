"""``passline menu import|export`` beside a running server: it shows the plan and asks, applies
in one commit that open screens see at once, changes nothing the second time or from a bad
file, and exports what imports back to the same menu."""

from __future__ import annotations

import json

import requests

from tests.support.cli import cli
from tests.support.client import Live, Rest, login, pair, pairing_code
from tests.support.menu_files import write_menu


def test_import_asks_applies_live_and_reimport_changes_nothing(fresh_server, tmp_path):
    db = fresh_server.db
    assert cli("restaurant", "create", "cafe", "--name", "Café Ada", db=db).returncode == 0
    path = write_menu(tmp_path)
    declined = cli("menu", "import", "cafe", str(path), db=db, stdin="n\n")
    assert declined.returncode == 1 and "+ item Menemen (menemen)" in declined.stdout
    code = pairing_code(cli("devices", "pair", "cafe", "--role", "kiosk", db=db).stdout)
    token = pair(fresh_server.url, "cafe", code)["token"]  # a paired kiosk needs no PIN
    kiosk = Rest(fresh_server.url, token)
    assert kiosk.get("/menu").json()["items"] == []
    live = Live(fresh_server.ws_url, token)
    try:
        done = cli("menu", "import", "cafe", str(path), "--yes", db=db)
        assert done.returncode == 0, done.stderr
        assert "imported: 5 new, 0 changed" in done.stdout
        (event,) = live.events(1)  # one event for the whole import
        assert event["event"] == "menu_updated"
    finally:
        live.close()
    menu = kiosk.get("/menu").json()
    assert menu["version"] == event["data"]["version"]
    by_id = {i["id"]: i for i in menu["items"]}
    assert by_id["menemen"]["station"] == "grill" and by_id["simit"]["available"] is False
    served = requests.get(fresh_server.url + by_id["menemen"]["image"], timeout=5)
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/webp"
    assert "immutable" in served.headers["Cache-Control"]
    again = cli("menu", "import", "cafe", str(path), "--yes", db=db)
    assert again.returncode == 0 and "nothing to change" in again.stdout
    assert kiosk.get("/menu").json()["version"] == menu["version"]


def test_export_then_import_elsewhere_gives_the_same_menu(fresh_server, tmp_path):
    db = fresh_server.db
    exported = tmp_path / "demo.json"
    assert cli("menu", "export", "demo", str(exported), db=db).returncode == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert sum(len(c["items"]) for c in document["categories"]) >= 30
    assert cli("restaurant", "create", "copy", "--name", "Copy", db=db).returncode == 0
    done = cli("menu", "import", "copy", str(exported), "--yes", db=db)
    assert done.returncode == 0, done.stderr
    again = cli("menu", "export", "copy", db=db)
    assert json.loads(again.stdout) == document
    as_csv = tmp_path / "demo.csv"
    written = cli("menu", "export", "demo", str(as_csv), db=db)
    assert "the CSV form does not carry" in written.stderr
    # The CSV of the same menu changes nothing: options and pictures it lacks are kept.
    back = cli("menu", "import", "demo", str(as_csv), "--yes", db=db)
    assert back.returncode == 0 and "nothing to change" in back.stdout, back.stdout


def test_a_bad_file_changes_nothing(fresh_server, tmp_path):
    db = fresh_server.db
    manager = Rest(fresh_server.url, login(fresh_server.url, "manager"))
    before = manager.get("/menu").json()
    path = tmp_path / "bad.csv"
    path.write_text("category,name,price\nMains,Köfte,210\nMains,Pide,abc\n", encoding="utf-8")
    done = cli("menu", "import", "demo", str(path), "--yes", db=db)
    assert done.returncode == 1
    assert "nothing imported, 1 error(s)" in done.stderr and "line 3 (price)" in done.stderr
    stale = tmp_path / "stale.json"  # a picture URL this server never gave
    stale.write_text(json.dumps({"categories": [{"id": "mains", "name": "Mains",
        "station": "grill", "items": [{"name": "X", "price": 1,
                                       "image": "/media/demo/" + "b" * 24 + ".webp"}]}]}))  # fmt: skip
    done = cli("menu", "import", "demo", str(stale), "--yes", db=db)
    assert done.returncode == 1 and "no such picture" in done.stderr
    assert manager.get("/menu").json() == before
