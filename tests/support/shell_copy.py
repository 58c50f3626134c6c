"""A private copy of the app shell, for a test or benchmark that changes what is served.

The big runtime folders are linked, not copied. Serve it with PASSLINE_PWA_DIR.
"""

from __future__ import annotations

import shutil
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "pwa"


def shell_copy(destination: Path) -> Path:
    copy = destination / "pwa"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("vendor"))
    (copy / "vendor").mkdir()
    for item in (SOURCE / "vendor").iterdir():
        target = copy / "vendor" / item.name
        if item.is_dir():
            target.symlink_to(item)
        else:
            shutil.copyfile(item, target)
    return copy
