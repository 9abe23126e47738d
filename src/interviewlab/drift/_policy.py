"""``StoplightPolicy``: thresholds per metric, a tier per model per day, and the actions.

green
    nothing to do.
yellow
    a :class:`Notification` for the model's owner: look at it, nothing is changed.
red
    retrain and redeploy, gated: a candidate is fitted on recent labelled data and deployed
    only if it beats the current model on the most recent labelled days it did not train on.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from interviewlab._validation import check_fraction, check_positive_int

__all__ = ["TIERS", "Notification", "RetrainRecord", "StoplightPolicy", "Threshold", "tier_of"]

TIERS = ("green", "yellow", "red")
_RANK = {"green": 0, "yellow": 1, "red": 2}


class Threshold(NamedTuple):
    """Where a metric turns yellow and red.

    If ``red >= yellow``, higher values are worse (PSI, performance drop); if
    ``red < yellow``, lower values are worse (for instance ROC AUC: ``Threshold(0.8, 0.7)``).
    """

    yellow: float
    red: float


def tier_of(value: float, threshold: Threshold | tuple[float, float]) -> str | None:
    """The tier of one value: ``"green"``, ``"yellow"``, ``"red"``, or None for NaN.

    A value exactly at a threshold takes that threshold's tier.

    Examples
    --------
    >>> [tier_of(v, (0.1, 0.25)) for v in (0.05, 0.1, 0.3, float("nan"))]
    ['green', 'yellow', 'red', None]
    >>> tier_of(0.75, Threshold(yellow=0.8, red=0.7))
    'yellow'
    """
    yellow, red = threshold
    if value is None or math.isnan(value):
        return None
    if red >= yellow:
        return "red" if value >= red else "yellow" if value >= yellow else "green"
    return "red" if value <= red else "yellow" if value <= yellow else "green"


@dataclass(frozen=True)
class Notification:
    """A yellow-tier message for a model's owner."""

    model: str
    owner: str
    day: int
    metrics: tuple[tuple[str, float], ...]
    message: str


@dataclass(frozen=True)
class RetrainRecord:
    """One gated retrain: what was compared, and whether the candidate was deployed."""

    model: str
    day: int
    train_days: tuple[int, ...]
    holdout_days: tuple[int, ...]
    gate_metric: str
    current_score: float
    candidate_score: float
    deployed: bool
    message: str


def _default_thresholds() -> dict[str, Threshold]:
    return {
        "psi_features": Threshold(0.1, 0.25),
        "psi_prediction": Threshold(0.1, 0.25),
        "performance_drop": Threshold(0.1, 0.2),
    }


