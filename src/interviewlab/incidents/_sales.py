"""Seeded daily ice-cream sales: the data behind the overnight unseen-category incident.

The generating process (documented in :func:`make_icecream_sales`) is deliberately simple and
multiplicative, so that a log-linear model can learn it and the ground truth is known exactly:
the noise-free expected sales of every row are returned next to the noisy ones.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from interviewlab._validation import check_positive_int, check_random_state

__all__ = [
    "COLUMNS",
    "FEATURES",
    "FLAVOR_CATALOG",
    "TARGET",
    "IcecreamSales",
    "flavor_traits",
    "make_icecream_sales",
]

#: Columns of every sales frame, in order.
COLUMNS = ("date", "store", "flavor", "temperature", "price", "promotion", "units_sold")
#: The columns a forecaster may use (everything known before the day's sales).
FEATURES = ("date", "store", "flavor", "temperature", "price", "promotion")
#: What the forecaster predicts.
TARGET = "units_sold"

#: Known flavours: (relative popularity, price premium in euro over the store's base price).
#: A flavour that is not listed gets traits derived from a hash of its name (see `flavor_traits`).
FLAVOR_CATALOG: Mapping[str, tuple[float, float]] = {
    "chocolate": (1.25, 0.20),
    "vanilla": (1.00, 0.00),
    "strawberry": (0.75, 0.10),
    "cookie dough": (1.90, 0.15),
    "rum raisin": (0.35, 0.15),
    "rocky road": (1.45, 0.10),
    "pistachio": (0.55, 0.20),
    "mint chip": (1.10, 0.05),
    "salted caramel": (1.60, 0.15),
    "mango sorbet": (0.65, 0.05),
    "lemon sorbet": (0.45, 0.00),
    "stracciatella": (0.90, 0.10),
    "coffee": (0.70, 0.05),
    "hazelnut": (0.80, 0.15),
}

# Sales multiplier by day of week, Monday first: weekends sell more.
WEEKDAY_EFFECT = np.array([0.80, 0.80, 0.85, 0.90, 1.10, 1.45, 1.35])
TEMPERATURE_EFFECT = 0.07  # log-sales per degree Celsius
PROMOTION_DISCOUNT = 0.20  # a promotion takes 20% off the price
PRICE_ELASTICITY = -1.6  # log-sales per log-price, around the regular price
PROMOTION_RATE = 0.10  # share of rows on promotion
NOISE_SHAPE = 80.0  # gamma shape of the day-to-day demand noise (cv = 1 / sqrt(80), about 11%)


def flavor_traits(flavor: str) -> tuple[float, float]:
    """Return ``(popularity, price_premium)`` of a flavour.

    Catalogue flavours (:data:`FLAVOR_CATALOG`) have fixed traits; any other name gets a
    popularity in [0.3, 2.0) and a premium in [0, 0.2) derived from a CRC-32 hash of the name,
    so the same name always sells the same way, whatever else is in the data.

    Examples
    --------
    >>> flavor_traits("vanilla")
    (1.0, 0.0)
    >>> flavor_traits("durian") == flavor_traits("durian")
    True
    """
    if not isinstance(flavor, str) or not flavor:
        raise ValueError(f"a flavor must be a non-empty string, got {flavor!r}")
    if flavor in FLAVOR_CATALOG:
        popularity, premium = FLAVOR_CATALOG[flavor]
        return float(popularity), float(premium)
    digest = zlib.crc32(flavor.encode("utf-8"))
    popularity = 0.3 + 1.7 * ((digest & 0xFFFF) / 0x10000)
    premium = 0.2 * ((digest >> 16) / 0x10000)
    return round(popularity, 3), round(premium, 2)


@dataclass(frozen=True)
class IcecreamSales:
    """Daily ice-cream sales and the process that made them.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per (date, store, flavor) with the columns of :data:`COLUMNS`.
    expected_units : numpy.ndarray
        The noise-free expected sales of every row (ground truth of the generating process).
    store_level : dict
        Expected units of a popularity-1 flavour on an average weekday at 18 °C, per store.
    flavor_popularity : dict
        Relative popularity of each flavour.
    description : str
        How the data were made.
    """

    frame: pd.DataFrame
    expected_units: np.ndarray = field(repr=False)
    store_level: dict
    flavor_popularity: dict
    description: str


def _check_names(name: str, value: object, default_prefix: str) -> tuple[str, ...]:
    """Turn an int (how many) or a sequence of names into a tuple of unique names."""
    if isinstance(value, int) and not isinstance(value, bool):
        count = check_positive_int(name, value)
        return tuple(f"{default_prefix}_{i:02d}" for i in range(1, count + 1))
    if isinstance(value, str) or not isinstance(value, Sequence) or len(value) == 0:
        raise ValueError(
            f"{name} must be a positive int or a non-empty list of names, got {value!r}"
        )
    names = tuple(value)
    if not all(isinstance(v, str) and v for v in names):
        raise ValueError(f"{name} must hold non-empty strings, got {value!r}")
    if len(set(names)) != len(names):
        raise ValueError(f"{name} must not repeat a name, got {value!r}")
    return names


def _check_start(start: object) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(start)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"start must be a date such as '2025-04-14', got {start!r}") from exc
    if stamp is pd.NaT or pd.isna(stamp):
        raise ValueError(f"start must be a date such as '2025-04-14', got {start!r}")
    return stamp.normalize()


def simulate_sales(
    dates: pd.DatetimeIndex,
    stores: tuple[str, ...],
    flavors: tuple[str, ...],
    rng: np.random.Generator,
    *,
    demand_multiplier=None,
) -> tuple[pd.DataFrame, np.ndarray, dict, dict]:
    """Simulate sales for every (date, store, flavor); the engine under the ``make_*`` functions.

    ``demand_multiplier(day_index, flavor_index)`` may return an array of extra multipliers on the
    expected sales (days x flavours) to inject a gradual change; None means no change.
    """
    n_days, n_stores, n_flavors = len(dates), len(stores), len(flavors)
    store_level = rng.uniform(60.0, 140.0, size=n_stores).round(1)
    store_price = rng.uniform(2.9, 3.4, size=n_stores).round(2)
    store_warmth = rng.uniform(-1.5, 1.5, size=n_stores)

    day_of_year = dates.dayofyear.to_numpy()
    seasonal = 15.0 + 9.0 * np.sin(2 * np.pi * (day_of_year - 105) / 365.25)
    weather = np.empty(n_days)
    shocks = rng.normal(0.0, 2.5, size=n_days)
    weather[0] = shocks[0] / np.sqrt(1 - 0.7**2)
    for day in range(1, n_days):
        weather[day] = 0.7 * weather[day - 1] + shocks[day]
    local = rng.normal(0.0, 0.5, size=(n_days, n_stores))
    temperature = (seasonal + weather)[:, None] + store_warmth[None, :] + local  # days x stores

    traits = [flavor_traits(f) for f in flavors]
    popularity = np.array([p for p, _ in traits])
    premium = np.array([q for _, q in traits])
    shape = (n_days, n_stores, n_flavors)
    promotion = (rng.random(shape) < PROMOTION_RATE).astype(np.int64)
    regular = store_price[None, :, None] + premium[None, None, :]
    price = np.round(regular * np.where(promotion == 1, 1 - PROMOTION_DISCOUNT, 1.0) / 0.05) * 0.05

    weekday = WEEKDAY_EFFECT[dates.dayofweek.to_numpy()]
    expected = (
        store_level[None, :, None]
        * popularity[None, None, :]
        * np.exp(TEMPERATURE_EFFECT * (temperature - 18.0))[:, :, None]
        * weekday[:, None, None]
        * (price / regular) ** PRICE_ELASTICITY
    )
    if demand_multiplier is not None:
        expected = expected * demand_multiplier[:, None, :]
    demand = rng.gamma(NOISE_SHAPE, expected / NOISE_SHAPE)
    units = rng.poisson(demand)

    frame = pd.DataFrame(
        {
            "date": np.repeat(dates.to_numpy(), n_stores * n_flavors),
            "store": np.tile(np.repeat(np.array(stores, dtype=object), n_flavors), n_days),
            "flavor": np.tile(np.array(flavors, dtype=object), n_days * n_stores),
            "temperature": np.repeat(temperature.round(1).ravel(), n_flavors),
            "price": price.round(2).ravel(),
            "promotion": promotion.ravel(),
            "units_sold": units.ravel().astype(np.int64),
        }
    )
    levels = {s: float(v) for s, v in zip(stores, store_level, strict=True)}
    popularities = {f: float(p) for f, p in zip(flavors, popularity, strict=True)}
    return frame, expected.ravel(), levels, popularities


def make_icecream_sales(
    n_days: int = 120,
    *,
    stores: int | Sequence[str] = 4,
    flavors: Sequence[str] = ("chocolate", "vanilla"),
    start: str = "2025-04-14",
    random_state: int | np.random.Generator | None = None,
) -> IcecreamSales:
    """Make realistic daily ice-cream sales per store and flavour.

    The generating process, one row per (date, store, flavor):

    - **temperature** (°C, 0.1 precision): a yearly sine (15 ± 9 °C, warmest mid-July) plus a
      weather anomaly shared by all stores (AR(1), coefficient 0.7, shocks of 2.5 °C), a fixed
      offset per store (±1.5 °C) and local noise (0.5 °C);
    - **price** (euro, 0.05 steps): the store's base price (2.90-3.40) plus the flavour's premium
      (0-0.20), with 20% off on **promotion** days (each row is on promotion with probability 0.1);
    - **units_sold**: expected sales = store level (60-140) x flavour popularity x
      ``exp(0.07 x (temperature - 18))`` x weekday effect (Monday 0.8 ... Saturday 1.45) x
      ``(price / regular price) ** -1.6``; the actual sales are Poisson around a gamma-distributed
      demand with that mean (about 11% day-to-day noise).

    Parameters
    ----------
    n_days : int, default=120
        Number of consecutive days, at least 1.
    stores : int or sequence of str, default=4
        How many stores (named ``store_01``, ...), or their names.
    flavors : sequence of str, default=("chocolate", "vanilla")
        Flavours on sale in every store every day. Names in :data:`FLAVOR_CATALOG` have fixed
        traits; other names get traits from a hash of the name (:func:`flavor_traits`).
    start : str or date-like, default="2025-04-14"
        The first day.
    random_state : None, int or numpy.random.Generator, default=None
        Seed for reproducible output.

    Returns
    -------
    IcecreamSales
        ``frame`` (the columns of :data:`COLUMNS`, sorted by date, store, flavour), the noise-free
        ``expected_units``, ``store_level``, ``flavor_popularity`` and a description.

    Examples
    --------
    >>> sales = make_icecream_sales(3, stores=2, random_state=0)
    >>> sales.frame.shape
    (12, 7)
    >>> print(sales.frame.head(4).to_string(index=False))
          date    store    flavor  temperature  price  promotion  units_sold
    2025-04-14 store_01 chocolate         19.7    3.1          0         105
    2025-04-14 store_01   vanilla         19.7    2.9          0          82
    2025-04-14 store_02 chocolate         20.3    3.1          0          82
    2025-04-14 store_02   vanilla         20.3    2.9          0          90
    >>> make_icecream_sales(0)
    Traceback (most recent call last):
    ...
    ValueError: n_days must be an integer >= 1, got 0
    """
    n_days = check_positive_int("n_days", n_days)
    store_names = _check_names("stores", stores, "store")
    flavor_names = _check_names("flavors", flavors, "flavor")
    first = _check_start(start)
    rng = check_random_state(random_state)

    dates = pd.date_range(first, periods=n_days, freq="D")
    frame, expected, levels, popularities = simulate_sales(dates, store_names, flavor_names, rng)
    description = (
        f"{n_days} days of ice-cream sales from {dates[0].date()} in {len(store_names)} stores "
        f"for {len(flavor_names)} flavours ({', '.join(flavor_names)}): {len(frame)} rows. "
        "Sales rise with temperature, at weekends and on promotion."
    )
    return IcecreamSales(
        frame=frame,
        expected_units=expected,
        store_level=levels,
        flavor_popularity=popularities,
        description=description,
    )
