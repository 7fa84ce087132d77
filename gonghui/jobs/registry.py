"""The job kinds: each app declares its own in `<app>/tasks.py` with `@job_kind`, found on first use."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ImproperlyConfigured

from gonghui.core.plugins import app_modules

if TYPE_CHECKING:
    from gonghui.jobs.models import Job

KIND_KEY = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


class ProgressFn(Protocol):
    """Report `done` of `total` steps; the message is shown to the user (e.g. "已处理 1200/5000 行")."""

    def __call__(self, done: int, total: int, message: str = "") -> None: ...


@dataclass(frozen=True)
class JobOutcome:
    """What a finished kind hands back: a file it wrote (moved into the job's folder) and a JSON summary."""

    file_path: Path | None = None
    file_name: str | None = None
    summary: dict[str, Any] = field(default_factory=dict)


RunFn = Callable[["Job", ProgressFn], JobOutcome]


@dataclass(frozen=True)
class JobKind:
    key: str
    title: str
    run: RunFn


class JobKindRegistry:
    """Kinds by key; the apps' `tasks` modules are imported once, on the first lookup."""

    def __init__(self, discover: Callable[[], object] = lambda: app_modules("tasks")) -> None:
        self._kinds: dict[str, JobKind] = {}
        self._discover = discover
        self._discovered = False
        self._lock = threading.RLock()

    def register(self, kind: JobKind) -> None:
        if not KIND_KEY.match(kind.key):
            raise ImproperlyConfigured(f"job kind key {kind.key!r} must look like '<app>.<name>'")
        existing = self._kinds.get(kind.key)
        if existing is not None and existing.run is not kind.run:
            raise ImproperlyConfigured(f"job kind {kind.key!r} is registered twice")
        self._kinds[kind.key] = kind

    def unregister(self, key: str) -> None:
        self._kinds.pop(key, None)

    def get(self, key: str) -> JobKind | None:
        self._ensure_discovered()
        return self._kinds.get(key)

    def all(self) -> list[JobKind]:
        self._ensure_discovered()
        return sorted(self._kinds.values(), key=lambda kind: kind.key)

    def _ensure_discovered(self) -> None:
        # The worker thread and the web threads may ask at the same moment; import the modules only once.
        with self._lock:
            if not self._discovered:
                self._discover()
                self._discovered = True


registry = JobKindRegistry()


def job_kind(key: str, *, title: str) -> Callable[[RunFn], RunFn]:
    """Register `run(job, progress) -> JobOutcome` as the kind `key` with its Chinese title."""

    def decorate(run: RunFn) -> RunFn:
        registry.register(JobKind(key=key, title=title, run=run))
        return run

    return decorate
