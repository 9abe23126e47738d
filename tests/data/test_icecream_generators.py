"""Contract and golden tests for the topic-3 generators (every ``make_*`` in incidents)."""

from __future__ import annotations

import dataclasses
import inspect

import numpy as np
import pandas as pd
import pytest

import interviewlab.incidents as incidents
from interviewlab.incidents import (
    COLUMNS,
    FEATURES,
    FLAVOR_CATALOG,
    make_flavor_incident,
    make_gradual_drift,
    make_icecream_sales,
)

# Small, fast arguments for each generator; every public make_* must be listed here.
SMALL = {
    "make_icecream_sales": {"n_days": 10, "stores": 2},
    "make_flavor_incident": {"n_train_days": 21, "n_serving_days": 6, "incident_day": 2},
    "make_gradual_drift": {"n_train_days": 21, "n_serving_days": 6},
}
DATA_GENERATORS = sorted(name for name in incidents.__all__ if name.startswith("make_"))


def _frames(result) -> dict[str, pd.DataFrame]:
    """Every DataFrame / Series / array a result holds, by field name."""
    out = {}
    for f in dataclasses.fields(result):
        value = getattr(result, f.name)
        if isinstance(value, pd.DataFrame | pd.Series | np.ndarray):
            out[f.name] = value
        elif dataclasses.is_dataclass(value):
            for g in dataclasses.fields(value):
                inner = getattr(value, g.name)
                if isinstance(inner, pd.DataFrame | pd.Series | np.ndarray | pd.Index):
                    out[f"{f.name}.{g.name}"] = inner
    return out


def _equal(a, b) -> bool:
    if isinstance(a, pd.DataFrame | pd.Series | pd.Index):
        return a.equals(b)
    return np.array_equal(a, b)


def test_every_generator_is_covered():
    """Every public make_* generator of the package is in this contract suite."""
    assert set(DATA_GENERATORS) == set(SMALL)


@pytest.mark.parametrize("name", DATA_GENERATORS)
def test_random_state_is_the_last_keyword_only_argument(name):
    """Generators take random_state last, keyword-only, defaulting to None."""
    params = list(inspect.signature(getattr(incidents, name)).parameters.values())
    assert params[-1].name == "random_state"
    assert params[-1].kind is inspect.Parameter.KEYWORD_ONLY and params[-1].default is None


@pytest.mark.parametrize("name", DATA_GENERATORS)
def test_same_seed_same_output(name):
    """The same seed gives identical data, truth and description."""
    make = getattr(incidents, name)
    a, b = make(**SMALL[name], random_state=42), make(**SMALL[name], random_state=42)
    assert a.description == b.description
    fa, fb = _frames(a), _frames(b)
    assert fa.keys() == fb.keys() and fa
    for key in fa:
        assert _equal(fa[key], fb[key]), key


@pytest.mark.parametrize("name", DATA_GENERATORS)
def test_different_seed_different_output(name):
    """Different seeds give different sales."""
    make = getattr(incidents, name)
    a, b = make(**SMALL[name], random_state=1), make(**SMALL[name], random_state=2)
    sales = [k for k in _frames(a) if k in ("frame", "train", "truth.units_sold")]
    assert sales
    assert any(not _equal(_frames(a)[k], _frames(b)[k]) for k in sales)


@pytest.mark.parametrize("name", DATA_GENERATORS)
def test_generator_accepts_a_numpy_generator(name):
    """A numpy Generator works as random_state and is consumed, not copied."""
    make = getattr(incidents, name)
    rng = np.random.default_rng(0)
    first, second = make(**SMALL[name], random_state=rng), make(**SMALL[name], random_state=rng)
    key = next(k for k in _frames(first) if k in ("frame", "train"))
    assert not _equal(_frames(first)[key], _frames(second)[key])


@pytest.mark.parametrize("name", DATA_GENERATORS)
def test_documented_fields_are_present(name):
    """Results are frozen dataclasses whose fields are all documented in the class docstring."""
    result = getattr(incidents, name)(**SMALL[name], random_state=0)
    assert dataclasses.is_dataclass(result)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.description = "changed"
    doc = type(result).__doc__
    for f in dataclasses.fields(result):
        assert f"{f.name} :" in doc, f"{type(result).__name__}.{f.name} is not documented"
    assert isinstance(result.description, str) and result.description


# --------------------------------------------------------------------------- invariants


