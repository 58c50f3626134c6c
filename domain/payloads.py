"""The shapes of everything a client may send, as specs (see ``schema``).

Limits are deliberate: a kiosk order has at most 50 lines of at most 99 each; notes are short
enough to fit on a kitchen ticket.
"""

from __future__ import annotations

from . import bill, device_health, drawers, order_changes, orders, payments, roles, tables
from .schema import Anything, Bool, Field, Int, List, Obj, Str

ID = Str(64, 1, pattern=r"[A-Za-z0-9_.:-]+", description="An identifier: letters, digits, _.:-")
# A paired device's credential as pairing gave it: its id, a dot, its secret (URL-safe).
CREDENTIAL = Str(
    200,
    1,
    pattern=r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+",
    description="the device's id and secret, as pairing gave them",
)
MAYBE_CREDENTIAL = Str(
    200,
    pattern=r"([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?",
    description="a paired device's credential, or nothing",
)
CLIENT_ID = Str(
    64, 8, pattern=r"[A-Za-z0-9_.:-]+",
    description="Chosen by the client, unique per mutation; a replay returns the first "
    "result, its order as it is now.",
)  # fmt: skip
MAX_LINES = 50
MAX_PRICE = 10_000_000  # minor units: 100,000.00 is more than any single menu item

PIN = Str(12, 4, pattern=r"[0-9]+", description="Digits only")
RESTAURANT_NAME = Str(60, 1)
CURRENCY = Str(3, 3, pattern=r"[A-Z]{3}", description="ISO 4217, e.g. TRY, EUR")


