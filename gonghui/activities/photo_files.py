"""Photo files: what kind of image a file is, and the capture date from a JPEG's EXIF block.

Pillow is not a dependency, so this reads the few bytes it needs by hand: the file signature, and in a
JPEG the APP1 "Exif" segment's TIFF structure down to DateTimeOriginal (tag 0x9003) or, failing that,
DateTime (0x0132). Anything malformed gives no date, never an error.
"""

from __future__ import annotations

import datetime as dt
import struct

JPEG = "image/jpeg"
PNG = "image/png"
EXTENSIONS = {JPEG: "jpg", PNG: "png"}
MAX_PHOTO_BYTES = 10 * 1024 * 1024

_EXIF_IFD_POINTER = 0x8769
_DATE_TIME_ORIGINAL = 0x9003
_DATE_TIME = 0x0132
_ASCII = 2


def sniff_image_type(head: bytes) -> str | None:
    """The content type from the file's first bytes: JPEG or PNG, else None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def exif_capture_date(data: bytes) -> dt.date | None:
    """The day a JPEG says it was taken, or None when it does not say (or says it badly)."""
    try:
        tiff = _exif_tiff(data)
        if tiff is None:
            return None
        return _capture_date(tiff)
    except (struct.error, IndexError, ValueError):
        return None


def _exif_tiff(data: bytes) -> bytes | None:
    """The TIFF structure inside the APP1 Exif segment, or None."""
    if not data.startswith(b"\xff\xd8"):
        return None
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no metadata follows
            return None
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        segment = data[pos + 4 : pos + 2 + length]
        if marker == 0xE1 and segment.startswith(b"Exif\x00\x00"):
            return segment[6:]
        pos += 2 + length
    return None


def _capture_date(tiff: bytes) -> dt.date | None:
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None:
        return None
    (ifd0,) = struct.unpack(order + "I", tiff[4:8])
    entries = _ifd(tiff, order, ifd0)
    found = None
    pointer = entries.get(_EXIF_IFD_POINTER)
    if pointer is not None:
        sub = _ifd(tiff, order, pointer[2])
        if _DATE_TIME_ORIGINAL in sub:
            found = _ascii(tiff, order, sub[_DATE_TIME_ORIGINAL])
    if found is None and _DATE_TIME in entries:
        found = _ascii(tiff, order, entries[_DATE_TIME])
    return _parse_exif_date(found) if found else None


def _ifd(tiff: bytes, order: str, offset: int) -> dict[int, tuple[int, int, int]]:
    """tag → (type, count, value-or-offset) for one image file directory."""
    (count,) = struct.unpack(order + "H", tiff[offset : offset + 2])
    entries: dict[int, tuple[int, int, int]] = {}
    for index in range(count):
        start = offset + 2 + 12 * index
        tag, kind, n, value = struct.unpack(order + "HHII", tiff[start : start + 12])
        entries[tag] = (kind, n, value)
    return entries


def _ascii(tiff: bytes, order: str, entry: tuple[int, int, int]) -> str | None:
    kind, count, value = entry
    if kind != _ASCII or count < 10:
        return None
    raw = tiff[value : value + count]
    return raw.split(b"\x00", 1)[0].decode("ascii", "replace")


def _parse_exif_date(text: str) -> dt.date | None:
    """ "2025:03:08 09:12:33" → 2025-03-08; an all-zero or unreadable date gives None."""
    try:
        return dt.datetime.strptime(text.strip()[:10], "%Y:%m:%d").date()
    except ValueError:
        return None


def jpeg_with_capture_date(day: dt.date, *, body: bytes = b"") -> bytes:
    """A minimal JPEG byte string whose EXIF says it was taken on `day` (tests and the demo)."""
    stamp = f"{day:%Y:%m:%d} 09:30:00".encode("ascii") + b"\x00"  # 20 bytes
    # Little-endian TIFF: header, IFD0 with one entry (ExifIFD pointer), Exif IFD with DateTimeOriginal.
    ifd0_offset = 8
    exif_ifd_offset = ifd0_offset + 2 + 12 + 4
    stamp_offset = exif_ifd_offset + 2 + 12 + 4
    tiff = b"II*\x00" + struct.pack("<I", ifd0_offset)
    tiff += struct.pack("<H", 1) + struct.pack("<HHII", _EXIF_IFD_POINTER, 4, 1, exif_ifd_offset)
    tiff += struct.pack("<I", 0)
    tiff += struct.pack("<H", 1) + struct.pack("<HHII", _DATE_TIME_ORIGINAL, _ASCII, len(stamp), stamp_offset)
    tiff += struct.pack("<I", 0) + stamp
    app1 = b"Exif\x00\x00" + tiff
    return (
        b"\xff\xd8" + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + b"\xff\xda" + body + b"\xff\xd9"
    )
