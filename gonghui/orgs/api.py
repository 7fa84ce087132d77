"""Union endpoints: the unions the caller holds roles in, and one union's public fields."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from gonghui.accounts.scope import scope_for, unions_for
from gonghui.orgs.models import Union

router = Router(tags=["工会"])


class UnionRow(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    roles: list[str]


class UnionOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    parent_code: str | None
    upper_union_name: str
    founded_on: dt.date | None
    province_code: str
    city_code: str
    county_code: str
    full_time_cadres: int
    part_time_cadres: int
    party_org_name: str


@router.get("/unions", response=list[UnionRow], summary="我所在的工会")
def union_list(request: HttpRequest) -> list[UnionRow]:
    """The unions the caller holds a role in directly, with their roles there; federation staff drill down by code."""
    return [
        UnionRow(
            code=union.code,
            name=union.name,
            kind=union.kind,
            kind_label=union.get_kind_display(),
            roles=scope_for(request.user, union).role_labels,
        )
        for union in unions_for(request.user)
    ]


@router.get("/unions/{code}", response=UnionOut, summary="工会基本信息")
def union_detail(request: HttpRequest, code: str) -> UnionOut:
    scope = scope_for(request.user, code)
    scope.require("orgs.view")
    return _union_out(scope.union)


def _union_out(union: Union) -> UnionOut:
    parent = union.parent if union.parent_id else None
    return UnionOut(
        code=union.code,
        name=union.name,
        kind=union.kind,
        kind_label=union.get_kind_display(),
        parent_code=parent.code if parent else None,
        upper_union_name=parent.name if parent else union.upper_union_name,
        founded_on=union.founded_on,
        province_code=union.province_code,
        city_code=union.city_code,
        county_code=union.county_code,
        full_time_cadres=union.full_time_cadres,
        part_time_cadres=union.part_time_cadres,
        party_org_name=union.party_org_name,
    )
