"""Hypothesis over live-socket frames, against a real server: valid frames, truncated ones,
wrong types, huge, deeply nested and binary. Whatever comes, the socket answers with a frame or
closes with a code, never an HTTP answer or a dropped connection, and the server goes on
serving everyone else."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.support.client import login, new_client_id
from tests.support.server_process import ServerProcess, demo_server

EXAMPLES = int(os.environ.get("PASSLINE_FUZZ_EXAMPLES", "15")) * 8
ANSWERS = {"pong", "ack", "reject", "error"}
CLOSES = {1000, 1007, 1008, 1009, 1011}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=20,
)


def order(note: str = "fuzz") -> dict:
    return {"table_id": None, "lines": [{"item_id": "ayran", "qty": 1, "note": note}]}


valid = st.sampled_from(["ping", "submit", "submit_batch"]).map(
    lambda kind: {
        "ping": {"type": "ping", "t": 1.5},
        "submit": {"type": "submit", "client_id": new_client_id(), "op": "create_order",
                   "data": order()},
        "submit_batch": {"type": "submit_batch", "mutations": [
            {"client_id": new_client_id(), "op": "create_order", "data": order()}]},
    }[kind]
)  # fmt: skip
shaped = st.fixed_dictionaries(
    {"type": st.sampled_from(["ping", "submit", "submit_batch", "hello", "nope"]) | json_values},
    optional={"t": json_values, "client_id": json_values, "op": json_values,
              "data": json_values, "mutations": json_values, "token": json_values},
)  # fmt: skip
frames = st.one_of(
    valid.map(json.dumps),
    shaped.map(json.dumps),
    json_values.map(json.dumps),
    st.builds(
        lambda f, cut: f[: max(1, len(f) * cut // 100)], valid.map(json.dumps), st.integers(1, 99)
    ),
    st.integers(1, 5_000).map(lambda depth: "[" * depth + "]" * depth),  # deep
    st.integers(1, 5_000).map(lambda depth: '{"a":' * depth + "1" + "}" * depth),
    st.integers(60_000, 80_000).map(lambda n: json.dumps({"type": "ping", "pad": "x" * n})),
    st.binary(max_size=200),
    st.text(max_size=200),
)


@pytest.fixture(scope="module")
def target(tmp_path_factory) -> Iterator[tuple[ServerProcess, str]]:
    # One socket per example, quickly one after another: the per-device limit is not tested here.
    folder = tmp_path_factory.mktemp("fuzz-socket")
    with demo_server(folder, {"PASSLINE_SOCKETS_PER_DEVICE": "1000"}) as server:
        yield server, login(server.url, "floor")


def answer_or_close(ws) -> str:
    """What the server did with the frame: a frame type, or "close <code>"."""
    try:
        while True:
            reply = ws.recv(timeout=5)
            frame = json.loads(reply)
            if frame.get("type") in ANSWERS:
                return frame["type"]
    except ConnectionClosed:
        return f"close {ws.close_code}"


@given(frame=frames)
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))  # fmt: skip
def test_any_frame_gets_an_answer_or_a_close_code(target, frame):
    server, token = target
    with connect(server.ws_url, max_size=2**21) as ws:
        ws.send(json.dumps({"type": "hello", "token": token}))
        assert json.loads(ws.recv(timeout=5))["type"] == "welcome"
        with contextlib.suppress(ConnectionClosed):
            ws.send(frame)
        outcome = answer_or_close(ws)
    assert outcome in ANSWERS or int(outcome.split()[1]) in CLOSES, (frame[:200], outcome)
    assert requests.get(server.url + "/api/v1/health", timeout=5).ok
