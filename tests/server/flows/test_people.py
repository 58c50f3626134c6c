"""People sign in as themselves, against a real server on each engine: a staff member's own
PIN signs a device in as them (the role their job is built on), every change they make names
them, a role's new PIN leaves their sign-in alone, and deactivating them ends it at once."""

from __future__ import annotations

import requests

from server.cli.demo import PINS
from tests.support.cli import cli
from tests.support.client import Rest, new_client_id, order_body
from tests.support.wait import until


def sign_in(url: str, pin: str, **extra) -> requests.Response:
    return requests.post(url + "/api/v1/login", json={"restaurant": "demo", "pin": pin, **extra},
                         timeout=10)  # fmt: skip


def test_a_waiter_signs_in_as_herself_and_her_changes_name_her(engine_server):
    url, db = engine_server.url, engine_server.db
    added = cli("staff", "add", "demo", "Ana Yılmaz", "--job", "floor", db=db, stdin="4826\n")
    assert added.returncode == 0, added.stderr
    person = added.stdout.split("(id ")[1].rstrip(")\n")
    answer = sign_in(url, "4826", device="Ana's phone")
    assert answer.status_code == 200, answer.text
    signed = answer.json()
    assert signed["role"] == "floor" and signed["person"] == {
        "id": person, "name": "Ana Yılmaz", "job": "floor"}  # fmt: skip
    refused = sign_in(url, "4826", roles=["kitchen"])  # her job is not the kitchen's
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "wrong_role"
    ana = Rest(url, signed["token"])
    order = ana.post("/orders", order_body("hall-3")).json()["order"]
    assert order["history"][0]["by"]["person"] == {"id": person, "name": "Ana Yılmaz"}
    events = ana.get("/events", params={"since": 0}).json()["events"]
    made = [e for e in events if e["type"] == "order_created" and e["data"]["id"] == order["id"]]
    assert made[0]["by"]["person"] == {"id": person, "name": "Ana Yılmaz"}

    # A role's PIN is never someone's own; a new floor PIN signs out the devices that used the
    # old one, not Ana's.
    taken = cli("pin", "set", "demo", "floor", "4826", db=db)
    assert taken.returncode == 1 and "staff member's own" in taken.stderr
    assert cli("pin", "set", "demo", "floor", "5937", db=db).returncode == 0
    assert ana.get("/floor").status_code == 200
    # Deactivated: her sessions end at once, and her PIN opens nothing.
    assert cli("staff", "deactivate", "demo", person, db=db).returncode == 0
    gone = until(lambda: ana.get("/floor"), lambda r: r.status_code == 401)
    assert gone.json()["error"] == {
        "code": "device_revoked", "field": "person_deactivated",
        "message": "the person signed in here was deactivated"}  # fmt: skip
    renewed = requests.post(url + "/api/v1/renew", json={"restaurant": "demo",
                            "credential": signed["credential"]}, timeout=10)  # fmt: skip
    assert renewed.status_code == 401
    assert sign_in(url, "4826").status_code == 401
    assert sign_in(url, PINS["manager"]).status_code == 200  # role PINs still sign in
    kept = Rest(url, sign_in(url, PINS["manager"]).json()["token"])
    assert kept.post("/orders", {**order_body("hall-4"), "client_id": new_client_id()}).ok
