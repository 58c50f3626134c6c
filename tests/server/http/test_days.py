"""The close of day over REST (``http/days.py``), against a real server: only a manager closes
or reads the reports; a day that is no date is named; nothing closed yet is a 404; the Z report
comes as JSON and as a CSV download; a close sent again answers as the first did."""

from __future__ import annotations

from datetime import datetime

from tests.support.client import Rest, error_code, login, new_client_id


def test_the_close_of_day_over_rest(fresh_server):
    url = fresh_server.url
    manager, waiter = Rest(url, login(url, "manager")), Rest(url, login(url, "floor"))
    day = datetime.now().astimezone().date().isoformat()  # the demo keeps the server's zone
    assert error_code(waiter.get("/reports/x")) == "forbidden"
    assert error_code(waiter.post("/days/close", {"client_id": new_client_id(), "day": day})) \
        == "forbidden"  # fmt: skip
    assert error_code(manager.get("/reports/close")) == "not_found"  # nothing closed yet
    assert manager.get("/reports/days").json() == {"days": []}
    bad = manager.post("/days/close", {"client_id": new_client_id(), "day": "2026-13-40"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "day"
    named = manager.get("/reports/close", params={"day": "yesterday"})
    assert named.status_code == 422 and named.json()["error"]["field"] == "day"

    x = manager.get("/reports/x")
    assert x.status_code == 200 and x.json()["cash"]["over_short"] == 0
    assert x.headers["Cache-Control"] == "no-store"

    close = {"client_id": new_client_id(), "day": x.json()["day"], "carry_over": True}
    first = manager.post("/days/close", close)
    assert first.status_code == 200, first.text
    assert manager.post("/days/close", close).json() == first.json()  # sent again: once
    assert manager.get("/reports/close").json() == first.json()["report"]
    csv = manager.get("/reports/close.csv")
    assert csv.headers["Content-Type"].startswith("text/csv")
    assert f'filename="z-report-{close["day"]}.csv"' in csv.headers["Content-Disposition"]
    assert csv.text.startswith("\ufeff")  # a BOM: Excel reads it as UTF-8
    assert csv.text.removeprefix("\ufeff").splitlines()[0] == "section,what,count,amount"
    assert [d["day"] for d in manager.get("/reports/days").json()["days"]] == [close["day"]]
