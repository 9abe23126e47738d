"""What to do once the contract fails: a bandaid now, a retrain soon, then release the held rows.

1. **Quarantine** (the bandaid): score the rows that pass the contract, hold the others back
   with their reason. Nothing is lost: held + passed is the batch, row for row, index kept.
2. **The "other" bucket** (the alternative bandaid): rewrite unseen values as an explicit
   ``"other"`` level and score everything. It keeps every row answered, but every new flavour
   gets the same answer, that answer is only as good as the model's notion of "other" (a model
   that never learnt such a level answers as if the flavour were unknown, or crashes), and the
   rows cannot be answered better later because nothing was kept. :func:`bandaid_costs` shows
   the price of each choice on a scenario.
3. **Retrain with a gate**: fit a new model on the history plus the recent labelled days (new
   values included) and deploy it only if it beats the old one on the most recent days, which
   it never saw, new values included.
4. **Release**: replay the held rows through the new model; rows it still cannot take stay held.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from interviewlab._validation import check_positive_int
from interviewlab.incidents._contracts import (
    Schema,
    ValidationReport,
    infer_schema,
    validate_batch,
)
from interviewlab.incidents._model import fit_forecaster, mae
from interviewlab.incidents._sales import FEATURES, TARGET

__all__ = [
    "Bucketed",
    "Quarantine",
    "Release",
    "RetrainResult",
    "bandaid_costs",
    "bucket_unknowns",
    "quarantine",
    "release",
    "retrain",
]


@dataclass(frozen=True)
class Quarantine:
    """A batch split into rows safe to score and rows held back.

    Attributes
    ----------
    passed : pandas.DataFrame
        Rows no blocking anomaly concerns, in batch order, original index and values.
    held : pandas.DataFrame
        The other rows, in batch order, original index and values.
    reasons : pandas.Series
        Why each held row is held (same index and order as ``held``).
    held_mask : numpy.ndarray
        One bool per batch row (by position): True where the row is held.
    """

    passed: pd.DataFrame
    held: pd.DataFrame
    reasons: pd.Series
    held_mask: np.ndarray = field(repr=False)

    def reassemble(self) -> pd.DataFrame:
        """Put passed and held rows back together in the batch's original order."""
        positions = np.concatenate(
            [np.flatnonzero(~self.held_mask), np.flatnonzero(self.held_mask)]
        )
        combined = pd.concat([self.passed, self.held])
        return combined.iloc[np.argsort(positions, kind="stable")]

    def summary(self) -> str:
        """One line: how many rows passed and were held, and the commonest reasons."""
        top = self.reasons.value_counts().head(3)
        why = "; ".join(f"{n} x {reason}" for reason, n in top.items())
        return f"{len(self.passed)} rows passed, {len(self.held)} held" + (
            f" ({why})" if why else ""
        )


def _check_report(batch: pd.DataFrame, report: ValidationReport) -> None:
    if not isinstance(batch, pd.DataFrame):
        raise TypeError(f"batch must be a pandas DataFrame, got {type(batch).__name__}")
    if not isinstance(report, ValidationReport):
        raise TypeError(
            f"report must be a ValidationReport from validate_batch, got {type(report).__name__}"
        )
    if report.n_rows != len(batch) or not report.index.equals(batch.index):
        raise ValueError(
            f"report was made for another batch ({report.n_rows} rows) than the one given "
            f"({len(batch)} rows): validate this batch first"
        )


def quarantine(batch: pd.DataFrame, report: ValidationReport) -> Quarantine:
    """Split ``batch`` into rows to score now and rows to hold, using its validation report.

    A row is held when a blocking anomaly concerns it (an unseen category, an unparsable or
    out-of-range value, a null where nulls spiked) or concerns the whole batch (a missing
    column). Non-blocking anomalies (an extra column, an int-to-float change) hold nothing.

    Parameters
    ----------
    batch : pandas.DataFrame
        The batch that was validated.
    report : ValidationReport
        ``validate_batch(batch, schema)``.

    Returns
    -------
    Quarantine
        ``passed``, ``held`` and the ``reasons``; ``reassemble()`` gives the batch back.

    Examples
    --------
    >>> from interviewlab.incidents import infer_schema, validate_batch
    >>> train = pd.DataFrame({"flavor": ["vanilla", "chocolate"], "price": [3.0, 3.5]})
    >>> batch = pd.DataFrame({"flavor": ["vanilla", "rum raisin", "chocolate"],
    ...                       "price": [3.1, 3.2, 9.9]}, index=[10, 11, 12])
    >>> result = quarantine(batch, validate_batch(batch, infer_schema(train)))
    >>> result.passed.index.tolist(), result.held.index.tolist()
    ([10], [11, 12])
    >>> result.reasons.tolist()
    ["unseen_category: flavor='rum raisin'", 'out_of_range: price=9.9']
    >>> result.reassemble().equals(batch)
    True
    """
    _check_report(batch, report)
    mask = report.blocked_mask()
    reasons = report.row_reasons(batch)
    held = batch[mask]
    reasons = pd.Series(reasons.to_numpy(dtype=object), index=held.index, name="reason")
    return Quarantine(passed=batch[~mask], held=held, reasons=reasons, held_mask=mask)


