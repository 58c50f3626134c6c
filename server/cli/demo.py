"""``passline demo``: the demo restaurant, a believable menu, three areas, 24 tables and a PIN
per role (idempotent)."""

from __future__ import annotations

import argparse
from typing import Any

from ..access.accounts import Accounts
from ..store import Store
from .options import database_option, services, shown

RESTAURANT = "demo"
PINS = {"kiosk": "1111", "floor": "2222", "kitchen": "3333", "manager": "9999"}

SIZE = {
    "id": "size", "name": "Size", "required": True, "min": 1, "max": 1,
    "options": [{"id": "size-s", "name": "Small", "price_delta": 0},
                {"id": "size-m", "name": "Medium", "price_delta": 50},
                {"id": "size-l", "name": "Large", "price_delta": 100}],
}  # fmt: skip


def _group(gid: str, name: str, options: list[tuple[str, str, int]], *, required: bool = False,
           maximum: int = 1) -> dict:  # fmt: skip
    return {
        "id": gid,
        "name": name,
        "required": required,
        "min": 1 if required else 0,
        "max": maximum,
        "options": [{"id": o, "name": n, "price_delta": p} for o, n, p in options],
    }


DONENESS = _group(
    "doneness", "Cooking",
    [("rare", "Rare", 0), ("medium", "Medium", 0), ("well", "Well done", 0)], required=True,
)  # fmt: skip
BURGER_EXTRAS = _group(
    "burger-extras", "Extras",
    [("extra-cheese", "Extra cheese", 150), ("bacon", "Bacon", 200), ("avocado", "Avocado", 250),
     ("no-onion", "No onion", 0)], maximum=4,
)  # fmt: skip
SIDE = _group(
    "side", "Side", [("fries", "Fries", 0), ("salad", "Side salad", 0), ("sweet-fries",
    "Sweet potato fries", 100)], required=True,
)  # fmt: skip
DRESSING = _group(
    "dressing", "Dressing",
    [("vinaigrette", "Vinaigrette", 0), ("caesar", "Caesar", 0), ("yogurt", "Yogurt-mint", 0)],
    required=True,
)  # fmt: skip
MILK = _group(
    "milk", "Milk", [("whole", "Whole", 0), ("oat", "Oat", 60), ("almond", "Almond", 60)],
)  # fmt: skip
ICE = _group("ice", "Ice", [("ice", "With ice", 0), ("no-ice", "No ice", 0)])
SPICE = _group(
    "spice", "Heat", [("mild", "Mild", 0), ("hot", "Hot", 0), ("extra-hot", "Extra hot", 0)]
)
SCOOP = _group(
    "scoop", "Ice cream",
    [("vanilla", "Vanilla scoop", 120), ("chocolate", "Chocolate scoop", 120)],
    maximum=2,
)  # fmt: skip

# (category id, name, station, [(item id, name, price in cents, modifier groups)])
MENU = [
    ("starters", "Starters", "cold", [
        ("hummus", "Hummus & warm pita", 650, []),
        ("lentil-soup", "Red lentil soup", 550, [SPICE]),
        ("calamari", "Fried calamari", 950, []),
        ("bruschetta", "Tomato bruschetta", 700, []),
        ("halloumi", "Grilled halloumi", 890, []),
        ("wings", "Chicken wings", 990, [SPICE]),
        ("meze", "Meze platter", 1450, []),
    ]),
    ("salads", "Salads", "cold", [
        ("caesar-salad", "Caesar salad", 1090, [DRESSING]),
        ("greek-salad", "Greek salad", 990, [DRESSING]),
        ("shepherd-salad", "Shepherd's salad", 850, [DRESSING]),
        ("quinoa-bowl", "Quinoa bowl", 1190, [DRESSING]),
        ("burrata", "Burrata & tomatoes", 1290, []),
    ]),
    ("grill", "From the grill", "grill", [
        ("classic-burger", "Classic burger", 1390, [DONENESS, BURGER_EXTRAS, SIDE]),
        ("cheeseburger", "Cheeseburger", 1490, [DONENESS, BURGER_EXTRAS, SIDE]),
        ("veggie-burger", "Veggie burger", 1290, [BURGER_EXTRAS, SIDE]),
        ("ribeye", "Ribeye steak 300 g", 2890, [DONENESS, SIDE]),
        ("adana", "Adana kebab", 1690, [SPICE, SIDE]),
        ("chicken-skewer", "Chicken skewers", 1490, [SIDE]),
        ("lamb-chops", "Lamb chops", 2490, [DONENESS, SIDE]),
        ("salmon", "Grilled salmon", 2190, [SIDE]),
    ]),
    ("mains", "Mains", "hot", [
        ("pasta-pomodoro", "Pasta pomodoro", 1190, [SPICE]),
        ("mushroom-risotto", "Mushroom risotto", 1390, []),
        ("manti", "Mantı with yogurt", 1290, [SPICE]),
        ("fish-chips", "Fish & chips", 1590, []),
        ("chicken-curry", "Chicken curry", 1450, [SPICE]),
        ("moussaka", "Moussaka", 1390, []),
    ]),
    ("sides", "Sides", "fry", [
        ("side-fries", "Fries", 450, []),
        ("side-sweet-fries", "Sweet potato fries", 550, []),
        ("onion-rings", "Onion rings", 500, []),
        ("rice-pilaf", "Rice pilaf", 400, []),
        ("grilled-veg", "Grilled vegetables", 600, []),
    ]),
    ("desserts", "Desserts", "cold", [
        ("baklava", "Baklava", 750, [SCOOP]),
        ("kunefe", "Künefe", 890, [SCOOP]),
        ("cheesecake", "Cheesecake", 790, []),
        ("brownie", "Chocolate brownie", 690, [SCOOP]),
        ("sutlac", "Rice pudding", 590, []),
    ]),
    ("drinks", "Drinks", "bar", [
        ("lemonade", "Homemade lemonade", 450, [SIZE, ICE]),
        ("ayran", "Ayran", 300, []),
        ("cola", "Cola", 350, [ICE]),
        ("sparkling", "Sparkling water", 300, []),
        ("iced-tea", "Iced tea", 400, [SIZE, ICE]),
        ("orange-juice", "Fresh orange juice", 550, [SIZE]),
    ]),
    ("hot-drinks", "Hot drinks", "bar", [
        ("turkish-tea", "Turkish tea", 200, []),
        ("turkish-coffee", "Turkish coffee", 350, []),
        ("espresso", "Espresso", 300, []),
        ("cappuccino", "Cappuccino", 420, [SIZE, MILK]),
        ("latte", "Caffè latte", 450, [SIZE, MILK]),
    ]),
]  # fmt: skip

