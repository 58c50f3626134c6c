"""A floor plan file as a restaurant writes one: an area with ids made from names, one with its own."""

from __future__ import annotations

FLOOR = {
    "areas": [
        {"name": "Main hall", "tables": [{"name": "H1", "seats": 4}, {"name": "H2", "seats": 2}]},
        {"id": "garden", "name": "Bahçe", "tables": [{"id": "g-1", "name": "B1", "seats": 6}]},
    ]
}
