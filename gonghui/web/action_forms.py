"""A page of several small forms, each one action (登记职工人数, 任命小组长 …): post one, apply it, come back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gonghui.core.errors import DomainError


@dataclass(frozen=True)
class Action:
    title: str
    form: Callable[..., forms.Form]  # called with (data, prefix=…): the form, bound when data is given
    apply: Callable[[dict[str, Any]], str]  # cleaned data → the success message; raises DomainError


def action_forms_page(
    request: HttpRequest,
    *,
    actions: dict[str, Action],
    template: str,
    success_url: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Render every action's form; on POST validate and apply the one named by `action`, or show its errors."""
    bound = {name: action.form(None, prefix=name) for name, action in actions.items()}
    if request.method == "POST":
        name = request.POST.get("action", "")
        if name not in actions:
            raise Http404("未知的操作")
        form = actions[name].form(request.POST, prefix=name)
        bound[name] = form
        if form.is_valid():
            try:
                done = actions[name].apply(form.cleaned_data)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, done)
                return redirect(success_url)
    sections = [(name, actions[name].title, form) for name, form in bound.items()]
    return render(request, template, {"sections": sections, **(context or {})})
