import json

import pytest

from domain import protocol, reducer
from sync.actions import Close, Connect, Poll, PostBatch, Refetch, Renew, SignIn
from sync.backoff import Backoff
from sync.outbox import Outbox
from sync.session import LIVE, OFFLINE, POLLING, Session
from sync.view import with_pending


def make(cursor: int = 0, **kw) -> Session:
    return Session(
        "tok", cursor, Outbox(), Backoff(rng=lambda: 0.5), Backoff(rng=lambda: 0.5), **kw
    )


def frames(session: Session) -> list[dict]:
    return [json.loads(f) for f in session.frames_to_send()]


def welcome(session: Session, now: float = 0.0, seq: int = 0, **extra) -> list:
    session.start(now)
    session.opened(now)
    session.received(json.dumps({"type": "welcome", "seq": seq, "role": "floor", **extra}), now)
    return session.actions()  # the Connect that got us here, and what the welcome asked for


def event(seq: int, kind: str = "order_created") -> str:
    return json.dumps({"type": "event", "seq": seq, "event": kind, "data": {"id": f"o{seq}"}})


def test_says_hello_with_its_cursor_and_goes_live():
    session = make(cursor=41)
    session.start(0)
    assert session.actions() == [Connect()]
    session.opened(0)
    assert frames(session) == [{"type": "hello", "token": "tok", "since": 41}]
    session.received(json.dumps({"type": "welcome", "seq": 45}), 0)
    assert session.state == LIVE


def test_events_are_applied_once_in_order_and_a_gap_is_fetched():
    session = make(cursor=10)
    welcome(session, seq=12)
    for text in (event(11), event(11), event(13)):
        session.received(text, 1)
    assert [e["seq"] for e in session.events_received()] == [11]
    assert session.actions() == [Poll(11)]  # 12 is missing: read it from the log
    session.polled([{"seq": 12, "type": "order_created", "data": {}}], 13, 2)
    assert [e["seq"] for e in session.events_received()] == [12, 13] and session.cursor == 13


def test_mutations_go_over_the_socket_when_live_and_leave_only_on_their_ack():
    session = make()
    welcome(session)
    session.frames_to_send()
    session.outbox.add("c1", "create_order", {"lines": []}, "t")
    session.mutation_added(1)
    assert frames(session) == [
        {"type": "submit", "client_id": "c1", "op": "create_order", "data": {"lines": []}}
    ]
    ack = {"type": "ack", "client_id": "c1", "result": {"order": {}}, "seq": 41}
    session.received(json.dumps(ack), 2)
    assert len(session.outbox) == 0 and session.acks_received() == [
        ("c1", {"order": {}}, "create_order")
    ]
    # Kept, delivered, with its seq, until a floor that far on is stored with it.
    assert [(r["state"], r["seq"]) for r in session.outbox.records()] == [("delivered", 41)]


def test_a_long_queue_goes_over_the_socket_in_pipelined_batches_of_100():
    session = make()
    for n in range(450):
        session.outbox.add(f"c{n:03d}", "create_order", {"n": n}, "t")
    welcome(session)
    sent = frames(session)[1:]  # after the hello
    assert [f["type"] for f in sent] == ["submit_batch"] * 3
    ids = [m["client_id"] for f in sent for m in f["mutations"]]
    assert ids == [f"c{n:03d}" for n in range(300)]  # in order, three batches in flight
    for cid in ids[:99]:
        session.received(json.dumps({"type": "ack", "client_id": cid, "result": {}}), 1)
    assert frames(session) == []  # no room for a whole batch yet: acks do not trickle out 1s
    session.received(json.dumps({"type": "ack", "client_id": ids[99], "result": {}}), 1)
    more = frames(session)
    assert [m["client_id"] for f in more for m in f["mutations"]] == [
        f"c{n:03d}" for n in range(300, 400)
    ]
    assert session.outbox.in_flight() == 300  # never more out at once
    assert len(session.outbox) == 350


def test_a_lost_socket_requeues_and_reconnects_with_backoff_forever():
    session = make()
    welcome(session)
    session.outbox.add("c1", "create_order", {}, "t")
    session.mutation_added(1)
    session.closed(2)
    # Unanswered on the socket, so it goes again at once, over REST while the socket is down.
    resent = [a for a in session.actions() if isinstance(a, PostBatch)]
    assert [m["client_id"] for m in resent[0].mutations] == ["c1"]
    for _ in range(30):
        session.tick(session.reconnect_at)
        assert Connect() in session.actions()
        session.closed(session.reconnect_at)
        assert 0.1 <= session.last_reconnect_delay <= 30
    assert session.last_reconnect_delay == 15.0  # 0.5 x the 30 s ceiling


