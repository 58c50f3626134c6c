"""Live sockets are handed from gunicorn's threads to the hub's loop (``server.live.adoption``):
a server with four request threads holds hundreds of screens, every one gets every event, and
REST still answers at once beside them."""

import time

import pytest
import requests

from tests.support.client import Live, Rest, login, order_body
from tests.support.server_process import ServerProcess, seed_demo

SCREENS = 300


@pytest.fixture
def narrow(tmp_path):
    db = str(tmp_path / "passline.db")
    seed_demo(db, ("demo",))
    proc = ServerProcess(db, threads=4, env={"PASSLINE_SOCKETS_PER_DEVICE": "1000"}).start()
    yield proc
    proc.stop()


def test_four_threads_hold_three_hundred_screens_and_rest_still_answers(narrow):
    token = login(narrow.url, "floor")
    screens = []
    try:
        for _ in range(SCREENS):
            screens.append(Live(narrow.ws_url, token))  # each says hello, is welcomed
        began = time.monotonic()
        assert requests.get(narrow.url + "/api/v1/health", timeout=5).ok
        assert time.monotonic() - began < 1.0  # a thread was free: none is held by a socket
        kiosk = Rest(narrow.url, login(narrow.url, "kiosk"))
        made = kiosk.post("/orders", order_body(None))
        assert made.status_code == 201, made.text
        for screen in screens:
            assert screen.events(1, timeout=10)[0]["event"] == "order_created"
    finally:
        for screen in screens:
            screen.close()
