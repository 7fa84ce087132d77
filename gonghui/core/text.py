"""Small text clean-ups shared by every parser: full-width to half-width, whitespace runs."""

from __future__ import annotations

import re

# U+FF01–U+FF5E are full-width copies of ASCII 0x21–0x7E; U+3000 is the ideographic space.
# CJK punctuation with no ASCII twin (「」、。《》) lies outside this range and is kept.
_HALFWIDTH_TABLE: dict[int, int] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALFWIDTH_TABLE[0x3000] = 0x20

_SPACE_RUN = re.compile(r"\s+")
# Zero-width characters and the BOM arrive with text pasted from Excel and web pages; they are not spaces.
_INVISIBLE_TABLE: dict[int, None] = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF])


def to_halfwidth(s: str) -> str:
    """Turn full-width ASCII look-alikes (U+FF01–U+FF5E) and the ideographic space into plain ASCII."""
    return s.translate(_HALFWIDTH_TABLE)


def collapse_spaces(s: str) -> str:
    """Replace every run of whitespace (including U+3000 and no-break space) with one space, and strip.

    Zero-width characters and the byte-order mark are deleted first.
    """
    return _SPACE_RUN.sub(" ", s.translate(_INVISIBLE_TABLE)).strip()
