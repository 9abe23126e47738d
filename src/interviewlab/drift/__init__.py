"""Topic 2: model drift across a fleet of models.

A company runs hundreds of models and wants each to keep producing inferences in the expected
range. This package simulates such a fleet with injected drift and its ground truth
(:func:`make_fleet`), measures drift (:func:`psi`, :func:`ks`, :func:`jensen_shannon`,
:func:`chi_square`, :func:`wasserstein`, and :func:`psi_columns` for a whole batch at once),
measures performance once labels arrive (:func:`window_metrics`), turns both into
green/yellow/red with actions (:class:`StoplightPolicy`) and runs the fleet through time
(:func:`monitor_fleet`), scoring the alarms against the truth.

Plots live in ``interviewlab.drift._plots`` and the explorer widget in
``interviewlab.drift._widgets``; both import matplotlib/ipywidgets only when called.
"""

from interviewlab.drift._fleet import DRIFT_KINDS, KINDS, Batch, Fleet, ModelSpec, make_fleet
from interviewlab.drift._metrics import (
    CLASSIFICATION_METRICS,
    REGRESSION_METRICS,
    performance_drop,
    performance_timeline,
    window_metrics,
)
from interviewlab.drift._monitor import (
    FleetEvaluation,
    MonitorResult,
    choose_threshold,
    evaluate_alarms,
    gate_loss,
    is_benign_shift,
    monitor_fleet,
    shift_evidence,
    threshold_tradeoff,
)
from interviewlab.drift._policy import (
    TIERS,
    Notification,
    RetrainRecord,
    StoplightPolicy,
    Threshold,
    tier_of,
)
from interviewlab.drift._stats import (
    BINNINGS,
    ReferenceProfile,
    StatTestResult,
    chi_square,
    jensen_shannon,
    ks,
    psi,
    psi_columns,
    wasserstein,
)

__all__ = [
    "BINNINGS",
    "CLASSIFICATION_METRICS",
    "DRIFT_KINDS",
    "KINDS",
    "REGRESSION_METRICS",
    "TIERS",
    "Batch",
    "Fleet",
    "FleetEvaluation",
    "ModelSpec",
    "MonitorResult",
    "Notification",
    "ReferenceProfile",
    "RetrainRecord",
    "StatTestResult",
    "StoplightPolicy",
    "Threshold",
    "chi_square",
    "choose_threshold",
    "evaluate_alarms",
    "gate_loss",
    "is_benign_shift",
    "jensen_shannon",
    "ks",
    "make_fleet",
    "monitor_fleet",
    "performance_drop",
    "performance_timeline",
    "psi",
    "psi_columns",
    "shift_evidence",
    "threshold_tradeoff",
    "tier_of",
    "wasserstein",
    "window_metrics",
]
