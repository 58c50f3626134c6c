"""One set of protocol rules: the server, the page's engine and the service worker agree."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from domain import protocol, submissions

ROOT = Path(__file__).resolve().parents[2]
WORKER = (ROOT / "pwa" / "service-worker.js").read_text()
sys.path.insert(0, str(ROOT / "pwa" / "py"))


def test_the_worker_gets_every_constant_from_the_build():
    sys.path.insert(0, str(ROOT / "tools"))
    import build_pwa

    script = build_pwa.protocol_script().decode()
    shipped = json.loads(re.search(r"Object\.freeze\((\{.*\})\);", script, re.S).group(1))
    assert shipped == protocol.for_worker()
    assert {"BATCH_LIMIT", "BATCH_BYTES", "FLUSH_LOCK", "SYNC_TAG", "ATTENTION"} <= set(shipped)
    assert '"/vendor/protocol.js"' in WORKER


@pytest.mark.parametrize("name", sorted(protocol.for_worker()))
def test_the_worker_restates_no_protocol_value(name):
    """Each value reaches the worker as P.NAME only; a literal copy would drift."""
    value = protocol.for_worker()[name]
    literal = json.dumps(value) if isinstance(value, str) else rf"\b{value}\b"
    code = re.sub(r"//.*|/\*.*?\*/", "", WORKER, flags=re.S)  # comments may name things
    assert not re.search(re.escape(literal) if isinstance(value, str) else literal, code), name


def test_the_page_and_the_server_read_the_same_values():
    from server import create_app
    from server.live import connection as live
    from sync import outbox, parcel, session

    assert session.BATCH_LIMIT == submissions.MAX_BATCH == protocol.BATCH_LIMIT
    assert parcel.BATCH_BYTES == protocol.BATCH_BYTES < protocol.BODY_LIMIT_BYTES
    assert session.CLOSE_UNAUTHORIZED == live.CLOSE_UNAUTHORIZED == protocol.CLOSE_UNAUTHORIZED
    assert outbox.ATTENTION == protocol.ATTENTION
    app = create_app({"DATABASE": ":memory:"})
    assert app.config["MAX_CONTENT_LENGTH"] == protocol.BODY_LIMIT_BYTES
    assert live.MESSAGE_BYTES == protocol.BODY_LIMIT_BYTES  # a socket's message, as a body


@pytest.mark.parametrize("name", ["FLUSH_LOCK", "SYNC_TAG", "TABS_CHANNEL", "DB_NAME"])
def test_the_page_restates_no_protocol_name(name):
    value = json.dumps(protocol.for_worker()[name])
    for path in (ROOT / "pwa" / "py").rglob("*.py"):
        assert value not in path.read_text(), f"{path.name} restates {name}"


@pytest.mark.parametrize(
    "name", ["PENDING", "SENDING", "ATTENTION", "DELIVERED", "BATCH_LIMIT", "BATCH_BYTES"]
)
def test_the_worker_decides_nothing_about_the_queue(name):
    """What a record's state means and how batches are cut is the page's Python
    (``sync/parcel.py``); the worker sends the parcel and keeps the answers as they came."""
    assert f"P.{name}" not in WORKER
    assert "ownerOf" not in WORKER and ".state" not in WORKER
