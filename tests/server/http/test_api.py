"""REST against a real server process."""

import pytest
import requests

from tests.support.client import Rest, burger_line, new_client_id, order_body


def error_code(response: requests.Response) -> str:
    body = response.json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"]), body
    return body["error"]["code"]


# -- login and tokens ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pin", "role"),
    [("1111", "kiosk"), ("2222", "floor"), ("3333", "kitchen"), ("9999", "manager")],
)
def test_login_gives_a_token_for_the_pins_role(server, pin, role):
    body = Rest(server.url).post("/login", {"restaurant": "demo", "pin": pin}).json()
    assert body["role"] == role and body["restaurant"] == "demo" and body["token"]


@pytest.mark.parametrize(
    "body", [{"restaurant": "demo", "pin": "0000"}, {"restaurant": "nowhere", "pin": "1111"}]
)
def test_login_refuses_a_wrong_pin_or_restaurant(server, body):
    r = Rest(server.url).post("/login", body)
    assert r.status_code == 401 and error_code(r) == "wrong_pin"


def test_login_is_throttled_after_repeated_failures(server):
    rest = Rest(server.url)
    codes = [
        rest.post("/login", {"restaurant": "ghost", "pin": "1234"}).status_code for _ in range(6)
    ]
    assert codes[:5] == [401] * 5 and codes[5] == 429
    assert "try again in" in rest.post("/login", {"restaurant": "ghost", "pin": "1234"}).text


def guess(url: str, pin: str, address: str | None = None) -> int:
    headers = {"X-Forwarded-For": address} if address else {}
    body = {"restaurant": "demo", "pin": pin}
    return requests.post(url + "/api/v1/login", json=body, headers=headers, timeout=30).status_code


