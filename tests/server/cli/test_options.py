"""What every command shares: the database option and a URL fit to print."""

from __future__ import annotations

from server.cli.options import shown


def test_a_password_never_reaches_a_log_line():
    url = "postgresql://passline:s3cret@db.local:5432/passline"
    assert shown(url) == "postgresql://passline:***@db.local:5432/passline"
    assert "s3cret" not in shown("postgresql://u:s3cret@db.local/passline")
    assert shown("var/passline.db") == "var/passline.db"


def test_a_command_for_a_restaurant_that_does_not_exist_says_so(passline, demo_db):
    code, _, err = passline("pin", "set", "nowhere", "kiosk", "482913", "--db", demo_db)
    assert code == 1 and "no restaurant 'nowhere'" in err


def test_a_command_in_the_wrong_folder_refuses_rather_than_making_an_empty_database(
    passline, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    code, _, err = passline("staff", "list", "demo", "--db", "var/passline.db")
    assert code == 1
    assert f"no database at {tmp_path}/var/passline.db" in err
    assert not (tmp_path / "var").exists()  # nothing was created


def test_the_server_says_where_its_database_is_and_that_relative_is_for_development(
    passline, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    code, out, _ = passline("migrate", "--db", "var/passline.db")
    assert code == 0
    assert f"{tmp_path}/var/passline.db (relative to this folder: for development" in out
    code, out, _ = passline("migrate", "--db", str(tmp_path / "var/passline.db"))
    assert out.startswith(f"{tmp_path}/var/passline.db: schema version")