def test_a_silent_socket_is_declared_dead():
    session = make(ping_interval=25)
    welcome(session)
    session.tick(25)
    assert frames(session)[-1]["type"] == "ping"
    session.tick(49)
    assert session.actions() == []
    session.tick(51)
    assert session.actions()[0] == Close("silent for two ping intervals")  # and polling starts
    session.tick(52)
    assert session.actions() == []  # asked once; the adapter reports back with closed()


def test_the_server_sets_the_heartbeat_pace():
    session = make(ping_interval=25)
    welcome(session, heartbeat_s=2)
    session.tick(2)
    assert frames(session)[-1]["type"] == "ping"
    session.tick(4.1)
    assert session.actions() == [Close("silent for two ping intervals")]
    other = make(ping_interval=25)
    welcome(other, heartbeat_s="soon")  # nonsense from a proxy or an old server: keep ours
    assert other.ping_interval == 25


def test_when_the_socket_cannot_connect_but_http_works_it_polls_and_flushes_over_rest():
    session = make()
    session.start(0)
    session.actions()
    session.closed(0.1)
    session.tick(0.2)
    polls = [a for a in session.actions() if isinstance(a, Poll)]
    assert polls == [Poll(0)]
    session.outbox.add("c1", "create_order", {}, "t")
    session.polled([], 0, 0.3)
    assert session.state == POLLING
    posts = [a for a in session.actions() if isinstance(a, PostBatch)]
    assert [m["client_id"] for m in posts[0].mutations] == ["c1"]
    session.posted([{"type": "ack", "client_id": "c1", "result": {}, "seq": 1}], 0.4)
    assert len(session.outbox) == 0 and session.outbox.records()[0]["seq"] == 1
    session.tick(0.5)
    assert Poll(0) in session.actions()  # at once: the accepted change's events
    session.polled([{"seq": 1, "type": "order_created", "data": {}}], 1, 0.6)
    session.tick(3.5)
    assert Poll(1) not in session.actions()  # then about 3 s after the last
    session.tick(3.7)
    assert Poll(1) in session.actions()


def test_a_reject_needs_attention_and_the_rest_goes_on():
    session = make()
    session.start(0)
    session.closed(0)
    for cid in ("c1", "c2"):
        session.outbox.add(cid, "create_order", {}, "t")
    session.polled([], 0, 0)
    session.actions()
    session.posted(
        [{"type": "reject", "client_id": "c1", "error": {"code": "unknown_item"}},
         {"type": "ack", "client_id": "c2", "result": {}}],
        1,
    )  # fmt: skip
    assert [m.client_id for m in session.outbox.needs_attention()] == ["c1"]
    assert len(session.outbox) == 1


def test_network_failure_retries_later_and_the_server_coming_back_flushes_at_once():
    session = make()
    session.start(0)
    session.closed(0)
    session.outbox.add("c1", "create_order", {}, "t")
    session.mutation_added(0)
    session.actions()
    session.post_failed(0)
    assert session.state == OFFLINE
    session.mutation_added(0.1)
    assert not [a for a in session.actions() if isinstance(a, PostBatch)]  # waits its backoff
    session.polled([], 0, 0.2)  # the server answers again
    assert [a for a in session.actions() if isinstance(a, PostBatch)]


def test_a_refused_token_is_renewed_then_the_socket_comes_back():
    session = make()
    session.start(0)
    session.opened(0)
    session.actions()
    session.closed(0.1, code=4401)
    assert session.actions() == [Renew()]
    session.tick(100)
    assert session.actions() == []  # nothing reconnects with the refused token
    session.renewed("fresh", 101)
    assert Connect() in session.actions()
    session.opened(101)
    assert json.loads(session.frames_to_send()[-1])["token"] == "fresh"


def test_a_revoked_device_stops_until_a_person_signs_in():
    session = make()
    session.start(0)
    session.closed(0.1, code=4401)
    session.actions()
    session.refused("pin_changed")
    assert session.actions() == [SignIn("pin_changed")]
    session.tick(100)
    assert session.actions() == []


