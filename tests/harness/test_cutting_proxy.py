"""The chaos run's cutting proxy: it passes traffic untouched until told to cut, then delivers
part of what is in flight and resets; connections made after the cut pass again."""

import pytest
from websockets.exceptions import ConnectionClosed

from tests.support.client import Live, Rest, order_body
from tests.support.cutting_proxy import CuttingProxy


def test_a_cut_delivers_part_of_a_frame_then_resets_and_new_connections_pass(server, tokens, kiosk):
    proxy = CuttingProxy(server.port).start()
    try:
        ws_url = proxy.url.replace("http", "ws") + "/api/v1/live"
        assert not proxy.wait_for_socket(0.2)
        live = Live(ws_url, tokens["floor"])
        assert proxy.wait_for_socket(2) and proxy.sockets == 1
        assert Rest(proxy.url, tokens["floor"]).get("/floor").status_code == 200
        proxy.cut()
        kiosk.post("/orders", order_body(table_id=None, note="x" * 400))  # an event in flight
        with pytest.raises((ConnectionClosed, TimeoutError)):
            while True:
                assert live.recv(timeout=3)["type"] != "event"  # never a whole event frame
        assert proxy.cuts >= 1 and proxy.partial >= 1
        assert proxy.sockets == 0  # the cut socket is counted gone
        again = Live(ws_url, tokens["floor"])
        assert again.welcome["type"] == "welcome" and proxy.sockets == 1
        again.close()
    finally:
        proxy.close()
