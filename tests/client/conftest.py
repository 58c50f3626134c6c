"""The browser's pure Python runs here in plain CPython: pwa/py goes on the import path."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "pwa" / "py"))
