"""A menu file as a restaurant writes one: two categories, options, a picture beside it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.photos import photo

MENU = {
    "categories": [
        {"name": "Kahvaltı", "station": "grill", "items": [
            {"name": "Menemen", "price": 18550, "description": "Eggs, peppers, tomato",
             "modifiers": [{"name": "Bread", "required": True, "min": 1, "max": 1,
                            "options": [{"name": "Simit", "price_delta": 0},
                                        {"name": "Pide", "price_delta": 1500}]}],
             "image": "photos/menemen.jpg", "stock": 12, "stock_low_at": 3},
            {"id": "simit", "name": "Simit", "price": 2500, "available": False},
        ]},
        {"id": "drinks", "name": "İçecek", "station": "bar",
         "items": [{"name": "Çay", "price": 1500}]},
    ]
}  # fmt: skip


def write_menu(folder: Path, menu: dict = MENU) -> Path:
    (folder / "photos").mkdir(exist_ok=True)
    (folder / "photos" / "menemen.jpg").write_bytes(photo())
    path = folder / "menu.json"
    path.write_text(json.dumps(menu, ensure_ascii=False), encoding="utf-8")
    return path