@dataclass(frozen=True)
class Bucketed:
    """A batch whose unseen categories were rewritten as one explicit level.

    Attributes
    ----------
    frame : pandas.DataFrame
        A copy of the batch with the rewrites (index and row order kept).
    mapped_mask : numpy.ndarray
        One bool per row: True where at least one value was rewritten.
    mapped : dict
        ``{column: {original value: rows}}``: what was rewritten.
    """

    frame: pd.DataFrame
    mapped_mask: np.ndarray = field(repr=False)
    mapped: dict


def bucket_unknowns(
    batch: pd.DataFrame, schema: Schema, *, other: object = "other", report=None
) -> Bucketed:
    """The alternative bandaid: rewrite every unseen category as the level ``other``.

    This only helps a model that learnt what ``other`` means (trained with rare values grouped
    into it). For a model that never saw it, ``other`` is just one more unknown value: an encoder
    that ignores unknowns answers as before, one that errors still errors. Pass a level the
    model knows (``other="vanilla"``) to keep such a model running, at the price of answering
    for every new flavour as if it were vanilla.

    Examples
    --------
    >>> from interviewlab.incidents import infer_schema
    >>> schema = infer_schema(pd.DataFrame({"flavor": ["vanilla", "chocolate"]}))
    >>> result = bucket_unknowns(pd.DataFrame({"flavor": ["vanilla", "durian"]}), schema)
    >>> result.frame["flavor"].tolist(), result.mapped
    (['vanilla', 'other'], {'flavor': {'durian': 1}})
    """
    report = validate_batch(batch, schema) if report is None else report
    _check_report(batch, report)
    frame = batch.copy()
    mask = np.zeros(len(batch), dtype=bool)
    mapped = {}
    for anomaly in report.of_kind("unseen_category"):
        column = [str(c) for c in frame.columns].index(anomaly.column)
        values = frame.iloc[:, column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        values = values.to_numpy(dtype=object, copy=True)
        values[anomaly.positions] = other
        frame.isetitem(column, values)
        mask[anomaly.positions] = True
        mapped[anomaly.column] = dict(zip(anomaly.values, anomaly.counts, strict=True))
    return Bucketed(frame=frame, mapped_mask=mask, mapped=mapped)


def _try_predict(model, frame: pd.DataFrame) -> np.ndarray | None:
    """Predictions, or None when the model raises on this frame (the crashing encoder)."""
    if len(frame) == 0:
        return np.empty(0)
    try:
        return np.asarray(model.predict(frame), dtype=float)
    except ValueError:
        return None


def bandaid_costs(scenario, *, day: int | None = None, other: object = "other") -> pd.DataFrame:
    """Compare the bandaids on one serving day of a scenario, against its ground truth.

    Rows: ``as deployed`` (score everything), ``other bucket`` (:func:`bucket_unknowns`, then
    score everything) and ``quarantine`` (score the passed rows, hold the rest). Columns:
    ``answered`` and ``held`` rows, ``crashed`` (the model raised, nothing was answered),
    ``mae_known`` and ``mae_new`` (mean absolute error on rows with only known values and on rows
    with new values; NaN where those rows got no answer).

    Examples
    --------
    >>> from interviewlab.incidents import make_flavor_incident
    >>> costs = bandaid_costs(make_flavor_incident(random_state=0))
    >>> costs[["answered", "held", "crashed"]].to_dict("index")  # doctest: +NORMALIZE_WHITESPACE
    {'as deployed': {'answered': 24, 'held': 0, 'crashed': False},
     'other bucket': {'answered': 24, 'held': 0, 'crashed': False},
     'quarantine': {'answered': 8, 'held': 16, 'crashed': False}}
    """
    day = scenario.truth.start_day if day is None else day
    batch = scenario.day(day)
    truth = scenario.truth.units_sold.loc[batch.index].to_numpy(dtype=float)
    schema = infer_schema(scenario.train.loc[:, list(FEATURES)])
    report = validate_batch(batch, schema)
    is_new = np.zeros(len(batch), dtype=bool)
    for anomaly in report.of_kind("unseen_category"):
        is_new[anomaly.positions] = True

    def row(name, answered_mask, predictions):
        crashed = predictions is None
        answered = answered_mask & (not crashed)
        full = np.full(len(batch), np.nan)
        if not crashed:
            full[answered_mask] = predictions
        known, new = answered & ~is_new, answered & is_new
        return {
            "strategy": name,
            "answered": int(answered.sum()),
            "held": int((~answered_mask).sum()),
            "crashed": crashed,
            "mae_known": mae(truth[known], full[known]) if known.any() else np.nan,
            "mae_new": mae(truth[new], full[new]) if new.any() else np.nan,
        }

    everything = np.ones(len(batch), dtype=bool)
    bucketed = bucket_unknowns(batch, schema, other=other, report=report)
    held = quarantine(batch, report)
    rows = [
        row("as deployed", everything, _try_predict(scenario.model, batch)),
        row("other bucket", everything, _try_predict(scenario.model, bucketed.frame)),
        row("quarantine", ~held.held_mask, _try_predict(scenario.model, held.passed)),
    ]
    return pd.DataFrame(rows).set_index("strategy")


@dataclass(frozen=True)
class RetrainResult:
    """The outcome of :func:`retrain`.

    Attributes
    ----------
    model : sklearn.pipeline.Pipeline
        The model to deploy: the new one if it passed the gate, else the old one.
    candidate : sklearn.pipeline.Pipeline
        The newly trained model, deployed or not.
    accepted : bool
        Whether the candidate passed the validation gate.
    scores : pandas.DataFrame
        MAE of the old and new model on the held-out days: rows ``all``, ``known values`` and
        ``new values`` (rows carrying a value the history never had); columns ``old_mae``,
        ``new_mae``, ``n_rows``. An old model that crashes on a group scores ``inf`` there.
    holdout_dates : pandas.DatetimeIndex
        The held-out days.
    reason : str
        Why the gate decided as it did.
    """

    model: object = field(repr=False)
    candidate: object = field(repr=False)
    accepted: bool
    scores: pd.DataFrame
    holdout_dates: pd.DatetimeIndex
    reason: str


def _check_labelled(name: str, frame: object) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in (*FEATURES, TARGET) if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing the column(s) {missing}")
    if frame[TARGET].isna().any():
        raise ValueError(f"{name} has rows without {TARGET}: labels are needed to retrain")
    return frame


def retrain(
    history: pd.DataFrame,
    recent: pd.DataFrame,
    *,
    old_model,
    holdout_days: int = 7,
    on_unknown: str = "ignore",
    alpha: float = 1.0,
) -> RetrainResult:
    """Retrain on history plus recent labelled days, and deploy only through a validation gate.

    The last ``holdout_days`` dates of ``recent`` are held out. A candidate is fitted on
    ``history`` plus the earlier recent days, then both models are scored on the held-out days.
    The gate: the candidate must have a lower MAE than the old model on all held-out rows and,
    if some held-out rows carry values the history never had, on those rows too.

    Parameters
    ----------
    history : pandas.DataFrame
        The data the old model was trained on (features and ``units_sold``).
    recent : pandas.DataFrame
        Labelled serving days since (new values included), e.g. ``scenario.labelled(stop)``.
    old_model : fitted estimator
        The deployed model.
    holdout_days : int, default=7
        Most recent days to hold out for the gate; ``recent`` needs more days than that.
    on_unknown, alpha
        Passed to :func:`build_forecaster` for the candidate.

    Returns
    -------
    RetrainResult

    Examples
    --------
    >>> from interviewlab.incidents import make_flavor_incident
    >>> scenario = make_flavor_incident(random_state=0)
    >>> result = retrain(scenario.train, scenario.labelled(28), old_model=scenario.model)
    >>> result.accepted
    True
    >>> result.scores.round(1)
                  old_mae  new_mae  n_rows
    all              35.8     11.7     168
    known values     12.9     13.0      56
    new values       47.2     11.0     112
    """
    history = _check_labelled("history", history)
    recent = _check_labelled("recent", recent)
    holdout_days = check_positive_int("holdout_days", holdout_days)
    dates = pd.DatetimeIndex(sorted(pd.to_datetime(recent["date"]).unique()))
    if len(dates) <= holdout_days:
        raise ValueError(
            f"recent must span more than holdout_days={holdout_days} days to train on some and "
            f"hold out the rest, got {len(dates)} day(s)"
        )
    holdout_dates = dates[-holdout_days:]
    in_holdout = pd.to_datetime(recent["date"]).isin(holdout_dates).to_numpy()
    train = pd.concat([history, recent[~in_holdout]])
    holdout = recent[in_holdout]
    candidate = fit_forecaster(train, on_unknown=on_unknown, alpha=alpha)

    report = validate_batch(
        holdout.loc[:, list(FEATURES)], infer_schema(history.loc[:, list(FEATURES)])
    )
    is_new = np.zeros(len(holdout), dtype=bool)
    for anomaly in report.of_kind("unseen_category"):
        is_new[anomaly.positions] = True

    y = holdout[TARGET].to_numpy(dtype=float)
    scores = {}
    for group, mask in (
        ("all", np.ones(len(holdout), bool)),
        ("known values", ~is_new),
        ("new values", is_new),
    ):
        if not mask.any():
            scores[group] = (np.nan, np.nan, 0)
            continue
        part = holdout.loc[:, list(FEATURES)][mask]
        old = _try_predict(old_model, part)
        new = np.asarray(candidate.predict(part), dtype=float)
        scores[group] = (
            np.inf if old is None else mae(y[mask], old),
            mae(y[mask], new),
            int(mask.sum()),
        )
    table = pd.DataFrame.from_dict(scores, orient="index", columns=["old_mae", "new_mae", "n_rows"])
    table["n_rows"] = table["n_rows"].astype(int)

    old_all, new_all = table.loc["all", "old_mae"], table.loc["all", "new_mae"]
    accepted = bool(new_all < old_all)
    reason = f"held-out MAE {new_all:.2f} vs {old_all:.2f} for the old model"
    if accepted and is_new.any():
        old_new, new_new = table.loc["new values", "old_mae"], table.loc["new values", "new_mae"]
        accepted = bool(new_new < old_new)
        reason += f"; on rows with new values {new_new:.2f} vs {old_new:.2f}"
    reason = ("accepted: " if accepted else "rejected: ") + reason
    return RetrainResult(
        model=candidate if accepted else old_model,
        candidate=candidate,
        accepted=accepted,
        scores=table,
        holdout_dates=holdout_dates,
        reason=reason,
    )


@dataclass(frozen=True)
class Release:
    """The outcome of :func:`release`.

    Attributes
    ----------
    released : pandas.DataFrame
        Held rows now scored: their original columns and index plus ``prediction``.
    still_held : pandas.DataFrame
        Held rows the new schema still blocks (original columns and index).
    reasons : pandas.Series
        Why each still-held row stays held (same index as ``still_held``).
    """

    released: pd.DataFrame
    still_held: pd.DataFrame
    reasons: pd.Series


def release(held, model, *, schema: Schema | None = None) -> Release:
    """Replay held rows through the (new) model; nothing is dropped.

    With a ``schema`` (inferred from the data the new model was trained on), the held rows are
    validated again and only those that now pass are scored; the rest stay held with their new
    reason. Released + still held == held, row for row, original index kept.

    Parameters
    ----------
    held : pandas.DataFrame or Quarantine
        The held rows (``Quarantine.held``) or the quarantine itself.
    model : fitted estimator
        The model that takes over, usually ``RetrainResult.model``.
    schema : Schema or None, default=None
        The new contract; None scores every held row.

    Returns
    -------
    Release

    Examples
    --------
    >>> from interviewlab.incidents import make_flavor_incident, quarantine, infer_schema
    >>> from interviewlab.incidents import validate_batch
    >>> scenario = make_flavor_incident(random_state=0)
    >>> schema = infer_schema(scenario.train.loc[:, list(FEATURES)])
    >>> held = quarantine(scenario.batch, validate_batch(scenario.batch, schema))
    >>> new = retrain(scenario.train, scenario.labelled(28), old_model=scenario.model)
    >>> out = release(held, new.model)
    >>> len(out.released), len(out.still_held), out.released.index.equals(held.held.index)
    (16, 0, True)
    """
    if isinstance(held, Quarantine):
        held = held.held
    if not isinstance(held, pd.DataFrame):
        raise TypeError(f"held must be a DataFrame or a Quarantine, got {type(held).__name__}")
    if schema is not None:
        split = quarantine(held, validate_batch(held, schema))
        ready, still, reasons = split.passed, split.held, split.reasons
    else:
        ready, still = held, held.iloc[:0]
        reasons = pd.Series([], index=still.index, dtype=object, name="reason")
    released = ready.copy()
    if len(ready):
        try:
            released["prediction"] = np.asarray(model.predict(ready), dtype=float)
        except ValueError as exc:
            raise ValueError(
                f"the model could not score the {len(ready)} released rows (nothing was released): "
                f"{exc}"
            ) from exc
    else:
        released["prediction"] = pd.Series(dtype=float)
    return Release(released=released, still_held=still, reasons=reasons)