@dataclass(frozen=True)
class StoplightPolicy:
    """Thresholds that turn a fleet's daily metrics into green/yellow/red, and the actions.

    Parameters
    ----------
    thresholds : mapping of str to (yellow, red), optional
        Metric name (as in :func:`monitor_fleet`'s report) to its :class:`Threshold`.
        Metrics without a threshold are reported but never tiered. Defaults: PSI of the most
        drifted feature (``psi_features``) and of the model's output (``psi_prediction``)
        0.1 / 0.25; ``performance_drop`` (relative degradation against the baseline)
        0.1 / 0.2.
    bins : int, default=10
        Quantile bins for PSI.
    retrain_days : int, default=7
        Most recent labelled days used by a gated retrain (at least 2: one to train on, one
        to compare on). The last third of them (at least one day) is held out for the gate.
    min_improvement : float, default=0.02
        The candidate is deployed only if its gate loss (log loss for classifiers, RMSE for
        regressors) on the held-out days is lower than the current model's by at least this
        fraction.
    cooldown_days : int, default=3
        Days after a retrain attempt during which red does not trigger another one.

    Examples
    --------
    >>> policy = StoplightPolicy()
    >>> policy.tier("psi_features", 0.3), policy.tier("psi_prediction", 0.12)
    ('red', 'yellow')
    >>> policy.tier("f1", 0.5) is None  # no threshold for f1: reported, not tiered
    True
    >>> StoplightPolicy(thresholds={"psi": (0.1, 0.2, 0.3)})
    Traceback (most recent call last):
    ...
    ValueError: thresholds['psi'] must be a pair (yellow, red) of numbers, got (0.1, 0.2, 0.3)
    """

    thresholds: Mapping[str, Threshold] = field(default_factory=_default_thresholds)
    bins: int = 10
    retrain_days: int = 7
    min_improvement: float = 0.02
    cooldown_days: int = 3

    def __post_init__(self):
        if not isinstance(self.thresholds, Mapping):
            raise TypeError(f"thresholds must be a mapping, got {self.thresholds!r}")
        clean = {}
        for name, pair in self.thresholds.items():
            ok = isinstance(pair, tuple | list) and len(pair) == 2
            ok = ok and all(
                isinstance(v, numbers.Real) and not isinstance(v, bool) and not math.isnan(v)
                for v in pair
            )
            if not isinstance(name, str) or not ok:
                raise ValueError(
                    f"thresholds[{name!r}] must be a pair (yellow, red) of numbers, got {pair!r}"
                )
            clean[name] = Threshold(float(pair[0]), float(pair[1]))
        object.__setattr__(self, "thresholds", clean)
        object.__setattr__(self, "bins", check_positive_int("bins", self.bins, minimum=2))
        object.__setattr__(
            self, "retrain_days", check_positive_int("retrain_days", self.retrain_days, minimum=2)
        )
        object.__setattr__(
            self, "min_improvement", check_fraction("min_improvement", self.min_improvement)
        )
        object.__setattr__(
            self,
            "cooldown_days",
            check_positive_int("cooldown_days", self.cooldown_days, minimum=0),
        )

    def tier(self, metric: str, value: float) -> str | None:
        """Tier of ``value`` for ``metric``; None if the metric has no threshold or is NaN."""
        threshold = self.thresholds.get(metric)
        return None if threshold is None else tier_of(value, threshold)

    def assign(self, report: pd.DataFrame) -> pd.Series:
        """Tier of every row of a report with ``metric`` and ``value`` columns (None if untiered).

        Examples
        --------
        >>> report = pd.DataFrame({"metric": ["psi_features", "f1", "performance_drop"],
        ...                        "value": [0.12, 0.7, 0.25]})
        >>> StoplightPolicy().assign(report).tolist()
        ['yellow', None, 'red']
        """
        missing = {"metric", "value"} - set(report.columns)
        if missing:
            raise ValueError(f"report must have columns 'metric' and 'value'; missing {missing}")
        tiers = pd.Series([None] * len(report), index=report.index, dtype=object)
        values = report["value"].to_numpy(dtype=float)
        metrics = report["metric"].to_numpy()
        for name, (yellow, red) in self.thresholds.items():
            rows = (metrics == name) & ~np.isnan(values)
            if not rows.any():
                continue
            v = values[rows]
            if red >= yellow:
                labels = np.where(v >= red, "red", np.where(v >= yellow, "yellow", "green"))
            else:
                labels = np.where(v <= red, "red", np.where(v <= yellow, "yellow", "green"))
            tiers[rows] = labels
        return tiers

    def notification(self, model: str, owner: str, day: int, yellow: dict) -> Notification:
        """The yellow-tier :class:`Notification` for ``owner`` about ``model`` on ``day``."""
        parts = [
            f"{name} = {value:.3f} (yellow at {self.thresholds[name].yellow:g}, "
            f"red at {self.thresholds[name].red:g})"
            for name, value in yellow.items()
        ]
        message = (
            f"[yellow] {model} on day {day}: " + "; ".join(parts) + f". {owner}: please take a "
            "look; nothing has been changed, retraining starts only if it turns red."
        )
        return Notification(model, owner, day, tuple(yellow.items()), message)


def worst_tier(tiers) -> str:
    """The worst of some tiers (``"green"`` if there are none)."""
    worst = "green"
    for t in tiers:
        if t is not None and _RANK[t] > _RANK[worst]:
            worst = t
    return worst
