"""``passline printers``: the installer adds the kitchen's printers, lists them, prints a test
page from the box (and hears at once when a printer cannot be reached), and removes one."""

from __future__ import annotations

from tests.support.cli import cli
from tests.support.fake_printer import FakePrinter
from tests.support.server_process import seed_demo


def test_add_list_test_and_remove_a_printer(tmp_path):
    db = str(tmp_path / "passline.db")
    seed_demo(db)
    printer = FakePrinter()
    try:
        added = cli("printers", "add", "demo", "Sıcak mutfak", printer.address, "--stations",
                    "hot,grill", "--bill", "--width", "58", db=db)  # fmt: skip
        assert added.returncode == 0, added.stderr
        assert "printer sicak-mutfak added" in added.stdout and "58 mm" in added.stdout
        again = cli("printers", "add", "demo", "Sıcak mutfak", printer.address, db=db)
        assert again.returncode == 1 and "exists" in again.stderr
        listed = cli("printers", "list", "demo", db=db).stdout
        assert "sicak-mutfak" in listed and "grill,hot +bill" in listed and " ok" in listed

        tested = cli("printers", "test", "demo", "sicak-mutfak", db=db)
        assert tested.returncode == 0, tested.stderr
        (page,) = printer.wait_for(1)
        assert "PASSLINE TEST" in page and "İıĞğÜüŞşÖöÇç" in page and "Sıcak mutfak" in page
        printer.stop()
        off = cli("printers", "test", "demo", "sicak-mutfak", db=db)
        assert off.returncode == 1 and "unreachable" in off.stderr

        for bad, why in ((["Bar", "printer.local:http"], "HOST or HOST:PORT"),
                         (["Bar", "10.0.0.9", "--stations", "Bar!"], "stations")):  # fmt: skip
            refused = cli("printers", "add", "demo", *bad, db=db)
            assert refused.returncode != 0 and why in refused.stderr, refused.stderr
        removed = cli("printers", "remove", "demo", "sicak-mutfak", db=db)
        assert removed.returncode == 0 and "removed" in removed.stdout
        assert "sicak-mutfak" not in cli("printers", "list", "demo", db=db).stdout
        assert cli("printers", "remove", "demo", "sicak-mutfak", db=db).returncode == 1
    finally:
        printer.stop()
