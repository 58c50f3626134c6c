"""Menu pictures from whatever a phone or a camera gives: upright, stripped of metadata, small,
named by their bytes; what is not a usable picture is refused by name."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from domain.errors import DomainError
from server.files import pictures
from tests.support.photos import photo


def test_a_photo_is_turned_upright_stripped_of_metadata_and_made_small():
    picture = pictures.prepare(photo((1600, 1200), orientation=6))  # "rotate 90° to view"
    stored = Image.open(io.BytesIO(picture.data))
    assert stored.format == "WEBP"
    assert stored.size == (480, 640) == (picture.width, picture.height)  # upright: tall now
    assert not stored.getexif() and "exif" not in stored.info and "icc_profile" not in stored.info
    assert stored.getpixel((240, 20))[1] > 120  # the green band is on top after turning
    assert picture.name == pictures.prepare(photo((1600, 1200), orientation=6)).name
    assert picture.name.endswith(".webp") and len(picture.name) == 24 + 5


def png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    idat = b"IDAT" + zlib.compress(b"\0" * 64)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)) + struct.pack(">I", len(idat) - 4) + idat
            + struct.pack(">I", zlib.crc32(idat)))  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "says"),
    [(b"", "empty"), (b"GIF89a not really", "JPEG, PNG"), (b"%PDF-1.7 a menu", "JPEG, PNG"),
     (photo()[:3000], "damaged"), (png_header(60_000, 60_000), "too many pixels"),
     (b"x" * (pictures.MAX_UPLOAD_BYTES + 1), "at most")],
)  # fmt: skip
def test_what_is_not_a_usable_picture_is_refused_by_name(raw, says):
    with pytest.raises(DomainError) as found:
        pictures.prepare(raw)
    assert found.value.code in ("invalid_image", "payload_too_large")
    assert says in found.value.message
