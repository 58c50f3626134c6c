"""Menu photos: whatever a phone or a camera gives, made into one small, safe picture.

Pillow decodes it (JPEG, PNG, WebP, GIF; anything else is refused by name), turns it upright
(EXIF orientation), drops every byte of metadata (a phone's photo carries its GPS position),
fits it in ``MAX_SIDE`` pixels and writes WebP. The picture is stored in the database beside the
menu, so a backup holds it, and is served at ``/media/<restaurant>/<hash>.webp``: the hash of its
bytes makes the URL change with the picture, so it can be cached for good.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from domain.errors import DomainError
from domain.timestamps import iso, utcnow

from .db import Conn

MAX_UPLOAD_BYTES = 8 * 1024 * 1024  # a phone's full-size JPEG, with room
MAX_PIXELS = 50_000_000  # decoded size bound: a tiny file claiming 100,000 x 100,000 is refused
MAX_SIDE = 640
QUALITY = 80
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")  # a camera's MPO opens as JPEG
URL_PREFIX = "/media/"


@dataclass(frozen=True)
class Picture:
    name: str  # "<hash>.webp"
    data: bytes
    width: int
    height: int


def prepare(raw: bytes) -> Picture:
    """The stored form of an uploaded picture, or DomainError saying what is wrong with it."""
    if not raw:
        raise DomainError("invalid_image", "the picture is empty")
    if len(raw) > MAX_UPLOAD_BYTES:
        raise DomainError(
            "payload_too_large", f"a picture may be at most {MAX_UPLOAD_BYTES:,} bytes"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw), formats=FORMATS)
            if image.width * image.height > MAX_PIXELS:
                raise DomainError("invalid_image", "the picture has too many pixels")
            image.load()
            image = ImageOps.exif_transpose(image)
    except DomainError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise DomainError("invalid_image", "the picture has too many pixels") from None
    except UnidentifiedImageError:
        raise DomainError(
            "invalid_image", "not a picture Passline reads: send a JPEG, PNG, WebP or GIF"
        ) from None
    except (OSError, ValueError, SyntaxError, EOFError):
        raise DomainError("invalid_image", "the picture is damaged or cut short") from None
    image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "WEBP", quality=QUALITY, method=4)  # no exif= / icc_profile=: nothing kept
    data = out.getvalue()
    name = hashlib.sha256(data).hexdigest()[:24] + ".webp"
    return Picture(name, data, image.width, image.height)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


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
