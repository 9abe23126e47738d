"""make_predictions: the warm-up's seeded data generator keeps the make_* contract."""

from __future__ import annotations

import numpy as np
import pytest

from interviewlab.warmup import make_predictions


@pytest.mark.parametrize("task", ["classification", "regression"])
def test_same_seed_same_output_different_seed_different(task):
    """Equal seeds give equal data; another seed gives other data."""
    a = make_predictions(100, task=task, random_state=7)
    b = make_predictions(100, task=task, random_state=7)
    c = make_predictions(100, task=task, random_state=8)
    np.testing.assert_array_equal(a.y_true, b.y_true)
    np.testing.assert_array_equal(a.y_pred, b.y_pred)
    assert a.description == b.description
    assert not np.array_equal(a.y_pred, c.y_pred)


def test_classification_labels_are_binary_and_imperfect():
    """Classification labels are 0/1 ints, and the model makes both kinds of mistake."""
    d = make_predictions(2000, task="classification", positive_rate=0.3, random_state=0)
    assert d.y_true.dtype.kind == "i" and set(np.unique(d.y_true)) == {0, 1}
    assert 0.25 < d.y_true.mean() < 0.35
    assert ((d.y_true == 1) & (d.y_pred == 0)).any() and ((d.y_true == 0) & (d.y_pred == 1)).any()


def test_regression_values_are_non_negative_sales():
    """Regression targets and forecasts are non-negative floats close to each other."""
    d = make_predictions(500, task="regression", random_state=3)
    assert d.y_true.dtype.kind == "f" and (d.y_true >= 0).all() and (d.y_pred >= 0).all()
    assert np.corrcoef(d.y_true, d.y_pred)[0, 1] > 0.8


def test_generator_is_used_as_is():
    """A numpy Generator is consumed, not re-seeded: two calls on it differ."""
    rng = np.random.default_rng(5)
    first = make_predictions(50, random_state=rng)
    second = make_predictions(50, random_state=rng)
    assert not np.array_equal(first.y_pred, second.y_pred) or not np.array_equal(
        first.y_true, second.y_true
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_samples": 0}, "n_samples must be an integer >= 2, got 0"),
        ({"n_samples": 2.5}, "n_samples must be an integer >= 2, got 2.5"),
        ({"task": "ranking"}, "task must be one of 'classification', 'regression'; got 'ranking'"),
        ({"positive_rate": 1.0}, r"positive_rate must be a number in \(0, 1\), got 1.0"),
        ({"random_state": -1}, "random_state must be >= 0, got -1"),
    ],
)
def test_bad_arguments_are_named(kwargs, message):
    """Each bad argument raises ValueError naming the argument and the value."""
    with pytest.raises(ValueError, match=message):
        make_predictions(**kwargs)
