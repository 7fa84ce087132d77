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