def test_sales_frame_shape_and_invariants():
    """One row per date x store x flavour, the documented columns, plausible values."""
    sales = make_icecream_sales(30, stores=3, flavors=("vanilla", "pistachio"), random_state=8)
    frame = sales.frame
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == 30 * 3 * 2
    assert not frame.duplicated(["date", "store", "flavor"]).any()
    assert frame.isna().sum().sum() == 0
    assert (frame["units_sold"] >= 0).all() and frame["units_sold"].dtype == np.int64
    assert set(frame["promotion"].unique()) <= {0, 1}
    assert np.allclose(frame["price"] * 20, (frame["price"] * 20).round())  # 5-cent steps
    regular = frame[frame["promotion"] == 0]
    on_promo = frame[frame["promotion"] == 1]
    assert on_promo["price"].mean() < regular["price"].mean()
    assert frame["temperature"].between(-10, 45).all()
    assert sales.expected_units.shape == (len(frame),) and (sales.expected_units > 0).all()


def test_sales_follow_the_documented_effects():
    """More sales when warmer, at weekends and for more popular flavours."""
    frame = make_icecream_sales(
        365, stores=2, flavors=("vanilla", "cookie dough"), random_state=9
    ).frame
    warm = frame["temperature"] > frame["temperature"].median()
    assert frame.loc[warm, "units_sold"].mean() > 1.3 * frame.loc[~warm, "units_sold"].mean()
    weekend = frame["date"].dt.dayofweek >= 5
    assert frame.loc[weekend, "units_sold"].mean() > 1.3 * frame.loc[~weekend, "units_sold"].mean()
    by_flavor = frame.groupby("flavor")["units_sold"].mean()
    ratio = FLAVOR_CATALOG["cookie dough"][0] / FLAVOR_CATALOG["vanilla"][0]
    assert by_flavor["cookie dough"] / by_flavor["vanilla"] == pytest.approx(ratio, rel=0.1)


def test_incident_train_and_serving_invariants():
    """Training holds only old flavours; new flavours appear exactly from the incident day."""
    s = make_flavor_incident(incident_day=4, random_state=3)
    assert set(s.train["flavor"]) == {"chocolate", "vanilla"}
    assert s.train["date"].max() < s.serving["date"].min()
    assert s.serving.index.min() == len(s.train)
    is_new = s.serving["flavor"].isin(s.truth.new_flavors)
    assert s.serving.index[is_new].equals(s.truth.new_rows)
    assert s.serving.loc[is_new, "date"].min() == s.truth.start_date == s.dates[4]
    assert s.truth.units_sold.index.equals(s.serving.index)
    assert list(s.serving.columns) == list(FEATURES)


# --------------------------------------------------------------------------- golden values


def test_golden_incident_default_seed():
    """Seed 0: the incident starts on 2025-08-26 (serving day 14) with 224 new rows."""
    s = make_flavor_incident(random_state=0)
    assert s.truth.kind == "incident"
    assert s.truth.start_day == 14
    assert s.truth.start_date == pd.Timestamp("2025-08-26")
    assert len(s.truth.new_rows) == 224
    assert s.truth.new_rows[:8].tolist() == [1074, 1075, 1076, 1077, 1080, 1081, 1082, 1083]
    assert s.truth.units_sold.loc[[1074, 1075, 1076, 1077]].tolist() == [64, 189, 36, 179]
    assert s.serving.loc[[1074, 1075, 1076, 1077], "flavor"].tolist() == [
        "strawberry",
        "cookie dough",
        "rum raisin",
        "rocky road",
    ]


def test_golden_partial_rollout():
    """Seed 7, one store, one flavour: exactly rows 986, 995 and 1004 carry pistachio."""
    s = make_flavor_incident(
        new_flavors=("pistachio",),
        rollout_stores=1,
        n_serving_days=6,
        incident_day=3,
        random_state=7,
    )
    assert s.truth.start_date == pd.Timestamp("2025-08-15")
    assert s.truth.new_rows.tolist() == [986, 995, 1004]
    assert set(s.serving.loc[s.truth.new_rows, "store"]) == {"store_01"}
    assert s.truth.units_sold.loc[s.truth.new_rows].tolist() == [136, 137, 163]


def test_golden_drift_default_seed():
    """Seed 0 drift: starts on the first serving day, 2025-08-12, with no new rows."""
    s = make_gradual_drift(random_state=0)
    assert (s.truth.kind, s.truth.start_day) == ("drift", 0)
    assert s.truth.start_date == pd.Timestamp("2025-08-12")
    assert s.truth.new_rows.empty and s.truth.new_flavors == ()
    assert len(s.serving) == 28 * 8
