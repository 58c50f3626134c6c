"""Devices join once, people sign in as themselves, against a real server on each engine: a real
restaurant takes no PIN from a device that has not paired (a flood from the network counts
nothing and locks nobody out), a code pairs one device once, a staff member's own PIN signs the
paired device in as them and every change they make names them, a person hands a shared phone
to the next (the device stays paired, no new device row), deactivating a person ends their
sessions at once, and the manager ends role PINs."""

from __future__ import annotations

import pytest
import requests
from websockets.exceptions import ConnectionClosed

from tests.support.cli import cli, new_pairing_code
from tests.support.client import (
    Live,
    Rest,
    burger_line,
    error_code,
    new_client_id,
    order_body,
    pair,
    pin_sign_in,
)
from tests.support.server_process import seed_real
from tests.support.wait import until

R = "kose"


def enrol(db: str, name: str, job: str, pin: str) -> str:
    added = cli("staff", "add", R, name, "--job", job, db=db, stdin=f"{pin}\n")
    assert added.returncode == 0, added.stderr
    return added.stdout.split("(id ")[1].rstrip(")\n")


def new_code(db: str, role: str, name: str = "") -> str:
    return new_pairing_code(db, R, role, name)


def test_a_real_restaurant_pairs_its_devices_and_its_people_sign_in_as_themselves(engine_server):
    url, db = engine_server.url, engine_server.db
    seed_real(db, R)
    ana = enrol(db, "Ana Yılmaz", "floor", "4826")
    enrol(db, "Murat Kaya", "manager", "582914")
    enrol(db, "Deniz Aksoy", "kitchen", "7351")

    # From a device that has not joined, no PIN is looked at: not even the right one, and a
    # flood counts nothing (no 429), so it cannot lock the staff out.
    flood = [requests.post(url + "/api/v1/login", json={"restaurant": R, "pin": f"{4000 + i}"},
                           headers={"X-Forwarded-For": f"10.0.0.{i % 20}"}, timeout=10)
             for i in range(40)]  # fmt: skip
    assert {(r.status_code, error_code(r)) for r in flood} == {(403, "not_paired")}
    assert error_code(requests.post(url + "/api/v1/login", json={"restaurant": R,
                                    "pin": "4826"}, timeout=10)) == "not_paired"  # fmt: skip

    code = new_code(db, "floor", "Pass phone")
    phone = pair(url, R, code.lower().replace("-", " "))  # typed as a person types it
    assert phone["token"] is None and phone["role"] == "floor"
    assert phone["device"]["name"] == "Pass phone" and phone["device"]["signed_in"] is False
    again = requests.post(url + "/api/v1/pair", json={"restaurant": R, "code": code}, timeout=10)
    assert again.status_code == 409 and error_code(again) == "code_used"
    guessed = requests.post(url + "/api/v1/pair", json={"restaurant": R, "code": "ABCD-EFGH"},
                            timeout=10)  # fmt: skip
    assert guessed.status_code == 403 and error_code(guessed) == "wrong_code"
    renewed = requests.post(url + "/api/v1/renew", json={"restaurant": R,
                            "credential": phone["credential"]}, timeout=10)  # fmt: skip
    assert error_code(renewed) == "signed_out"  # paired, but nobody signed in: no token

    # Ana signs in on the paired phone as herself; her changes name her.
    credential = phone["credential"]
    signed = pin_sign_in(url, R, credential, "4826")
    assert signed.status_code == 200, signed.text
    assert signed.json()["role"] == "floor" and signed.json()["person"]["id"] == ana
    assert signed.json()["device"]["id"] == phone["device"]["id"]  # the same device, signed in
    ana_rest = Rest(url, signed.json()["token"])
    order = ana_rest.post("/orders", order_body(None)).json()["order"]
    assert order["history"][0]["by"]["person"] == {"id": ana, "name": "Ana Yılmaz"}
    wrong = pin_sign_in(url, R, credential, "7351")  # the cook's PIN on a floor phone
    assert wrong.status_code == 403 and error_code(wrong) == "wrong_role"
    assert ana_rest.get("/floor").status_code == 200  # a refused sign-in changes nothing

    # Ana hands the phone to the manager: her sign-in ends, his begins, on the same device.
    assert ana_rest.post("/sign-out").json() == {"signed_out": True}
    assert error_code(ana_rest.get("/floor")) == "signed_out"
    murat = pin_sign_in(url, R, credential, "582914").json()
    assert murat["role"] == "floor" and murat["person"]["name"] == "Murat Kaya"
    devices = Rest(url, murat["token"]).get("/devices")
    assert devices.status_code == 403  # on a floor phone he acts as the floor does
    ana_again = pin_sign_in(url, R, credential, "4826").json()
    assert error_code(Rest(url, murat["token"]).get("/floor")) == "unauthorized"  # not his now

    # Deactivated: her sessions end at once (REST and socket), the phone stays paired.
    live = Live(engine_server.ws_url, ana_again["token"])
    assert cli("staff", "deactivate", R, ana, db=db).returncode == 0
    with pytest.raises(ConnectionClosed):
        while True:  # pings and events until the server closes it
            live.recv(timeout=5)
    assert live.ws.close_code == 4401
    gone = until(lambda: Rest(url, ana_again["token"]).get("/floor"),
                 lambda r: r.status_code == 401)  # fmt: skip
    assert gone.json()["error"] == {
        "code": "signed_out", "field": "person_deactivated",
        "message": "the person signed in here was deactivated"}  # fmt: skip
    assert error_code(pin_sign_in(url, R, credential, "4826")) == "wrong_pin"
    assert pin_sign_in(url, R, credential, "582914").status_code == 200

    # Role PINs work on paired devices until the manager ends them.
    assert cli("pin", "set", R, "floor", "5937", db=db).returncode == 0
    role_pin = pin_sign_in(url, R, credential, "5937")
    assert role_pin.status_code == 200 and role_pin.json()["person"] is None
    tablet = pair(url, R, new_code(db, "manager"), "Office tablet")
    manager = Rest(url, pin_sign_in(url, R, tablet["credential"], "582914").json()["token"])
    ended = manager.delete("/role-pins")
    assert ended.status_code == 200 and ended.json() == {"signed_out": 1}
    assert error_code(Rest(url, role_pin.json()["token"]).get("/floor")) == "signed_out"
    assert error_code(pin_sign_in(url, R, credential, "5937")) == "wrong_pin"
    listed = {d["id"]: d for d in manager.get("/devices").json()["devices"]}
    assert listed[phone["device"]["id"]]["revoked_at"] is None  # signed out, never unpaired
    assert len(listed) == 2  # every sign-in above reused the phone's one row
    kept = Rest(url, pin_sign_in(url, R, credential, "582914").json()["token"])
    assert kept.post("/orders", {**order_body(None), "client_id": new_client_id()}).ok


