"""Tests for the drift plots and the drift explorer widget (built, not graded)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from interviewlab.drift import make_fleet, monitor_fleet, psi
from interviewlab.drift._plots import (
    plot_distributions,
    plot_fleet_stoplight,
    plot_metric_timeline,
)
from interviewlab.drift._widgets import EXAMPLE_KINDS, drift_example, drift_explorer

plt.switch_backend("Agg")


@pytest.fixture(scope="module")
def monitored():
    """A small monitored fleet."""
    fleet = make_fleet(6, 8, n_features=3, rows_per_day=150, random_state=2)
    return fleet, monitor_fleet(fleet)


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test opened."""
    yield
    plt.close("all")


def test_stoplight_heatmap_encodes_tiers(monitored):
    """The heatmap holds one cell per model and day, coded green 0, yellow 1, red 2."""
    _, result = monitored
    ax = plot_fleet_stoplight(result)
    image = ax.get_images()[0].get_array()
    assert image.shape == (6, 8)
    codes = {"green": 0, "yellow": 1, "red": 2}
    first = result.daily[result.daily["model"] == "m000"]["tier"].map(codes).to_numpy()
    np.testing.assert_array_equal(np.asarray(image[0]), first)


def test_stoplight_with_fleet_sorts_by_kind_and_marks_onsets(monitored):
    """With the fleet, rows are labelled by kind and each drifting model gets an onset tick."""
    fleet, result = monitored
    ax = plot_fleet_stoplight(result, fleet=fleet)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert all("(" in label for label in labels)
    assert labels[0].endswith("(stable)")
    n_onsets = sum(s.onset_day is not None and s.onset_day < 8 for s in fleet.specs)
    assert len(ax.get_lines()) == n_onsets


def test_metric_timeline_draws_thresholds(monitored):
    """The timeline shows the metric and the policy's thresholds; unknown metrics raise."""
    fleet, result = monitored
    ax = plot_metric_timeline(result, "m001", "psi_features")
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["psi_features", "yellow (0.1)", "red (0.25)"]
    with pytest.raises(ValueError, match="no rows for model 'm001' and metric 'nope'"):
        plot_metric_timeline(result, "m001", "nope")
    ax = plot_metric_timeline(result, 0, "f1" if fleet.spec(0).task == "classification" else "rmse",
                              fleet=fleet)  # fmt: skip
    assert len(ax.get_lines()) >= 1


def test_distributions_numeric_and_categorical():
    """Numeric columns get histograms and decile lines; categorical ones get share bars."""
    gen = np.random.default_rng(0)
    ax = plot_distributions(gen.normal(size=300), gen.normal(0.5, 1, 300), bins=5)
    assert len(ax.get_lines()) == 4  # the four interior quintile edges
    ax = plot_distributions(["a", "b", "a"], ["a", "c", "c"], title="flavours")
    assert ax.get_title() == "flavours" and len(ax.patches) == 6


@pytest.mark.parametrize("kind", EXAMPLE_KINDS)
def test_drift_example_every_kind(kind):
    """Every example kind gives two samples; no change means PSI near zero."""
    ref, cur = drift_example(kind, 1.0, n=500, random_state=1)
    assert len(ref) == len(cur) == 500
    assert psi(ref, cur, binning="evidently") >= 0


def test_drift_example_shows_the_pitfalls():
    """The outlier example flattens the Evidently PSI; a 1% new category stays below 0.1."""
    ref, cur = drift_example("one outlier", 1.0, n=2000, random_state=3)
    assert psi(ref, cur) > 0.5 > 0.05 > psi(ref, cur, binning="evidently")
    ref, cur = drift_example("new category", 0.1, n=5000, random_state=3)
    assert psi(ref, cur) < 0.1
    with pytest.raises(ValueError, match="magnitude must be between 0 and 3"):
        drift_example("mean shift", 5.0)
    with pytest.raises(ValueError, match="kind must be one of"):
        drift_example("tsunami", 1.0)


def test_drift_explorer_updates_live():
    """The widget builds, and moving the magnitude slider recomputes PSI and the tier."""
    pytest.importorskip("ipywidgets")
    box = drift_explorer(random_state=0)
    verdict = box.children[2]
    magnitude = box.children[0].children[1]
    magnitude.value = 0.0
    assert "green" in verdict.value
    magnitude.value = 2.0
    assert "red" in verdict.value
