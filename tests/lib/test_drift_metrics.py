"""Unit tests for per-window performance metrics in interviewlab.drift."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn import metrics

from interviewlab.drift import make_fleet, performance_drop, performance_timeline, window_metrics


def test_classification_metrics_match_scikit_learn():
    """precision, recall, F1 and ROC AUC equal scikit-learn's on a fleet batch."""
    fleet = make_fleet(6, 5, n_features=4, rows_per_day=400, random_state=2)
    spec = next(s for s in fleet.specs if s.task == "classification")
    batch = fleet.batch(spec.index, 2)
    got = window_metrics(batch.y, batch.y_pred, y_score=batch.y_score)
    assert list(got) == ["precision", "recall", "f1", "roc_auc"]
    assert got["precision"] == pytest.approx(metrics.precision_score(batch.y, batch.y_pred))
    assert got["recall"] == pytest.approx(metrics.recall_score(batch.y, batch.y_pred))
    assert got["f1"] == pytest.approx(metrics.f1_score(batch.y, batch.y_pred))
    assert got["roc_auc"] == pytest.approx(metrics.roc_auc_score(batch.y, batch.y_score))


def test_regression_metrics_match_scikit_learn():
    """RMSE, MAE and R² equal scikit-learn's on a fleet batch."""
    fleet = make_fleet(6, 5, n_features=4, rows_per_day=400, random_state=2)
    spec = next(s for s in fleet.specs if s.task == "regression")
    batch = fleet.batch(spec.index, 2)
    got = window_metrics(batch.y, batch.y_pred, task="regression")
    assert got["rmse"] == pytest.approx(np.sqrt(metrics.mean_squared_error(batch.y, batch.y_pred)))
    assert got["mae"] == pytest.approx(metrics.mean_absolute_error(batch.y, batch.y_pred))
    assert got["r2"] == pytest.approx(metrics.r2_score(batch.y, batch.y_pred))


def test_undefined_metrics_are_zero_or_nan_as_documented():
    """No predicted positives gives 0.0; AUC with one class or no scores is NaN."""
    got = window_metrics([1, 1, 0], [0, 0, 0], y_score=[0.2, 0.3, 0.1])
    assert (got["precision"], got["recall"], got["f1"]) == (0.0, 0.0, 0.0)
    assert got["roc_auc"] == pytest.approx(1.0)
    assert math.isnan(window_metrics([1, 1], [1, 0], y_score=[0.9, 0.4])["roc_auc"])
    assert math.isnan(window_metrics([1, 0], [1, 0])["roc_auc"])
    assert math.isnan(window_metrics([2.0], [1.0], task="regression")["r2"])


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        (([], []), {}, ValueError, "y_true is empty"),
        (([1, 0], [1]), {}, ValueError, "y_pred has 1 rows but y_true has 2"),
        (([1, 2], [1, 0]), {}, ValueError, "y_true must hold 0/1 labels"),
        (([1.0, np.nan], [1.0, 2.0]), {"task": "regression"}, ValueError, "y_true holds NaN"),
        (([1, 0], [1, 0]), {"task": "ranking"}, ValueError, "task must be one of"),
        (([1, 0], [1, 0]), {"y_score": [0.5]}, ValueError, "y_score has 1 rows"),
        ((["a", "b"], [1, 0]), {}, TypeError, "y_true must be numeric"),
        (([[1, 0]], [1, 0]), {}, ValueError, "y_true must be 1-D"),
    ],
)
def test_window_metrics_bad_input(args, kwargs, error, match):
    """Bad input raises an error naming the argument."""
    with pytest.raises(error, match=match):
        window_metrics(*args, **kwargs)


def test_performance_drop_takes_the_worst_watched_metric():
    """Classification: worst relative drop of F1 and AUC; regression: of RMSE and MAE."""
    base = {"f1": 0.8, "roc_auc": 0.9, "precision": 0.9}
    assert performance_drop({"f1": 0.72, "roc_auc": 0.9, "precision": 0.1}, base) == (
        pytest.approx(0.1)
    )
    assert performance_drop({"f1": 0.9, "roc_auc": 0.99}, base) < 0
    reg = {"rmse": 10.0, "mae": 8.0}
    assert performance_drop({"rmse": 12.0, "mae": 8.4}, reg, task="regression") == pytest.approx(
        0.2
    )
    assert math.isnan(performance_drop({"f1": np.nan, "roc_auc": np.nan}, base))
    assert performance_drop({"f1": 0.4, "roc_auc": np.nan}, base) == pytest.approx(0.5)


def test_performance_timeline_respects_label_delay_and_window():
    """Row d scores the window ending at d - label_delay; the first rows have fewer days."""
    fleet = make_fleet(3, 8, n_features=3, rows_per_day=100, random_state=4)
    timeline = performance_timeline(fleet, 1, window=3, label_delay=2)
    assert timeline["day"].tolist() == list(range(2, 8))
    assert timeline["data_day"].tolist() == list(range(0, 6))
    assert timeline["rows"].tolist() == [100, 200, 300, 300, 300, 300]
    spec = fleet.spec(1)
    batches = [fleet.batch(1, d) for d in (1, 2, 3)]
    y = np.concatenate([b.y for b in batches])
    pred = np.concatenate([b.y_pred for b in batches])
    score = None if spec.task == "regression" else np.concatenate([b.y_score for b in batches])
    want = window_metrics(y, pred, task=spec.task, y_score=score)
    row = timeline.set_index("data_day").loc[3]
    for name, value in want.items():
        assert row[name] == pytest.approx(value)
    with pytest.raises(ValueError, match="window must be an integer >= 1"):
        performance_timeline(fleet, 1, window=0)
    with pytest.raises(ValueError, match="label_delay must be an integer >= 0"):
        performance_timeline(fleet, 1, label_delay=-1)
