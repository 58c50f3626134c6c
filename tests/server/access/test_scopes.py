"""What each role reads: staff the whole restaurant; a kiosk its own orders, the menu and the
tables without their status, and a placeholder with only the seq for everything else."""

import pytest

from server.access import scopes
from server.access.tokens import Device

KIOSK = Device("demo", "kiosk", "k1")
OWN = {"id": "o1", "placed_by": "k1", "status": "new"}
OTHERS = {"id": "o2", "placed_by": "f1", "status": "new"}


@pytest.mark.parametrize("role", ["floor", "kitchen", "manager"])
def test_staff_read_everything_as_it_is(role):
    staff = Device("demo", role, "d1")
    event = {"seq": 3, "type": "order_created", "data": OTHERS, "at": "t",
             "by": {"device": "f1", "role": "floor", "change": "c1"}}  # fmt: skip
    assert scopes.event_for(staff, event) == event
    assert scopes.may_read_order(staff, OTHERS)


def test_a_kiosk_sees_its_own_orders_and_placeholders_for_the_rest():
    mine = {"seq": 4, "type": "order_updated", "data": OWN, "at": "t",
            "by": {"device": "k1", "role": "kiosk", "change": "c9"}}  # fmt: skip
    assert scopes.event_for(KIOSK, mine)["by"] == {"change": "c9"}  # not which staff did what
    theirs = {"seq": 5, "type": "order_updated", "data": OTHERS, "at": "t"}
    assert scopes.event_for(KIOSK, theirs) == {"seq": 5, "type": "hidden", "data": {}, "at": ""}
    assert scopes.may_read_order(KIOSK, OWN) and not scopes.may_read_order(KIOSK, OTHERS)


def test_a_kiosk_sees_tables_without_their_status():
    table = {"id": "t1", "name": "T1", "area_id": "a", "seats": 2, "status": "occupied",
             "position": 1}  # fmt: skip
    event = scopes.event_for(KIOSK, {"seq": 6, "type": "table_updated", "data": table, "at": "t"})
    assert "status" not in event["data"] and event["data"]["name"] == "T1"
    floor = scopes.floor_for(KIOSK, {"seq": 6, "tables": [table], "orders": [OWN, OTHERS]})
    assert floor["orders"] == [OWN] and "status" not in floor["tables"][0]


def test_a_kiosk_reads_its_own_order_without_who_on_the_staff_did_what():
    order = {**OWN, "history": [{"what": "void", "by": {"device": "f1", "name": "Ana"}}],
             "lines": [{"name": "Tea", "voided": {"reason": "quality", "by": {"device": "f1"}}}],
             "payments": [{"amount": 500, "by": "f1"}]}  # fmt: skip
    guest = scopes.order_for(KIOSK, order)
    assert "history" not in guest and "by" not in guest["payments"][0]
    assert guest["lines"][0]["voided"] == {"reason": "quality"}  # what happened, not who
    assert scopes.result_for(KIOSK, {"order": order})["order"] == guest
    event = {"seq": 7, "type": "order_updated", "data": order, "at": "t"}
    assert scopes.event_for(KIOSK, event)["data"] == guest
    assert scopes.floor_for(KIOSK, {"seq": 7, "tables": [], "orders": [order]})["orders"] == [guest]
    staff = Device("demo", "floor", "f1")
    assert scopes.order_for(staff, order) is order and scopes.result_for(staff, {"order": order})


BOARD = Device("demo", "board", "b1")
FULL = {"id": "o3", "number": "A-007", "status": "ready", "type": "takeaway", "table_id": "t4",
        "placed_by": "k1", "lines": [{"name": "Köfte", "qty": 2, "line_total": 2400}],
        "note": "Ayşe's birthday", "total": 2400, "created_at": "t0", "updated_at": "t1",
        "version": 4, "customer": {"name": "Ayşe", "phone": "+90 532 000 00 00"},
        "payments": [{"amount": 2400}],
        "history": [{"at": "t0", "what": "placed", "by": {"role": "kiosk", "device": "k1"}}]}  # fmt: skip


def test_the_board_reads_every_order_as_a_number_and_a_state_and_nothing_else():
    seen = scopes.event_for(BOARD, {"seq": 7, "type": "order_updated", "data": FULL, "at": "t",
                                    "by": {"device": "f1", "role": "floor"}})  # fmt: skip
    assert "by" not in seen
    assert seen["data"] == {
        "id": "o3", "number": "A-007", "status": "ready", "type": "takeaway", "table_id": None,
        "lines": [], "note": "", "total": 0, "created_at": "t0", "updated_at": "t1",
        "version": 4, "kiosk": True,
    }  # fmt: skip
    for kind in ("table_updated", "drawer_updated", "printer_status", "menu_updated",
                 "device_status"):  # fmt: skip
        event = {"seq": 8, "type": kind, "data": {"id": "x"}, "at": "t"}
        assert scopes.event_for(BOARD, event) == {"seq": 8, "type": "hidden", "data": {},
                                                  "at": ""}  # fmt: skip
    floor = scopes.floor_for(BOARD, {"seq": 8, "epoch": "e", "areas": [{"id": "a"}],
                                     "tables": [{"id": "t4"}], "orders": [FULL],
                                     "drawers": [{"id": "d"}], "printers": [{"id": "p"}]})  # fmt: skip
    assert floor["areas"] == floor["tables"] == floor["drawers"] == floor["printers"] == []
    assert floor["orders"] == [seen["data"]]
    assert not scopes.may_read_order(BOARD, FULL)  # no order read by id