def check_restaurant(restaurant: str, name: str, tz: str, currency: str) -> None:
    """A new restaurant's id, name, time zone (IANA) and currency, or DomainError."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from .errors import DomainError
    from .schema import validate

    validate(ID, restaurant, "restaurant")
    validate(RESTAURANT_NAME, name, "name")
    validate(CURRENCY, currency, "currency")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise DomainError("invalid_value", f"no time zone {tz!r}", field="tz") from None


LOGIN = Obj(
    {
        "restaurant": Field(ID),
        "pin": Field(PIN),
        "device": Field(Str(64), required=False, default=""),  # a name, for the manager's list
        "roles": Field(List(Str(16, choices=roles.ROLES), 4), required=False, default=[]),
        # A paired device's credential: a real restaurant takes PINs only with one.
        "credential": Field(MAYBE_CREDENTIAL, required=False, default=""),
    }
)
RENEW = Obj({"restaurant": Field(ID), "credential": Field(CREDENTIAL)})
SET_PIN = Obj(
    {
        "pin": Field(PIN),
        "keep_devices": Field(List(ID, 1_000), required=False, default=[]),
    }
)

ORDER_LINE = Obj(
    {
        "item_id": Field(ID),
        "qty": Field(Int(1, 99)),
        "modifiers": Field(List(ID, 20), required=False, default=list),
        "note": Field(Str(200), required=False, default=""),
        "hold": Field(Bool("kept back until the waiter fires it"), required=False, default=False),
    }
)
CUSTOMER = Obj(
    {
        "name": Field(Str(80), required=False, default=""),
        # At least six digits (order_changes.MIN_PHONE_DIGITS): that rule's own message.
        "phone": Field(Str(24, pattern=r"\+?[0-9 ()./-]*",
                           description="digits, + ( ) . / -: nothing, or at least 6 digits"),
                       required=False, default=""),
        "address": Field(Str(300), required=False, default=""),
    }
)  # fmt: skip
CREATE_ORDER = Obj(
    {
        "table_id": Field(ID, required=False, nullable=True),
        "lines": Field(List(ORDER_LINE, MAX_LINES, 1)),
        "note": Field(Str(500), required=False, default=""),
        "type": Field(
            Str(16, choices=("", *order_changes.ORDER_TYPES),
                description="dine_in (needs table_id), takeaway, delivery; empty: from table_id"),
            required=False, default="",
        ),
        "customer": Field(CUSTOMER, required=False, nullable=True),
        "guests": Field(Int(1, 100), required=False, nullable=True),
        # An open order: these lines are added to its check, as a ticket of their own.
        "adds_to": Field(ID, required=False, nullable=True),
    }
)  # fmt: skip
REASON = Str(40, description="one of the restaurant's reasons, or 'other' with a note")
APPROVAL = Str(600, description="a manager's approval (POST /approvals), where the rule asks")
SET_ORDER_STATUS = Obj(
    {
        "order_id": Field(ID),
        "status": Field(Str(16, choices=orders.STATUSES)),
        "reason": Field(REASON, required=False, default=""),  # to cancel
        "note": Field(Str(200), required=False, default=""),
        "approval": Field(APPROVAL, required=False, default=""),
    }
)
VOID_LINE = Obj(
    {
        "order_id": Field(ID),
        "line": Field(Int(0, MAX_LINES - 1, "the line's place in the order, from 0")),
        "reason": Field(REASON),
        "note": Field(Str(200), required=False, default=""),
        "approval": Field(APPROVAL, required=False, default=""),
    }
)
SET_DISCOUNT = Obj(
    {
        "order_id": Field(ID),
        "line": Field(Int(0, MAX_LINES - 1, "a line, or null for the whole check"),
                      required=False, nullable=True),
        "amount": Field(Int(0, MAX_PRICE * 99 * MAX_LINES, "minor units off"), required=False,
                        default=0),
        "bp": Field(Int(0, 10_000, "a rate off in basis points: 1000 is 10 %"), required=False,
                    default=0),
        "reason": Field(Str(80), required=False, default=""),
        "approval": Field(APPROVAL, required=False, default=""),
    }
)  # fmt: skip
COMP_CHECK = Obj(
    {
        "order_id": Field(ID),
        "kind": Field(Str(16, choices=payments.COMP_KINDS)),
        "reason": Field(REASON),
        "note": Field(Str(200), required=False, default=""),
        "approval": Field(APPROVAL, required=False, default=""),
    }
)
FIRE_HELD = Obj({"order_id": Field(ID)})
STATION = Str(32, pattern=r"[a-z0-9_-]*", description="a kitchen station; empty: the pass's lines")
SET_STATION_STATUS = Obj(
    {
        "order_id": Field(ID),
        "station": Field(STATION),
        "status": Field(Str(16, choices=("preparing", "done"),
                            description="preparing: started (or recalled from done)")),
    }
)  # fmt: skip
SET_TABLE_STATUS = Obj({"table_id": Field(ID), "status": Field(Str(16, choices=tables.STATUSES))})

MAX_BILL = MAX_PRICE * 99 * MAX_LINES
DRAWER_ID = Str(64, pattern=r"[A-Za-z0-9_.:-]*", description="the drawer shift the cash goes"
                " through; empty: the one open drawer")  # fmt: skip
PAYMENT_METHOD = Str(24, 1, pattern=r"[a-z0-9_-]+", description="e.g. cash, card, meal-voucher")
# A restaurant's rules for its bills (domain.bill.Settings), saved whole by the manager.
SAVE_SETTINGS = Obj(
    {
        "tax_mode": Field(Str(8, choices=bill.TAX_MODES), required=False, default="included"),
        "service_bp": Field(
            Int(0, 3000, "service charge in basis points: 1000 is 10 %"), required=False, default=0
        ),
        "payment_methods": Field(
            List(PAYMENT_METHOD, 12, 1), required=False, default=lambda: list(bill.DEFAULT_METHODS)
        ),
        "discount_approval_bp": Field(
            Int(0, 10_000, "a discount above this rate needs a manager's PIN"), required=False,
            default=bill.DEFAULT_DISCOUNT_APPROVAL_BP,
        ),
        "reasons": Field(
            List(Str(40, 1), 12, 1, "why a line is voided or an order cancelled"), required=False,
            default=lambda: list(order_changes.DEFAULT_REASONS),
        ),
        "lock_after_min": Field(
            Int(0, 240, "a shared phone goes back to its PIN pad after so many idle minutes; "
                "0: never"), required=False, default=0,
        ),
    }
)  # fmt: skip
ADD_PAYMENT = Obj(
    {
        "order_id": Field(ID),
        "method": Field(PAYMENT_METHOD),
        "amount": Field(Int(1, MAX_BILL, "what it pays of the bill, minor units")),
        "tip": Field(Int(0, MAX_PRICE, "on top of the amount"), required=False, default=0),
        "tendered": Field(
            Int(0, MAX_BILL, "cash handed over; the change is what exceeds amount and tip"),
            required=False, default=0,
        ),
        # Split by items: the bill's lines (their place on the bill) this payment is for.
        "lines": Field(List(Int(0, MAX_LINES * 20), MAX_LINES * 20), required=False,
                       default=list),
        "drawer_id": Field(DRAWER_ID, required=False, default=""),
    }
)  # fmt: skip
REFUND_PAYMENT = Obj(
    {
        "order_id": Field(ID),
        # A payment's id is the client_id of the change that took it.
        "payment_id": Field(CLIENT_ID),
        "amount": Field(Int(1, MAX_BILL, "what goes back, minor units")),
        "method": Field(PAYMENT_METHOD),
        "reason": Field(REASON),
        "note": Field(Str(200), required=False, default=""),
        "approval": Field(APPROVAL, required=False, default=""),
        "drawer_id": Field(DRAWER_ID, required=False, default=""),
    }
)

# The cash drawer (domain.drawers): a shift opened by counting the float, cash moved in and
# out with a reason, closed by counting again. A count is a total, by denomination, or both.
MAX_CASH = MAX_BILL * 10
DRAWER_COUNT = List(
    Obj({"value": Field(Int(1, MAX_PRICE, "a note's or coin's value, minor units")),
         "qty": Field(Int(0, 100_000, "how many of it"))}),
    40, description="the drawer counted by denomination",
)  # fmt: skip
OPEN_DRAWER = Obj(
    {
        "drawer_id": Field(ID),  # the shift's id, chosen by the device that opens it
        "name": Field(Str(40, 1, description="which drawer: 'Front till', 'Bar'")),
        "float": Field(Int(0, MAX_CASH, "the float counted in"), required=False, nullable=True),
        "count": Field(DRAWER_COUNT, required=False, nullable=True),
    },
    one_of_these=("float", "count"),
)
MOVE_CASH = Obj(
    {
        "drawer_id": Field(ID),
        "kind": Field(Str(16, choices=drawers.MOVE_KINDS)),
        "amount": Field(Int(1, MAX_CASH, "minor units")),
        "reason": Field(Str(60, 1, description="what the cash is for")),
        "note": Field(Str(200), required=False, default=""),
    }
)
CLOSE_DRAWER = Obj(
    {
        "drawer_id": Field(ID),
        "counted": Field(Int(0, MAX_CASH, "what the drawer holds, counted"), required=False,
                         nullable=True),
        "count": Field(DRAWER_COUNT, required=False, nullable=True),
        "note": Field(Str(200), required=False, default=""),
    },
    one_of_these=("counted", "count"),
)  # fmt: skip

DAY = Str(10, 10, pattern=r"[0-9]{4}-[0-9]{2}-[0-9]{2}", description="YYYY-MM-DD", format="date")
CLOSE_DAY = Obj(
    {
        "day": Field(DAY),  # the business day closed: its local date
        "carry_over": Field(Bool(), required=False, default=False),
    }
)

SET_ITEM_AVAILABILITY = Obj({"item_id": Field(ID), "available": Field(Bool())})


def with_client_id(spec: Obj, *, drop: tuple[str, ...] = ()) -> Obj:
    """The REST body of a mutation: the op's data plus ``client_id``, less path parameters."""
    kept = {k: v for k, v in spec.fields.items() if k not in drop}
    return Obj({"client_id": Field(CLIENT_ID), **kept}, one_of_these=spec.one_of_these)


