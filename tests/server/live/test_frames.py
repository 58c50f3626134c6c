"""Frames encoded once for every subscriber read back, by an independent WebSocket parser
(``websockets``), as the unmasked text frames RFC 6455 says a server sends, at every length
form (7-bit, 16-bit, 64-bit)."""

import json

import pytest
from websockets.frames import Frame, Opcode
from websockets.streams import StreamReader

from server.live.frames import event_frame, json_frame, text_frame


def parse(data: bytes) -> Frame:
    reader = StreamReader()
    reader.feed_data(data)
    reader.feed_eof()
    parser = Frame.parse(reader.read_exact, mask=False)
    try:
        next(parser)
    except StopIteration as done:
        assert reader.at_eof(), "bytes left over after one frame"
        return done.value
    raise AssertionError("the frame was cut short")


@pytest.mark.parametrize("size", [0, 125, 126, 65_535, 65_536, 200_000])
def test_a_text_frame_of_any_length_reads_back_whole(size):
    text = "ç" * (size // 2) + "a" * (size % 2)
    frame = parse(text_frame(text))
    assert frame.opcode == Opcode.TEXT and frame.fin
    assert frame.data.decode() == text


def test_an_event_frame_carries_the_event_and_who_made_it():
    event = {"seq": 7, "type": "order_created", "data": {"id": "o1"}, "at": "t",
             "by": {"device": "d1", "role": "kiosk", "change": "c1"}}  # fmt: skip
    assert json.loads(parse(event_frame(event)).data) == {
        "type": "event", "seq": 7, "event": "order_created", "data": {"id": "o1"},
        "by": {"device": "d1", "role": "kiosk", "change": "c1"},
    }  # fmt: skip
    anonymous = json.loads(parse(event_frame({**event, "by": None})).data)
    assert "by" not in anonymous


def test_a_json_frame_is_compact():
    assert parse(json_frame({"type": "pong", "n": 1})).data == b'{"type":"pong","n":1}'
