"""The floor over REST against a real server: a table's status, and the events after a cursor."""

from tests.support.client import error_code, new_client_id, order_body


def test_table_status_changes_and_refuses_illegal_ones(floor):
    body = {"client_id": new_client_id(), "status": "seated"}
    first = floor.patch("/tables/bar-2", body)
    assert first.status_code == 200 and first.json()["table"]["status"] == "seated"
    assert floor.patch("/tables/bar-2", body).json() == first.json()
    r = floor.patch("/tables/bar-2", {"client_id": new_client_id(), "status": "bill"})
    assert r.status_code == 409 and error_code(r) == "illegal_transition"
    assert (
        floor.patch(
            "/tables/nowhere", {"client_id": new_client_id(), "status": "seated"}
        ).status_code
        == 404
    )


def test_events_page_in_seq_order(floor, kiosk):
    seq = floor.get("/events", params={"since": 0, "limit": 1}).json()["seq"]
    for _ in range(3):
        kiosk.post("/orders", order_body(table_id=None))
    page = floor.get("/events", params={"since": seq, "limit": 2}).json()
    assert [e["seq"] for e in page["events"]] == [seq + 1, seq + 2]
    assert page["seq"] >= seq + 3
    assert page["events"][0]["type"] == "order_created"
    assert floor.get("/events", params={"since": "x"}).status_code == 422
    assert floor.get("/events", params={"limit": 5000}).status_code == 422
