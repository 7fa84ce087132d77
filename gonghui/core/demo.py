"""The demo builder: runs every app's seeder (`<app>/demo.py` with `ORDER` and `seed(ctx)`) in order.

Seeders look records up by natural keys before creating them, so a second run creates nothing twice and
a data dir built by an earlier version gets only what that version lacked.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from faker import Faker

from gonghui.core.plugins import app_modules


@dataclass
class DemoContext:
    today: dt.date
    seed: int
    out: Callable[[str], None] = print
    objects: dict[str, Any] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.faker = Faker("zh_CN")
        self.faker.seed_instance(self.seed)

    def rng(self, purpose: str) -> random.Random:
        """A generator of its own per purpose, so adding a seeder never shifts another's choices."""
        return random.Random(f"{self.seed}:{purpose}")

    def count(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n


def run_seeders(ctx: DemoContext) -> None:
    modules = sorted(app_modules("demo"), key=lambda module: getattr(module, "ORDER", 100))
    for module in modules:
        if module.__name__ == __name__:
            continue
        module.seed(ctx)
