"""The sales forecaster: a small scikit-learn Pipeline, the model that is deployed in the incident.

The pipeline reads the raw feature columns (:data:`FEATURES`), adds the day of week and the log
price, one-hot encodes store, flavour and weekday, scales the numbers and fits a ridge regression
on ``log1p(units_sold)``. How the encoder treats categories it never saw decides how the incident
looks: ``on_unknown="ignore"`` encodes them as all zeros (the model keeps answering, wrongly);
``on_unknown="error"`` makes ``predict`` raise (the service crashes).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from interviewlab._validation import check_choice
from interviewlab.incidents._sales import FEATURES, TARGET

__all__ = [
    "CATEGORICAL",
    "NUMERIC",
    "build_forecaster",
    "calendar_features",
    "fit_forecaster",
    "mae",
]

#: Columns the forecaster one-hot encodes (after `calendar_features`).
CATEGORICAL = ("store", "flavor", "weekday")
#: Columns the forecaster scales and uses as numbers (after `calendar_features`).
NUMERIC = ("temperature", "log_price", "promotion")


def calendar_features(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``weekday`` (0 = Monday) and ``log_price`` to a copy of the feature columns.

    Examples
    --------
    >>> frame = pd.DataFrame({"date": ["2025-04-14"], "store": ["a"], "flavor": ["vanilla"],
    ...                       "temperature": [20.0], "price": [1.0], "promotion": [0]})
    >>> calendar_features(frame)[["weekday", "log_price"]].to_dict("records")
    [{'weekday': 0, 'log_price': 0.0}]
    """
    out = frame.loc[:, list(FEATURES)].copy()
    out["weekday"] = pd.to_datetime(out["date"]).dt.dayofweek.astype("int64")
    out["log_price"] = np.log(out["price"].astype(float))
    return out


def build_forecaster(*, on_unknown: str = "ignore", alpha: float = 1.0):
    """Build the (unfitted) sales forecaster.

    Parameters
    ----------
    on_unknown : {"ignore", "error"}, default="ignore"
        The one-hot encoder's ``handle_unknown``: ``"ignore"`` answers for unseen categories as
        if they were none of the known ones; ``"error"`` raises on them.
    alpha : float, default=1.0
        Ridge regularisation strength.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Steps ``features`` (:func:`calendar_features`), ``encode`` (a ColumnTransformer holding
        the OneHotEncoder ``onehot``) and ``regress`` (ridge on ``log1p`` of the units).

    Examples
    --------
    >>> from interviewlab.incidents import make_icecream_sales
    >>> sales = make_icecream_sales(60, random_state=0).frame
    >>> model = build_forecaster().fit(sales, sales["units_sold"])
    >>> model.named_steps["encode"].named_transformers_["onehot"].handle_unknown
    'ignore'
    >>> round(mae(sales["units_sold"], model.predict(sales)), 1)
    13.5
    """
    from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
    from sklearn.linear_model import Ridge
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

    check_choice("on_unknown", on_unknown, ("ignore", "error"))
    if not isinstance(alpha, int | float) or isinstance(alpha, bool) or not alpha > 0:
        raise ValueError(f"alpha must be a number > 0, got {alpha!r}")
    encode = ColumnTransformer(
        [
            ("onehot", OneHotEncoder(handle_unknown=on_unknown), list(CATEGORICAL)),
            ("scale", StandardScaler(), list(NUMERIC)),
        ]
    )
    regress = TransformedTargetRegressor(
        regressor=Ridge(alpha=alpha), func=np.log1p, inverse_func=np.expm1, check_inverse=False
    )
    return Pipeline(
        [
            ("features", FunctionTransformer(calendar_features)),
            ("encode", encode),
            ("regress", regress),
        ]
    )


def mae(y_true, y_pred) -> float:
    """Mean absolute error as a float (NaN for no rows).

    Examples
    --------
    >>> mae([10, 20], [12, 17])
    2.5
    """
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true and y_pred must have the same shape, got {y_true.shape} and {y_pred.shape}"
        )
    if y_true.size == 0:
        return float("nan")
    return float(np.mean(np.abs(y_true - y_pred)))


def fit_forecaster(frame: pd.DataFrame, *, on_unknown: str = "ignore", alpha: float = 1.0):
    """Fit :func:`build_forecaster` on a sales frame holding the features and ``units_sold``."""
    missing = [c for c in (*FEATURES, TARGET) if c not in frame.columns]
    if missing:
        raise ValueError(f"frame is missing the column(s) {missing}")
    model = build_forecaster(on_unknown=on_unknown, alpha=alpha)
    return model.fit(frame.loc[:, list(FEATURES)], frame[TARGET].to_numpy(dtype=float))
