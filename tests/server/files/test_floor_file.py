"""The floor as a file: parse (every error with its JSON path), plan (what would change), export
(reads back to the same floor). The command that imports it: ``tests/server/cli/test_floor.py``."""

from __future__ import annotations

import json

import pytest

from server.files import floor_file
from tests.support.floor_files import FLOOR


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
