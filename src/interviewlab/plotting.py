"""Every matplotlib figure of the course, in one place. Figures explain; they are never graded.

Names resolve lazily, so ``import interviewlab.plotting`` loads neither matplotlib nor the
topic modules until a figure is asked for.
"""

from __future__ import annotations

import importlib

_FIGURES = {
    "plot_fleet_stoplight": "interviewlab.drift._plots",
    "plot_metric_timeline": "interviewlab.drift._plots",
    "plot_distributions": "interviewlab.drift._plots",
    "plot_incident_timeline": "interviewlab.incidents._plots",
    "plot_grade_distribution": "interviewlab.course._report",
}

__all__ = sorted(_FIGURES)


def __getattr__(name: str):
    if name in _FIGURES:
        return getattr(importlib.import_module(_FIGURES[name]), name)
    raise AttributeError(f"module 'interviewlab.plotting' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
