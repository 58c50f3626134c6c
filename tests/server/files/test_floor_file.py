"""The floor as a file: parse (every error with its JSON path), plan (what would change), export
(reads back to the same floor), and the CLI beside a running server, whose screens see it live."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from server.files import floor_file
from tests.support.client import Live, Rest, login
from tests.support.server_process import ROOT

FLOOR = {
    "areas": [
        {"name": "Main hall", "tables": [{"name": "H1", "seats": 4}, {"name": "H2", "seats": 2}]},
        {"id": "garden", "name": "Bahçe", "tables": [{"id": "g-1", "name": "B1", "seats": 6}]},
    ]
}


def cli(*args: str, db: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args, "--db", db],
        cwd=ROOT, capture_output=True, text=True, timeout=60, input=stdin,
    )  # fmt: skip


def test_ids_come_from_names_when_the_file_has_none():
    areas = floor_file.parse(json.dumps(FLOOR))
    assert [a["id"] for a in areas] == ["main-hall", "garden"]
    assert [t["id"] for t in areas[0]["tables"]] == ["main-hall-h1", "main-hall-h2"]
    assert floor_file.slug("Köşe Masası ı") == "kose-masasi-i"


def test_every_error_is_reported_with_its_path():
    bad = {"areas": [{"name": "", "tables": []},
                     {"name": "Hall", "tables": [{"name": "T1", "seats": -1},
                                                 {"name": "T2"}, {"id": "x", "name": "T3",
                                                                  "seats": 2}]},
                     {"name": "Bar", "tables": [{"id": "x", "name": "T4", "seats": 2}]}]}  # fmt: skip
    with pytest.raises(floor_file.FileErrors) as found:
        floor_file.parse(json.dumps(bad))
    text = str(found.value)
    for where in ("$.areas[0].name", "$.areas[1].tables[0].seats", "$.areas[1].tables[1].seats",
                  "$.areas[2].tables[0]"):  # fmt: skip
        assert where in text, text
    assert len(found.value.errors) == 4
    with pytest.raises(floor_file.FileErrors, match="line 1"):
        floor_file.parse('{"areas": [')


def test_the_plan_says_what_changes_and_what_is_kept():
    current = {"areas": [{"id": "garden", "name": "Bahçe", "position": 1}],
               "tables": [{"id": "g-1", "name": "B1", "area_id": "garden", "seats": 4,
                           "position": 3},
                          {"id": "old", "name": "Old", "area_id": "garden", "seats": 2,
                           "position": 9}]}  # fmt: skip
    plan = floor_file.plan(current, floor_file.parse(json.dumps(FLOOR)))
    assert plan.added == ["area Main hall (main-hall)", "table H1 (main-hall-h1)",
                          "table H2 (main-hall-h2)"]  # fmt: skip
    assert plan.changed == ["table B1 (g-1)"]  # 6 seats now, and its place in the order
    assert plan.kept == ["table Old (old)"]


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