def test_what_a_person_may_do_is_their_jobs_and_an_approval_needs_someone_who_may(engine_server):
    """A waiter's discount beyond the limit needs someone who may give it: a cook's PIN or
    another waiter's approves nothing, the manager's does; the manager signed in on the same
    floor phone gives it himself, and the history names who did."""
    url, db = engine_server.url, engine_server.db
    seed_real(db, R)
    enrol(db, "Ana Yılmaz", "floor", "4826")
    enrol(db, "Ece Demir", "floor", "3917")
    enrol(db, "Murat Kaya", "manager", "582914")
    enrol(db, "Deniz Aksoy", "kitchen", "7351")
    phone = pair(url, R, new_code(db, "floor"))["credential"]
    ana = Rest(url, pin_sign_in(url, R, phone, "4826").json()["token"])
    order = ana.post("/orders", order_body(None)).json()["order"]
    fifteen = {"line": None, "amount": 0, "bp": 1500, "reason": "regular"}
    discounts = f"/orders/{order['id']}/discount"
    asked = ana.put(discounts, {**fifteen, "client_id": new_client_id()})
    assert (asked.status_code, error_code(asked)) == (403, "approval_needed")
    change = {"order_id": order["id"], **fifteen}
    for pin in ("3917", "7351"):  # another waiter, the cook: neither may discount that much
        denied = ana.post("/approvals", {"pin": pin, "op": "set_discount", "change": change})
        assert (denied.status_code, error_code(denied)) == (401, "wrong_pin"), pin
    granted = ana.post("/approvals", {"pin": "582914", "op": "set_discount", "change": change})
    body = {**fifteen, "client_id": new_client_id(), "approval": granted.json()["approval"]}
    assert ana.put(discounts, body).json()["order"]["discount"]["bp"] == 1500

    assert ana.post("/sign-out").status_code == 200
    murat = Rest(url, pin_sign_in(url, R, phone, "582914").json()["token"])  # same phone
    twenty = {**fifteen, "bp": 2000, "client_id": new_client_id()}
    given = murat.put(discounts, twenty)  # his own right: nobody to ask
    assert given.status_code == 200, given.text
    last = given.json()["order"]["history"][-1]
    assert last["by"]["person"]["name"] == "Murat Kaya" and last["by"]["role"] == "floor"


