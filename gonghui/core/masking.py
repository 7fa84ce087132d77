"""Masked display of ID numbers and phones (PIPL; RULES.md §8): `1101**********002X`, `138****8000`."""

from __future__ import annotations

import re

_MOBILE = re.compile(r"1[0-9]{10}")
_LANDLINE = re.compile(r"(0[0-9]{2,3})-([0-9]{7,8})((?:转[0-9]+)?)")
_RESIDENT_LENGTH = 18


def _keep_ends(value: str, head: int, tail: int) -> str:
    if len(value) <= head + tail:
        return "*" * len(value)
    return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail :]


def mask_id_number(value: str | None) -> str:
    """An 18-character ID keeps its first 4 and last 4 characters; any other keeps 2 and 2.

    Values of 4 characters or fewer are masked entirely. The length is always preserved.
    """
    if not value:
        return ""
    value = value.strip()
    if len(value) == _RESIDENT_LENGTH:
        return _keep_ends(value, 4, 4)
    return _keep_ends(value, 2, 2)


def mask_phone(value: str | None) -> str:
    """A mobile keeps its first 3 and last 4 digits; a landline keeps its area code and last 4 digits.

    A value in neither normalised form keeps its first 3 and last 4 characters when it has more than
    8, and only its last 2 otherwise.
    """
    if not value:
        return ""
    value = value.strip()
    if _MOBILE.fullmatch(value):
        return _keep_ends(value, 3, 4)
    landline = _LANDLINE.fullmatch(value)
    if landline is not None:
        area, subscriber, extension = landline.groups()
        return f"{area}-{_keep_ends(subscriber, 0, 4)}{extension}"
    if len(value) > 8:
        return _keep_ends(value, 3, 4)
    return _keep_ends(value, 0, 2)
