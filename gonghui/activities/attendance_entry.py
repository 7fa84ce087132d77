"""Reading what officers type for attendance: sign-in sheet numbers and pasted lists of names."""

from __future__ import annotations

import re

from gonghui.core.errors import DomainError
from gonghui.core.names import normalize_person_name
from gonghui.core.text import to_halfwidth

# Names arrive separated by 、，, ; spaces or newlines (pasted from a chat message or a spreadsheet column).
_NAME_SEPARATORS = re.compile(r"[、，,；;\s]+")
_NUMBER_SEPARATORS = re.compile(r"[、，,；;\s]+")
_RANGE = re.compile(r"^(\d+)[-~～至到](\d+)$")
# Words an officer may type around the numbers: "除了：5, 17, 23号".
_NOISE = re.compile(r"全部出席|全部到|除了|除|缺席|请假|未到|[:：号。.]")


def split_names(text: str) -> list[str]:
    """The distinct names in `text`, in the order typed."""
    names: list[str] = []
    for token in _NAME_SEPARATORS.split(text.replace("\u3000", " ")):
        name = normalize_person_name(token)
        if name and name not in names:
            names.append(name)
    return names


def parse_sheet_numbers(text: str) -> list[int]:
    """ "5, 17, 23" or "5、17-19" → the sorted distinct numbers; anything else is refused with its token."""
    cleaned = _NOISE.sub(" ", to_halfwidth(text))
    numbers: set[int] = set()
    for token in _NUMBER_SEPARATORS.split(cleaned):
        if not token:
            continue
        if token.isdigit():
            numbers.add(int(token))
            continue
        span = _RANGE.match(token)
        if span is None:
            raise DomainError(f"「{token}」不是签到表上的序号，请只填写数字，如 5, 17, 23", field="numbers")
        first, last = int(span.group(1)), int(span.group(2))
        if first > last:
            raise DomainError(f"「{token}」的起止顺序反了", field="numbers")
        numbers.update(range(first, last + 1))
    return sorted(numbers)