def test_guesses_sent_at_once_are_counted_before_any_is_checked(fresh_server):
    """Fifty wrong PINs at once from one address: the count and the check were two steps with
    the hashing between them, so all fifty were hashed. Now five are, the rest refused."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(50) as pool:
        codes = list(pool.map(lambda n: guess(fresh_server.url, f"{n:04d}0"), range(50)))
    assert codes.count(401) == 5 and codes.count(429) == 45


def test_a_proxys_addresses_count_only_when_the_proxy_is_trusted(tmp_path):
    from tests.support.server_process import ServerProcess, seed_demo

    db = str(tmp_path / "p.db")
    seed_demo(db)
    trusting = ServerProcess(db, env={"PASSLINE_TRUSTED_PROXIES": "1"}).start()
    try:
        codes = [guess(trusting.url, "0000", "10.0.0.1") for _ in range(6)]
        assert codes == [401] * 5 + [429]
        # Another device behind the same proxy signs in: its address is its own.
        assert guess(trusting.url, "2222", "10.0.0.2") == 200
    finally:
        trusting.kill()
    untrusting = ServerProcess(db).start()  # the default: X-Forwarded-For is the client's word
    try:
        codes = [guess(untrusting.url, "0000", f"10.0.0.{n}") for n in range(6)]
        assert codes == [401] * 5 + [429]  # all one address, whatever the header says
    finally:
        untrusting.kill()


def test_a_restaurant_has_a_limit_of_its_own_across_addresses(tmp_path):
    from tests.support.server_process import ServerProcess, seed_demo

    db = str(tmp_path / "p.db")
    seed_demo(db)
    server = ServerProcess(db, env={"PASSLINE_TRUSTED_PROXIES": "1"}).start()
    try:
        codes = [guess(server.url, "0000", f"10.0.{n // 4}.{n}") for n in range(60)]
        assert codes == [401] * 60  # four each from fifteen addresses: under every address limit
        assert guess(server.url, "0000", "10.9.9.9") == 429  # the restaurant's hour is full
    finally:
        server.kill()


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer not-a-token", "Basic abc"])
def test_endpoints_need_a_valid_bearer_token(server, header):
    headers = {"Authorization": header} if header else {}
    r = requests.get(server.url + "/api/v1/floor", headers=headers, timeout=5)
    assert r.status_code == 401 and error_code(r) == "unauthorized"


def test_a_token_never_reaches_another_restaurant(floor, tokens, server):
    order = floor.post("/orders", order_body()).json()["order"]
    other = Rest(server.url, tokens["other_floor"])
    assert other.get(f"/orders/{order['id']}").status_code == 404
    assert order["id"] not in {o["id"] for o in other.get("/floor").json()["orders"]}
    assert all(
        e["data"].get("id") != order["id"]
        for e in other.get("/events", params={"since": 0, "limit": 1000}).json()["events"]
    )
    r = other.post(
        f"/orders/{order['id']}/status", {"client_id": new_client_id(), "status": "accepted"}
    )
    assert r.status_code == 404


# -- orders and idempotency ------------------------------------------------------------------


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
        (lambda b: b.update(lines=[{"item_id": "unicorn", "qty": 1}]), "unknown_item", 422),
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
            422,
        ),
        (
            lambda b: b.update(lines=[{"item_id": "classic-burger", "qty": 1}]),
            "modifier_required",
            422,
        ),
        (lambda b: b.update(table_id="no-such-table"), "unknown_table", 422),
    ],
)
def test_bad_orders_get_a_clear_error_and_store_nothing(kiosk, floor, mutate, code, status):
    seq = floor.get("/events", params={"since": 0, "limit": 1}).json()["seq"]
    body = order_body()
    mutate(body)
    r = kiosk.post("/orders", body)
    assert (r.status_code, error_code(r)) == (status, code)
    assert floor.get("/events", params={"since": seq}).json()["events"] == []


@pytest.mark.parametrize("raw", [b"{not json", b"", b"[1, 2]", b'"text"'])
def test_malformed_bodies(kiosk, raw):
    r = kiosk.session.post(
        kiosk.base + "/orders", data=raw, headers={"Content-Type": "application/json"}
    )
    assert r.status_code in (400, 422)
    assert error_code(r) in ("invalid_json", "wrong_type")


@pytest.mark.parametrize("path", ["/login", "/orders"])
def test_deep_nesting_is_a_clear_400_not_a_server_error(server, kiosk, path):
    """30 KB of "[" made the JSON parser recurse until it failed: a 500 with a traceback."""
    r = kiosk.session.post(
        kiosk.base + path, data=b"[" * 30_000, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400 and error_code(r) == "invalid_json"
    assert "nested" in r.json()["error"]["message"]


@pytest.mark.parametrize("kind", ["text/plain", "application/x-www-form-urlencoded", None])
def test_bodies_must_be_json(server, kind):
    """A form or text/plain post needs no CORS preflight: any web page a tablet visits could
    send one. Only application/json is read."""
    headers = {"Content-Type": kind} if kind else {}
    r = requests.post(server.url + "/api/v1/login", data=b'{"restaurant": "demo", "pin": "2222"}',
                      headers=headers, timeout=10)  # fmt: skip
    assert r.status_code == 415 and error_code(r) == "unsupported_media_type"


def test_every_response_says_what_it_is_and_api_answers_are_not_stored(server, kiosk):
    for response in (
        kiosk.get("/menu"),
        requests.get(server.url + "/", timeout=10),
        Rest(server.url).post("/login", {"restaurant": "demo", "pin": "1111"}),
    ):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]  # fmt: skip
    assert kiosk.get("/menu").headers["Cache-Control"] == "no-store"
    login = Rest(server.url).post("/login", {"restaurant": "demo", "pin": "1111"})
    assert login.headers["Cache-Control"] == "no-store"  # it carries a token


def test_hidden_characters_never_reach_a_ticket(kiosk, floor):
    """A right-to-left override in a note made the kitchen's ticket read backwards."""
    body = order_body(lines=[{**burger_line(), "note": "\u202eno onion\u202c \u200b"}])
    order = kiosk.post("/orders", body).json()["order"]
    assert order["lines"][0]["note"] == "no onion "
    assert floor.get(f"/orders/{order['id']}").json()["order"]["lines"][0]["note"] == "no onion "


def test_oversize_body_is_refused_with_413(kiosk, floor):
    seq = floor.get("/events", params={"since": 0, "limit": 1}).json()["seq"]
    r = kiosk.post("/orders", {**order_body(), "padding": "x" * 70_000})
    assert r.status_code == 413 and error_code(r) == "payload_too_large"
    assert floor.get("/events", params={"since": seq}).json()["events"] == []


# -- lifecycle -------------------------------------------------------------------------------


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
    assert set_status(kitchen, order["id"], "served").status_code == 403
    assert set_status(floor, order["id"], "served").json()["order"]["version"] == 5
    paid = set_status(floor, order["id"], "paid").json()["order"]
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


# -- events, menu, ops -----------------------------------------------------------------------


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