def test_people_clock_in_and_out_and_the_figures_say_who_did_what(engine_server):
    url, db = engine_server.url, engine_server.db
    seed_real(db, R)
    ana = enrol(db, "Ana Yılmaz", "floor", "4826")
    enrol(db, "Murat Kaya", "manager", "582914")
    phone = pair(url, R, new_code(db, "floor"))["credential"]
    tablet = pair(url, R, new_code(db, "manager"))["credential"]

    def clock(pin: str, credential: str = phone) -> requests.Response:
        return requests.post(url + "/api/v1/clock", json={"restaurant": R, "pin": pin,
                             "credential": credential}, timeout=10)  # fmt: skip

    unpaired = requests.post(url + "/api/v1/clock", json={"restaurant": R, "pin": "4826"},
                             timeout=10)  # fmt: skip
    assert error_code(unpaired) == "not_paired"
    assert error_code(clock("1111")) == "wrong_pin"
    clocked = clock("4826").json()
    assert clocked["clocked_in"] is True and clocked["person"] == {"id": ana, "name": "Ana Yılmaz"}
    waiter = Rest(url, pin_sign_in(url, R, phone, "4826").json()["token"])
    order = waiter.post("/orders", order_body(None)).json()["order"]
    two = [burger_line(), {"item_id": "ayran", "qty": 1}]
    other = waiter.post("/orders", order_body(None, two)).json()["order"]
    void = {"client_id": new_client_id(), "line": 0, "reason": "quality"}
    assert waiter.post(f"/orders/{other['id']}/voids", void).status_code == 200
    pay = {"client_id": new_client_id(), "method": "card", "amount": order["total"], "tip": 150}
    assert waiter.post(f"/orders/{order['id']}/payments", pay).status_code == 200
    out = clock("4826").json()
    assert out["clocked_in"] is False and out["ended_at"] >= out["started_at"]

    manager = Rest(url, pin_sign_in(url, R, tablet, "582914").json()["token"])
    report = manager.get("/reports/staff")
    assert report.status_code == 200, report.text
    rows = {r["name"]: r for r in report.json()["people"]}
    mine = rows["Ana Yılmaz"]
    got = (mine["orders"], mine["payments"], mine["tips"], mine["voids"])
    assert got == (2, order["total"], 150, 1)
    assert mine["sales"] == order["total"] + other["total"] - other["lines"][0]["line_total"]
    assert mine["voided"] == other["lines"][0]["line_total"] and mine["job"] == "floor"
    assert 0 <= mine["hours"] < 0.1
    csv = manager.get("/reports/staff.csv")
    assert csv.headers["Content-Type"].startswith("text/csv")
    lines = csv.text.removeprefix("\ufeff").splitlines()
    assert lines[0].startswith("name,job,orders,sales")
    assert any(line.startswith("Ana Yılmaz,floor,2,") for line in lines), csv.text
    turkish = manager.get("/reports/staff.csv", headers={"Accept-Language": "tr-TR,tr;q=0.9"})
    assert turkish.text.removeprefix("\ufeff").splitlines()[0].startswith("name;job;orders;")
    x_report = manager.get("/reports/x").json()  # the business day so far, by person
    assert [(p["name"], p["orders"]) for p in x_report["by_person"]] == [("Ana Yılmaz", 2)]
    backwards = manager.get("/reports/staff", params={"from": "2026-12-31", "to": "2026-01-01"})
    assert (backwards.json()["from"], backwards.json()["to"]) == ("2026-10-31", "2026-12-31")
    wrong = manager.get("/reports/staff", params={"from": "2026-02-30"})
    assert (wrong.status_code, error_code(wrong)) == (422, "invalid_value")


