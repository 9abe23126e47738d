"""Unit tests for monitor_fleet, its gated retraining and the evaluation against ground truth."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from interviewlab.drift import (
    StoplightPolicy,
    choose_threshold,
    evaluate_alarms,
    gate_loss,
    is_benign_shift,
    make_fleet,
    monitor_fleet,
    shift_evidence,
    threshold_tradeoff,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def fleet():
    """12 models x 16 days: every kind of drift, 2 seasonal and 5 stable models."""
    return make_fleet(12, 16, n_features=4, rows_per_day=300, random_state=11)


@pytest.fixture(scope="module")
def result(fleet):
    """The fleet monitored with labels two days late and two-day performance windows."""
    return monitor_fleet(fleet, label_delay=2, window=2)


# ------------------------------------------------------------------------ golden behaviour
def test_golden_daily_tiers(result):
    """Seed 11: exactly these tiers, model by model and day by day."""
    tiers = {m: "".join(t[0] for t in g) for m, g in result.daily.groupby("model")["tier"]}
    assert tiers == {
        "m000": "ggggggggrrrrrggg",  # concept drift from day 6, seen once labels arrive
        "m001": "ggyggggggggggggg",
        "m002": "gggygggggggggggg",
        "m003": "ggggyrrrrrrrrrgg",  # sudden shift on day 5, red the same day
        "m004": "rrrrrrrrrrrrrrrr",  # seasonal: red every day under the default policy
        "m005": "gggggggggggggggg",
        "m006": "gggggggggggrrrrr",  # gradual drift from day 10
        "m007": "rrrrrrrrrrrrrrrr",  # seasonal
        "m008": "ggggggggggggyyrr",  # gradual drift from day 11
        "m009": "ggygyyyyrrrrrggg",  # prior shift from day 5
        "m010": "gggggggggggggggg",
        "m011": "ggggggyggggggggg",
    }


def test_golden_retrains(result):
    """Seed 11: these gated retrains, and only these were deployed."""
    deployed = [(r.model, r.day) for r in result.retrains if r.deployed]
    assert deployed == [("m000", 12), ("m003", 9), ("m003", 13), ("m006", 15), ("m009", 12)]
    assert len(result.retrains) == 18


def test_golden_evaluation(result):
    """Seed 11: every drifting model caught, 1.8 days on average; the 2 seasonal models false."""
    ev = result.evaluation
    assert ev.recall == 1.0
    assert ev.recall_by_kind == {"concept": 1.0, "gradual": 1.0, "prior": 1.0, "sudden": 1.0}
    assert ev.mean_days_to_red == pytest.approx(1.8) and ev.median_days_to_red == 2.0
    assert ev.false_alarms == 2 and ev.false_alarms_by_kind == {"stable": 0, "seasonal": 2}
    assert ev.false_alarm_rate == pytest.approx(2 / 7)
    delays = ev.per_model.dropna(subset=["days_to_red"]).set_index("model")["days_to_red"]
    assert delays.to_dict() == {"m000": 2, "m003": 0, "m006": 1, "m008": 3, "m009": 3}


# ------------------------------------------------------------------------ report structure
def test_report_is_tidy(result, fleet):
    """The report has one row per model, day and metric with the documented columns."""
    report = result.report
    assert report.columns.tolist() == [
        "model",
        "day",
        "metric",
        "value",
        "tier",
        "action",
        "data_day",
    ]
    assert not report.duplicated(["model", "day", "metric"]).any()
    psi_rows = report[report["metric"] == "psi_features"]
    assert len(psi_rows) == fleet.n_models * fleet.n_days
    assert (psi_rows["day"] == psi_rows["data_day"]).all()
    assert set(report["tier"].dropna()) <= {"green", "yellow", "red"}
    assert report.loc[report["metric"].isin(["f1", "rmse"]), "tier"].isna().all()


def test_labels_arrive_after_the_delay(result):
    """Performance rows start on day label_delay and describe data two days older."""
    perf = result.report[result.report["metric"] == "performance_drop"]
    assert perf["day"].min() == 2
    assert (perf["day"] - perf["data_day"] == 2).all()
    classifier = result.report[(result.report["model"] == "m001")]
    assert set(classifier["metric"]) == {
        "psi_features",
        "psi_prediction",
        "precision",
        "recall",
        "f1",
        "roc_auc",
        "performance_drop",
    }


def test_daily_tier_is_the_worst_metric_tier(result):
    """The model-day tier is the worst tier over that day's metrics."""
    rank = {"green": 0, "yellow": 1, "red": 2}
    worst = (
        result.report.dropna(subset=["tier"])
        .assign(rank=lambda f: f["tier"].map(rank))
        .groupby(["model", "day"])["rank"]
        .max()
    )
    daily = result.daily.set_index(["model", "day"])["tier"].map(rank)
    pd.testing.assert_series_equal(worst.sort_index(), daily.sort_index(), check_names=False)