def test_menu_full_and_incremental(manager, floor):
    menu = floor.get("/menu").json()
    assert len(menu["items"]) >= 40 and len(menu["categories"]) >= 6
    assert any(i["modifiers"] for i in menu["items"])
    assert all(i["station"] for i in menu["items"])
    item = {"name": "Pide", "price": 1100, "category_id": "mains"}
    r = manager.put("/menu/items/pide", item)
    assert r.status_code == 200
    changed = floor.get("/menu", params={"since_version": menu["version"]}).json()
    assert [i["id"] for i in changed["items"]] == ["pide"] and changed["version"] == menu[
        "version"
    ] + 1
    manager.delete("/menu/items/pide")
    gone = floor.get("/menu", params={"since_version": changed["version"]}).json()
    assert gone["removed"]["items"] == ["pide"] and gone["items"] == []
    events = floor.get("/events", params={"since": 0, "limit": 1000}).json()["events"]
    assert {"version": gone["version"]} in [
        e["data"] for e in events if e["type"] == "menu_updated"
    ]


def test_menu_writes_are_for_managers_and_validated(manager, floor):
    assert (
        floor.put(
            "/menu/items/pide", {"name": "Pide", "price": 1, "category_id": "mains"}
        ).status_code
        == 403
    )
    r = manager.put("/menu/items/pide", {"name": "Pide", "price": -1, "category_id": "mains"})
    assert r.status_code == 422 and error_code(r) == "out_of_range"
    r = manager.put("/menu/items/pide", {"name": "Pide", "price": 1, "category_id": "nope"})
    assert error_code(r) == "unknown_category"
    assert error_code(manager.delete("/menu/categories/grill")) == "category_not_empty"


def test_health_and_stats(server, manager, floor):
    assert requests.get(server.url + "/api/v1/health", timeout=5).json()["status"] == "ok"
    assert floor.get("/stats").status_code == 403
    stats = manager.get("/stats").json()
    assert {"connections", "total_connections", "events_per_second", "seq"} <= set(stats)


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [("get", "/nope", 404, "not_found"), ("delete", "/floor", 405, "method_not_allowed")],
)
def test_unknown_routes_answer_json(floor, method, path, status, code):
    r = getattr(floor, method)(path)
    assert r.status_code == status and error_code(r) == code


# -- batches ---------------------------------------------------------------------------------


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


# -- errors reported by the app on a device ----------------------------------------------------


def test_a_devices_errors_are_logged_with_who_and_which_build(fresh_server):
    from tests.support.client import login

    kiosk = Rest(fresh_server.url, login(fresh_server.url, "kiosk"))
    report = {
        "build": "abc123",
        "errors": [{"where": "render kiosk", "message": "KeyError: 'x'\nforged line", "count": 3}],
    }
    r = kiosk.post("/client-errors", report)
    assert r.status_code == 202 and r.json() == {"logged": 1}
    log = fresh_server.log_path.read_text()
    line = next(line for line in log.splitlines() if "client error" in line)
    assert "restaurant=demo role=kiosk" in line and "build='abc123'" in line and "count=3" in line
    assert "forged line" in line  # escaped onto the same line, not a line of its own
    assert not any(line.startswith("forged line") for line in log.splitlines())


def test_error_reports_are_rate_limited_per_device(fresh_server):
    from tests.support.client import login

    report = {"errors": [{"where": "tick", "message": "boom"}]}
    kiosk = Rest(fresh_server.url, login(fresh_server.url, "kiosk"))
    codes = [kiosk.post("/client-errors", report).status_code for _ in range(8)]
    assert codes == [202] * 6 + [429] * 2
    limited = kiosk.post("/client-errors", report)
    assert error_code(limited) == "rate_limited"
    floor = Rest(fresh_server.url, login(fresh_server.url, "floor"))  # another device: its own
    assert floor.post("/client-errors", report).status_code == 202


@pytest.mark.parametrize(
    "body",
    [{}, {"errors": []}, {"errors": [{"where": "x"}]}, {"errors": [{"where": "x", "message": "m" * 501}]},
     {"errors": [{"where": "x", "message": "m"}] * 11}],
)  # fmt: skip
def test_a_bad_error_report_is_refused_clearly(kiosk, body):
    r = kiosk.post("/client-errors", body)
    assert r.status_code == 422 and error_code(r)


def test_error_reports_need_a_signed_in_device(server):
    r = Rest(server.url).post("/client-errors", {"errors": [{"where": "x", "message": "m"}]})
    assert r.status_code == 401
