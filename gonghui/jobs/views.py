"""Job pages: the status page, the partial it polls, the result download, and the self-test form."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from gonghui.accounts.scope import scope_for
from gonghui.core.errors import NotFound
from gonghui.jobs.forms import SelftestForm
from gonghui.jobs.models import Job, JobStatus
from gonghui.jobs.selectors import job_get_for_actor
from gonghui.jobs.services import job_enqueue


def _result_page(job: Job) -> str | None:
    """A kind may name a page that shows its result (an import's preview); finished jobs go there."""
    page = job.result_summary.get("result_page") if job.status == JobStatus.SUCCEEDED else None
    return page if isinstance(page, str) and page.startswith("/") else None


def _with_union_layout(request: HttpRequest, job: Job) -> None:
    """Show the union's navigation around the job page when the user has a role in the job's union."""
    if job.union is not None:
        try:
            request.gonghui_scope = scope_for(request.user, job.union)  # type: ignore[attr-defined]
        except NotFound:
            pass


@login_required
@require_GET
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_get_for_actor(actor=request.user, job_id=job_id)
    page = _result_page(job)
    if page:  # small jobs finish before the first poll
        return redirect(page)
    _with_union_layout(request, job)
    return render(request, "jobs/job_detail.html", {"job": job, "show_detail": request.user.is_superuser})


@login_required
@require_GET
def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_get_for_actor(actor=request.user, job_id=job_id)
    page = _result_page(job)
    if page and request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = page
        return response
    return render(request, "jobs/_job_status.html", {"job": job, "show_detail": request.user.is_superuser})


@login_required
@require_GET
def job_download(request: HttpRequest, job_id: int) -> FileResponse:
    job = job_get_for_actor(actor=request.user, job_id=job_id)
    path = job.result_path
    if not job.has_download or path is None or not path.is_file():
        raise Http404("该任务没有可下载的结果")
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result_name)


@login_required
@require_http_methods(["GET", "POST"])
def selftest_start(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise Http404("未找到该页面")
    form = SelftestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = job_enqueue(actor=request.user, union=None, kind="jobs.selftest", params=form.cleaned_data)
        return redirect("jobs:detail", job_id=job.pk)
    return render(request, "jobs/selftest.html", {"form": form})
