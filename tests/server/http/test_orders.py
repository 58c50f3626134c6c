"""Orders over REST against a real server: placed once per ``client_id``, numbered, refused
clearly, moved along their lifecycle by the roles that may, and many changes in one batch."""

import pytest

from tests.support.client import burger_line, error_code, new_client_id, order_body


def test_create_then_replay_returns_the_same_order(kiosk):
    body = order_body(lines=[burger_line(2)], note="birthday")
    first = kiosk.post("/orders", body)
    again = kiosk.post("/orders", body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    order = first.json()["order"]
    assert order["status"] == "new" and order["total"] == 2 * 1390 and order["note"] == "birthday"
    assert order["number"][0].isalpha() and order["number"][1] == "-"


def test_same_client_id_with_another_body_is_a_conflict(kiosk):
    body = order_body()
    kiosk.post("/orders", body)
    r = kiosk.post("/orders", {**body, "note": "changed my mind"})
    assert r.status_code == 409 and error_code(r) == "idempotency_mismatch"


def test_a_replay_changes_nothing(kiosk, floor):
    body = order_body()
    kiosk.post("/orders", body)
    seq = floor.get("/events", params={"since": 0, "limit": 1}).json()["seq"]
    assert kiosk.post("/orders", body).status_code == 200
    assert floor.get("/events", params={"since": seq}).json()["events"] == []


def order_numbers_increase(kiosk):
    numbers = [kiosk.post("/orders", order_body()).json()["order"]["number"] for _ in range(3)]
    return numbers


def test_order_numbers_follow_each_other(kiosk):
    a, b, c = order_numbers_increase(kiosk)
    assert int(b[2:]) == int(a[2:]) + 1 and int(c[2:]) == int(b[2:]) + 1


@pytest.mark.parametrize(
    ("mutate", "code", "status"),
    [
        (lambda b: b.pop("lines"), "missing_field", 422),
        (lambda b: b.update(lines=[{"item_id": "classic-burger", "qty": 0}]), "out_of_range", 422),
        (lambda b: b.update(lines=[burger_line()] * 51), "too_many", 422),
        (lambda b: b.update(note="x" * 501), "too_long", 422),
        (lambda b: b.update(lines="burger"), "wrong_type", 422),
        (lambda b: b.update(client_id="short"), "too_short", 422),
        (lambda b: b.update(lines=[{"item_id": "unicorn", "qty": 1}]), "unknown_item", 409),
        (
            lambda b: b.update(
                lines=[
                    {
                        "item_id": "classic-burger",
                        "qty": 1,
                        "modifiers": ["medium", "fries", "gold"],
                    }
                ]
            ),
            "unknown_modifier",
            409,
        ),
        (
            lambda b: b.update(lines=[{"item_id": "classic-burger", "qty": 1}]),
            "modifier_required",
            422,
        ),
        (lambda b: b.update(table_id="no-such-table"), "unknown_table", 409),
    ],
)
def test_bad_orders_get_a_clear_error_and_store_nothing(kiosk, floor, mutate, code, status):
    seq = floor.get("/events", params={"since": 0, "limit": 1}).json()["seq"]
    body = order_body()
    mutate(body)
    r = kiosk.post("/orders", body)
    assert (r.status_code, error_code(r)) == (status, code)
    assert floor.get("/events", params={"since": seq}).json()["events"] == []


def test_hidden_characters_never_reach_a_ticket(kiosk, floor):
    """A right-to-left override in a note made the kitchen's ticket read backwards."""
    body = order_body(lines=[{**burger_line(), "note": "\u202eno onion\u202c \u200b"}])
    order = kiosk.post("/orders", body).json()["order"]
    assert order["lines"][0]["note"] == "no onion "
    assert floor.get(f"/orders/{order['id']}").json()["order"]["lines"][0]["note"] == "no onion "


def set_status(rest, order_id, status):
    return rest.post(f"/orders/{order_id}/status", {"client_id": new_client_id(), "status": status})


def test_order_lifecycle_through_roles_until_it_leaves_the_floor(kiosk, kitchen, floor):
    order = kiosk.post("/orders", order_body(table_id="terrace-3")).json()["order"]
    assert (
        floor.get("/floor").json()["tables"][
            [t["id"] for t in floor.get("/floor").json()["tables"]].index("terrace-3")
        ]["status"]
        == "ordered"
    )
    for status in ("accepted", "preparing", "ready"):
        r = set_status(kitchen, order["id"], status)
        assert r.status_code == 200 and r.json()["order"]["status"] == status
    assert set_status(kitchen, order["id"], "paid").status_code == 403  # the pass serves, no more
    assert set_status(floor, order["id"], "served").json()["order"]["version"] == 5
    unpaid = set_status(floor, order["id"], "paid")  # paid means settled, not said
    assert (unpaid.status_code, unpaid.json()["error"]["code"]) == (409, "not_settled")
    owed = floor.get(f"/orders/{order['id']}").json()["order"]["total"]
    body = {"client_id": new_client_id(), "method": "card", "amount": owed}
    paid = floor.post(f"/orders/{order['id']}/payments", body).json()["order"]
    assert paid["status"] == "paid"
    snapshot = floor.get("/floor").json()
    assert order["id"] not in {o["id"] for o in snapshot["orders"]}
    assert {t["id"]: t["status"] for t in snapshot["tables"]}["terrace-3"] == "dirty"
    assert floor.get(f"/orders/{order['id']}").json()["order"]["status"] == "paid"


def test_illegal_transition_names_both_states(kiosk, floor):
    order = kiosk.post("/orders", order_body()).json()["order"]
    r = set_status(floor, order["id"], "served")
    assert r.status_code == 409 and error_code(r) == "illegal_transition"
    assert "'new'" in r.json()["error"]["message"] and "'served'" in r.json()["error"]["message"]


def test_a_kiosk_may_only_place_orders(kiosk):
    order = kiosk.post("/orders", order_body()).json()["order"]
    r = set_status(kiosk, order["id"], "accepted")
    assert r.status_code == 403 and error_code(r) == "forbidden"


def test_unknown_order_is_404(floor):
    r = set_status(floor, "nope", "accepted")
    assert r.status_code == 404 and error_code(r) == "not_found"


def mutation(op: str, data: dict, client_id: str | None = None) -> dict:
    return {"client_id": client_id or new_client_id(), "op": op, "data": data}


def test_a_batch_answers_each_mutation_in_order_and_one_reject_stops_nothing(floor, kiosk):
    first = kiosk.post("/orders", order_body(table_id=None)).json()["order"]
    replay_id = new_client_id()
    good = {"table_id": None, "lines": [burger_line()]}
    batch = [
        mutation("create_order", good, replay_id),
        mutation("create_order", {"lines": [{"item_id": "unicorn", "qty": 1}]}),
        mutation("set_order_status", {"order_id": first["id"], "status": "ready"}),
        mutation("set_order_status", {"order_id": first["id"], "status": "accepted"}),
        mutation("create_order", good, replay_id),
        {"client_id": "x", "op": "create_order", "data": good},
        mutation("set_table_status", {"table_id": "hall-7", "status": "seated"}),
    ]
    seq = floor.get("/events", params={"since": 0, "limit": 1}).json()["seq"]
    results = floor.post("/mutations", {"mutations": batch}).json()["results"]
    assert [r["type"] for r in results] == [
        "ack",
        "reject",
        "reject",
        "ack",
        "ack",
        "reject",
        "ack",
    ]
    assert [r["client_id"] for r in results] == [m["client_id"] for m in batch]
    assert [r["error"]["code"] for r in results if r["type"] == "reject"] == [
        "unknown_item",
        "illegal_transition",
        "too_short",
    ]
    assert results[4]["replayed"] is True and results[4]["result"] == results[0]["result"]
    acked = [r["seq"] for r in results if r["type"] == "ack"]
    assert acked == [seq + 1, seq + 2, seq + 2, seq + 3]  # each at its event; the replay after
    events = floor.get("/events", params={"since": seq}).json()["events"]
    assert [e["seq"] for e in events] == list(range(seq + 1, seq + 1 + len(events)))
    assert [e["type"] for e in events] == ["order_created", "order_updated", "table_updated"]


def test_a_batch_checks_each_mutation_against_the_role(kiosk):
    results = kiosk.post("/mutations", {"mutations": [
        mutation("set_table_status", {"table_id": "hall-8", "status": "seated"}),
        mutation("create_order", {"table_id": None, "lines": [burger_line()]}),
    ]}).json()["results"]  # fmt: skip
    assert [r["type"] for r in results] == ["reject", "ack"]
    assert results[0]["error"]["code"] == "forbidden"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"mutations": []}, "too_few"),
        ({"mutations": [{}] * 101}, "too_many"),
        ({}, "missing_field"),
    ],
)
def test_a_malformed_batch_is_refused_whole(floor, body, code):
    r = floor.post("/mutations", body)
    assert r.status_code == 422 and error_code(r) == code