def test_a_401_on_a_batch_renews_then_resends_the_same_batch_in_order():
    session = make()
    session.start(0)
    session.closed(0)
    for i in range(3):
        session.outbox.add(f"c{i}", "create_order", {}, "t")
    session.polled([], 0, 0)
    first = next(a for a in session.actions() if isinstance(a, PostBatch))
    session.post_failed(1, status=401)
    assert Renew() in session.actions()
    session.mutation_added(1.1)
    assert not [a for a in session.actions() if isinstance(a, PostBatch)]  # not while renewing
    session.renew_failed(2)  # the server went away meanwhile: ask again later, keep the queue
    session.tick(2.01)
    assert Renew() not in session.actions()
    session.tick(200)
    assert Renew() in session.actions()
    session.renewed("fresh", 201)
    again = next(a for a in session.actions() if isinstance(a, PostBatch))
    assert again.mutations == first.mutations
    assert session.token == "fresh" and len(session.outbox) == 3


def test_a_401_on_a_poll_renews():
    session = make()
    session.start(0)
    session.closed(0)
    session.tick(0.1)
    assert any(isinstance(a, Poll) for a in session.actions())
    session.poll_unauthorized(0.2)
    assert session.actions() == [Renew()]
    assert session.state == POLLING


def test_a_cursor_the_server_does_not_know_asks_for_a_snapshot():
    session = make(cursor=900)
    assert Refetch() in welcome(session, seq=12, reset=True)
    session.snapshot_loaded(12, 1)
    session.received(event(13), 2)
    assert [e["seq"] for e in session.events_received()] == [13]


@pytest.mark.parametrize("note", ["x" * 1000, "ğüşıöç" * 170])  # Turkish: 2 bytes a letter
def test_batches_stay_under_the_body_limit_in_utf8_bytes(note):
    session = make()
    session.start(0)
    session.closed(0)
    for i in range(60):
        session.outbox.add(f"c{i:03d}", "create_order", {"note": note}, "t")
    session.polled([], 0, 0)
    batch = next(a for a in session.actions() if isinstance(a, PostBatch))
    body = json.dumps({"mutations": list(batch.mutations)}, ensure_ascii=False).encode()
    assert len(body) < protocol.BODY_LIMIT_BYTES
    assert 0 < len(batch.mutations) < 60
    assert [m["client_id"] for m in batch.mutations] == [
        f"c{i:03d}" for i in range(len(batch.mutations))
    ]


def test_a_frame_from_a_socket_already_closed_is_ignored():
    session = make()
    welcome(session)
    session.closed(1)
    session.received(json.dumps({"type": "welcome", "seq": 0}), 1.1)
    assert session.state != LIVE


def test_a_tab_that_is_not_the_flusher_sends_nothing():
    session = make()
    welcome(session)
    session.frames_to_send()  # the hello
    session.may_flush = False
    session.outbox.add("c1", "create_order", {}, "t")
    session.mutation_added(1)
    assert session.frames_to_send() == [] and len(session.outbox) == 1


def test_offline_it_asks_twice_a_second_and_reconnects_the_moment_http_answers():
    session = make()
    session.start(0)
    session.closed(0)
    session.tick(0)
    assert Poll(0) in session.actions()
    session.poll_failed(0.1)
    session.tick(0.5)
    assert Poll(0) not in session.actions()
    session.tick(0.6)
    assert Poll(0) in session.actions()
    for _ in range(8):  # a long outage: the socket's backoff has grown long
        session.tick(session.reconnect_at)
        session.closed(session.reconnect_at)
    assert session.reconnect_at - session.socket_since > 5
    session.polled([], 0, session.socket_since + 1)
    session.tick(session.socket_since + 1)
    assert Connect() in session.actions()  # not after the backoff: the server is back now


def polling_with(session: Session, *client_ids: str) -> PostBatch | None:
    """A session whose socket failed while HTTP works, with the REST batch it sent, if any."""
    session.start(0)
    session.closed(0)
    for client_id in client_ids:
        session.outbox.add(client_id, "create_order", {}, "t")
    session.polled([], 0, 0)
    return next((a for a in session.actions() if isinstance(a, PostBatch)), None)


@pytest.mark.parametrize(
    ("events", "latest"),
    [(None, None), ("<html>", 3), ([{"seq": "1"}], 1), ([1, 2], 2), ([], "7")],
)
def test_a_poll_answer_of_the_wrong_shape_is_an_outage_and_polling_goes_on(events, latest):
    session = make()
    polling_with(session)
    session.tick(5)
    assert Poll(0) in session.actions()
    session.polled(events, latest, 5.1)
    assert session.state == OFFLINE and not session.poll_in_flight
    session.tick(5.7)
    assert Poll(0) in session.actions()  # it asks again: sync has not stopped


