"""What each REST answer means for the session: every way a request can end tells it how, so
sync never waits on a request nobody answers; a body that is not our server's is no answer."""

import pytest

from sync.actions import Renew, SignIn
from sync.answers import RENEW, read_load, read_poll, read_post, read_renewal, renewal
from sync.backoff import Backoff
from sync.outbox import Outbox
from sync.session import OFFLINE, POLLING, Session


def polling_session() -> Session:
    session = Session("token", 0, Outbox(), Backoff(rng=lambda: 0.5), Backoff(rng=lambda: 0.5))
    session.start(0.0)
    session.poll_in_flight = True
    return session


def test_a_poll_answered_moves_the_cursor_and_says_the_servers_time():
    session = polling_session()
    body = {"events": [{"seq": 1, "type": "menu_updated", "data": {"version": 2}}], "seq": 1,
            "epoch": "e1", "now": "2026-12-02T10:00:00Z"}  # fmt: skip
    assert read_poll(session, (200, body), 1.0) == "2026-12-02T10:00:00Z"
    assert session.state == POLLING and session.cursor == 1 and not session.poll_in_flight


@pytest.mark.parametrize(
    "answer", [None, (502, {"error": {}}), (200, "<html>Wi-Fi login</html>"), (200, None)]
)
def test_a_poll_with_no_answer_of_ours_is_an_outage(answer):
    session = polling_session()
    assert read_poll(session, answer, 1.0) is None
    assert session.state == OFFLINE and not session.poll_in_flight


def test_a_poll_refused_with_401_renews_the_token():
    session = polling_session()
    read_poll(session, (401, {"error": {"code": "token_expired"}}), 1.0)
    assert session.renewing and Renew() in session.actions()


def test_a_batch_answered_acks_each_and_a_failed_one_goes_back_in_line():
    box = Outbox()
    box.add("change-1", "create_order", {}, "t")
    session = polling_session()
    session.post_in_flight = tuple(m.client_id for m in box.take(0.0, 10))
    session.outbox = box
    read_post(session, (200, {"results": [{"type": "ack", "client_id": "change-1",
                                           "result": {}, "seq": 3}]}), 1.0)  # fmt: skip
    assert session.acks_received() == [("change-1", {}, "create_order")]
    box.add("change-2", "create_order", {}, "t")
    session.post_in_flight = tuple(m.client_id for m in box.take(1.0, 10))
    read_post(session, None, 2.0)
    assert [m.state for m in box.pending()] == ["pending"] and session.state == OFFLINE


@pytest.mark.parametrize(
    ("answer", "token", "why"),
    [((200, {"token": "new"}), "new", None),
     ((401, {"error": {"code": "device_revoked", "field": "pin_changed"}}), None, "pin_changed"),
     ((401, "not ours"), None, "")],
)  # fmt: skip
def test_a_renewal_gives_a_token_or_ends_the_sign_in_with_the_servers_reason(answer, token, why):
    session = polling_session()
    assert read_renewal(session, answer, 1.0) == token
    if why is not None:
        assert session.signed_out and SignIn(why) in session.actions()


@pytest.mark.parametrize("answer", [None, (503, {}), (429, {}), (200, {"token": ""})])
def test_a_renewal_with_no_verdict_is_asked_again_after_a_backoff(answer):
    session = polling_session()
    assert read_renewal(session, answer, 1.0) is None
    assert not session.signed_out and session.renew_at is not None and session.renew_at > 1.0


def test_a_device_without_a_credential_goes_to_the_pin_pad():
    session = polling_session()
    assert renewal(session, "demo", None) is None and session.signed_out
    assert renewal(polling_session(), "demo", "d1.secret") == {
        "restaurant": "demo", "credential": "d1.secret"
    }  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "read"),
    [((200, {"seq": 4, "orders": []}), {"seq": 4, "orders": []}), ((401, {}), RENEW),
     ((200, {"seq": "4"}), None), ((500, {}), None), (None, None), ((200, ["x"]), None)],
)  # fmt: skip
def test_a_load_is_the_servers_body_a_renewal_or_nothing(answer, read):
    assert read_load(answer, "seq") == read
