"""Signing in over REST against a real server: a token for the PIN's role, wrong PINs refused and
limited per address and per restaurant, and a proxy's addresses believed only when trusted."""

import pytest
import requests

from tests.support.client import Rest, error_code


@pytest.mark.parametrize(
    ("pin", "role"),
    [("1111", "kiosk"), ("2222", "floor"), ("3333", "kitchen"), ("9999", "manager")],
)
def test_login_gives_a_token_for_the_pins_role(server, pin, role):
    body = Rest(server.url).post("/login", {"restaurant": "demo", "pin": pin}).json()
    assert body["role"] == role and body["restaurant"] == "demo" and body["token"]


def test_login_refuses_a_wrong_pin(server):
    r = Rest(server.url).post("/login", {"restaurant": "demo", "pin": "0000"})
    assert r.status_code == 401 and error_code(r) == "wrong_pin"


def test_a_restaurant_that_is_not_a_demo_takes_no_pin_from_an_unpaired_device(server):
    """Unknown or real, the answer is the same, and no PIN was looked at: nothing to guess, and
    no window of the staff's filled."""
    for restaurant in ("nowhere", "ghost"):
        answers = [Rest(server.url).post("/login", {"restaurant": restaurant, "pin": "1111"})
                   for _ in range(8)]  # fmt: skip
        assert {(r.status_code, error_code(r)) for r in answers} == {(403, "not_paired")}


def test_login_is_throttled_after_repeated_failures(fresh_server):
    rest = Rest(fresh_server.url)
    codes = [
        rest.post("/login", {"restaurant": "demo", "pin": "1234"}).status_code for _ in range(6)
    ]
    assert codes[:5] == [401] * 5 and codes[5] == 429
    assert "try again in" in rest.post("/login", {"restaurant": "demo", "pin": "1234"}).text


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
