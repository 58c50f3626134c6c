"""What a device holds of the server's state, and what follows from news: the engine's
decisions, reached here in CPython with the clocks passed in."""

from datetime import UTC, datetime, timedelta

from domain import reducer
from domain.protocol import owner_of
from sync.replica import ANSWERS_KEPT, FLOOR_SAVE_EVERY_S, Replica
from sync.session import LIVE, OFFLINE, POLLING

WALL = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
OWNER = owner_of("demo", "floor")


def order_event(seq: int, order_id: str = "o1", status: str = "new") -> dict:
    order = {"id": order_id, "number": "001", "status": status, "table_id": None, "lines": [],
             "created_at": "2026-12-02T09:00:00Z", "updated_at": "2026-12-02T09:00:00Z"}  # fmt: skip
    kind = "order_created" if status == "new" else "order_updated"
    return {"seq": seq, "type": kind, "data": order, "at": "2026-12-02T09:00:00Z"}


def kitchen(seq: int, screens: int, at: str = "2026-12-02T09:00:00Z") -> dict:
    return {"seq": seq, "type": "device_status",
            "data": {"role": "kitchen", "screens": screens, "at": at}, "at": at}  # fmt: skip


def test_events_move_the_floor_and_render_and_listeners_compare_before_and_after():
    replica = Replica(OWNER, "demo")
    follow = replica.receive([order_event(1)], [], LIVE, WALL)
    assert follow.render and follow.before["seq"] == 0 and follow.after["seq"] == 1
    assert replica.confirmed["seq"] == 1 and replica.saved_at == WALL.isoformat()
    quiet = replica.receive([], [], LIVE, WALL)
    assert not quiet.render and not quiet.load_menu  # nothing new, nothing to draw


def test_the_answers_listeners_compare_leave_out_the_devices_own_acks():
    replica = Replica(OWNER, "demo")
    placed = order_event(1)["data"]
    follow = replica.receive([], [("c1", {"order": placed}, "create_order")], LIVE, WALL)
    assert follow.render and follow.after["orders"] == {}
    assert "o1" in replica.confirmed["orders"]  # shown at once, before its event
    assert replica.order_number("c1") == "001" and replica.answer("c1") == {"order": placed}


def test_only_the_last_hundred_answers_are_kept():
    replica = Replica(OWNER, "demo")
    acks = [(f"c{n}", {}, "set_table_status") for n in range(ANSWERS_KEPT + 5)]
    replica.receive([], acks, LIVE, WALL)
    assert replica.answer("c0") is None and replica.answer("c4") is None
    assert replica.answer("c5") == {} and replica.answer(f"c{ANSWERS_KEPT + 4}") == {}


def test_coming_back_from_an_outage_reloads_the_menu_and_says_the_server_is_back():
    replica = Replica(OWNER, "demo")
    replica.receive([], [], OFFLINE, WALL)
    assert not replica.receive([], [], OFFLINE, WALL).server_back
    back = replica.receive([], [], POLLING, WALL)
    assert back.server_back and back.load_menu and back.render
    assert not replica.receive([], [], LIVE, WALL).server_back  # polling to live: no outage


def test_a_menu_event_past_the_version_held_loads_the_menu():
    replica = Replica(OWNER, "demo")
    replica.menu_loaded({"version": 4, "categories": [], "items": [], "removed": {}}, WALL, True)
    seen = {"seq": 1, "type": "menu_updated", "data": {"version": 4}, "at": "t"}
    assert not replica.receive([seen], [], LIVE, WALL).load_menu
    newer = {"seq": 2, "type": "menu_updated", "data": {"version": 5}, "at": "t"}
    assert replica.receive([newer], [], LIVE, WALL).load_menu


def test_the_kitchen_is_flagged_offline_only_once_its_last_screen_went():
    replica = Replica(OWNER, "demo")
    assert replica.kitchen_offline_since() is None  # never seen: a kitchen that prints
    replica.receive([kitchen(1, 1)], [], LIVE, WALL)
    assert replica.kitchen_offline_since() is None
    replica.receive([kitchen(2, 0, "2026-12-02T09:05:00Z")], [], LIVE, WALL)
    assert replica.kitchen_offline_since() == "2026-12-02T09:05:00Z"


def test_a_printer_that_cannot_print_is_flagged_from_the_snapshot_the_log_and_a_reload():
    replica = Replica(OWNER, "demo")
    snapshot = {**reducer.to_snapshot(reducer.empty()), "epoch": "e1", "printers": [
        {"id": "grill", "name": "Grill", "offline_since": None, "last_error": "", "waiting": 0},
        {"id": "bar", "name": "Bar", "offline_since": None, "last_error": "", "waiting": 0}]}  # fmt: skip
    replica.snapshot_loaded(snapshot, WALL)
    assert replica.printers_in_trouble() == []
    down = {"id": "grill", "name": "Grill", "offline_since": "2026-12-02T09:01:00Z",
            "last_error": "out of paper", "waiting": 3}  # fmt: skip
    replica.receive([{"seq": 1, "type": "printer_status", "data": down, "at": ""}], [], LIVE,
                    WALL)  # fmt: skip
    assert [(p["name"], p["waiting"]) for p in replica.printers_in_trouble()] == [("Grill", 3)]
    rebooted = Replica(OWNER, "demo")  # the kitchen tablet reloads with the server gone
    rebooted.restore(replica.floor_record(0.0, "e1"), None)
    assert rebooted.printers_in_trouble() == replica.printers_in_trouble()
    back = {**down, "offline_since": None, "last_error": "", "waiting": 0}
    replica.receive([{"seq": 2, "type": "printer_status", "data": back, "at": ""}], [], LIVE,
                    WALL)  # fmt: skip
    assert replica.printers_in_trouble() == []


