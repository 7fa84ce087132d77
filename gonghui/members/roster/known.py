"""What the planner reads of the union before deciding any row, and Person's field validators.

The union's people come in a few queries for the whole file: their plain fields, their ciphertexts (not
decrypted unless a row carries a value to compare) and their open spans; other unions' active members are
looked up by keyed hash only, for the file's new numbers at once. The model's field validators run once per
distinct value.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import connection, models

from gonghui.core.crypto import get_keyring
from gonghui.members.models import Membership, MembershipStatus, Person
from gonghui.members.roster.derived import ID_LABEL, PHONE_LABEL
from gonghui.orgs.models import Department, Union, UnionGroup


@dataclass(slots=True)
class KnownPerson:
    """A person already in the union, as the plan needs them; private values stay encrypted until needed."""

    pk: int
    member_no: str
    id_hash: str
    id_cipher: str
    phone_cipher: str
    values: dict[str, Any]  # ROW_FIELDS except id_number and phone; department and group as names
    open_status: str | None

    def decrypted(self, key: str) -> str:
        cipher = self.id_cipher if key == "id_number" else self.phone_cipher
        label = ID_LABEL if key == "id_number" else PHONE_LABEL
        return get_keyring().decrypt(cipher, label=label) if cipher else ""


_KNOWN_FIELDS = (
    "pk", "member_no", "id_number_hash", "name", "id_type", "gender", "birth_date", "ethnicity",
    "political_status", "education", "department_id", "post", "employment_form", "work_status",
    "is_migrant_worker", "group_id", "notes",
)  # fmt: skip


def known_people(union: Union) -> list[KnownPerson]:
    """The union's people in three queries; ID numbers and phones are fetched as ciphertext, not decrypted."""
    departments = dict(Department.objects.filter(union=union).values_list("pk", "name"))
    groups = dict(UnionGroup.objects.filter(union=union).values_list("pk", "name"))
    open_spans = dict(
        Membership.objects.filter(union=union, ended_on__isnull=True).values_list("person_id", "status")
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, id_number, phone FROM members_person WHERE union_id = %s", [union.pk])
        ciphers = {
            pk: (id_cipher or "", phone_cipher or "") for pk, id_cipher, phone_cipher in cursor.fetchall()
        }
    people = []
    for row in Person.objects.filter(union=union).order_by().values_list(*_KNOWN_FIELDS):
        values = dict(zip(_KNOWN_FIELDS[3:], row[3:], strict=True))
        values["department"] = departments.get(values.pop("department_id"))
        values["group"] = groups.get(values.pop("group_id"))
        id_cipher, phone_cipher = ciphers[row[0]]
        people.append(
            KnownPerson(row[0], row[1], row[2], id_cipher, phone_cipher, values, open_spans.get(row[0]))
        )
    return people


def active_elsewhere(union: Union, hashes: Sequence[str]) -> set[str]:
    """Which of these ID hashes have an open active membership in another union; nothing else of it is read.

    One query for the whole file: the hashes go in as one text, split by the database (hex digests have
    no commas), or as one JSON text on SQLite, not as 100,000 bound parameters.
    """
    param: Any
    if connection.vendor == "postgresql":
        condition, param = "p.id_number_hash = ANY(string_to_array(%s, ','))", ",".join(hashes)
    else:
        condition, param = "p.id_number_hash IN (SELECT value FROM json_each(%s))", json.dumps(list(hashes))
    sql = (
        "SELECT DISTINCT p.id_number_hash FROM members_person p "
        "JOIN members_membership m ON m.person_id = p.id "
        f"WHERE {condition} AND m.status = %s AND m.ended_on IS NULL AND m.union_id <> %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [param, MembershipStatus.ACTIVE.value, union.pk])
        return {row[0] for row in cursor.fetchall()}


VALIDATED = ("name", "ethnicity", "political_status", "education", "post", "employment_form", "work_status")


class FieldRules:
    """Person's model field validators (max_length, choices, blank), run once per distinct value.

    A value that passes a plain CharField's own checks (length, no NUL, not blank unless allowed) is let
    through without the call; anything else goes to the field's clean(), which gives the message.
    """

    _PLAIN = (MaxLengthValidator, ProhibitNullCharactersValidator)

    def __init__(self) -> None:
        self.cache: dict[tuple[str, Any], list[str]] = {}
        self.plain: dict[str, tuple[int, bool]] = {}
        for attname in VALIDATED:
            model_field = cast(models.Field, Person._meta.get_field(attname))
            if not model_field.choices and all(isinstance(v, self._PLAIN) for v in model_field.validators):
                self.plain[attname] = (model_field.max_length or 0, model_field.blank)

    def errors(self, attname: str, value: Any) -> list[str]:
        key = (attname, value)
        found = self.cache.get(key)
        if found is not None:
            return found
        plain = self.plain.get(attname)
        if plain is not None and value.__class__ is str and len(value) <= plain[0] and "\x00" not in value:
            if value or plain[1]:
                self.cache[key] = found = []
                return found
        model_field = cast(models.Field, Person._meta.get_field(attname))
        try:
            model_field.clean(value, None)
            found = []
        except ValidationError as exc:
            found = [f"{model_field.verbose_name}：{message}" for message in exc.messages]
        self.cache[key] = found
        return found

    def failing(self, attname: str, values: Iterable[Any]) -> set[Any]:
        """The distinct values among `values` that `errors` rejects, for a whole column at once."""
        distinct = set(values)
        plain = self.plain.get(attname)
        if plain is not None:
            limit, blank = plain
            distinct = {
                v
                for v in distinct
                if v.__class__ is not str or len(v) > limit or "\x00" in v or not (v or blank)
            }
        return {value for value in distinct if self.errors(attname, value)}


def choice_label(attname: str, value: Any) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    if attname in ("department", "group"):
        return str(value)
    choices = dict(cast(models.Field, Person._meta.get_field(attname)).choices or [])
    return str(choices.get(value, value))