@pytest.mark.parametrize("results", [None, "<html>", [None], {"results": []}])
def test_a_batch_answer_of_the_wrong_shape_puts_the_batch_back_in_line(results):
    session = make()
    sent = polling_with(session, "c1", "c2")
    session.posted(results, 1)
    assert session.post_in_flight == () and session.state == OFFLINE
    assert [m.client_id for m in session.outbox.pending()] == ["c1", "c2"]
    assert session.outbox.in_flight() == 0  # nothing is stuck "sending"
    session.polled([], 0, 2)  # the server answers again: the same batch goes again
    again = next(a for a in session.actions() if isinstance(a, PostBatch))
    assert again.mutations == sent.mutations


def test_a_poll_told_the_log_was_pruned_past_its_cursor_loads_a_snapshot():
    session = make(cursor=40)
    session.start(0)
    session.closed(0)
    session.tick(0.1)
    session.actions()
    session.polled([], 9_000, 0.2, reset=True)
    assert Refetch() in session.actions()
    session.snapshot_loaded(9_000, 0.3)
    session.received(event(9_001), 0.4)  # not live: ignored, it is a poll's world now
    session.polled([{"seq": 9_001, "type": "x", "data": {}}], 9_001, 0.5)
    assert [e["seq"] for e in session.events_received()] == [9_001]


def test_a_cursor_from_another_log_is_dropped_for_a_snapshot_of_this_one():
    """A restored copy of the database (or a new one) is another epoch: its seqs are not the
    ones our cursor counted, even where it has grown past our cursor again."""
    session = make(cursor=500)
    session.snapshot_loaded(500, 0, "aaaa")
    session.start(0)
    session.opened(0)
    hello = frames(session)[-1]
    assert hello["epoch"] == "aaaa" and hello["since"] == 500
    assert Refetch() in welcome(session, seq=700, epoch="bbbb")  # no reset: only the epoch
    session.snapshot_loaded(700, 1, "bbbb")
    session.received(event(701), 2)
    assert [e["seq"] for e in session.events_received()] == [701]
    assert session.line.epoch == "bbbb"


def test_a_poll_from_another_log_applies_none_of_its_events():
    session = make(cursor=40)
    session.snapshot_loaded(40, 0, "aaaa")
    session.start(0)
    session.closed(0)
    session.tick(0.1)
    session.actions()
    other = [{"seq": 41, "type": "x", "data": {}}]
    session.polled(other, 41, 0.2, epoch="bbbb")
    assert Refetch() in session.actions() and session.events_received() == []


def test_a_cursor_saved_before_epochs_takes_the_servers():
    session = make(cursor=12)
    session.start(0)
    session.opened(0)
    assert "epoch" not in frames(session)[-1]
    assert Refetch() not in welcome(session, seq=12, epoch="cccc")
    assert session.line.epoch == "cccc"


def test_an_order_whose_event_comes_before_its_ack_is_shown_once():
    """The server fans an order's event out inside the commit and acks after it: for a moment the
    device holds both the server's order and its own pending one. Found by the waiter-service test
    (two tiles for one delivery); the event names its change, so the overlay steps aside."""
    session = make()
    welcome(session)
    data = {"table_id": None, "lines": [], "note": "", "kind": "delivery"}
    session.outbox.add("c1", "create_order", data, "2026-11-22T10:00:00.000Z")
    session.mutation_added(1)
    session.frames_to_send()
    order = {"id": "o1", "number": "A-001", "status": "new", "table_id": None, "lines": [],
             "total": 0, "created_at": "t", "updated_at": "t", "version": 1}  # fmt: skip
    by = {"device": "d1", "role": "floor", "change": "c1"}
    session.received(json.dumps({"type": "event", "seq": 1, "event": "order_created",
                                 "data": order, "by": by}), 2)  # fmt: skip
    confirmed = reducer.apply_all(reducer.empty(), session.events_received())
    shown = with_pending(confirmed, session.outbox.to_show())
    assert list(shown["orders"]) == ["o1"]
    assert [m.client_id for m in session.outbox.pending()] == ["c1"]  # still waits for its ack
    session.received(json.dumps({"type": "ack", "client_id": "c1", "result": {"order": order}}), 3)
    assert session.acks_received() == [("c1", {"order": order}, "create_order")]
    assert len(session.outbox) == 0