def test_actions_follow_tiers(result):
    """green -> none, yellow -> notify (one notification each), red -> a retrain action."""
    daily = result.daily
    assert (daily.loc[daily["tier"] == "green", "action"] == "none").all()
    assert (daily.loc[daily["tier"] == "yellow", "action"] == "notify").all()
    assert daily.loc[daily["tier"] == "red", "action"].str.startswith("retrain_").all()
    assert len(result.notifications) == int((daily["tier"] == "yellow").sum())
    note = result.notifications[0]
    assert note.message.startswith(f"[yellow] {note.model} on day {note.day}")


# ------------------------------------------------------------------------ the retrain gate
def test_gate_compares_on_newest_labelled_days(result):
    """A retrain trains on older labelled days and compares on the newest third of them."""
    for record in result.retrains:
        days = record.train_days + record.holdout_days
        assert days == tuple(range(days[0], days[-1] + 1))
        assert days[-1] == record.day - result.label_delay
        assert len(days) <= result.policy.retrain_days
        assert len(record.holdout_days) == max(1, len(days) // 3)


def test_deployed_only_when_the_candidate_beats_the_current_model(result):
    """Deployed iff the candidate's gate loss is lower by at least min_improvement."""
    for record in result.retrains:
        better = record.candidate_score < record.current_score * (1 - 0.02)
        assert record.deployed == better
        assert ("deployed" in record.message) == record.deployed


def test_seasonal_models_are_never_redeployed(result, fleet):
    """The gate rejects every retrain of a seasonal model: retraining does not help."""
    seasonal = {s.model_id for s in fleet.specs if s.kind == "seasonal"}
    attempts = [r for r in result.retrains if r.model in seasonal]
    assert attempts and not any(r.deployed for r in attempts)


def test_cooldown_between_attempts(result):
    """After an attempt, red days within cooldown_days are marked retrain_cooldown."""
    for model, group in result.daily.groupby("model"):
        attempts = [r.day for r in result.retrains if r.model == model]
        gaps = [b - a for a, b in itertools.pairwise(attempts)]
        assert all(gap > result.policy.cooldown_days for gap in gaps)
        cool = group.loc[group["action"] == "retrain_cooldown", "day"]
        for day in cool:
            assert any(0 < day - a <= result.policy.cooldown_days for a in attempts)


def test_waiting_for_labels_when_too_few_labelled_days(fleet):
    """Red before two labelled days exist gives retrain_waiting_for_labels, no attempt."""
    seasonal = next(s.index for s in fleet.specs if s.kind == "seasonal")
    result = monitor_fleet(fleet, label_delay=5, models=[seasonal])
    actions = result.daily["action"].tolist()
    assert actions[:6] == ["retrain_waiting_for_labels"] * 6
    assert all(r.day >= 6 for r in result.retrains)


def test_quieter_policy_trades_recall_for_fewer_false_alarms(fleet, result):
    """Notify-only on feature PSI silences the seasonal false alarms."""
    policy = StoplightPolicy(
        thresholds={
            "psi_features": (0.25, math.inf),
            "psi_prediction": (0.1, 0.25),
            "performance_drop": (0.1, 0.2),
        }
    )
    quiet = monitor_fleet(fleet, policy, label_delay=2, window=2)
    assert quiet.evaluation.false_alarms_by_kind["seasonal"] == 0
    assert quiet.evaluation.false_alarms < result.evaluation.false_alarms


def test_models_subset_and_timings(fleet):
    """models= restricts the run and the evaluation; timings cover every phase."""
    result = monitor_fleet(fleet, models=["m003", 5])
    assert set(result.daily["model"]) == {"m003", "m005"}
    assert result.evaluation.per_model["model"].tolist() == ["m003", "m005"]
    assert set(result.timings) == {
        "generate",
        "fit",
        "predict",
        "drift_statistics",
        "performance",
        "retrain",
        "total",
    }
    assert result.timings["total"] >= sum(v for k, v in result.timings.items() if k != "total")
    assert "models x" in result.summary()


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"label_delay": -1}, ValueError, "label_delay must be an integer >= 0"),
        ({"window": 0}, ValueError, "window must be an integer >= 1"),
        ({"models": []}, ValueError, "models is empty"),
        ({"models": [99]}, ValueError, "model must be in"),
        ({"policy": {"psi": (0.1, 0.2)}}, TypeError, "policy must be a StoplightPolicy"),
    ],
)
def test_monitor_bad_input(fleet, kwargs, error, match):
    """Bad arguments raise errors naming the argument."""
    with pytest.raises(error, match=match):
        monitor_fleet(fleet, **kwargs)


def test_monitor_needs_a_fleet():
    """Passing something other than a Fleet raises TypeError."""
    with pytest.raises(TypeError, match="fleet must be a Fleet"):
        monitor_fleet(pd.DataFrame())


