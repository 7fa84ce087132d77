"""Discovery of what each app contributes (demo seeders, figures, navigation) through its own modules.

An app plugs in by having `<app>/<module>.py`; no central list is edited when an app is added.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from django.apps import apps


def app_modules(module_name: str) -> list[ModuleType]:
    """Import `<app>.<module_name>` for every installed project app that has it, in INSTALLED_APPS order."""
    found: list[ModuleType] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("gonghui."):
            continue
        dotted = f"{config.name}.{module_name}"
        if importlib.util.find_spec(dotted) is not None:
            found.append(importlib.import_module(dotted))
    return found
