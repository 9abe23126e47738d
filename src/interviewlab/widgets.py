"""Every ipywidgets explorer of the course, in one place. Widgets are for exploring and
practising; the pure functions under them are what the notebooks grade.

Names resolve lazily, so ``import interviewlab.widgets`` loads neither ipywidgets nor the
topic modules until a widget is asked for.
"""

from __future__ import annotations

from interviewlab._lazy import lazy_attributes

_WIDGETS = {
    "drift_explorer": "interviewlab.drift._widgets",
    "incident_explorer": "interviewlab.incidents._widgets",
    "mock_interview": "interviewlab.questions._widgets",
}

__all__ = sorted(_WIDGETS)


__getattr__, __dir__ = lazy_attributes(__name__, _WIDGETS)
