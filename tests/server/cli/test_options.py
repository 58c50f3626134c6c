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
