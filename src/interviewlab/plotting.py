"""Every matplotlib figure of the course, in one place. Figures explain; they are never graded.

Names resolve lazily, so ``import interviewlab.plotting`` loads neither matplotlib nor the
topic modules until a figure is asked for.
"""

from __future__ import annotations

from interviewlab._lazy import lazy_attributes

_FIGURES = {
    "plot_fleet_stoplight": "interviewlab.drift._plots",
    "plot_metric_timeline": "interviewlab.drift._plots",
    "plot_distributions": "interviewlab.drift._plots",
    "plot_incident_timeline": "interviewlab.incidents._plots",
    "plot_grade_distribution": "interviewlab.course._report",
}

__all__ = sorted(_FIGURES)


__getattr__, __dir__ = lazy_attributes(__name__, _FIGURES)
