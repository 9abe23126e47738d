"""Every ipywidgets explorer of the course, in one place. Widgets are for exploring and
practising; the pure functions under them are what the notebooks grade.

Names resolve lazily, so ``import interviewlab.widgets`` loads neither ipywidgets nor the
topic modules until a widget is asked for.
"""

from __future__ import annotations

import importlib

_WIDGETS = {
    "drift_explorer": "interviewlab.drift._widgets",
    "incident_explorer": "interviewlab.incidents._widgets",
    "mock_interview": "interviewlab.questions._widgets",
}

__all__ = sorted(_WIDGETS)


def __getattr__(name: str):
    if name in _WIDGETS:
        return getattr(importlib.import_module(_WIDGETS[name]), name)
    raise AttributeError(f"module 'interviewlab.widgets' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