# Menu editing (manager only).
MAX_STOCK = 1_000_000
IMAGE_URL = Str(200, pattern=r"(/media/[A-Za-z0-9_.:-]+/[0-9a-f]{24}\.webp)?",
                description="A picture's URL as the server gave it")  # fmt: skip
MODIFIER_OPTION = Obj(
    {"id": Field(ID), "name": Field(Str(60, 1)), "price_delta": Field(Int(-MAX_PRICE, MAX_PRICE))}
)
MODIFIER_GROUP = Obj(
    {
        "id": Field(ID),
        "name": Field(Str(60, 1)),
        "required": Field(Bool(), required=False, default=False),
        "min": Field(Int(0, 20), required=False, default=0),
        "max": Field(Int(1, 20), required=False, default=1),
        "options": Field(List(MODIFIER_OPTION, 30, 1)),
    }
)
MENU_ITEM = Obj(
    {
        "name": Field(Str(80, 1)),
        "price": Field(Int(0, MAX_PRICE)),
        "category_id": Field(ID),
        # Its own kitchen station; "" (the default): its category's.
        "station": Field(STATION, required=False, default=""),
        "description": Field(Str(300), required=False, default=""),
        "modifiers": Field(List(MODIFIER_GROUP, 10), required=False, default=list),
        "position": Field(Int(0, 100_000), required=False, default=0),
        "available": Field(Bool(), required=False, default=True),
        # Set by uploading a picture (PUT .../image); a URL this server gave, or "".
        "image": Field(IMAGE_URL, required=False, default=""),
        # Counted stock: orders take from it in their own transaction; at ``stock_low_at`` the
        # staff are told, at 0 the item sells out by itself. null: not counted.
        "stock": Field(Int(0, MAX_STOCK), required=False, nullable=True),
        "stock_low_at": Field(Int(0, MAX_STOCK), required=False, default=0),
        # Taxes included or added, as the restaurant's settings say (domain.bill).
        "tax_bp": Field(Int(0, 5_000, "the item's tax rate in basis points: 800 is 8 %"),
                        required=False, default=0),
    }
)  # fmt: skip
MENU_CATEGORY = Obj(
    {
        "name": Field(Str(60, 1)),
        "station": Field(Str(32, 1, pattern=r"[a-z0-9_-]+", description="Kitchen station")),
        "position": Field(Int(0, 100_000), required=False, default=0),
    }
)

