"""The overnight unseen-category incident, its crashing variant and its gradual-drift counterpart.

A sales forecaster was trained on months of chocolate and vanilla. One night the upstream feed
starts sending strawberry, cookie dough, rum raisin and rocky road as well. The service keeps
running: the encoder ignores the values it never saw, so the model answers for a rum raisin as
if it were an average of chocolate and vanilla, and the day's error jumps. With an encoder that
errors on unknown values the same change crashes the service instead. The gradual-drift
counterpart has no new values at all: demand slowly moves away from what the model learned, and
the error creeps up over weeks rather than jumping overnight.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from interviewlab._validation import check_choice, check_positive_int, check_random_state
from interviewlab.incidents._model import fit_forecaster
from interviewlab.incidents._sales import (
    FEATURES,
    TARGET,
    _check_names,
    _check_start,
    simulate_sales,
)

__all__ = ["IncidentScenario", "IncidentTruth", "make_flavor_incident", "make_gradual_drift"]

KINDS = ("incident", "drift")


@dataclass(frozen=True)
class IncidentTruth:
    """What really happened in a scenario.

    Attributes
    ----------
    kind : {"incident", "drift"}
        An overnight data-quality incident, or gradual drift.
    start_day : int
        Index of the serving day on which the change starts (0 = first serving day).
    start_date : pandas.Timestamp
        The date of that day.
    new_flavors : tuple of str
        Flavours that appear in serving but never in training (empty for drift).
    new_rows : pandas.Index
        Labels of the serving rows that carry a new value (empty for drift).
    units_sold : pandas.Series
        The true sales of every serving row (index = ``serving.index``).
    expected_units : pandas.Series
        The noise-free expected sales of every serving row.
    """

    kind: str
    start_day: int
    start_date: pd.Timestamp
    new_flavors: tuple[str, ...]
    new_rows: pd.Index = field(repr=False)
    units_sold: pd.Series = field(repr=False)
    expected_units: pd.Series = field(repr=False)


@dataclass(frozen=True)
class IncidentScenario:
    """A deployed forecaster, the data it was trained on, the days it served, and the truth.

    Attributes
    ----------
    train : pandas.DataFrame
        Training history: the feature columns and ``units_sold`` (index ``row_id`` from 0).
    model : sklearn.pipeline.Pipeline
        The deployed forecaster, fitted on ``train``.
    serving : pandas.DataFrame
        The feature columns of every serving day (no labels), ``row_id`` continuing after
        ``train``; sorted by date, store and flavour.
    truth : IncidentTruth
        Ground truth: kind, start day, new flavours and rows, true sales.
    on_unknown : {"ignore", "error"}
        How the deployed model's encoder treats unseen categories.
    description : str
        What happened, in words.
    """

    train: pd.DataFrame = field(repr=False)
    model: object = field(repr=False)
    serving: pd.DataFrame = field(repr=False)
    truth: IncidentTruth
    on_unknown: str
    description: str

    @property
    def dates(self) -> pd.DatetimeIndex:
        """The serving dates, in order."""
        return pd.DatetimeIndex(self.serving["date"].unique())

    @property
    def n_days(self) -> int:
        """Number of serving days."""
        return len(self.dates)

    def day(self, day: int) -> pd.DataFrame:
        """The serving batch of day ``day`` (0 = first serving day), original row ids kept."""
        if (
            isinstance(day, bool)
            or not isinstance(day, int | np.integer)
            or not (0 <= day < self.n_days)
        ):
            raise ValueError(f"day must be an integer in [0, {self.n_days}), got {day!r}")
        return self.serving[self.serving["date"] == self.dates[int(day)]]

    @property
    def batch(self) -> pd.DataFrame:
        """The batch of the day the change starts (the incident batch)."""
        return self.day(self.truth.start_day)

    def labelled(self, stop: int | None = None, *, start: int = 0) -> pd.DataFrame:
        """Serving rows of days ``[start, stop)`` with their true ``units_sold`` joined.

        Sales are recorded at the end of each day, so once a day is over its labels are known:
        this is the recent data a retrain may use.
        """
        stop = self.n_days if stop is None else stop
        for name, value in (("start", start), ("stop", stop)):
            if (
                isinstance(value, bool)
                or not isinstance(value, int | np.integer)
                or not (0 <= value <= self.n_days)
            ):
                raise ValueError(f"{name} must be an integer in [0, {self.n_days}], got {value!r}")
        dates = self.dates[int(start) : int(stop)]
        rows = self.serving[self.serving["date"].isin(dates)].copy()
        rows[TARGET] = self.truth.units_sold.loc[rows.index]
        return rows


def _check_day(name: str, value: object, n_days: int) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | np.integer)
        or not (0 <= value < n_days)
    ):
        raise ValueError(f"{name} must be an integer in [0, {n_days}), got {value!r}")
    return int(value)


def _split(frame: pd.DataFrame, expected: np.ndarray, first_serving: pd.Timestamp):
    frame = frame.copy()
    frame["_expected"] = expected
    frame.index = pd.RangeIndex(len(frame), name="row_id")
    is_train = frame["date"] < first_serving
    train = frame[is_train]
    serving = frame[~is_train]
    return train, serving


def _finish(train, serving, *, kind, start_day, new_flavors, new_rows, on_unknown, description):
    train = train.drop(columns="_expected")
    truth = IncidentTruth(
        kind=kind,
        start_day=start_day,
        start_date=pd.Timestamp(serving["date"].unique()[start_day]),
        new_flavors=tuple(new_flavors),
        new_rows=pd.Index(new_rows, name="row_id"),
        units_sold=serving[TARGET].copy(),
        expected_units=serving["_expected"].rename("expected_units"),
    )
    model = fit_forecaster(train, on_unknown=on_unknown)
    return IncidentScenario(
        train=train,
        model=model,
        serving=serving.loc[:, list(FEATURES)].copy(),
        truth=truth,
        on_unknown=on_unknown,
        description=description,
    )


def make_flavor_incident(
    *,
    new_flavors: Sequence[str] = ("strawberry", "cookie dough", "rum raisin", "rocky road"),
    incident_day: int = 14,
    old_flavors: Sequence[str] = ("chocolate", "vanilla"),
    n_stores: int = 4,
    rollout_stores: int | None = None,
    n_train_days: int = 120,
    n_serving_days: int = 28,
    on_unknown: str = "ignore",
    start: str = "2025-04-14",
    random_state: int | np.random.Generator | None = None,
) -> IncidentScenario:
    """Make the overnight unseen-category incident, with its ground truth.

    Sales of every flavour (old and new) are simulated with :func:`make_icecream_sales`'s
    process for ``n_train_days + n_serving_days`` days. The forecaster is trained on the first
    ``n_train_days`` days, old flavours only. From serving day ``incident_day`` on, the feed also
    carries the new flavours (in ``rollout_stores`` randomly chosen stores, or all of them). Nothing
    else changes: no cannibalisation, no price or weather shift, so the known rows are forecast
    as well as before and every bit of extra error comes from the new values.

    Parameters
    ----------
    new_flavors : sequence of str
        Flavours that appear overnight; none may be an old flavour. Default: strawberry,
        cookie dough, rum raisin and rocky road.
    incident_day : int, default=14
        Serving day (0-based) on which the new flavours first appear.
    old_flavors : sequence of str, default=("chocolate", "vanilla")
        The flavours the model was trained on.
    n_stores : int, default=4
        Number of stores.
    rollout_stores : int or None, default=None
        How many stores receive the new flavours (None: all).
    n_train_days, n_serving_days : int, default=120, 28
        Length of the training history and of the serving period.
    on_unknown : {"ignore", "error"}, default="ignore"
        The deployed encoder's ``handle_unknown``: ``"error"`` gives the crashing variant.
    start : str or date-like, default="2025-04-14"
        First day of the training history.
    random_state : None, int or numpy.random.Generator, default=None
        Seed for reproducible output.

    Returns
    -------
    IncidentScenario
        ``train``, the fitted ``model``, the ``serving`` days and the ``truth``.

    Examples
    --------
    >>> scenario = make_flavor_incident(random_state=0)
    >>> scenario.truth.start_date.date(), scenario.truth.new_flavors[:2]
    (datetime.date(2025, 8, 26), ('strawberry', 'cookie dough'))
    >>> len(scenario.train), len(scenario.batch), len(scenario.truth.new_rows)
    (960, 24, 224)
    >>> sorted(scenario.batch["flavor"].unique())[:3]
    ['chocolate', 'cookie dough', 'rocky road']
    """
    new = _check_names("new_flavors", new_flavors, "flavor")
    old = _check_names("old_flavors", old_flavors, "flavor")
    overlap = sorted(set(new) & set(old))
    if overlap:
        raise ValueError(f"new_flavors must not include old flavours, got {overlap}")
    n_stores = check_positive_int("n_stores", n_stores)
    n_train_days = check_positive_int("n_train_days", n_train_days, minimum=7)
    n_serving_days = check_positive_int("n_serving_days", n_serving_days)
    incident_day = _check_day("incident_day", incident_day, n_serving_days)
    if rollout_stores is None:
        rollout_stores = n_stores
    elif (
        isinstance(rollout_stores, bool)
        or not isinstance(rollout_stores, int)
        or not 1 <= rollout_stores <= n_stores
    ):
        raise ValueError(
            f"rollout_stores must be None or an integer in [1, {n_stores}], got {rollout_stores!r}"
        )
    check_choice("on_unknown", on_unknown, ("ignore", "error"))
    first = _check_start(start)
    rng = check_random_state(random_state)

    stores = _check_names("stores", n_stores, "store")
    dates = pd.date_range(first, periods=n_train_days + n_serving_days, freq="D")
    frame, expected, _, _ = simulate_sales(dates, stores, old + new, rng)
    chosen = sorted(rng.choice(n_stores, size=rollout_stores, replace=False).tolist())
    rollout = [stores[i] for i in chosen]

    incident_date = dates[n_train_days + incident_day]
    is_new = frame["flavor"].isin(new).to_numpy()
    keep = ~is_new | ((frame["date"] >= incident_date) & frame["store"].isin(rollout)).to_numpy()
    frame, expected = frame[keep], expected[keep]
    train, serving = _split(frame, expected, dates[n_train_days])
    new_rows = serving.index[serving["flavor"].isin(new)]
    where = "all stores" if rollout_stores == n_stores else f"{rollout_stores} of {n_stores} stores"
    description = (
        f"A forecaster trained on {n_train_days} days of {', '.join(old)} serves "
        f"{n_serving_days} days. On {incident_date.date()} (serving day {incident_day}) the feed "
        f"starts carrying {', '.join(new)} in {where}: {len(new_rows)} new-flavour rows. "
        f"The encoder's handle_unknown is {on_unknown!r}."
    )
    return _finish(
        train,
        serving,
        kind="incident",
        start_day=incident_day,
        new_flavors=new,
        new_rows=new_rows,
        on_unknown=on_unknown,
        description=description,
    )


def make_gradual_drift(
    *,
    weekly_change: float = 0.08,
    drift_day: int = 0,
    flavors: Sequence[str] = ("chocolate", "vanilla"),
    n_stores: int = 4,
    n_train_days: int = 120,
    n_serving_days: int = 28,
    start: str = "2025-04-14",
    random_state: int | np.random.Generator | None = None,
) -> IncidentScenario:
    """Make the gradual-drift counterpart of the incident: same shop, no new values.

    From serving day ``drift_day`` on, demand slowly moves away from what the model learned:
    every flavour loses ``weekly_change / 2`` of its log-demand per week (a competitor opened
    down the road) and the first flavour loses ``2 x weekly_change`` per week (tastes move on).
    The feature columns look like before (same flavours, stores, prices), so a data contract sees
    nothing; only the error, once the labels arrive, creeps up week after week.
    ``weekly_change=0`` gives a stable shop.

    Parameters
    ----------
    weekly_change : float, default=0.08
        Speed of the change, in log-demand per week, in [0, 1].
    drift_day : int, default=0
        Serving day (0-based) on which the change starts.
    flavors : sequence of str, default=("chocolate", "vanilla")
        The flavours on sale, in training and serving alike.
    n_stores, n_train_days, n_serving_days, start, random_state
        As in :func:`make_flavor_incident`.

    Returns
    -------
    IncidentScenario
        With ``truth.kind == "drift"``, no new flavours and no new rows.

    Examples
    --------
    >>> scenario = make_gradual_drift(random_state=0)
    >>> scenario.truth.kind, scenario.truth.new_flavors, len(scenario.truth.new_rows)
    ('drift', (), 0)
    >>> sorted(scenario.serving["flavor"].unique()) == sorted(scenario.train["flavor"].unique())
    True
    """
    if (
        isinstance(weekly_change, bool)
        or not isinstance(weekly_change, int | float)
        or not 0 <= weekly_change <= 1
    ):
        raise ValueError(f"weekly_change must be a number in [0, 1], got {weekly_change!r}")
    names = _check_names("flavors", flavors, "flavor")
    n_stores = check_positive_int("n_stores", n_stores)
    n_train_days = check_positive_int("n_train_days", n_train_days, minimum=7)
    n_serving_days = check_positive_int("n_serving_days", n_serving_days)
    drift_day = _check_day("drift_day", drift_day, n_serving_days)
    first = _check_start(start)
    rng = check_random_state(random_state)

    stores = _check_names("stores", n_stores, "store")
    dates = pd.date_range(first, periods=n_train_days + n_serving_days, freq="D")
    weeks = np.clip(np.arange(len(dates)) - (n_train_days + drift_day), 0, None) / 7.0
    rate = np.full(len(names), weekly_change / 2)
    rate[0] = 2 * weekly_change
    multiplier = np.exp(-weeks[:, None] * rate[None, :])
    frame, expected, _, _ = simulate_sales(dates, stores, names, rng, demand_multiplier=multiplier)
    train, serving = _split(frame, expected, dates[n_train_days])
    description = (
        f"A forecaster trained on {n_train_days} days of {', '.join(names)} serves "
        f"{n_serving_days} days. From {dates[n_train_days + drift_day].date()} (serving day "
        f"{drift_day}) demand drifts down by {weekly_change:.0%} of log-demand per week "
        f"({names[0]} four times as fast); no new values appear."
    )
    return _finish(
        train,
        serving,
        kind="drift",
        start_day=drift_day,
        new_flavors=(),
        new_rows=pd.Index([], dtype="int64"),
        on_unknown="ignore",
        description=description,
    )