def test_an_event_naming_another_devices_change_hides_nothing_here():
    session = make()
    welcome(session)
    session.outbox.add("c1", "create_order", {"lines": []}, "t")
    session.received(json.dumps({"type": "event", "seq": 1, "event": "order_created",
                                 "data": {"id": "o9"}, "by": {"change": "c9"}}), 2)  # fmt: skip
    assert [m.client_id for m in session.outbox.to_show()] == ["c1"]


def test_the_welcome_tells_the_servers_time():
    session = make()
    session.start(0)
    session.opened(0)
    said = {"type": "welcome", "seq": 0, "now": "2026-11-30T15:00:00.000Z"}
    session.received(json.dumps(said), 0)
    assert session.server_time == "2026-11-30T15:00:00.000Z"


def test_the_sending_tab_takes_in_another_tabs_change_and_a_quiet_tab_shows_the_store():
    theirs = Outbox()
    theirs.add("from-the-other-tab", "create_order", {"table_id": None, "lines": []}, "t")
    sender = make()
    sender.queue_changed_elsewhere(theirs.records(), 0.0)
    assert [m.client_id for m in sender.outbox.pending()] == ["from-the-other-tab"]
    quiet = make()
    quiet.may_flush = False
    mine = quiet.outbox
    quiet.queue_changed_elsewhere(theirs.records(), 0.0)
    assert quiet.outbox is not mine and len(quiet.outbox) == 1
    assert quiet.frames_to_send() == [] and quiet.actions() == []  # it sends nothing


def pings(session: Session, now: float) -> list[dict]:
    """The pings a tick sends, each answered at once (the socket stays alive)."""
    session.tick(now)
    sent = [f for f in frames(session) if f["type"] == "ping"]
    for ping in sent:
        session.received(json.dumps({"type": "pong", "t": ping["t"]}), now)
    return sent


def test_the_devices_health_rides_on_a_ping_once_a_minute_and_sooner_when_it_changes():
    session = make(ping_interval=5)
    state = {"unsent": 0, "refused": 0, "build": "b", "last_error": ""}
    session.health_source = lambda now: dict(state)
    welcome(session)
    session.frames_to_send()
    first = pings(session, 5)
    assert first[0]["health"] == state  # a new socket says how the device is at once
    assert "health" not in pings(session, 10)[0]  # nothing new
    state["unsent"] = 3
    assert "health" not in pings(session, 15)[0]  # new, but only 10 s after the last
    assert pings(session, 20)[0]["health"]["unsent"] == 3
    assert "health" not in pings(session, 25)[0] and "health" not in pings(session, 30)[0]
    state["unsent"] = 4  # a count moving, then nothing new for a minute
    assert pings(session, 35)[0]["health"]["unsent"] == 4
    for now in (40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90):
        assert "health" not in pings(session, now)[0]
    assert "health" in pings(session, 95)[0]  # a minute after the last


def test_the_round_trip_and_the_reconnects_of_the_last_hour_are_measured():
    session = make(ping_interval=5)
    welcome(session)
    session.frames_to_send()
    session.tick(5)
    sent = frames(session)[0]["t"]
    session.received(json.dumps({"type": "pong", "t": sent}), 5.25)
    assert session.rtt_ms == 250
    session.received(json.dumps({"type": "pong", "t": "x"}), 6)  # not ours: ignored
    assert session.rtt_ms == 250
    assert session.reconnects_hour(10) == 0
    for now in (100.0, 200.0):
        session.closed(now)
        session.tick(now + 60)
        session.opened(now + 60)
        session.received(json.dumps({"type": "welcome", "seq": 0}), now + 60)
    assert session.reconnects_hour(300) == 2
    assert session.reconnects_hour(3700) == 1  # the first connection aged out of the hour


def test_a_report_goes_when_the_oldest_unsent_change_crosses_the_servers_threshold():
    session = make(ping_interval=5)
    state = {"unsent": 1, "refused": 0, "build": "b", "last_error": "", "oldest_unsent_s": 0}
    session.health_source = lambda now: dict(state)
    welcome(session, health_waiting_s=120)
    session.frames_to_send()
    assert session.health_waiting_s == 120
    assert "health" in pings(session, 5)[0]
    for now in range(10, 130, 5):
        state["oldest_unsent_s"] = now - 5
        sent = pings(session, now)[0]
        # The minute's report, and the one when it has waited 120 s (ten seconds on).
        assert ("health" in sent) == (now in (65, 125)), now