# The manager screen's edits: mutations like the others (idempotent by client_id, queued
# offline), so a menu or floor changed without a network reaches the server exactly once.
POSITION = Int(0, 100_000)
SAVE_AREA = Obj(
    {"area_id": Field(ID), "name": Field(Str(60, 1)),
     "position": Field(POSITION, required=False, default=0)}
)  # fmt: skip
REMOVE_AREA = Obj({"area_id": Field(ID)})
SAVE_TABLE = Obj(
    {
        "table_id": Field(ID),
        "name": Field(Str(60, 1)),
        "area_id": Field(ID),
        "seats": Field(Int(0, 100)),
        "position": Field(POSITION, required=False, default=0),
    }
)
REMOVE_TABLE = Obj({"table_id": Field(ID)})
SAVE_CATEGORY = Obj({"category_id": Field(ID), **MENU_CATEGORY.fields})
REMOVE_CATEGORY = Obj({"category_id": Field(ID)})
# What the item form edits. Availability, stock and the picture have their own changes: an
# edit queued offline must not put back a count that orders took from meanwhile.
ITEM_FORM = ("name", "price", "category_id", "station", "description", "modifiers", "position",
             "tax_bp")  # fmt: skip
SAVE_ITEM = Obj({"item_id": Field(ID), **{k: MENU_ITEM.fields[k] for k in ITEM_FORM}})
REMOVE_ITEM = Obj({"item_id": Field(ID)})
SET_ITEM_STOCK = Obj(
    {
        "item_id": Field(ID),
        "stock": Field(Int(0, MAX_STOCK), nullable=True),
        "stock_low_at": Field(Int(0, MAX_STOCK), required=False, default=0),
    }
)

OPS: dict[str, Obj] = {
    "create_order": CREATE_ORDER,
    "set_order_status": SET_ORDER_STATUS,
    "set_table_status": SET_TABLE_STATUS,
    "add_payment": ADD_PAYMENT,
    "void_line": VOID_LINE,
    "set_discount": SET_DISCOUNT,
    "fire_held": FIRE_HELD,
    "set_station_status": SET_STATION_STATUS,
    "comp_check": COMP_CHECK,
    "refund_payment": REFUND_PAYMENT,
    "open_drawer": OPEN_DRAWER,
    "move_cash": MOVE_CASH,
    "close_drawer": CLOSE_DRAWER,
    "close_day": CLOSE_DAY,
    "save_settings": SAVE_SETTINGS,
    "set_item_availability": SET_ITEM_AVAILABILITY,
    "set_item_stock": SET_ITEM_STOCK,
    "save_area": SAVE_AREA,
    "remove_area": REMOVE_AREA,
    "save_table": SAVE_TABLE,
    "remove_table": REMOVE_TABLE,
    "save_category": SAVE_CATEGORY,
    "remove_category": REMOVE_CATEGORY,
    "save_item": SAVE_ITEM,
    "remove_item": REMOVE_ITEM,
}


# The log's id (hex): a cursor resumes only within its epoch.
EPOCH = Str(
    64, pattern=r"[0-9a-f]*", description="the event log's id; a cursor is only good within it"
)

# Live socket frames from the client.
HELLO = Obj(
    {
        "type": Field(Str(16)),
        "token": Field(Str(4096, 1)),
        "since": Field(Int(0, 2**53), required=False, nullable=True),
        "epoch": Field(EPOCH, required=False, default=""),
        "device": Field(Str(64), required=False, default=""),
    }
)
PING = Obj(
    {
        "type": Field(Str(16)),
        "t": Field(Anything(), required=False),
        # The device's health, about once a minute (domain.device_health).
        "health": Field(device_health.REPORT, required=False),
    }
)
SUBMIT = Obj(
    {
        "type": Field(Str(16)),
        "client_id": Field(CLIENT_ID),
        "op": Field(Str(32, choices=tuple(OPS))),
        "data": Field(Obj(open=True)),
    }
)

ROLE = Str(16, choices=roles.ROLES)
