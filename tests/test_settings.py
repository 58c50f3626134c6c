"""Every setting the server, its Caddy site and the test browser read is in the README's
Settings table: an operator never has to read the code to find one."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def read_settings() -> set[str]:
    found: set[str] = set()
    sources = [*(ROOT / "server").rglob("*.py"), *(ROOT / "deploy").rglob("*"), ROOT / "compose.yaml",
               ROOT / "tests" / "browser" / "conftest.py"]  # fmt: skip
    for path in (p for p in sources if p.is_file()):
        found |= set(re.findall(r"\bPASSLINE_[A-Z0-9_]*[A-Z0-9]\b", path.read_text()))
    # create_app reads PASSLINE_<KEY> for each config key it lists.
    app = (ROOT / "server" / "__init__.py").read_text()
    listed = app.split("for key, cast in (", 1)[1].split('if f"PASSLINE_{key}"', 1)[0]
    found |= {f"PASSLINE_{key}" for key in re.findall(r'\("([A-Z_]+)",', listed)}
    return found


def test_every_setting_is_in_the_readmes_table():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    settings = read_settings()
    assert len(settings) > 20
    missing = sorted(s for s in settings if f"`{s}`" not in table)
    assert not missing, f"settings the README's table does not name: {missing}"
