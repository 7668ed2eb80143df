"""Pictures beside the stories: check them, and publish them without their metadata.

Phones write the camera, the time and often the GPS position into a photo's
EXIF data. What we publish is re-saved from the pixels alone, so none of it
reaches the site.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from .problems import unreadable

FOLDER = "images"  # where the story editor puts a story's pictures: beside it, as the template's example
SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
MAX_BYTES = 5_000_000
MAX_PIXELS = 40_000_000  # about 7,700 x 5,200: larger is a mistake or a decompression bomb


def is_picture(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def picture_problem(path: Path) -> str | None:
    """Why a picture cannot be published, or None when it can."""
    from PIL import Image, UnidentifiedImageError  # here, not at the top: most checks meet few pictures, and Pillow is slow to import

    try:
        size = path.stat().st_size
    except OSError as error:
        return unreadable(error)
    if size > MAX_BYTES:
        return f"the picture is {size / 1_000_000:.1f} MB; the limit is {MAX_BYTES // 1_000_000} MB, so save a smaller copy"
    try:
        with Image.open(path) as image:
            found, (width, height) = image.format, image.size
            if width * height > MAX_PIXELS:
                return f"the picture is {width} x {height} pixels; make it smaller (at most {MAX_PIXELS // 1_000_000} million pixels)"
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return "the file is not a picture we can read; save it again as JPEG, PNG or WebP"
    expected = SUFFIXES[path.suffix.lower()]
    if found != expected:
        return f"the file is a {found} picture but its name ends {path.suffix}; rename it or save it as {expected}"
    return None


def published_bytes(path: Path) -> bytes:
    """The picture re-saved from its pixels: no EXIF, GPS, camera or text metadata."""
    stat = path.stat()
    return _strip(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=512)  # keyed on the file's change time, so `mkdocs serve` re-saves only edited pictures
def _strip(path: str, _mtime_ns: int, _size: int) -> bytes:
    from PIL import Image, ImageOps

    with Image.open(path) as image:
        kind = image.format
        upright = ImageOps.exif_transpose(image)  # keep the way the photo was held, then drop the tag
        out = io.BytesIO()
        options = {"JPEG": {"quality": 90, "optimize": True}, "WEBP": {"quality": 90}, "PNG": {"optimize": True}}[kind]
        upright.save(out, kind, icc_profile=image.info.get("icc_profile"), **options)
    return out.getvalue()