# ------------------------------------------------------------------------ evaluation helpers
TRUTH = pd.DataFrame(
    {
        "model": ["a", "b", "c", "d"],
        "kind": ["sudden", "concept", "stable", "seasonal"],
        "drifting": [True, True, False, False],
        "onset_day": pd.array([3, 2, None, None], dtype="Int64"),
    }
)


def test_evaluate_alarms_counts_detection_delay_and_false_alarms():
    """Red at/after onset detects; red before onset is early; red on quiet models is false."""
    daily = pd.DataFrame(
        {
            "model": ["a", "a", "a", "b", "c", "d", "d"],
            "day": [1, 4, 5, 1, 0, 2, 3],
            "tier": ["red", "red", "red", "red", "yellow", "red", "green"],
        }
    )
    ev = evaluate_alarms(daily, TRUTH)
    per = ev.per_model.set_index("model")
    assert per.loc["a", "detected"] and per.loc["a", "days_to_red"] == 1
    assert per.loc["a", "early_alarm"] and per.loc["a", "first_red_day"] == 1
    assert not per.loc["b", "detected"] and per.loc["b", "early_alarm"]
    assert ev.recall == 0.5 and ev.recall_by_kind == {"concept": 0.0, "sudden": 1.0}
    assert ev.false_alarms == 1 and ev.false_alarms_by_kind == {"stable": 0, "seasonal": 1}
    assert ev.false_alarm_rate == 0.5
    with pytest.raises(ValueError, match="daily must have columns"):
        evaluate_alarms(daily.drop(columns="tier"), TRUTH)
    with pytest.raises(ValueError, match="ground_truth lacks columns"):
        evaluate_alarms(daily, TRUTH.drop(columns="kind"))


def test_threshold_tradeoff_and_choice():
    """Recall falls and false alarms fall as the threshold rises; the choice is documented."""
    values = pd.DataFrame(
        {
            "model": ["a", "a", "b", "b", "c", "d", "d"],
            "day": [2, 3, 1, 2, 0, 0, 1],
            "value": [0.9, 0.3, 0.5, 0.2, 0.15, 0.4, 0.6],
        }
    )
    table = threshold_tradeoff(values, TRUTH, [0.1, 0.25, 0.5, 1.0])
    assert table["recall"].tolist() == [1.0, 0.5, 0.0, 0.0]
    assert table["false_alarms"].tolist() == [2, 1, 1, 0]
    assert table["median_days_to_red"].tolist()[:2] == [0.0, 0.0]
    assert choose_threshold(table, 0.5) == 0.25
    assert choose_threshold(table, 0.0) == 1.0
    assert choose_threshold(table, 0.9) == 0.1
    assert choose_threshold(table, 1.01) is None
    with pytest.raises(ValueError, match="thresholds is empty"):
        threshold_tradeoff(values, TRUTH, [])


def test_threshold_tradeoff_agrees_with_monitor_evaluation(fleet, result):
    """Tiering one metric alone at a threshold reproduces evaluate_alarms on that metric."""
    rows = result.report[result.report["metric"] == "psi_prediction"]
    table = threshold_tradeoff(rows[["model", "day", "value"]], fleet, [0.25])
    daily = rows.assign(tier=np.where(rows["value"] >= 0.25, "red", "green"))
    ev = evaluate_alarms(daily, fleet.ground_truth)
    assert table.loc[0, "recall"] == ev.recall
    assert table.loc[0, "false_alarms"] == ev.false_alarms


def test_gate_loss_definitions():
    """The gate compares log loss for classifiers and RMSE for regressors."""
    assert gate_loss("classification", [1, 0], [1, 0], [0.5, 0.5]) == pytest.approx(math.log(2))
    assert gate_loss("regression", [0.0, 0.0], [3.0, 4.0]) == pytest.approx(math.sqrt(12.5))


# ------------------------------------------------------------------------ seasonality evidence
def test_shift_evidence_separates_seasonal_models(fleet):
    """Seasonal models: inputs move, predictions and performance do not -> benign."""
    for spec in fleet.specs:
        if spec.kind not in ("seasonal", "stable", "concept"):
            continue
        evidence = shift_evidence(fleet, spec.index)
        assert set(evidence) == {"feature_psi", "prediction_psi", "performance_drop"}
        assert is_benign_shift(evidence) == (spec.kind == "seasonal"), (spec.model_id, evidence)


# ------------------------------------------------------------------------ benchmark script
def test_benchmark_small_runs():
    """bench/bench_drift.py --small runs and prints every figure the issue asks for."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_drift.py"), "--small"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    for needle in ("generate", "predict", "drift_statistics", "floor", "ratio", "columns/s"):
        assert needle in out
    assert "peak memory" in out
