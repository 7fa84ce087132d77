"""Jobs run inline in these tests, and their files go to a folder of each test's own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser

from gonghui.jobs.registry import JobKind, RunFn, registry


@pytest.fixture(autouse=True)
def _inline_jobs_with_a_private_data_dir(settings, tmp_path: Path) -> None:
    settings.GONGHUI_JOBS_INLINE = True
    settings.DATA_DIR = tmp_path


@pytest.fixture
def alice(db) -> AbstractUser:
    return get_user_model().objects.create_user("alice", password="x", first_name="丽")


@pytest.fixture
def bob(db) -> AbstractUser:
    return get_user_model().objects.create_user("bob", password="x")


@pytest.fixture
def root(db) -> AbstractUser:
    return get_user_model().objects.create_superuser("root", password="x")


@pytest.fixture
def register_kind() -> Iterator[Callable[[str, RunFn], None]]:
    """Register throw-away job kinds for one test."""
    added: list[str] = []

    def register(key: str, run: RunFn) -> None:
        registry.register(JobKind(key=key, title="测试任务", run=run))
        added.append(key)

    yield register
    for key in added:
        registry.unregister(key)
