"""Performance of a model over a window of days, once the labels have arrived.

Drift statistics say the inputs moved; only labelled performance says whether that hurts.
Labels usually arrive late (a chargeback after weeks, a sale at the end of the day), so the
metrics for day ``d`` are known on day ``d + label_delay``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from interviewlab._validation import check_choice, check_positive_int

__all__ = [
    "CLASSIFICATION_METRICS",
    "REGRESSION_METRICS",
    "performance_drop",
    "performance_timeline",
    "window_metrics",
]

CLASSIFICATION_METRICS = ("precision", "recall", "f1", "roc_auc")
REGRESSION_METRICS = ("rmse", "mae", "r2")
TASKS = ("classification", "regression")
# The metrics performance_drop watches, and whether higher values are better.
_WATCHED = {
    "classification": {"f1": True, "roc_auc": True},
    "regression": {"rmse": False, "mae": False},
}


def _vector(name: str, values, *, length: int | None = None) -> np.ndarray:
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is empty; a metric needs at least one row")
    if length is not None and array.size != length:
        raise ValueError(f"{name} has {array.size} rows but y_true has {length}")
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be numeric, got dtype {array.dtype}")
    array = array.astype(float)
    if not np.isfinite(array).all():
        raise ValueError(f"{name} holds NaN or infinite values; drop those rows first")
    return array


def window_metrics(y_true, y_pred, *, task="classification", y_score=None) -> dict[str, float]:
    """Performance metrics of one window of labelled rows, computed with scikit-learn.

    Parameters
    ----------
    y_true, y_pred : array-like, 1-D
        True and predicted labels (0/1) for classification, values for regression.
    task : {"classification", "regression"}, default="classification"
    y_score : array-like, optional
        Predicted probability of class 1; needed for ROC AUC.

    Returns
    -------
    dict
        Classification: ``precision``, ``recall``, ``f1`` (0.0 when undefined, as
        scikit-learn's ``zero_division=0``) and ``roc_auc`` (NaN when ``y_score`` is missing
        or the window holds one class only: AUC is undefined there, not 0.5). Regression:
        ``rmse``, ``mae``, ``r2`` (NaN with fewer than two rows).

    Examples
    --------
    >>> window_metrics([1, 0, 1, 1], [1, 0, 0, 1], y_score=[0.9, 0.2, 0.4, 0.8])
    {'precision': 1.0, 'recall': 0.6666666666666666, 'f1': 0.8, 'roc_auc': 1.0}
    >>> window_metrics([3.0, 5.0, 7.0], [2.0, 5.0, 9.0], task="regression")
    {'rmse': 1.2909944487358056, 'mae': 1.0, 'r2': 0.375}
    >>> window_metrics([1, 0], [1], task="classification")
    Traceback (most recent call last):
    ...
    ValueError: y_pred has 1 rows but y_true has 2
    """
    from sklearn import metrics

    task = check_choice("task", task, TASKS)
    truth = _vector("y_true", y_true)
    pred = _vector("y_pred", y_pred, length=truth.size)
    if task == "regression":
        return {
            "rmse": float(np.sqrt(metrics.mean_squared_error(truth, pred))),
            "mae": float(metrics.mean_absolute_error(truth, pred)),
            "r2": float(metrics.r2_score(truth, pred)) if truth.size >= 2 else float("nan"),
        }
    for name, values in (("y_true", truth), ("y_pred", pred)):
        if not np.isin(values, (0.0, 1.0)).all():
            raise ValueError(f"{name} must hold 0/1 labels for classification")
    precision, recall, f1, _ = metrics.precision_recall_fscore_support(
        truth.astype(int), pred.astype(int), average="binary", zero_division=0
    )
    auc = float("nan")
    if y_score is not None:
        score = _vector("y_score", y_score, length=truth.size)
        if 0 < truth.sum() < truth.size:
            auc = float(metrics.roc_auc_score(truth, score))
    return {"precision": float(precision), "recall": float(recall), "f1": float(f1), "roc_auc": auc}


def performance_drop(current: dict, baseline: dict, *, task="classification") -> float:
    """The largest relative degradation of the watched metrics against a baseline.

    Classification watches F1 and ROC AUC (a drop is ``(baseline - current) / baseline``);
    regression watches RMSE and MAE (an increase is ``(current - baseline) / baseline``).
    Positive means worse; improvements give negative values. Metrics that are NaN on either
    side are skipped; if all are, the result is NaN.

    Examples
    --------
    >>> round(performance_drop({"f1": 0.6, "roc_auc": 0.78}, {"f1": 0.8, "roc_auc": 0.8}), 6)
    0.25
    >>> performance_drop({"rmse": 11.0, "mae": 8.0}, {"rmse": 10.0, "mae": 8.0}, task="regression")
    0.1
    """
    task = check_choice("task", task, TASKS)
    drops = []
    for name, higher_is_better in _WATCHED[task].items():
        now, before = current.get(name, np.nan), baseline.get(name, np.nan)
        if np.isnan(now) or np.isnan(before) or before == 0:
            continue
        drop = (before - now) / before if higher_is_better else (now - before) / before
        drops.append(drop)
    return float(max(drops)) if drops else float("nan")


def performance_timeline(fleet, model, *, window=1, label_delay=0) -> pd.DataFrame:
    """Window metrics of one model of a fleet, day by day, as its labels arrive.

    On day ``d`` the labels of days up to ``d - label_delay`` are known, so the row for day
    ``d`` scores the original deployed model on the ``window`` days ending at
    ``data_day = d - label_delay`` (fewer at the start).

    Parameters
    ----------
    fleet : Fleet
    model : int or str
    window : int, default=1
        Days of labelled data per row.
    label_delay : int, default=0
        Days between scoring a row and knowing its label.

    Returns
    -------
    pandas.DataFrame
        One row per day with known labels: ``day``, ``data_day``, ``rows``, the task's
        metrics and ``performance_drop`` against the model's holdout baseline.

    Examples
    --------
    >>> from interviewlab.drift import make_fleet
    >>> fleet = make_fleet(4, 10, n_features=3, rows_per_day=200, random_state=0)
    >>> timeline = performance_timeline(fleet, 0, window=2, label_delay=3)
    >>> timeline[["day", "data_day", "rows"]].head(3).to_dict("list")
    {'day': [3, 4, 5], 'data_day': [0, 1, 2], 'rows': [200, 400, 400]}
    """
    window = check_positive_int("window", window)
    label_delay = check_positive_int("label_delay", label_delay, minimum=0)
    spec = fleet.spec(model)
    baseline_batch = fleet.holdout(spec.index)
    baseline = window_metrics(
        baseline_batch.y, baseline_batch.y_pred, task=spec.task, y_score=baseline_batch.y_score
    )
    batches = [fleet.batch(spec.index, d) for d in range(fleet.n_days - label_delay)]
    rows = []
    for data_day in range(len(batches)):
        chunk = batches[max(0, data_day - window + 1) : data_day + 1]
        y = np.concatenate([b.y for b in chunk])
        pred = np.concatenate([b.y_pred for b in chunk])
        score = None if chunk[0].y_score is None else np.concatenate([b.y_score for b in chunk])
        values = window_metrics(y, pred, task=spec.task, y_score=score)
        rows.append(
            {
                "day": data_day + label_delay,
                "data_day": data_day,
                "rows": y.size,
                **values,
                "performance_drop": performance_drop(values, baseline, task=spec.task),
            }
        )
    return pd.DataFrame(rows)
