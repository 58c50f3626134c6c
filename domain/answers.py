"""The shapes the server answers in: an error, an order, a table, a drawer's shift, an area, an
event. Documented
from here (the OpenAPI document) and checked against real responses in tests. Pure."""

from __future__ import annotations

from . import orders, tables
from .payloads import CLIENT_ID, ID, MAX_BILL, MAX_LINES
from .schema import Field, Int, List, Obj, Str

ERROR = Obj(
    {
        "error": Field(
            Obj(
                {
                    "code": Field(Str(64)),
                    "message": Field(Str(1000)),
                    "field": Field(Str(200), required=False),
                }
            )
        )
    }
)  # fmt: skip
ORDER = Obj(
    {
        "id": Field(ID),
        "number": Field(Str(8)),
        "status": Field(Str(16, choices=orders.STATUSES)),
        "table_id": Field(ID, nullable=True),
        "lines": Field(List(Obj(open=True), MAX_LINES)),
        "note": Field(Str(500)),
        "total": Field(Int(0, MAX_BILL)),
        "created_at": Field(Str(32)),
        "updated_at": Field(Str(32)),
        "version": Field(Int(1, 2**31)),
    },
    open=True,
)
TABLE = Obj(
    {
        "id": Field(ID),
        "name": Field(Str(60)),
        "area_id": Field(ID),
        "seats": Field(Int(0, 100)),
        # Not shown to a kiosk: which tables are taken is the floor's business.
        "status": Field(Str(16, choices=tables.STATUSES), required=False),
    },
    open=True,
)
DRAWER = Obj(
    {
        "id": Field(ID),
        "name": Field(Str(40)),
        "status": Field(Str(8, choices=("open", "closed"))),
        "float": Field(Int(0, 2**53)),
        "expected": Field(Int(-(2**53), 2**53)),
        "counted": Field(Int(0, 2**53), nullable=True),
        "difference": Field(Int(-(2**53), 2**53), nullable=True),
        "opened_at": Field(Str(32)),
        "closed_at": Field(Str(32), nullable=True),
        "version": Field(Int(1, 2**31)),
    },
    open=True,
)
AREA = Obj({"id": Field(ID), "name": Field(Str(60)), "position": Field(Int(0, 100_000))}, open=True)
EVENT = Obj(
    {
        "seq": Field(Int(1, 2**53)),
        "type": Field(Str(32)),
        "data": Field(Obj(open=True)),
        "at": Field(Str(32)),
        # Who made the change (device id and role) and which change (its client_id); absent for
        # the server's own events, and older events have no ``change``.
        "by": Field(
            Obj(
                {
                    "device": Field(Str(64), required=False),
                    "role": Field(Str(16), required=False),
                    "change": Field(CLIENT_ID, required=False),
                    # The person signed in on the device with their own PIN: id and name.
                    "person": Field(Obj({"id": Field(ID), "name": Field(Str(60))}), required=False),
                }
            ),
            required=False,
        ),
    }
)
