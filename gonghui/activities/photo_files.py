"""Photo files: what kind of image a file is, its capture date, and the copy that is kept.

A kept photo is re-encoded with Pillow: at most 1600 px on the long side, JPEG quality 82, turned
upright by its EXIF orientation, transparency flattened onto white, and every metadata block dropped
(GPS position, camera serials) — the capture date is read first and kept on the Photo row instead.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

JPEG = "image/jpeg"
PNG = "image/png"
EXTENSIONS = {JPEG: "jpg", PNG: "png"}
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_SIDE = 1600
JPEG_QUALITY = 82

_EXIF_IFD_POINTER = 0x8769
_DATE_TIME_ORIGINAL = 36867  # 0x9003, in the Exif sub-IFD
_DATE_TIME = 306  # 0x0132, in IFD0
_GPS_IFD_POINTER = 0x8825


class PhotoUnreadable(ValueError):
    """The bytes look like a JPEG or PNG but cannot be decoded."""


def sniff_image_type(head: bytes) -> str | None:
    """The content type from the file's first bytes: JPEG or PNG, else None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def _parse_exif_date(text: object) -> dt.date | None:
    """ "2025:03:08 09:12:33" → 2025-03-08; an all-zero or unreadable date gives None."""
    if isinstance(text, bytes):
        text = text.decode("ascii", "replace")
    if not isinstance(text, str):
        return None
    try:
        return dt.datetime.strptime(text.strip().strip("\x00")[:10], "%Y:%m:%d").date()
    except ValueError:
        return None


def _capture_date(image: Image.Image) -> dt.date | None:
    try:
        with warnings.catch_warnings():  # Pillow warns about a corrupt EXIF block; it only means "no date"
            warnings.simplefilter("ignore")
            exif = image.getexif()
        found = _parse_exif_date(exif.get_ifd(_EXIF_IFD_POINTER).get(_DATE_TIME_ORIGINAL))
        return found or _parse_exif_date(exif.get(_DATE_TIME))
    except Exception:  # a malformed EXIF block gives no date, never an error
        return None


def exif_capture_date(data: bytes) -> dt.date | None:
    """The day a photo says it was taken (DateTimeOriginal, else DateTime), or None when it does not say."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Corrupt EXIF data": it only means there is no date
            with Image.open(io.BytesIO(data)) as image:
                return _capture_date(image)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


@dataclass(frozen=True)
class KeptPhoto:
    content: bytes  # always a JPEG, without metadata
    width: int
    height: int
    taken_on: dt.date | None  # from the original's EXIF


def compress_photo(data: bytes) -> KeptPhoto:
    """The copy to keep: downscaled to MAX_SIDE, JPEG quality 82, upright, no EXIF; PhotoUnreadable if broken."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Corrupt EXIF data" and the like: the copy kept has none
            with Image.open(io.BytesIO(data)) as opened:
                taken_on = _capture_date(opened)
                opened.load()
                image: Image.Image = ImageOps.exif_transpose(opened) or opened
    except (
        Exception
    ) as exc:  # any decoding failure (truncated, corrupt, a decompression bomb) is "unreadable"
        raise PhotoUnreadable(str(exc)) from exc
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No exif= / icc_profile= argument: Pillow writes no metadata segments at all.
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return KeptPhoto(content=out.getvalue(), width=image.width, height=image.height, taken_on=taken_on)


def jpeg_with_capture_date(
    day: dt.date, *, size: tuple[int, int] = (16, 12), gps: bool = False, fmt: str = "JPEG"
) -> bytes:
    """A small real image whose EXIF says it was taken on `day` (tests and the demo); with `gps`, a GPS block too."""
    image = Image.new("RGB", size, (200, 60, 60))
    exif = Image.Exif()
    exif[_DATE_TIME] = f"{day:%Y:%m:%d} 09:30:00"
    exif.get_ifd(_EXIF_IFD_POINTER)[_DATE_TIME_ORIGINAL] = f"{day:%Y:%m:%d} 09:30:00"
    if gps:
        exif.get_ifd(_GPS_IFD_POINTER).update({1: "N", 2: (31.0, 14.0, 5.0), 3: "E", 4: (121.0, 28.0, 9.0)})
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif)
    return out.getvalue()
