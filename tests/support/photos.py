"""Pictures as a phone takes them, for the tests of what the server makes of them."""

from __future__ import annotations

import io

from PIL import Image


def photo(size: tuple[int, int] = (1600, 1200), orientation: int | None = None) -> bytes:
    """A camera's JPEG: GPS position and camera model in its EXIF, maybe an orientation."""
    image = Image.new("RGB", size, (180, 40, 30))
    image.paste((20, 160, 40), (0, 0, size[0] // 4, size[1]))  # a green band on the left
    exif = Image.Exif()
    exif[0x0110] = "Phone X"  # model
    exif[0x8825] = {1: "N", 2: (41.0, 0.0, 0.0)}  # GPS: where the owner lives
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()
