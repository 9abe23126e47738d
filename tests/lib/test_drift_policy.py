"""Unit tests for StoplightPolicy: thresholds, tiers and notifications."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from interviewlab.drift import StoplightPolicy, Threshold, tier_of


def test_default_thresholds_are_the_psi_rules_of_thumb():
    """Defaults: PSI 0.1 / 0.25 on features and predictions, performance drop 0.1 / 0.2."""
    policy = StoplightPolicy()
    assert policy.thresholds["psi_features"] == Threshold(0.1, 0.25)
    assert policy.thresholds["psi_prediction"] == Threshold(0.1, 0.25)
    assert policy.thresholds["performance_drop"] == Threshold(0.1, 0.2)


@pytest.mark.parametrize(
    ("value", "tier"),
    [(0.0, "green"), (0.0999, "green"), (0.1, "yellow"), (0.2499, "yellow"), (0.25, "red")],
)
def test_tier_boundaries_belong_to_the_higher_tier(value, tier):
    """A value exactly at a threshold takes that threshold's tier."""
    assert tier_of(value, (0.1, 0.25)) == tier


def test_lower_is_worse_thresholds():
    """red < yellow means lower values are worse (e.g. ROC AUC)."""
    assert [tier_of(v, (0.8, 0.7)) for v in (0.9, 0.8, 0.75, 0.7, 0.5)] == [
        "green",
        "yellow",
        "yellow",
        "red",
        "red",
    ]


def test_nan_and_unknown_metrics_have_no_tier():
    """NaN values and metrics without thresholds are not tiered (None)."""
    policy = StoplightPolicy()
    assert policy.tier("psi_features", math.nan) is None
    assert policy.tier("precision", 0.1) is None


def test_assign_matches_tier_row_by_row():
    """assign() gives the same tier as tier() for every row of a report."""
    policy = StoplightPolicy(thresholds={"psi_features": (0.1, 0.25), "roc_auc": (0.8, 0.7)})
    report = pd.DataFrame(
        {
            "metric": ["psi_features", "psi_features", "roc_auc", "roc_auc", "f1", "psi_features"],
            "value": [0.05, 0.3, 0.75, 0.9, 0.5, math.nan],
        }
    )
    tiers = policy.assign(report)
    assert tiers.tolist() == ["green", "red", "yellow", "green", None, None]
    pairs = zip(report.metric, report.value, strict=True)
    assert tiers.tolist() == [policy.tier(m, v) for m, v in pairs]
    with pytest.raises(ValueError, match="must have columns 'metric' and 'value'"):
        policy.assign(report.rename(columns={"value": "v"}))


def test_notification_names_model_owner_metric_and_thresholds():
    """A yellow notification is a record with a clear message for the owner."""
    note = StoplightPolicy().notification("m007", "team-fraud", 12, {"psi_prediction": 0.14})
    assert (note.model, note.owner, note.day) == ("m007", "team-fraud", 12)
    assert note.metrics == (("psi_prediction", 0.14),)
    assert "m007" in note.message and "team-fraud" in note.message
    assert "psi_prediction = 0.140 (yellow at 0.1, red at 0.25)" in note.message


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"thresholds": {"psi": (0.1,)}}, ValueError, r"thresholds\['psi'\] must be a pair"),
        ({"thresholds": {"psi": ("a", "b")}}, ValueError, r"thresholds\['psi'\] must be a pair"),
        ({"thresholds": {"psi": (math.nan, 0.2)}}, ValueError, r"thresholds\['psi'\]"),
        ({"thresholds": [("psi", 0.1)]}, TypeError, "thresholds must be a mapping"),
        ({"bins": 1}, ValueError, "bins must be an integer >= 2"),
        ({"retrain_days": 1}, ValueError, "retrain_days must be an integer >= 2"),
        ({"min_improvement": 2.0}, ValueError, "min_improvement must be a number"),
        ({"cooldown_days": -1}, ValueError, "cooldown_days must be an integer >= 0"),
    ],
)
def test_policy_bad_input(kwargs, error, match):
    """Bad policy settings raise errors naming the setting."""
    with pytest.raises(error, match=match):
        StoplightPolicy(**kwargs)


def test_infinite_red_disables_red():
    """A red threshold of inf keeps a metric at most yellow (notify only)."""
    policy = StoplightPolicy(thresholds={"psi_features": (0.25, math.inf)})
    assert policy.tier("psi_features", 5.0) == "yellow"
