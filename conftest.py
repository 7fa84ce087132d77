"""Shared pytest fixtures: a fresh field keyring per test and the named personas' unions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _fresh_keyring() -> Iterator[None]:
    from gonghui.core.crypto import reset_keyring

    reset_keyring()
    yield
    reset_keyring()


@pytest.fixture
def personas(db):  # type: ignore[no-untyped-def]
    from gonghui.testing.personas import build_personas

    return build_personas()


@pytest.fixture(autouse=True)
def _jobs_inline(settings):  # type: ignore[no-untyped-def]
    """Background jobs run in the test's own process, on commit."""
    settings.GONGHUI_JOBS_INLINE = True
