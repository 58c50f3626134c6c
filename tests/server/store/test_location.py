"""Where the database is when nobody says."""

from __future__ import annotations

import os

from server.store.location import absolute, default_database, is_relative_file


def test_the_environment_names_it_first(tmp_path):
    env = {"PASSLINE_DATABASE": "postgresql://passline@db/passline"}
    assert default_database(env, installed=tmp_path) == "postgresql://passline@db/passline"
    assert default_database({"PASSLINE_DB": "/srv/p.db"}, installed=tmp_path) == "/srv/p.db"


def test_an_installed_box_uses_one_absolute_file_from_any_folder(tmp_path):
    assert default_database({}, installed=tmp_path) == str(tmp_path / "passline.db")


def test_a_checkout_uses_a_relative_file_and_it_is_known_as_such(tmp_path):
    db = default_database({}, installed=tmp_path / "not-installed")
    assert db == "var/passline.db" and is_relative_file(db)
    assert absolute(db) == os.path.join(os.getcwd(), "var/passline.db")
    assert not is_relative_file("/var/lib/passline/passline.db")
    assert not is_relative_file("postgresql://passline@127.0.0.1/passline")
    assert absolute("postgresql://passline@db/passline") == "postgresql://passline@db/passline"
