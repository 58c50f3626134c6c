"""Menu pictures as stored: one row per picture (the same bytes are the same row), beside the
menu, so a backup holds them. A picture is served at ``/media/<restaurant>/<hash>.webp``: the hash
of its bytes makes the URL change with the picture, so it can be cached for good. Making a
picture from an upload is ``server.files.pictures``.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.timestamps import iso, utcnow

from .database import Conn

URL_PREFIX = "/media/"


@dataclass(frozen=True)
class Picture:
    name: str  # "<hash>.webp"
    data: bytes
    width: int
    height: int


def url(restaurant: str, name: str) -> str:
    return f"{URL_PREFIX}{restaurant}/{name}"


def store(conn: Conn, restaurant: str, picture: Picture) -> str:
    """Keep ``picture`` (once: the same bytes are the same row); its URL."""
    conn.execute(
        "INSERT INTO images (restaurant, name, data, width, height, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (restaurant, name) DO NOTHING",
        (restaurant, picture.name, picture.data, picture.width, picture.height, iso(utcnow())),
    )
    return url(restaurant, picture.name)


def exists(conn: Conn, restaurant: str, image_url: str) -> bool:
    """Whether ``image_url`` names a picture this restaurant holds."""
    prefix = url(restaurant, "")
    if not image_url.startswith(prefix):
        return False
    row = conn.execute(
        "SELECT 1 FROM images WHERE restaurant = ? AND name = ?",
        (restaurant, image_url[len(prefix) :]),
    ).fetchone()
    return row is not None


def load(conn: Conn, restaurant: str, name: str) -> bytes | None:
    row = conn.execute(
        "SELECT data FROM images WHERE restaurant = ? AND name = ?", (restaurant, name)
    ).fetchone()
    return None if row is None else bytes(row["data"])
