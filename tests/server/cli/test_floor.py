"""``passline floor import|export`` beside a running server: it asks, applies so that an open
screen sees every area and table at once, changes nothing the second time, and a broken file
changes nothing and says where."""

from __future__ import annotations

import json

from tests.support.cli import cli
from tests.support.client import Live, Rest, login
from tests.support.floor_files import FLOOR


def test_import_asks_applies_live_and_a_second_import_changes_nothing(fresh_server, tmp_path):
    path = tmp_path / "floor.json"
    path.write_text(json.dumps(FLOOR), encoding="utf-8")
    db = fresh_server.db
    declined = cli("floor", "import", "demo", str(path), db=db, stdin="n\n")
    assert declined.returncode == 1 and "+ table H1" in declined.stdout
    floor = Rest(fresh_server.url, login(fresh_server.url, "floor"))
    assert "main-hall-h1" not in {t["id"] for t in floor.get("/floor").json()["tables"]}
    live = Live(fresh_server.ws_url, login(fresh_server.url, "floor"))
    try:
        done = cli("floor", "import", "demo", str(path), "--yes", db=db)
        assert done.returncode == 0, done.stderr
        seen = live.events(5)  # two areas, three tables: an open screen sees them at once
    finally:
        live.close()
    assert [e["seq"] for e in seen] == list(range(seen[0]["seq"], seen[0]["seq"] + 5))
    assert {e["data"]["id"] for e in seen} == {"main-hall", "garden", "main-hall-h1",
                                               "main-hall-h2", "g-1"}  # fmt: skip
    again = cli("floor", "import", "demo", str(path), "--yes", db=db)
    assert again.returncode == 0 and "nothing to change" in again.stdout
    exported = cli("floor", "export", "demo", str(tmp_path / "out.json"), db=db)
    assert exported.returncode == 0, exported.stderr
    areas = json.loads((tmp_path / "out.json").read_text())["areas"]
    assert [t["id"] for t in next(a for a in areas if a["id"] == "garden")["tables"]] == ["g-1"]
    # A broken file changes nothing and says where.
    path.write_text('{"areas": [{"name": "X", "tables": [{"name": "T"}]}]}', encoding="utf-8")
    broken = cli("floor", "import", "demo", str(path), "--yes", db=db)
    assert broken.returncode == 1 and "$.areas[0].tables[0].seats" in broken.stderr
