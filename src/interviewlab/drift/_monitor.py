"""``monitor_fleet``: run every model of a fleet through time under a stoplight policy.

Each day, for each model: score the day's batch with the deployed model, compute PSI of every
feature and of the model's output against the reference in one pass, and, once labels have
arrived, the window's performance. The policy turns the metrics into a tier and an action.
The result is a tidy report plus an evaluation against the fleet's ground truth.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from interviewlab._validation import check_positive_int
from interviewlab.drift._fleet import Fleet, fit_model, predict
from interviewlab.drift._metrics import performance_drop, window_metrics
from interviewlab.drift._policy import (
    Notification,
    RetrainRecord,
    StoplightPolicy,
    worst_tier,
)
from interviewlab.drift._stats import ReferenceProfile

__all__ = [
    "FleetEvaluation",
    "MonitorResult",
    "choose_threshold",
    "evaluate_alarms",
    "gate_loss",
    "is_benign_shift",
    "monitor_fleet",
    "shift_evidence",
    "threshold_tradeoff",
]

REPORT_COLUMNS = ("model", "day", "metric", "value", "tier", "action", "data_day")


# ------------------------------------------------------------------------------ evaluation
@dataclass(frozen=True, eq=False)
class FleetEvaluation:
    """How well red alarms matched the ground truth.

    Attributes
    ----------
    per_model : pandas.DataFrame
        One row per model: ``model``, ``kind``, ``drifting``, ``onset_day``,
        ``first_red_day`` (any day), ``red_days``, ``detected`` (a drifting model red on or
        after its onset), ``days_to_red`` (first red on or after onset minus onset),
        ``early_alarm`` (red before its onset) and ``false_alarm`` (a stable or seasonal
        model red on any day).
    recall : float
        Share of drifting models detected (NaN if none drift).
    recall_by_kind : dict
    mean_days_to_red, median_days_to_red : float
        Over detected models (NaN if none).
    false_alarms : int
        Stable and seasonal models that went red.
    false_alarms_by_kind : dict
        ``{"stable": n, "seasonal": n}``.
    false_alarm_rate : float
        ``false_alarms`` over the number of stable and seasonal models (NaN if none).
    """

    per_model: pd.DataFrame = field(repr=False)
    recall: float
    recall_by_kind: dict
    mean_days_to_red: float
    median_days_to_red: float
    false_alarms: int
    false_alarms_by_kind: dict
    false_alarm_rate: float

    def summary(self) -> str:
        """A few lines in words."""
        kinds = ", ".join(f"{k} {v:.0%}" for k, v in self.recall_by_kind.items())
        return (
            f"recall {self.recall:.0%} of drifting models ({kinds}); "
            f"median {self.median_days_to_red:g} days from onset to red; "
            f"false alarms on {self.false_alarms} quiet models "
            f"({self.false_alarms_by_kind.get('stable', 0)} stable, "
            f"{self.false_alarms_by_kind.get('seasonal', 0)} seasonal)"
        )


def _truth_frame(ground_truth) -> pd.DataFrame:
    if isinstance(ground_truth, Fleet):
        ground_truth = ground_truth.ground_truth
    needed = {"model", "kind", "drifting", "onset_day"}
    missing = needed - set(ground_truth.columns)
    if missing:
        raise ValueError(f"ground_truth lacks columns {sorted(missing)}")
    return ground_truth


def evaluate_alarms(daily: pd.DataFrame, ground_truth) -> FleetEvaluation:
    """Score red alarms against the ground truth of a fleet.

    Parameters
    ----------
    daily : pandas.DataFrame
        Columns ``model``, ``day`` and ``tier`` (one row per model and day; only ``"red"``
        counts as an alarm). Models of the ground truth missing here are never red.
    ground_truth : pandas.DataFrame or Fleet
        A fleet's ``ground_truth`` (columns ``model``, ``kind``, ``drifting``,
        ``onset_day``), or the fleet itself.

    Returns
    -------
    FleetEvaluation

    Examples
    --------
    >>> truth = pd.DataFrame({"model": ["a", "b", "c"], "kind": ["sudden", "stable", "seasonal"],
    ...                       "drifting": [True, False, False],
    ...                       "onset_day": pd.array([2, None, None], dtype="Int64")})
    >>> daily = pd.DataFrame({"model": ["a", "a", "a", "c"], "day": [1, 2, 3, 0],
    ...                       "tier": ["yellow", "yellow", "red", "red"]})
    >>> result = evaluate_alarms(daily, truth)
    >>> result.recall, result.median_days_to_red, result.false_alarms_by_kind
    (1.0, 1.0, {'stable': 0, 'seasonal': 1})
    """
    truth = _truth_frame(ground_truth)
    missing = {"model", "day", "tier"} - set(daily.columns)
    if missing:
        raise ValueError(f"daily must have columns model, day, tier; missing {sorted(missing)}")
    red = daily.loc[daily["tier"] == "red", ["model", "day"]]
    red_days = red.groupby("model")["day"].apply(lambda s: np.sort(s.to_numpy()))
    rows = []
    for rec in truth.itertuples(index=False):
        days = red_days.get(rec.model, np.array([], dtype=int))
        onset = None if pd.isna(rec.onset_day) else int(rec.onset_day)
        after = days[days >= onset] if onset is not None else np.array([], dtype=int)
        detected = bool(rec.drifting and after.size > 0)
        rows.append(
            {
                "model": rec.model,
                "kind": rec.kind,
                "drifting": bool(rec.drifting),
                "onset_day": onset,
                "first_red_day": int(days[0]) if days.size else None,
                "red_days": int(days.size),
                "detected": detected,
                "days_to_red": int(after[0] - onset) if detected else None,
                "early_alarm": bool(rec.drifting and onset is not None and (days < onset).any()),
                "false_alarm": bool(not rec.drifting and days.size > 0),
            }
        )
    per_model = pd.DataFrame(rows)
    for col in ("onset_day", "first_red_day", "days_to_red"):
        per_model[col] = pd.array(per_model[col].tolist(), dtype="Int64")
    drifting = per_model[per_model["drifting"]]
    quiet = per_model[~per_model["drifting"]]
    delays = drifting.loc[drifting["detected"], "days_to_red"].astype(float)
    recall_by_kind = {
        kind: float(group["detected"].mean()) for kind, group in drifting.groupby("kind", sort=True)
    }
    return FleetEvaluation(
        per_model=per_model,
        recall=float(drifting["detected"].mean()) if len(drifting) else float("nan"),
        recall_by_kind=recall_by_kind,
        mean_days_to_red=float(delays.mean()) if len(delays) else float("nan"),
        median_days_to_red=float(delays.median()) if len(delays) else float("nan"),
        false_alarms=int(quiet["false_alarm"].sum()),
        false_alarms_by_kind={
            kind: int(quiet.loc[quiet["kind"] == kind, "false_alarm"].sum())
            for kind in ("stable", "seasonal")
        },
        false_alarm_rate=float(quiet["false_alarm"].mean()) if len(quiet) else float("nan"),
    )


def threshold_tradeoff(values: pd.DataFrame, ground_truth, thresholds) -> pd.DataFrame:
    """Recall and false alarms if ``value >= threshold`` meant red, for each threshold.

    Parameters
    ----------
    values : pandas.DataFrame
        Columns ``model``, ``day``, ``value``: one daily metric (for instance the rows of a
        monitor report for ``psi_prediction``).
    ground_truth : pandas.DataFrame or Fleet
    thresholds : iterable of float

    Returns
    -------
    pandas.DataFrame
        One row per threshold, in the given order: ``threshold``, ``recall`` (share of
        drifting models with ``value >= threshold`` on a day on or after their onset),
        ``false_alarms`` (stable or seasonal models with ``value >= threshold`` on any day)
        and ``median_days_to_red`` (NaN if nothing is detected).

    Examples
    --------
    >>> truth = pd.DataFrame({"model": ["a", "b"], "kind": ["sudden", "seasonal"],
    ...                       "drifting": [True, False],
    ...                       "onset_day": pd.array([1, None], dtype="Int64")})
    >>> values = pd.DataFrame({"model": ["a", "a", "b", "b"], "day": [0, 1, 0, 1],
    ...                        "value": [0.05, 0.4, 0.3, 0.2]})
    >>> threshold_tradeoff(values, truth, [0.25, 0.5])
       threshold  recall  false_alarms  median_days_to_red
    0       0.25     1.0             1                 0.0
    1       0.50     0.0             0                 NaN
    """
    truth = _truth_frame(ground_truth)
    missing = {"model", "day", "value"} - set(values.columns)
    if missing:
        raise ValueError(f"values must have columns model, day, value; missing {sorted(missing)}")
    thresholds = [float(t) for t in thresholds]
    if not thresholds:
        raise ValueError("thresholds is empty; give at least one threshold")
    by_model = {m: g.sort_values("day") for m, g in values.groupby("model")}
    rows = []
    for t in thresholds:
        detected, delays, alarms, n_drifting = 0, [], 0, 0
        for rec in truth.itertuples(index=False):
            group = by_model.get(rec.model)
            hits = (
                group.loc[group["value"].to_numpy(dtype=float) >= t, "day"].to_numpy()
                if group is not None
                else np.array([])
            )
            if rec.drifting:
                n_drifting += 1
                after = hits[hits >= int(rec.onset_day)]
                if after.size:
                    detected += 1
                    delays.append(after[0] - int(rec.onset_day))
            elif hits.size:
                alarms += 1
        rows.append(
            {
                "threshold": t,
                "recall": detected / n_drifting if n_drifting else float("nan"),
                "false_alarms": alarms,
                "median_days_to_red": float(np.median(delays)) if delays else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def choose_threshold(tradeoff: pd.DataFrame, target_recall: float) -> float | None:
    """The threshold reaching ``target_recall`` with the fewest false alarms.

    Among the rows of a :func:`threshold_tradeoff` table with ``recall >= target_recall``,
    take the fewest ``false_alarms``; break ties with the highest threshold (the quietest
    policy with the same alarms). Returns None if no threshold reaches the target.

    Examples
    --------
    >>> table = pd.DataFrame({"threshold": [0.1, 0.2, 0.3], "recall": [1.0, 0.9, 0.6],
    ...                       "false_alarms": [5, 2, 2]})
    >>> choose_threshold(table, 0.8)
    0.2
    >>> choose_threshold(table, 0.95)
    0.1
    >>> choose_threshold(table, 1.01) is None
    True
    """
    ok = tradeoff[tradeoff["recall"] >= target_recall]
    if ok.empty:
        return None
    best = ok.sort_values(["false_alarms", "threshold"], ascending=[True, False]).iloc[0]
    return float(best["threshold"])


# ------------------------------------------------------------------------------ the monitor
@dataclass(frozen=True, eq=False)
class MonitorResult:
    """What :func:`monitor_fleet` saw and did.

    Attributes
    ----------
    report : pandas.DataFrame
        Tidy, one row per model, day and metric: ``model``, ``day`` (when the value became
        known), ``metric``, ``value``, ``tier`` (None for metrics without a threshold),
        ``action`` (the model's action that day) and ``data_day`` (the last day of data the
        value describes: ``day`` for PSI, ``day - label_delay`` for performance).
    daily : pandas.DataFrame
        One row per model and day: ``model``, ``day``, ``tier`` (worst over the metrics),
        ``action`` and ``reasons`` (the metrics at that tier, comma-separated).
    notifications : tuple of Notification
        One per yellow model-day.
    retrains : tuple of RetrainRecord
        One per gated retrain attempt.
    evaluation : FleetEvaluation
        Red alarms scored against the fleet's ground truth.
    policy : StoplightPolicy
    label_delay, window : int
    timings : dict
        Seconds spent generating batches (``generate``), fitting the original models
        (``fit``, unless the fleet had them cached), predicting, computing drift statistics,
        computing performance metrics, in gated retrains (``retrain``: drawing the labelled
        days, fitting and comparing), and in total.
    """

    report: pd.DataFrame = field(repr=False)
    daily: pd.DataFrame = field(repr=False)
    notifications: tuple[Notification, ...] = field(repr=False)
    retrains: tuple[RetrainRecord, ...] = field(repr=False)
    evaluation: FleetEvaluation
    policy: StoplightPolicy
    label_delay: int
    window: int
    timings: dict = field(repr=False)

    def summary(self) -> str:
        """A few lines in words."""
        counts = self.daily["tier"].value_counts()
        deployed = sum(r.deployed for r in self.retrains)
        return (
            f"{self.daily['model'].nunique()} models x {self.daily['day'].nunique()} days: "
            f"{counts.get('green', 0)} green, {counts.get('yellow', 0)} yellow, "
            f"{counts.get('red', 0)} red model-days; {len(self.notifications)} notifications; "
            f"{len(self.retrains)} gated retrains, {deployed} deployed.\n"
            + self.evaluation.summary()
        )


def gate_loss(task: str, y_true, y_pred, y_score=None) -> float:
    """The loss the retrain gate compares: log loss (classification) or RMSE (regression).

    Examples
    --------
    >>> round(gate_loss("classification", [1, 0], [1, 0], [0.8, 0.3]), 4)
    0.2899
    >>> gate_loss("regression", [1.0, 2.0], [1.0, 4.0])
    1.4142135623730951
    """
    from sklearn.metrics import log_loss, mean_squared_error

    if task == "classification":
        return float(log_loss(np.asarray(y_true), np.asarray(y_score), labels=[0, 1]))
    return float(np.sqrt(mean_squared_error(y_true, y_pred)))


def _resolve_models(fleet: Fleet, models) -> list[int]:
    if models is None:
        return list(range(fleet.n_models))
    if isinstance(models, str | int | np.integer):
        models = [models]
    chosen = [fleet.spec(m).index for m in models]
    if not chosen:
        raise ValueError("models is empty; give at least one model or None for all")
    return chosen


class _Clock:
    def __init__(self):
        self.seconds = dict.fromkeys(
            ("generate", "fit", "predict", "drift_statistics", "performance", "retrain"), 0.0
        )

    def add(self, name: str, start: float) -> float:
        now = time.perf_counter()
        self.seconds[name] += now - start
        return now


def _output(task, y_pred, y_score):
    return y_score if task == "classification" else y_pred


def monitor_fleet(
    fleet: Fleet,
    policy: StoplightPolicy | None = None,
    *,
    label_delay: int = 1,
    window: int = 3,
    models: Iterable | None = None,
) -> MonitorResult:
    """Run the fleet through time under ``policy`` and evaluate the alarms.

    Every day, for every model:

    1. generate the day's batch and score it with the currently deployed model;
    2. ``psi_features`` (the largest PSI over the features) and ``psi_prediction`` (PSI of
       the predicted probability, or of the predicted value) against the deployed model's
       reference, all columns binned in one pass (:class:`ReferenceProfile`);
    3. once labels have arrived (``label_delay`` days later), the window metrics of the
       ``window`` days ending at ``day - label_delay``, and ``performance_drop`` against the
       deployed model's baseline (its holdout metrics);
    4. the tier (worst over the tiered metrics) and the action: green ``"none"``; yellow
       ``"notify"`` (a :class:`Notification`); red a gated retrain on the last
       ``policy.retrain_days`` labelled days, giving ``"retrain_deployed"`` or
       ``"retrain_rejected"``, or ``"retrain_waiting_for_labels"`` (fewer than two labelled
       days) or ``"retrain_cooldown"`` (an attempt less than ``policy.cooldown_days`` ago).

    A deployed candidate serves from the next day; its training days become the PSI
    reference and its held-out metrics the performance baseline.

    Parameters
    ----------
    fleet : Fleet
    policy : StoplightPolicy, optional
        Default thresholds if omitted.
    label_delay : int, default=1
        Days before a day's labels are known (0 = same day).
    window : int, default=3
        Labelled days per performance window.
    models : iterable of int or str, optional
        Monitor only these models (the evaluation covers only them too).

    Returns
    -------
    MonitorResult

    Examples
    --------
    >>> from interviewlab.drift import make_fleet
    >>> fleet = make_fleet(6, 12, n_features=4, rows_per_day=300, random_state=3)
    >>> result = monitor_fleet(fleet)
    >>> for model, tiers in result.daily.groupby("model")["tier"]:
    ...     print(model, fleet.spec(model).kind, "".join(t[0] for t in tiers))
    m000 stable gggggggggggg
    m001 gradual ggggyyryrrrr
    m002 seasonal rrrrrrrrrrrr
    m003 sudden ggggrrrrrrrr
    m004 stable gggggggggggg
    m005 stable gggggggggggg
    >>> result.report.columns.tolist()
    ['model', 'day', 'metric', 'value', 'tier', 'action', 'data_day']
    """
    if not isinstance(fleet, Fleet):
        raise TypeError(f"fleet must be a Fleet from make_fleet, got {type(fleet).__name__}")
    policy = StoplightPolicy() if policy is None else policy
    if not isinstance(policy, StoplightPolicy):
        raise TypeError(f"policy must be a StoplightPolicy, got {type(policy).__name__}")
    label_delay = check_positive_int("label_delay", label_delay, minimum=0)
    window = check_positive_int("window", window)
    chosen = _resolve_models(fleet, models)

    clock = _Clock()
    started = time.perf_counter()
    report_rows: list[tuple] = []
    daily_rows: list[tuple] = []
    notifications: list[Notification] = []
    retrains: list[RetrainRecord] = []

    for m in chosen:
        spec = fleet.specs[m]
        task = spec.task
        t = time.perf_counter()
        ref_X, _ = fleet._reference_xy(m)
        hold_X, hold_y = fleet._holdout_xy(m)
        t = clock.add("generate", t)
        estimator = fleet.model(m)
        t = clock.add("fit", t)
        ref_pred, ref_score = predict(estimator, task, ref_X)
        hold_pred, hold_score = predict(estimator, task, hold_X)
        t = clock.add("predict", t)
        profile = ReferenceProfile(
            np.column_stack([ref_X, _output(task, ref_pred, ref_score)]), bins=policy.bins
        )
        t = clock.add("drift_statistics", t)
        baseline = window_metrics(hold_y, hold_pred, task=task, y_score=hold_score)
        clock.add("performance", t)

        served: dict[int, tuple] = {}
        deployed_day = 0
        last_attempt: int | None = None
        for day in range(fleet.n_days):
            t = time.perf_counter()
            X, y = fleet.draw(m, day)
            t = clock.add("generate", t)
            y_pred, y_score = predict(estimator, task, X)
            t = clock.add("predict", t)
            psis = profile.psi(np.column_stack([X, _output(task, y_pred, y_score)]))
            t = clock.add("drift_statistics", t)
            served[day] = (y, y_pred, y_score)
            values = [
                ("psi_features", float(psis[:-1].max()), day),
                ("psi_prediction", float(psis[-1]), day),
            ]
            data_day = day - label_delay
            if data_day >= deployed_day:
                days = range(max(deployed_day, data_day - window + 1), data_day + 1)
                y_w = np.concatenate([served[d][0] for d in days])
                pred_w = np.concatenate([served[d][1] for d in days])
                score_w = (
                    np.concatenate([served[d][2] for d in days])
                    if task == "classification"
                    else None
                )
                metrics = window_metrics(y_w, pred_w, task=task, y_score=score_w)
                values += [(name, value, data_day) for name, value in metrics.items()]
                values.append(
                    ("performance_drop", performance_drop(metrics, baseline, task=task), data_day)
                )
                for old in [d for d in served if d < data_day - window + 1]:
                    del served[old]
            t = clock.add("performance", t)

            tiers = [policy.tier(name, value) for name, value, _ in values]
            day_tier = worst_tier(tiers)
            reasons = [
                name for (name, _, _), tr in zip(values, tiers, strict=True) if tr == day_tier
            ]
            action = "none"
            if day_tier == "yellow":
                action = "notify"
                yellow = {
                    n: v for (n, v, _), tr in zip(values, tiers, strict=True) if tr == "yellow"
                }
                notifications.append(policy.notification(spec.model_id, spec.owner, day, yellow))
            elif day_tier == "red":
                if last_attempt is not None and day - last_attempt <= policy.cooldown_days:
                    action = "retrain_cooldown"
                else:
                    labelled = list(range(max(0, data_day - policy.retrain_days + 1), data_day + 1))
                    if len(labelled) < 2:
                        action = "retrain_waiting_for_labels"
                    else:
                        last_attempt = day
                        record, candidate, new_profile, new_baseline = _gated_retrain(
                            fleet, spec, estimator, labelled, policy, day
                        )
                        retrains.append(record)
                        if record.deployed:
                            action = "retrain_deployed"
                            estimator, profile, baseline = candidate, new_profile, new_baseline
                            deployed_day = day + 1
                            served.clear()
                        else:
                            action = "retrain_rejected"
                t = clock.add("retrain", t)
            for (name, value, dday), tr in zip(values, tiers, strict=True):
                report_rows.append((spec.model_id, day, name, value, tr, action, dday))
            daily_rows.append((spec.model_id, day, day_tier, action, ",".join(reasons)))

    report = pd.DataFrame(report_rows, columns=list(REPORT_COLUMNS))
    report["tier"] = report["tier"].astype(object)
    daily = pd.DataFrame(daily_rows, columns=["model", "day", "tier", "action", "reasons"])
    truth = fleet.ground_truth[fleet.ground_truth["index"].isin(chosen)]
    evaluation = evaluate_alarms(daily, truth)
    timings = dict(clock.seconds)
    timings["total"] = time.perf_counter() - started
    return MonitorResult(
        report=report,
        daily=daily,
        notifications=tuple(notifications),
        retrains=tuple(retrains),
        evaluation=evaluation,
        policy=policy,
        label_delay=label_delay,
        window=window,
        timings=timings,
    )


def _gated_retrain(fleet, spec, estimator, labelled, policy, day):
    """Fit a candidate on the older labelled days, compare both models on the newest ones."""
    n_holdout = max(1, len(labelled) // 3)
    train_days, holdout_days = labelled[:-n_holdout], labelled[-n_holdout:]
    train = [fleet.draw(spec.index, d) for d in train_days]
    test = [fleet.draw(spec.index, d) for d in holdout_days]
    X_train = np.concatenate([x for x, _ in train])
    y_train = np.concatenate([y for _, y in train])
    X_test = np.concatenate([x for x, _ in test])
    y_test = np.concatenate([y for _, y in test])
    task = spec.task
    if task == "classification" and np.unique(y_train).size < 2:
        candidate = None  # one class only: nothing to fit
    else:
        candidate = fit_model(task, X_train, y_train)
    cur_pred, cur_score = predict(estimator, task, X_test)
    current = gate_loss(task, y_test, cur_pred, cur_score)
    if candidate is None:
        cand_score, cand_pred = None, None
        challenger = float("inf")
    else:
        cand_pred, cand_score = predict(candidate, task, X_test)
        challenger = gate_loss(task, y_test, cand_pred, cand_score)
    deployed = challenger < current * (1.0 - policy.min_improvement)
    metric = "log_loss" if task == "classification" else "rmse"
    verdict = "deployed" if deployed else "kept the current model"
    message = (
        f"[red] {spec.model_id} on day {day}: retrained on days {train_days[0]}-{train_days[-1]}, "
        f"compared on days {holdout_days[0]}-{holdout_days[-1]}: {metric} current "
        f"{current:.4g} vs candidate {challenger:.4g}; {verdict}."
    )
    record = RetrainRecord(
        model=spec.model_id,
        day=day,
        train_days=tuple(train_days),
        holdout_days=tuple(holdout_days),
        gate_metric=metric,
        current_score=current,
        candidate_score=challenger,
        deployed=bool(deployed),
        message=message,
    )
    if not deployed:
        return record, None, None, None
    train_pred, train_score = predict(candidate, task, X_train)
    profile = ReferenceProfile(
        np.column_stack([X_train, _output(task, train_pred, train_score)]), bins=policy.bins
    )
    baseline = window_metrics(y_test, cand_pred, task=task, y_score=cand_score)
    return record, candidate, profile, baseline


# ------------------------------------------------------------------------------ seasonality
def shift_evidence(fleet: Fleet, model, *, bins: int = 10) -> dict[str, float]:
    """Median daily evidence that a model's inputs, outputs and performance moved.

    For each day: the largest feature PSI, the PSI of the model's output (probability or
    value), and the performance drop of that day's labelled batch against the holdout
    baseline (:func:`performance_drop`, labels assumed known). Each is summarised by its
    median over the days, which ignores a few noisy days.

    Returns
    -------
    dict
        ``feature_psi``, ``prediction_psi``, ``performance_drop``.

    Examples
    --------
    >>> from interviewlab.drift import make_fleet
    >>> fleet = make_fleet(4, 10, n_features=4, rows_per_day=300, random_state=0)
    >>> fleet.ground_truth["kind"].tolist()
    ['stable', 'seasonal', 'gradual', 'sudden']
    >>> {k: round(v, 3) for k, v in shift_evidence(fleet, 1).items()}
    {'feature_psi': 1.566, 'prediction_psi': 0.04, 'performance_drop': -0.014}
    """
    spec = fleet.spec(model)
    task = spec.task
    ref = fleet.reference(spec.index)
    hold = fleet.holdout(spec.index)
    baseline = window_metrics(hold.y, hold.y_pred, task=task, y_score=hold.y_score)
    profile = ReferenceProfile(
        np.column_stack([ref.X, _output(task, ref.y_pred, ref.y_score)]), bins=bins
    )
    feature, output, drop = [], [], []
    for day in range(fleet.n_days):
        batch = fleet.batch(spec.index, day)
        psis = profile.psi(np.column_stack([batch.X, _output(task, batch.y_pred, batch.y_score)]))
        feature.append(psis[:-1].max())
        output.append(psis[-1])
        metrics = window_metrics(batch.y, batch.y_pred, task=task, y_score=batch.y_score)
        drop.append(performance_drop(metrics, baseline, task=task))
    return {
        "feature_psi": float(np.median(feature)),
        "prediction_psi": float(np.median(output)),
        "performance_drop": float(np.nanmedian(drop)),
    }


def is_benign_shift(evidence: dict, *, moved: float = 0.25, steady: float = 0.1) -> bool:
    """True when the inputs moved but neither the outputs nor the performance did.

    ``feature_psi >= moved`` and ``prediction_psi < steady`` and ``performance_drop <
    steady``: the signature of seasonality (or of drift in features the model ignores).
    Retraining cannot help such a model; it would only fit one phase of the cycle.

    Examples
    --------
    >>> is_benign_shift({"feature_psi": 0.8, "prediction_psi": 0.03, "performance_drop": 0.01})
    True
    >>> is_benign_shift({"feature_psi": 0.8, "prediction_psi": 0.4, "performance_drop": 0.01})
    False
    """
    return bool(
        evidence["feature_psi"] >= moved
        and evidence["prediction_psi"] < steady
        and evidence["performance_drop"] < steady
    )