def test_the_floor_is_stored_at_most_once_a_second_and_only_when_it_changed():
    replica = Replica(OWNER, "demo")
    assert not replica.floor_due(100.0)
    replica.receive([order_event(1)], [], LIVE, WALL)
    assert replica.floor_due(100.0)
    record = replica.floor_record(100.0, "epoch-1")
    assert record["owner"] == OWNER and record["epoch"] == "epoch-1"
    assert record["snapshot"]["seq"] == 1
    replica.receive([order_event(2, "o2")], [], LIVE, WALL)
    assert not replica.floor_due(100.0 + FLOOR_SAVE_EVERY_S / 2)
    assert replica.floor_due(100.0 + FLOOR_SAVE_EVERY_S)


def test_a_new_reckoning_of_the_servers_clock_is_stored_with_the_floor():
    replica = Replica(OWNER, "demo")
    replica.server_time((WALL + timedelta(hours=3)).isoformat().replace("+00:00", "Z"), WALL)
    assert replica.floor_due(0.0)
    assert replica.floor_record(0.0, "")["clock_skew_s"] == 3 * 3600


def test_a_reload_takes_only_this_sign_ins_floor_and_the_restaurants_menu():
    replica = Replica(OWNER, "demo")
    replica.receive([order_event(1), kitchen(2, 0)], [], LIVE, WALL)
    replica.server_time("2026-12-02T10:00:00Z", WALL)
    replica.menu_loaded({"version": 3, "categories": [], "items": [], "removed": {}}, WALL, True)
    floor, menu = replica.floor_record(1.0, "epoch-1"), replica.menu_record()

    again = Replica(OWNER, "demo")
    assert again.restore(floor, menu) == "epoch-1"
    assert again.confirmed == replica.confirmed and again.kitchen == replica.kitchen
    assert again.clock.skew_s == 3600 and again.menu.version == 3
    kiosk = Replica(owner_of("demo", "kiosk"), "demo")  # the menu is the restaurant's
    assert kiosk.restore(floor, menu) is None and kiosk.confirmed == reducer.empty()
    assert kiosk.menu.version == 3
    elsewhere = Replica(owner_of("other", "floor"), "other")
    assert elsewhere.restore(floor, menu) is None and elsewhere.menu.version == 0


def test_a_snapshot_replaces_the_floor_and_names_its_epoch():
    replica = Replica(OWNER, "demo")
    replica.receive([order_event(1)], [], LIVE, WALL)
    body = {"seq": 40, "epoch": "e2", "areas": [], "tables": [], "orders": [],
            "kitchen": {"screens": 2, "at": None}}  # fmt: skip
    assert replica.snapshot_loaded(body, WALL) == "e2"
    assert replica.confirmed["seq"] == 40 and replica.confirmed["orders"] == {}
    assert replica.kitchen == {"screens": 2, "at": None}
    assert replica.snapshot_loaded({**body, "epoch": None}, WALL) == ""


def test_a_device_needing_a_person_is_known_from_the_snapshot_the_log_and_a_reload():
    replica = Replica(OWNER, "demo")
    waiting = {"device": "d1", "name": "Front kiosk", "role": "kiosk", "at": "",
               "troubles": [{"kind": "waiting", "count": 3, "seconds": 720, "since": ""}]}  # fmt: skip
    snapshot = {**reducer.to_snapshot(reducer.empty()), "epoch": "e1",
                "devices_in_trouble": [waiting]}  # fmt: skip
    replica.snapshot_loaded(snapshot, WALL)
    assert [d["name"] for d in replica.devices_in_trouble()] == ["Front kiosk"]
    old = {"device": "d2", "name": "Bar phone", "role": "floor", "at": "",
           "troubles": [{"kind": "old_app", "count": 0, "seconds": 0, "since": ""}]}  # fmt: skip
    replica.receive([{"seq": 1, "type": "device_health", "data": old, "at": ""}], [], LIVE, WALL)
    assert [d["name"] for d in replica.devices_in_trouble()] == ["Bar phone", "Front kiosk"]
    rebooted = Replica(OWNER, "demo")
    rebooted.restore(replica.floor_record(0.0, "e1"), None)
    assert rebooted.devices_in_trouble() == replica.devices_in_trouble()
    fine = {**waiting, "troubles": []}
    replica.receive([{"seq": 2, "type": "device_health", "data": fine, "at": ""}], [], LIVE, WALL)
    assert [d["name"] for d in replica.devices_in_trouble()] == ["Bar phone"]
