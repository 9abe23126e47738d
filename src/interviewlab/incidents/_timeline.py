"""Day-by-day view of a scenario: what the contract saw and how wrong the model was."""

from __future__ import annotations

import numpy as np
import pandas as pd

from interviewlab.incidents._contracts import Schema, infer_schema, validate_batch
from interviewlab.incidents._model import mae
from interviewlab.incidents._sales import FEATURES

__all__ = ["incident_timeline"]

TIMELINE_COLUMNS = (
    "day",
    "n_rows",
    "unseen_rows",
    "unseen_share",
    "blocked_rows",
    "crashed",
    "mae",
    "wape",
    "mae_known",
    "mae_new",
)


def incident_timeline(scenario, *, model=None, schema: Schema | None = None) -> pd.DataFrame:
    """One row per serving day: the contract's findings and the model's error on that day.

    Parameters
    ----------
    scenario : IncidentScenario
        From :func:`make_flavor_incident` or :func:`make_gradual_drift`.
    model : fitted estimator or None, default=None
        The model to score (default: the scenario's deployed model).
    schema : Schema or None, default=None
        The contract (default: inferred from the scenario's training features).

    Returns
    -------
    pandas.DataFrame
        Indexed by date, with the columns ``day`` (0-based), ``n_rows``, ``unseen_rows``,
        ``unseen_share``, ``blocked_rows``, ``crashed`` (the model raised on the day's batch),
        ``mae``, ``wape`` (MAE over mean sales), ``mae_known`` and ``mae_new`` (rows with only
        known values / with an unseen value). Errors are NaN where nothing was answered.

    Examples
    --------
    >>> from interviewlab.incidents import make_flavor_incident
    >>> timeline = incident_timeline(make_flavor_incident(random_state=0))
    >>> print(timeline.loc["2025-08-24":"2025-08-27", ["day", "unseen_share", "wape"]].round(2)
    ...       .reset_index().to_string(index=False))
          date  day  unseen_share  wape
    2025-08-24   12          0.00  0.07
    2025-08-25   13          0.00  0.10
    2025-08-26   14          0.67  0.40
    2025-08-27   15          0.67  0.33
    """
    model = scenario.model if model is None else model
    if schema is None:
        schema = infer_schema(scenario.train.loc[:, list(FEATURES)])
    rows = []
    for day, date in enumerate(scenario.dates):
        batch = scenario.day(day)
        report = validate_batch(batch, schema)
        unseen = np.zeros(len(batch), dtype=bool)
        for anomaly in report.of_kind("unseen_category"):
            unseen[anomaly.positions] = True
        truth = scenario.truth.units_sold.loc[batch.index].to_numpy(dtype=float)
        try:
            predicted = np.asarray(model.predict(batch), dtype=float)
            crashed = False
        except ValueError:
            predicted, crashed = np.full(len(batch), np.nan), True
        error = np.nan if crashed else mae(truth, predicted)
        rows.append(
            {
                "date": date,
                "day": day,
                "n_rows": len(batch),
                "unseen_rows": int(unseen.sum()),
                "unseen_share": float(unseen.mean()) if len(batch) else 0.0,
                "blocked_rows": int(report.blocked_mask().sum()),
                "crashed": crashed,
                "mae": error,
                "wape": error / truth.mean() if truth.mean() > 0 else np.nan,
                "mae_known": np.nan
                if crashed or not (~unseen).any()
                else mae(truth[~unseen], predicted[~unseen]),
                "mae_new": np.nan
                if crashed or not unseen.any()
                else mae(truth[unseen], predicted[unseen]),
            }
        )
    return pd.DataFrame(rows).set_index("date")
