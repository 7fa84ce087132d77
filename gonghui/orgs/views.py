"""The organisation page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gonghui.accounts.scope import ActorScope
from gonghui.orgs.selectors import org_overview
from gonghui.web.access import union_view


@union_view("orgs.view")
def overview(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    return render(request, "orgs/overview.html", {"org": org_overview(scope, today=timezone.localdate())})