def test_a_restaurants_own_jobs_hold_their_rights_on_every_device(engine_server):
    """A head waiter (floor, with voids after the kitchen started) voids without asking; a
    shift lead (built on a manager's, without the menu or staff) opens the manager screen's
    drawer but cannot change the menu or enrol anyone."""
    url, db = engine_server.url, engine_server.db
    seed_real(db, R)
    made = cli("staff", "job", R, "head-waiter", "--name", "Head waiter", "--base", "floor",
               "--rights", "take_orders,void_before_start,void_after_start",
               "--discount-limit", "20", db=db)  # fmt: skip
    assert made.returncode == 0, made.stderr
    lead = cli("staff", "job", R, "shift-lead", "--name", "Shift lead", "--base", "manager",
               "--rights", "take_orders,cash_drawer", db=db)  # fmt: skip
    assert lead.returncode == 0, lead.stderr
    bad = cli("staff", "job", R, "x", "--name", "X", "--base", "floor", "--rights", "fly", db=db)
    assert bad.returncode == 1 and "no right 'fly'" in bad.stderr
    enrol(db, "Ece Demir", "head-waiter", "3917")
    enrol(db, "Can Öz", "shift-lead", "615243")
    phone = pair(url, R, new_code(db, "floor"))["credential"]
    signed = pin_sign_in(url, R, phone, "3917").json()
    assert signed["person"]["rights"] == ["take_orders", "void_after_start", "void_before_start"]
    ece = Rest(url, signed["token"])
    two = [burger_line(), {"item_id": "ayran", "qty": 1}]
    order = ece.post("/orders", order_body(None, two)).json()["order"]
    for status in ("accepted", "preparing"):  # the kitchen has started it
        body = {"client_id": new_client_id(), "status": status}
        assert ece.post(f"/orders/{order['id']}/status", body).status_code == 200
    void = {"client_id": new_client_id(), "line": 0, "reason": "quality"}
    assert ece.post(f"/orders/{order['id']}/voids", void).status_code == 200  # nobody asked
    off = {"client_id": new_client_id(), "line": None, "amount": 0, "bp": 1500, "reason": "regular"}
    assert ece.put(f"/orders/{order['id']}/discount", off).status_code == 200  # within her 20 %
    more = {**off, "client_id": new_client_id(), "bp": 2500}
    assert error_code(ece.put(f"/orders/{order['id']}/discount", more)) == "approval_needed"

    tablet = pair(url, R, new_code(db, "manager"))["credential"]
    can = Rest(url, pin_sign_in(url, R, tablet, "615243").json()["token"])
    jobs = {j["id"]: j for j in can.get("/jobs").json()["jobs"]}
    assert jobs["shift-lead"]["base"] == "manager" and set(jobs) >= {"floor", "head-waiter"}
    item = {"client_id": new_client_id(), "op": "save_item",
            "data": {"item_id": "tea", "name": "Tea", "price": 100, "category_id": "drinks"}}  # fmt: skip
    refused = can.post("/mutations", {"mutations": [item]}).json()["results"][0]
    assert refused["type"] == "reject" and refused["error"]["code"] == "forbidden"
    enrolled = can.post("/staff", {"name": "Someone", "job": "floor", "pin": "7351"})
    assert (enrolled.status_code, error_code(enrolled)) == (403, "forbidden")
    drawer = {"client_id": new_client_id(), "op": "open_drawer",
              "data": {"drawer_id": "d1", "name": "Bar", "float": 10000}}  # fmt: skip
    opened = can.post("/mutations", {"mutations": [drawer]}).json()["results"][0]
    assert opened["type"] == "ack", opened


def test_a_person_signed_in_offline_is_signed_in_again_when_the_device_is_back(engine_server):
    """The offline ticket of a sign-in signs that person in again on that device, and only
    there, only while they are active: what they queued offline then lands under their name."""
    url, db = engine_server.url, engine_server.db
    seed_real(db, R)
    ana = enrol(db, "Ana Yılmaz", "floor", "4826")
    phone = pair(url, R, new_code(db, "floor"))["credential"]
    other = pair(url, R, new_code(db, "floor"))["credential"]
    signed = pin_sign_in(url, R, phone, "4826").json()
    ticket = signed["offline_ticket"]
    assert ticket and Rest(url, signed["token"]).post("/sign-out").status_code == 200

    def resume(credential: str, ticket: str = ticket) -> requests.Response:
        return requests.post(url + "/api/v1/resume", json={"restaurant": R, "ticket": ticket,
                             "credential": credential}, timeout=10)  # fmt: skip

    assert error_code(resume(other)) == "unauthorized"  # another device's: her PIN there
    assert error_code(resume(phone, ticket[:-2] + "xx")) == "unauthorized"
    back = resume(phone)
    assert back.status_code == 200, back.text
    queued = Rest(url, back.json()["token"]).post("/orders", order_body(None)).json()["order"]
    assert queued["history"][0]["by"]["person"] == {"id": ana, "name": "Ana Yılmaz"}
    assert cli("staff", "deactivate", R, ana, db=db).returncode == 0
    assert error_code(resume(phone)) == "unauthorized"
