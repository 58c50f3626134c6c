"""Menu photos: whatever a phone or a camera gives, made into one small, safe picture.

Pillow decodes it (JPEG, PNG, WebP, GIF; anything else is refused by name), turns it upright
(EXIF orientation), drops every byte of metadata (a phone's photo carries its GPS position),
fits it in ``MAX_SIDE`` pixels and writes WebP. The store keeps it (``server.store.images``).
"""

from __future__ import annotations

import hashlib
import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from domain.errors import DomainError

from ..store.images import Picture

MAX_UPLOAD_BYTES = 8 * 1024 * 1024  # a phone's full-size JPEG, with room
MAX_PIXELS = 50_000_000  # decoded size bound: a tiny file claiming 100,000 x 100,000 is refused
MAX_SIDE = 640
QUALITY = 80
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")  # a camera's MPO opens as JPEG


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
