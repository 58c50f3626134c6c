"""What a peer sent, turned into what the loop does (``server.live.reading``): no I/O, frames
fed straight in."""

import socket

import pytest

from server.live.frames import close_frame, pong_frame
from server.live.reading import take
from server.live.subscriber import Subscriber
from tests.support.socket_peer import masked


@pytest.fixture
def sub():
    a, b = socket.socketpair()
    yield Subscriber(a, max_message=100)
    a.close()
    b.close()


def test_fragments_make_one_message_and_pings_are_answered(sub):
    heard = take(sub, masked(0x1, b'{"type":', fin=False) + masked(0x9, b"hi")
                 + masked(0x0, b'"ping"}'))  # fmt: skip
    assert heard.messages == ['{"type":"ping"}'] and heard.replies == [pong_frame(b"hi")]
    assert sub.heard and heard.close is None and not heard.done


def test_a_message_over_the_bound_is_closed_with_1009_and_the_rest_dropped(sub):
    heard = take(sub, masked(0x1, b"x" * 60, fin=False) + masked(0x0, b"y" * 60)
                 + masked(0x1, b"after"))  # fmt: skip
    assert heard.messages == [] and heard.close == close_frame(1009, "message too big")


def test_the_peers_close_is_answered_in_kind_and_after_ours_it_is_done(sub):
    assert take(sub, masked(0x8, (4000).to_bytes(2, "big"))).close == close_frame(4000)
    other = Subscriber(sub.sock)
    other._ending = True  # our close went first: theirs completes the handshake
    assert take(other, masked(0x8, (1000).to_bytes(2, "big"))).done


def test_a_frame_breaking_the_protocol_is_closed_with_wsprotos_code(sub):
    heard = take(sub, bytes([0x81, 0x05]) + b"hello")  # unmasked: a client must mask
    assert heard.close is not None and heard.close[2:4] == (1002).to_bytes(2, "big")
