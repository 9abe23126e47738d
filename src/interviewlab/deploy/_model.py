"""The small course model the reference service serves: daily ice-cream sales.

The model is trained here, on synthetic days drawn from a seeded generator, so the service
never depends on a file on disk (and never unpickles anything). Training takes a few
milliseconds; :func:`default_model` keeps one fitted copy per process.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from interviewlab._validation import check_positive_int, check_random_state

#: Flavours the model was trained on. Anything else is rejected by the service's contract.
FLAVORS = ("chocolate", "vanilla", "strawberry")
#: The request fields, in the order the model reads them.
FEATURES = ("flavor", "temperature", "price", "promotion")
#: What the model predicts: units sold in one store on one day.
TARGET = "units_sold"
#: Popularity of each flavour in the synthetic world the model is trained on.
_POPULARITY = {"chocolate": 1.25, "vanilla": 1.0, "strawberry": 0.75}


@dataclass(frozen=True)
class SalesModel:
    """A fitted ridge regression of daily units sold on flavour, temperature, price, promotion.

    Attributes
    ----------
    estimator : sklearn.linear_model.Ridge
        The fitted estimator. Its inputs are built by :meth:`design_matrix`.
    version : str
        A stable name for this model, reported by the service's ``/version`` endpoint.
    n_train : int
        Number of synthetic days it was trained on.
    holdout_mae : float
        Mean absolute error (units) on a held-out quarter of the synthetic days.
    flavors : tuple of str
        The flavours it knows.
    """

    estimator: object = field(repr=False)
    version: str
    n_train: int
    holdout_mae: float
    flavors: tuple[str, ...] = FLAVORS

    @staticmethod
    def design_matrix(rows: Sequence[Mapping[str, object]]) -> np.ndarray:
        """Turn request rows into the model's numeric inputs.

        Columns: temperature, price, promotion, one indicator per flavour, and temperature
        times each indicator (each flavour reacts to heat in its own way). An unknown
        flavour raises ``KeyError``: callers validate rows first.
        """
        matrix = np.zeros((len(rows), 3 + 2 * len(FLAVORS)))
        for i, row in enumerate(rows):
            temperature = float(row["temperature"])
            position = FLAVORS.index(row["flavor"]) if row["flavor"] in FLAVORS else None
            if position is None:
                raise KeyError(row["flavor"])
            matrix[i, 0] = temperature
            matrix[i, 1] = float(row["price"])
            matrix[i, 2] = 1.0 if row["promotion"] else 0.0
            matrix[i, 3 + position] = 1.0
            matrix[i, 3 + len(FLAVORS) + position] = temperature
        return matrix

    def predict(self, rows: Sequence[Mapping[str, object]]) -> np.ndarray:
        """Predicted units sold for each row, never negative.

        Examples
        --------
        >>> model = make_sales_model(random_state=0)
        >>> hot = {"flavor": "vanilla", "temperature": 30.0, "price": 2.5, "promotion": False}
        >>> cold = dict(hot, temperature=10.0)
        >>> bool(model.predict([hot])[0] > model.predict([cold])[0])
        True
        """
        if len(rows) == 0:
            return np.zeros(0)
        return np.maximum(self.estimator.predict(self.design_matrix(rows)), 0.0)


def make_sales_days(n_days: int = 400, *, random_state=None) -> tuple[list[dict], np.ndarray]:
    """Synthetic store-days: request rows and the units sold on each.

    Sales grow with temperature (faster for popular flavours), fall with price and jump on
    promotion days; Poisson noise on top.

    Parameters
    ----------
    n_days : int, default=400
        Number of store-days.
    random_state : None, int or numpy.random.Generator, default=None
        Seed for reproducible output.

    Returns
    -------
    rows : list of dict
        One dict per day with the keys of :data:`FEATURES`.
    units_sold : numpy.ndarray of int
        What was sold.

    Examples
    --------
    >>> rows, sold = make_sales_days(3, random_state=0)
    >>> rows[0]
    {'flavor': 'strawberry', 'temperature': -3.2, 'price': 4.24, 'promotion': False}
    >>> sold.tolist()
    [0, 14, 110]
    """
    n_days = check_positive_int("n_days", n_days)
    rng = check_random_state(random_state)
    flavors = rng.choice(len(FLAVORS), size=n_days)
    temperature = np.round(rng.uniform(-5.0, 38.0, size=n_days), 1)
    price = np.round(rng.uniform(1.5, 4.5, size=n_days), 2)
    promotion = rng.random(n_days) < 0.2
    popularity = np.array([_POPULARITY[FLAVORS[f]] for f in flavors])
    mean = (
        40.0 + popularity * 3.2 * np.clip(temperature, 0.0, None) - 9.0 * price + 18.0 * promotion
    )
    units = rng.poisson(np.clip(mean, 1.0, None))
    rows = [
        {
            "flavor": FLAVORS[f],
            "temperature": float(t),
            "price": float(p),
            "promotion": bool(q),
        }
        for f, t, p, q in zip(flavors, temperature, price, promotion, strict=True)
    ]
    return rows, units.astype(int)


def make_sales_model(n_days: int = 400, *, alpha: float = 1.0, random_state=None) -> SalesModel:
    """Train the course's sales model on seeded synthetic days.

    Parameters
    ----------
    n_days : int, default=400
        Synthetic store-days to draw; three quarters train the model, one quarter measures it.
    alpha : float, default=1.0
        Ridge penalty.
    random_state : None, int or numpy.random.Generator, default=None
        Seed for the synthetic days (the fit itself is deterministic).

    Returns
    -------
    SalesModel

    Examples
    --------
    >>> model = make_sales_model(random_state=0)
    >>> model.version, model.n_train
    ('icecream-ridge-1.0+seed.0', 300)
    >>> round(model.holdout_mae, 1)
    6.9
    """
    from sklearn.linear_model import Ridge

    n_days = check_positive_int("n_days", n_days, minimum=8)
    if isinstance(alpha, bool) or not isinstance(alpha, int | float) or not alpha >= 0:
        raise ValueError(f"alpha must be a number >= 0, got {alpha!r}")
    seed = random_state if isinstance(random_state, int) else None
    rows, units = make_sales_days(n_days, random_state=random_state)
    n_train = (3 * n_days) // 4
    matrix = SalesModel.design_matrix(rows)
    estimator = Ridge(alpha=float(alpha)).fit(matrix[:n_train], units[:n_train])
    held_out = np.maximum(estimator.predict(matrix[n_train:]), 0.0)
    mae = float(np.mean(np.abs(held_out - units[n_train:])))
    version = "icecream-ridge-1.0" + (f"+seed.{seed}" if seed is not None else "+unseeded")
    return SalesModel(estimator, version, n_train, mae)


@functools.lru_cache(maxsize=1)
def default_model() -> SalesModel:
    """The model the reference service serves unless told otherwise (seed 0, cached)."""
    return make_sales_model(random_state=0)
