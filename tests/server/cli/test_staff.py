"""``passline staff``: people enrolled with a PIN read from standard input (never the command
line), listed, given a new PIN, deactivated and back."""

from __future__ import annotations

from server import create_app
from tests.support.cli import cli
from tests.support.server_process import seed_demo


def test_staff_from_the_command_line(tmp_path):
    db = str(tmp_path / "p.db")
    seed_demo(db)
    added = cli("staff", "add", "demo", "Ana Yılmaz", "--job", "floor", db=db, stdin="4826\n")
    assert added.returncode == 0 and "Ana Yılmaz added as floor" in added.stdout
    assert "4826" not in added.stdout + added.stderr  # never shown
    weak = cli("staff", "add", "demo", "Can", "--job", "manager", db=db, stdin="4827\n")
    assert weak.returncode == 1 and "refused:" in weak.stderr
    listed = cli("staff", "list", "demo", db=db)
    person = listed.stdout.split()[0]
    assert "Ana Yılmaz" in listed.stdout and "active" in listed.stdout
    assert cli("staff", "pin", "demo", person, db=db, stdin="6048\n").returncode == 0
    assert cli("staff", "deactivate", "demo", person, db=db).returncode == 0
    assert "deactivated" in cli("staff", "list", "demo", db=db).stdout
    missing = cli("staff", "list", "nowhere", db=db)
    assert missing.returncode == 1 and "no restaurant 'nowhere'" in missing.stderr
    staff = create_app({"DATABASE": db}).extensions["passline"].staff
    assert staff.for_pin("demo", "6048") is None  # deactivated
    assert cli("staff", "activate", "demo", person, db=db).returncode == 0
    assert staff.for_pin("demo", "6048").name == "Ana Yılmaz"
