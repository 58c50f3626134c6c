"""Stations bump their own lines and the order is ready when every line that counts is done
(``domain.stations``): examples, then Hypothesis over interleaved bumps, recalls, voids, fired
courses and the pass, from two stations whose bumps arrive in any order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from domain import stations
from domain.errors import DomainError
from tests.domain.floor import Floor

KITCHEN = {"role": "kitchen", "device": "kds-1", "device_name": "Grill screen"}


def bump(floor: Floor, order: dict, station: str, status: str = "done", at: str = "") -> dict:
    context = {**KITCHEN, **({"now": at} if at else {})}
    return floor.run("set_station_status", {"order_id": order["id"], "station": station,
                                            "status": status}, **context)["order"]  # fmt: skip


def test_each_station_bumps_its_own_lines_and_the_last_one_makes_the_order_ready():
    floor = Floor()
    order = floor.order()  # soup for the kitchen, steak for the grill
    started = bump(floor, order, "grill", "preparing", at="2026-11-30T19:01:00+00:00")
    assert started["status"] == "preparing"
    assert [line.get("started_at", "") for line in started["lines"]] == [
        "", "2026-11-30T19:01:00+00:00"]  # fmt: skip
    grill_done = bump(floor, order, "grill", at="2026-11-30T19:09:00+00:00")
    assert grill_done["status"] == "preparing"  # the soup is not done: the floor must not serve
    assert [(p.station, p.status) for p in stations.progress(grill_done)] == [
        ("grill", "done"), ("kitchen", "new")]  # fmt: skip
    assert [p.station for p in stations.holding_up(grill_done)] == ["kitchen"]
    assert stations.waiting_since(grill_done) == "2026-11-30T19:09:00+00:00"
    ready = bump(floor, order, "kitchen", at="2026-11-30T19:12:00+00:00")
    assert ready["status"] == "ready" and stations.holding_up(ready) == []
    assert ready["history"][-1]["what"] == "station_done"
    assert ready["history"][-1]["status"] == "ready"
    assert ready["history"][-1]["by"]["name"] == "Grill screen"
    assert bump(floor, order, "kitchen") == ready  # bumped again: nothing changes


def test_a_recall_takes_a_stations_lines_back_and_the_order_out_of_ready():
    floor = Floor()
    order = floor.order()
    bump(floor, order, "grill")
    bump(floor, order, "kitchen")
    recalled = bump(floor, order, "grill", "preparing")
    assert recalled["status"] == "preparing"
    assert stations.station_status(recalled, "grill") == "preparing"
    assert stations.station_status(recalled, "kitchen") == "done"
    assert bump(floor, order, "grill")["status"] == "ready"


def test_the_pass_may_call_an_order_ready_and_a_late_start_does_not_undo_it():
    floor = Floor()
    order = floor.order()
    bump(floor, order, "grill")
    floor.move(order, "ready", role="kitchen")
    late = bump(floor, order, "kitchen", "preparing")  # started offline before the pass's call
    assert late["status"] == "ready"
    floor.move(order, "preparing", role="kitchen")  # the pass recalls it
    assert floor.state["orders"][order["id"]]["status"] == "preparing"
    floor.move(order, "ready", "served", role="kitchen")
    assert floor.state["orders"][order["id"]]["status"] == "served"


def test_held_and_voided_lines_do_not_hold_an_order_up():
    floor = Floor()
    order = floor.run("create_order", {"table_id": "t1", "lines": [
        {"item_id": "steak", "qty": 1}, {"item_id": "cake", "qty": 1, "hold": True}]})["order"]  # fmt: skip
    assert [p.station for p in stations.progress(order)] == ["grill"]  # the cake waits
    assert bump(floor, order, "grill")["status"] == "ready"
    refused = floor.refused("set_station_status", {"order_id": order["id"], "station": "pastry",
                                                    "status": "done"}, **KITCHEN)  # fmt: skip
    assert refused.code == "not_this_station"
    fired = floor.run("fire_held", {"order_id": order["id"]})["order"]
    assert fired["status"] == "ready"  # a fired course leaves the status as it is
    assert stations.station_status(fired, "pastry") == "new"
    assert [p.station for p in stations.holding_up(fired)] == ["pastry"]
    assert bump(floor, order, "pastry")["status"] == "ready"


def test_a_closed_order_is_refused_by_name():
    floor = Floor()
    order = floor.order()
    floor.run("set_order_status", {"order_id": order["id"], "status": "cancelled",
                                   "reason": "changed_mind"}, role="kitchen")  # fmt: skip
    assert floor.refused("set_station_status", {"order_id": order["id"], "station": "grill",
                                                "status": "done"}, **KITCHEN).code == "not_found"  # fmt: skip


def test_lines_no_station_cooks_are_the_passs():
    floor = Floor()
    order = floor.order()
    floor.state["orders"][order["id"]]["lines"][0]["station"] = ""
    assert [p.station for p in stations.progress(floor.state["orders"][order["id"]])] == [
        "", "grill"]  # fmt: skip
    bump(floor, order, "grill")
    assert bump(floor, order, "")["status"] == "ready"


# -- properties -------------------------------------------------------------------------------

STATIONS = ("kitchen", "grill", "pastry")
STATION_STEP = st.tuples(st.just("station"), st.sampled_from(STATIONS),
                         st.sampled_from(("preparing", "done")))  # fmt: skip
OTHER_STEP = st.one_of(
    st.tuples(st.just("void"), st.integers(0, 3), st.just("")),
    st.tuples(st.just("fire"), st.just(""), st.just("")),
    st.tuples(st.just("pass"), st.sampled_from(("ready", "preparing")), st.just("")),
)
MANAGER = {"role": "manager", "device": "m-1", "device_name": "Office"}


def _placed(floor: Floor) -> dict:
    return floor.run("create_order", {"table_id": "t1", "lines": [
        {"item_id": "soup", "qty": 1}, {"item_id": "steak", "qty": 1},
        {"item_id": "cake", "qty": 1, "hold": True}, {"item_id": "steak", "qty": 2}]})["order"]  # fmt: skip


def _run(floor: Floor, order: dict, step: tuple, minute: int) -> bool:
    """One step; False when the rules refused it (a refusal changes nothing)."""
    kind, what, status = step
    at = f"2026-11-30T19:{minute:02d}:00+00:00"
    try:
        if kind == "station":
            bump(floor, order, what, status, at=at)
        elif kind == "void":
            floor.run("void_line", {"order_id": order["id"], "line": what,
                                    "reason": "changed_mind"}, now=at, **MANAGER)  # fmt: skip
        elif kind == "fire":
            floor.run("fire_held", {"order_id": order["id"]}, now=at)
        else:
            floor.move(order, what, role="kitchen", now=at)
    except DomainError:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(st.lists(STATION_STEP, max_size=14))
def test_with_stations_alone_an_order_is_ready_exactly_when_every_line_is_done(steps):
    floor = Floor()
    order = _placed(floor)
    for minute, step in enumerate(steps):
        before = floor.state["orders"][order["id"]]
        _run(floor, order, step, minute)
        now = floor.state["orders"][order["id"]]
        assert (now["status"] == "ready") == stations.all_done(now)
        assert now["status"] in ("new", "preparing", "ready")
        if now == before:
            continue
        assert now["version"] == before["version"] + 1  # one change, one version
        again = floor.state
        _run(floor, order, step, minute)
        assert floor.state["orders"] == again["orders"]  # the same bump again changes nothing


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(STATION_STEP, OTHER_STEP), max_size=16))
def test_whatever_else_happens_a_bump_that_finishes_the_last_line_makes_it_ready(steps):
    floor = Floor()
    order = _placed(floor)
    for minute, step in enumerate(steps):
        if order["id"] not in floor.state["orders"]:
            return  # every line voided: cancelled
        before = floor.state["orders"][order["id"]]
        if not _run(floor, order, step, minute) or step[0] != "station":
            continue
        now = floor.state["orders"].get(order["id"])
        if now is before:
            continue  # bumped what already was so (after the pass recalled it, say): no change
        if now["status"] in stations.IN_KITCHEN and stations.all_done(now):
            assert now["status"] == "ready"
        if step[2] == "preparing" and now["status"] == "ready":
            assert stations.station_status(now, step[1]) == "preparing"  # a late start, kept


@settings(max_examples=200, deadline=None)
@given(st.lists(STATION_STEP, max_size=8), st.lists(STATION_STEP, max_size=8), st.randoms())
def test_two_stations_bumping_at_once_converge_whatever_order_their_bumps_arrive_in(
    grill_steps, cold_steps, chance
):
    grill = [("station", "grill", s) for _, _, s in grill_steps]
    cold = [("station", "kitchen", s) for _, _, s in cold_steps]
    outcomes = set()
    for _ in range(3):
        floor = Floor()
        order = _placed(floor)
        pending = [list(grill), list(cold)]
        while any(pending):
            lane = chance.choice([q for q in pending if q])
            _run(floor, order, lane.pop(0), 0)
        final = floor.state["orders"][order["id"]]
        outcomes.add((final["status"], tuple(
            (line.get("started_at"), line.get("done_at")) for line in final["lines"])))  # fmt: skip
    assert len(outcomes) == 1
