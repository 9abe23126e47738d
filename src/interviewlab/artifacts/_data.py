"""``make_churn_data``: a small seeded churn table to train, package and deploy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from interviewlab._validation import check_positive_int, check_random_state

FEATURES = ("tenure_months", "monthly_charges", "support_calls", "contract_yearly", "senior")


@dataclass(frozen=True)
class ChurnData:
    """Customers, their features and whether they churned.

    Attributes
    ----------
    X : pandas.DataFrame
        Columns ``tenure_months`` (int), ``monthly_charges`` (float), ``support_calls`` (int),
        ``contract_yearly`` (0/1), ``senior`` (0/1).
    y : pandas.Series
        ``churned``: 1 if the customer left.
    coefficients : dict of str to float
        The true log-odds effect of each feature (the ground truth).
    description : str
    """

    X: object
    y: object
    coefficients: dict
    description: str


def make_churn_data(n_customers: int = 1000, *, random_state=None) -> ChurnData:
    """Make a churn table: short tenure, high charges and support calls drive churn.

    Parameters
    ----------
    n_customers : int, default=1000
        Number of rows, at least 20.
    random_state : None, int or numpy.random.Generator, default=None

    Returns
    -------
    ChurnData

    Examples
    --------
    >>> data = make_churn_data(1000, random_state=0)
    >>> data.X.shape, int(data.y.sum()), data.X["tenure_months"].tolist()[:3]
    ((1000, 5), 162, [62, 46, 37])
    """
    import pandas as pd

    n_customers = check_positive_int("n_customers", n_customers, minimum=20)
    rng = check_random_state(random_state)
    tenure = rng.integers(1, 73, n_customers)
    charges = np.round(rng.normal(65, 20, n_customers).clip(18, 130), 2)
    calls = rng.poisson(1.2, n_customers)
    yearly = (rng.random(n_customers) < 0.45).astype(int)
    senior = (rng.random(n_customers) < 0.16).astype(int)
    coefficients = {
        "intercept": -0.6,
        "tenure_months": -0.045,
        "monthly_charges": 0.018,
        "support_calls": 0.45,
        "contract_yearly": -1.1,
        "senior": 0.35,
    }
    logit = (
        coefficients["intercept"]
        + coefficients["tenure_months"] * tenure
        + coefficients["monthly_charges"] * (charges - 65)
        + coefficients["support_calls"] * calls
        + coefficients["contract_yearly"] * yearly
        + coefficients["senior"] * senior
    )
    churned = (rng.random(n_customers) < 1 / (1 + np.exp(-logit))).astype(int)
    X = pd.DataFrame(
        {
            "tenure_months": tenure,
            "monthly_charges": charges,
            "support_calls": calls,
            "contract_yearly": yearly,
            "senior": senior,
        }
    )
    y = pd.Series(churned, name="churned")
    description = (
        f"{n_customers} customers, {churned.mean():.0%} churned; churn rises with "
        "support calls and monthly charges and falls with tenure and yearly contracts."
    )
    return ChurnData(X, y, coefficients, description)