AREAS = [
    ("hall", "Main hall", "H", 12, 4),
    ("terrace", "Terrace", "T", 8, 2),
    ("bar", "Bar", "B", 4, 2),
]


def seed(store: Store, restaurant: str = RESTAURANT, name: str = "Passline Demo Bistro") -> bool:
    """Create the demo restaurant unless it exists. True if it was created now."""
    accounts = Accounts(store.account_rows, clock=store.clock)
    if not accounts.ensure_restaurant(restaurant, name, tz="Europe/Istanbul"):
        # Made before demos were marked: still a demo if every PIN is the demo's public one
        # (nothing to protect), never a restaurant whose own PINs were set.
        if all(accounts.role_for_pin(restaurant, pin) == role for role, pin in PINS.items()):
            accounts.make_demo(restaurant)
        return False
    accounts.make_demo(restaurant)  # any device signs in by PIN; every screen says "demo"
    for role, pin in PINS.items():
        accounts.set_pin(restaurant, role, pin, policy=False)  # the demo's, known to all
    for position, (cat_id, cat_name, station, items) in enumerate(MENU):
        category = {"name": cat_name, "station": station, "position": position}
        store.put_category(restaurant, cat_id, category)
        for item_pos, (item_id, item_name, price, groups) in enumerate(items):
            store.put_item(
                restaurant,
                item_id,
                {
                    "name": item_name,
                    "price": price,
                    "category_id": cat_id,
                    "description": "",
                    "modifiers": groups,
                    "position": item_pos,
                    "available": True,
                },
            )
    number = 0
    for position, (area_id, area_name, prefix, count, seats) in enumerate(AREAS):
        store.upsert_area(restaurant, {"id": area_id, "name": area_name, "position": position})
        for i in range(1, count + 1):
            number += 1
            store.upsert_table(
                restaurant,
                {
                    "id": f"{area_id}-{i}",
                    "name": f"{prefix}{i}",
                    "area_id": area_id,
                    "seats": seats + (2 if i % 4 == 0 else 0),
                    "position": number,
                },
            )
    return True


def cmd_demo(args: argparse.Namespace) -> int:
    created = seed(services(args.db, create=True).store, args.restaurant)
    state = "created" if created else "already there"
    print(f"Demo restaurant {args.restaurant!r} {state} in {shown(args.db)}")
    for role, pin in PINS.items():
        print(f"  {role:<8} PIN {pin}")
    print("This is a DEMO restaurant: any device signs in with these PINs, and anyone who read"
          " this knows them. A real restaurant (`passline restaurant create`) pairs each device"
          " with a one-time code (`passline devices pair`) and its people sign in with their"
          " own PINs (`passline staff add`).")  # fmt: skip
    return 0


def add_commands(sub: Any) -> None:
    demo = sub.add_parser("demo", help="create the demo restaurant (idempotent)")
    database_option(demo)
    demo.add_argument("--restaurant", default="demo")
    demo.set_defaults(run=cmd_demo)
