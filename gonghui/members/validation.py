"""Field rules for a person, shared by the services, the web forms and the roster importer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from gonghui.core.idnumbers import IdType, check_against_id, check_id_number
from gonghui.core.names import normalize_person_name
from gonghui.core.partial_dates import PartialDate, PartialDateError, parse_partial_date
from gonghui.core.phones import check_phone
from gonghui.members.models import Gender


@dataclass
class PersonCheck:
    """The cleaned values of one person's private and identity fields, with every problem found."""

    name: str = ""
    id_type: str = IdType.RESIDENT
    id_number: str = ""
    birth_date: dt.date | None = None
    gender: str = ""
    phone: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def error(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)

    @property
    def ok(self) -> bool:
        return not self.errors


GENDER_WORDS = {"男": Gender.MALE, "女": Gender.FEMALE, "M": Gender.MALE, "F": Gender.FEMALE}


def check_person_identity(
    *,
    name: str,
    id_number: str,
    id_type: str = IdType.RESIDENT,
    birth: PartialDate | dt.date | str | None = None,
    gender: str | None = None,
    phone: str | None = None,
    today: dt.date | None = None,
) -> PersonCheck:
    """Check name, ID number, birth date, gender and phone together; birth and gender must agree with the ID."""
    result = PersonCheck(id_type=id_type)
    result.name = normalize_person_name(name or "")
    if not result.name:
        result.error("name", "姓名不能为空")
    elif len(result.name) > 50:
        result.error("name", "姓名超过50个字符")

    id_check = check_id_number(id_number or "", id_type=IdType(id_type), today=today)
    for message in id_check.errors:
        result.error("id_number", message)
    result.warnings.extend(id_check.warnings)
    result.id_number = id_check.normalized or ""

    partial: PartialDate | None = None
    if isinstance(birth, PartialDate):
        partial = birth
    elif isinstance(birth, dt.date):
        partial = PartialDate(birth.year, birth.month, birth.day)
    elif birth not in (None, ""):
        try:
            partial = parse_partial_date(birth)
        except PartialDateError as exc:
            result.error("birth_date", f"出生日期：{exc}")

    gender_code: str | None = None
    if gender not in (None, ""):
        gender_code = GENDER_WORDS.get(str(gender).strip().upper()) or GENDER_WORDS.get(str(gender).strip())
        if gender_code is None:
            result.error("gender", f"性别「{gender}」应为“男”或“女”")

    if id_check.ok:
        for message in check_against_id(id_check, birth=partial, gender=gender_code):
            key = "gender" if message.startswith("性别") else "birth_date"
            result.error(key, message)
        result.birth_date = id_check.birth_date
        result.gender = id_check.gender or gender_code or ""
    else:
        result.gender = gender_code or ""
        if partial is not None and partial.precision == "day" and partial.month and partial.day:
            result.birth_date = dt.date(partial.year, partial.month, partial.day)
    if not result.gender and "gender" not in result.errors and "id_number" not in result.errors:
        result.error("gender", "性别不能为空")

    if phone:
        phone_check = check_phone(phone)
        for message in phone_check.errors:
            result.error("phone", message)
        result.warnings.extend(phone_check.warnings)
        result.phone = phone_check.normalized or ""
    return result


def field_errors_as_text(errors: dict[str, Any]) -> str:
    return "；".join(message for messages in errors.values() for message in messages)
