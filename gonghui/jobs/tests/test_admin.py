import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from gonghui.core.errors import DomainError
from gonghui.jobs.services import job_enqueue, job_run

pytestmark = pytest.mark.django_db


def test_the_traceback_in_the_admin_is_for_superusers_only(client, alice, root, register_kind):
    def refuse(job, progress):
        raise DomainError("第2行「姓名」：不能为空")

    register_kind("tests.refuses", refuse)
    job = job_run(job_enqueue(actor=alice, union=None, kind="tests.refuses", params={}))
    staff = get_user_model().objects.create_user("staff", password="x", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_job"))
    url = reverse("admin:jobs_job_change", args=[job.pk])

    client.force_login(staff)
    page = client.get(url).content.decode()
    assert "第2行「姓名」：不能为空" in page
    assert "Traceback" not in page

    client.force_login(root)
    assert "Traceback" in client.get(url).content.decode()
