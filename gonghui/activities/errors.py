"""Errors of the activities area, each with its message in Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field

from gonghui.core.errors import DomainError


@dataclass(frozen=True)
class Candidate:
    """One person a typed name could mean, with what tells namesakes apart."""

    person_id: int
    name: str
    member_no: str
    department: str
    group: str

    @property
    def label(self) -> str:
        where = "，".join(part for part in (self.department, self.group) if part)
        return f"{self.name}（{where + '，' if where else ''}会员编号{self.member_no}）"


@dataclass
class NameProblems:
    unknown: list[str] = field(default_factory=list)
    ambiguous: dict[str, list[Candidate]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.unknown or self.ambiguous)

    @property
    def message(self) -> str:
        parts = []
        if self.unknown:
            parts.append(f"以下姓名不在本工会会员中：{'、'.join(self.unknown)}")
        if self.ambiguous:
            parts.append(f"以下姓名有重名，请在名单中选择：{'、'.join(self.ambiguous)}")
        return "；".join(parts)


class NamesNotResolved(DomainError):
    """Some typed names match nobody, or several people: nothing was recorded; the names are reported."""

    def __init__(self, problems: NameProblems) -> None:
        super().__init__(problems.message, field="names")
        self.problems = problems


class CheckInRefused(DomainError):
    """A QR check-in that was not recorded. `failed_match` marks a name/digits mismatch, which is
    rate-limited; the message never says whether the name or the digits were wrong."""

    def __init__(self, message: str, *, failed_match: bool = False) -> None:
        super().__init__(message)
        self.failed_match = failed_match
