"""Seeded predictions for the warm-up assignment (``00_warmup``).

The warm-up asks learners to compute classification and regression metrics from scratch;
:func:`make_predictions` supplies a small, realistic set of labels and model outputs, and the
hidden tests grade the learner's metrics against scikit-learn on seeds the learner never saw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from interviewlab._validation import (
    check_choice,
    check_fraction,
    check_positive_int,
    check_random_state,
)

__all__ = ["Predictions", "make_predictions"]

TASKS = ("classification", "regression")


@dataclass(frozen=True)
class Predictions:
    """Labels and a model's predictions for them.

    Attributes
    ----------
    y_true : numpy.ndarray
        The true labels: 0/1 ints for classification, floats for regression.
    y_pred : numpy.ndarray
        The model's predictions, same shape and kind as ``y_true``.
    task : str
        ``"classification"`` or ``"regression"``.
    description : str
        How the data were made.
    """

    y_true: np.ndarray
    y_pred: np.ndarray
    task: str
    description: str


def make_predictions(
    n_samples: int = 200,
    *,
    task: str = "classification",
    positive_rate: float = 0.3,
    random_state: int | np.random.Generator | None = None,
) -> Predictions:
    """Make labels and imperfect predictions of a churn classifier or a sales regressor.

    Classification: ``y_true`` is 1 with probability ``positive_rate``; the model catches a
    random 60-90% of the positives and raises a false alarm on a random 5-20% of the negatives.
    Regression: ``y_true`` are daily unit sales (gamma distributed, mean about 120) and
    ``y_pred`` adds a small bias and noise proportional to the level.

    Parameters
    ----------
    n_samples : int, default=200
        Number of rows, at least 2.
    task : {"classification", "regression"}, default="classification"
        Which kind of model to imitate.
    positive_rate : float, default=0.3
        Share of positives (classification only), in (0, 1).
    random_state : None, int or numpy.random.Generator, default=None
        Seed for reproducible output.

    Returns
    -------
    Predictions
        ``y_true``, ``y_pred``, ``task`` and a description.

    Examples
    --------
    >>> data = make_predictions(8, random_state=0)
    >>> data.y_true.tolist(), data.y_pred.tolist()
    ([0, 1, 1, 1, 0, 0, 0, 0], [0, 1, 0, 1, 0, 1, 0, 0])
    >>> make_predictions(1)
    Traceback (most recent call last):
    ...
    ValueError: n_samples must be an integer >= 2, got 1
    """
    n_samples = check_positive_int("n_samples", n_samples, minimum=2)
    task = check_choice("task", task, TASKS)
    positive_rate = check_fraction("positive_rate", positive_rate, inclusive=False)
    rng = check_random_state(random_state)

    if task == "classification":
        y_true = (rng.random(n_samples) < positive_rate).astype(int)
        hit_rate = rng.uniform(0.6, 0.9)
        false_alarm_rate = rng.uniform(0.05, 0.2)
        draw = rng.random(n_samples)
        y_pred = np.where(y_true == 1, draw < hit_rate, draw < false_alarm_rate).astype(int)
        description = (
            f"{n_samples} customers, {y_true.sum()} churned; the model catches about "
            f"{hit_rate:.0%} of churners and flags about {false_alarm_rate:.0%} of the others."
        )
    else:
        y_true = rng.gamma(shape=6.0, scale=20.0, size=n_samples).round(1)
        bias = rng.uniform(-5.0, 5.0)
        noise = rng.normal(0.0, 0.15, size=n_samples) * y_true
        y_pred = np.maximum(y_true + bias + noise, 0.0).round(1)
        description = (
            f"{n_samples} store-days of unit sales and a forecaster with a bias of "
            f"{bias:+.1f} units and noise of about 15% of the level."
        )
    return Predictions(y_true=y_true, y_pred=y_pred, task=task, description=description)
