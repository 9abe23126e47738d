"""Module attributes that import their home module only when first used."""

from __future__ import annotations

import importlib
from collections.abc import Callable


def lazy_attributes(module: str, homes: dict[str, str]) -> tuple[Callable, Callable]:
    """Return ``__getattr__`` and ``__dir__`` for ``module``, resolving ``homes[name]`` lazily."""

    def __getattr__(name: str):
        if name in homes:
            return getattr(importlib.import_module(homes[name]), name)
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(homes)

    return __getattr__, __dir__
