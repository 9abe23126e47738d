"""Unit tests for the drift statistics of interviewlab.drift (PSI and friends)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy import stats
from scipy.spatial import distance

from interviewlab.drift import (
    ReferenceProfile,
    StatTestResult,
    chi_square,
    jensen_shannon,
    ks,
    psi,
    psi_columns,
    wasserstein,
)


# ------------------------------------------------------------------------ reference formulae
def _filled(shares):
    """Evidently's rule, written out: empty bins get m/1e6 if m <= 1e-4 else 1e-4."""
    smallest = min(s for s in shares if s > 0)
    fill = smallest / 10**6 if smallest <= 0.0001 else 0.0001
    return [s if s > 0 else fill for s in shares]


def evidently_psi_by_hand(reference, current, categorical=False):
    """A plain, independent implementation of the documented Evidently 0.7 PSI."""
    ref = pd.Series(reference).dropna()
    cur = pd.Series(current).dropna()
    if not categorical and ref.nunique() > 20:
        edges = np.histogram_bin_edges(
            np.concatenate([ref.to_numpy(), cur.to_numpy()]), bins="sturges"
        )
        ref_shares = list(np.histogram(ref, edges)[0] / len(ref))
        cur_shares = list(np.histogram(cur, edges)[0] / len(cur))
    else:
        keys = sorted(set(ref) | set(cur), key=str)
        ref_shares = [int((ref == k).sum()) / len(ref) for k in keys]
        cur_shares = [int((cur == k).sum()) / len(cur) for k in keys]
    ref_shares, cur_shares = _filled(ref_shares), _filled(cur_shares)
    return sum((r - c) * math.log(r / c) for r, c in zip(ref_shares, cur_shares, strict=True))


def quantile_psi_by_hand(reference, current, bins=10):
    """Deciles of the reference as interior edges, open outer bins, Evidently's fill rule."""
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    inner = sorted(set(np.quantile(reference, [k / bins for k in range(1, bins)])))
    edges = [-np.inf, *inner, np.inf]
    ref_shares, cur_shares = [], []
    for lo, hi in itertools.pairwise(edges):
        ref_shares.append(float(np.mean((reference >= lo) & (reference < hi))))
        cur_shares.append(float(np.mean((current >= lo) & (current < hi))))
    ref_shares, cur_shares = _filled(ref_shares), _filled(cur_shares)
    return sum((r - c) * math.log(r / c) for r, c in zip(ref_shares, cur_shares, strict=True))


rng = np.random.default_rng(20261128)
EVIDENTLY_CASES = {
    "normal shift": (rng.normal(0, 1, 3000), rng.normal(0.4, 1.2, 2000), False),
    "heavy tails": (rng.standard_t(2, 1500), rng.standard_t(2, 900) + 0.3, False),
    "outlier": (rng.normal(0, 1, 1000), np.append(rng.normal(0, 1, 999), 1e6), False),
    "tiny shares": (rng.normal(0, 1, 30000), rng.normal(3, 1, 50), False),
    "integers <= 20 unique": (rng.integers(0, 12, 800), rng.integers(2, 15, 600), False),
    "integers > 20 unique": (rng.integers(0, 40, 800), rng.integers(5, 45, 600), False),
    "categories": (
        rng.choice(["a", "b", "c"], 500, p=[0.6, 0.3, 0.1]),
        rng.choice(["a", "b", "d"], 400, p=[0.2, 0.5, 0.3]),
        True,
    ),
    "with NaN": (
        np.where(rng.random(700) < 0.1, np.nan, rng.normal(0, 1, 700)),
        np.where(rng.random(600) < 0.2, np.nan, rng.normal(0.2, 1, 600)),
        False,
    ),
}


# ------------------------------------------------------------------------ PSI, exact forms
@pytest.mark.parametrize("case", list(EVIDENTLY_CASES))
def test_evidently_binning_matches_documented_formula(case):
    """binning='evidently' equals the documented Evidently 0.7 formula to 1e-12."""
    reference, current, categorical = EVIDENTLY_CASES[case]
    got = psi(reference, current, binning="evidently")
    want = evidently_psi_by_hand(reference, current, categorical)
    assert abs(got - want) <= 1e-12 * max(1.0, abs(want)), (got, want)


@pytest.mark.parametrize("case", ["normal shift", "heavy tails", "outlier", "with NaN"])
def test_quantile_binning_matches_documented_formula(case):
    """binning='quantile' equals reference-decile bins with open ends, to 1e-12."""
    reference, current, _ = EVIDENTLY_CASES[case]
    ref = reference[~np.isnan(reference)]
    cur = current[~np.isnan(current)]
    got = psi(reference, current)
    want = quantile_psi_by_hand(ref, cur)
    assert abs(got - want) <= 1e-12 * max(1.0, abs(want)), (got, want)


def test_tiny_share_fill_branch_is_used():
    """When the smallest share is <= 1e-4, empty bins get m / 1e6, not 1e-4."""
    reference, current, _ = EVIDENTLY_CASES["tiny shares"]
    edges = np.histogram_bin_edges(np.concatenate([reference, current]), bins="sturges")
    shares = np.histogram(reference, edges)[0] / reference.size
    assert 0 < shares[shares > 0].min() <= 1e-4 and (shares == 0).any()


def test_psi_known_value_for_categories():
    """PSI of two category mixes equals the formula computed on paper."""
    value = psi(["a"] * 5 + ["b"] * 5, ["a"] * 2 + ["b"] * 8)
    want = (0.5 - 0.2) * math.log(0.5 / 0.2) + (0.5 - 0.8) * math.log(0.5 / 0.8)
    assert value == pytest.approx(want, abs=1e-15)


def test_psi_identical_samples_is_zero():
    """PSI of a sample against itself is exactly 0 in both binnings."""
    x = np.random.default_rng(1).normal(size=500)
    assert psi(x, x) == 0.0
    assert psi(x, x, binning="evidently") == 0.0


def test_psi_grows_with_the_shift():
    """A bigger mean shift gives a bigger PSI (quantile form)."""
    gen = np.random.default_rng(2)
    ref = gen.normal(size=5000)
    values = [psi(ref, gen.normal(shift, 1, 5000)) for shift in (0.0, 0.25, 0.5, 1.0)]
    assert values == sorted(values)
    assert values[0] < 0.01 < 0.1 < values[2] and values[3] > 0.25


def test_psi_bins_parameter_changes_quantile_bins():
    """bins sets the number of reference quantile bins."""
    gen = np.random.default_rng(3)
    ref, cur = gen.normal(size=2000), gen.normal(0.3, 1, 2000)
    assert psi(ref, cur, bins=5) == pytest.approx(quantile_psi_by_hand(ref, cur, 5), abs=1e-12)
    assert psi(ref, cur, bins=5) != psi(ref, cur, bins=20)


def test_psi_current_outside_reference_range_lands_in_outer_bins():
    """Current values beyond the reference range count (open outer bins), raising PSI."""
    ref = np.linspace(0, 1, 1000)
    cur = np.full(100, 5.0)
    assert psi(ref, cur) > 5


# ------------------------------------------------------------------------ documented pitfalls
def test_pitfall_one_outlier_collapses_equal_width_bins():
    """One extreme value flattens the Evidently (equal-width) PSI; quantile PSI still sees it."""
    gen = np.random.default_rng(4)
    ref = gen.normal(0, 1, 2000)
    cur = gen.normal(1.0, 1, 2000)
    assert psi(ref, cur, binning="evidently") > 0.5
    cur_outlier = np.append(cur, 1e6)
    assert psi(ref, cur_outlier, binning="evidently") < 0.05
    assert psi(ref, cur_outlier) > 0.5


def test_pitfall_new_category_at_one_percent_barely_moves_psi():
    """A category never seen before on 1% of rows gives PSI below 0.1."""
    ref = ["vanilla"] * 500 + ["chocolate"] * 500
    cur = ["vanilla"] * 495 + ["chocolate"] * 495 + ["strawberry"] * 10
    value = psi(ref, cur)
    assert 0.0 < value < 0.1
    assert value == pytest.approx(evidently_psi_by_hand(ref, cur, True), abs=1e-12)


# ------------------------------------------------------------------------ missing values
def test_nan_and_inf_are_dropped_with_omit():
    """nan_policy='omit' drops NaN and ±inf from each side before binning."""
    gen = np.random.default_rng(5)
    ref, cur = gen.normal(size=400), gen.normal(0.5, 1, 300)
    dirty = np.concatenate([cur, [np.nan, np.inf, -np.inf]])
    assert psi(ref, dirty) == psi(ref, cur)
    assert psi(ref, dirty, binning="evidently") == psi(ref, cur, binning="evidently")


def test_nan_policy_raise_refuses_missing_values():
    """nan_policy='raise' raises a ValueError naming the side and the count."""
    with pytest.raises(ValueError, match=r"current holds 2 missing"):
        psi([1.0, 2.0, 3.0], [1.0, np.nan, np.inf], nan_policy="raise")


def test_none_in_categories_is_missing():
    """None among categories is a missing value, not a category."""
    assert psi(["a", "b", None], ["a", "b"]) == psi(["a", "b"], ["a", "b"])


# ------------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"reference": [], "current": [1.0]}, ValueError, "reference is empty"),
        ({"reference": [1.0, 2.0], "current": []}, ValueError, "current is empty"),
        ({"reference": [np.nan, np.nan], "current": [1.0]}, ValueError, "reference holds only"),
        ({"reference": [3.0, 3.0, 3.0], "current": [1.0]}, ValueError, "single unique value"),
        ({"reference": [[1.0, 2.0]], "current": [1.0]}, ValueError, "reference must be one col"),
        ({"reference": [1.0, 2.0], "current": [1.0], "bins": 0}, ValueError, "bins must be"),
        ({"reference": [1.0, 2.0], "current": [1.0], "bins": -3}, ValueError, "bins must be"),
        ({"reference": [1.0, 2.0], "current": [1.0], "bins": 2.5}, ValueError, "bins must be"),
        ({"reference": [1.0, 2.0], "current": [1.0], "binning": "kmeans"}, ValueError, "binning"),
        (
            {"reference": [1.0, 2.0], "current": [1.0], "nan_policy": "ignore"},
            ValueError,
            "nan_policy",
        ),
        ({"reference": [1.0, 2.0], "current": ["a", "b"]}, TypeError, "reference is numeric"),
    ],
)
def test_psi_bad_input_raises_naming_the_argument(kwargs, error, match):
    """Bad input raises a clear error naming the argument."""
    with pytest.raises(error, match=match):
        psi(**kwargs)


def test_single_unique_value_is_fine_for_evidently_binning():
    """A constant reference gets one bin per value in the Evidently form."""
    assert psi([3.0] * 10, [3.0] * 5 + [4.0] * 5, binning="evidently") > 1


# ------------------------------------------------------------------------ other statistics
def test_ks_matches_scipy():
    """ks returns scipy's two-sample KS statistic and p-value."""
    gen = np.random.default_rng(6)
    a, b = gen.normal(size=300), gen.normal(0.3, 1, 200)
    want = stats.ks_2samp(a, b)
    got = ks(a, b)
    assert isinstance(got, StatTestResult)
    assert got == (pytest.approx(want.statistic), pytest.approx(want.pvalue))


def test_jensen_shannon_base2_bounds():
    """JS distance is 0 for equal samples, 1 for disjoint categories, and matches scipy."""
    gen = np.random.default_rng(7)
    x = gen.normal(size=400)
    assert jensen_shannon(x, x) == 0.0
    assert jensen_shannon(["a"] * 3, ["b"] * 3) == 1.0
    y = gen.normal(1, 1, 400)
    edges = np.unique(np.quantile(x, np.linspace(0, 1, 11)[1:-1]))
    p = np.bincount(np.searchsorted(edges, x, side="right"), minlength=10) / x.size
    q = np.bincount(np.searchsorted(edges, y, side="right"), minlength=10) / y.size
    assert jensen_shannon(x, y) == pytest.approx(distance.jensenshannon(p, q, base=2), 1e-12)
    assert 0.0 < jensen_shannon(x, y, binning="evidently") < 1.0


def test_chi_square_handles_new_categories():
    """chi_square uses the 2 x k contingency table, so a new category is allowed."""
    ref = ["a"] * 40 + ["b"] * 60
    cur = ["a"] * 30 + ["b"] * 50 + ["c"] * 20
    want = stats.chi2_contingency([[40, 60, 0], [30, 50, 20]], correction=False)
    got = chi_square(ref, cur)
    assert got.statistic == pytest.approx(want.statistic)
    assert got.pvalue == pytest.approx(want.pvalue)
    assert chi_square(["a", "a"], ["a"]) == (0.0, 1.0)


def test_wasserstein_is_normed_by_reference_std():
    """wasserstein equals scipy's distance divided by the reference standard deviation."""
    gen = np.random.default_rng(8)
    a, b = gen.normal(10, 5, 500), gen.normal(12, 5, 500)
    assert wasserstein(a, b) == pytest.approx(stats.wasserstein_distance(a, b) / np.std(a))


@pytest.mark.parametrize("func", [ks, wasserstein])
def test_numeric_only_statistics_refuse_categories(func):
    """KS and Wasserstein raise TypeError for categorical columns."""
    with pytest.raises(TypeError, match="numeric"):
        func(["a", "b"], ["a", "c"])


def test_wasserstein_single_unique_value_raises():
    """A constant reference makes the normed Wasserstein distance undefined: ValueError."""
    with pytest.raises(ValueError, match="single unique value"):
        wasserstein([1.0, 1.0, 1.0], [1.0, 2.0])


# ------------------------------------------------------------------------ vectorized form
@pytest.mark.parametrize("binning", ["quantile", "evidently"])
def test_psi_columns_equals_psi_column_by_column(binning):
    """psi_columns gives the same value as psi on each column (1e-12)."""
    gen = np.random.default_rng(9)
    ref = np.column_stack(
        [
            gen.normal(size=1500),
            gen.exponential(size=1500),
            gen.integers(0, 5, 1500),  # discrete: one bin per value in the evidently form
            np.round(gen.normal(size=1500), 1),  # ties in the quantiles
        ]
    ).astype(float)
    cur = np.column_stack(
        [
            gen.normal(0.3, 1, 900),
            gen.exponential(2, 900),
            gen.integers(0, 7, 900),
            np.append(np.round(gen.normal(size=899), 1), 50.0),
        ]
    ).astype(float)
    got = psi_columns(ref, cur, binning=binning)
    want = [psi(ref[:, j], cur[:, j], binning=binning) for j in range(ref.shape[1])]
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


def test_psi_columns_with_missing_values_matches_psi():
    """NaN/inf are dropped per column in the vectorized form too."""
    gen = np.random.default_rng(10)
    ref = gen.normal(size=(600, 3))
    cur = gen.normal(0.2, 1, (400, 3))
    ref[gen.random((600, 3)) < 0.1] = np.nan
    cur[gen.random((400, 3)) < 0.1] = np.inf
    for binning in ("quantile", "evidently"):
        got = psi_columns(ref, cur, binning=binning)
        want = [psi(ref[:, j], cur[:, j], binning=binning) for j in range(3)]
        np.testing.assert_allclose(got, want, rtol=1e-12)


def test_psi_columns_dataframes_mix_categorical_columns():
    """DataFrames align columns by name and handle categorical columns one by one."""
    gen = np.random.default_rng(11)
    ref = pd.DataFrame({"x": gen.normal(size=300), "colour": gen.choice(["r", "g"], 300)})
    cur = pd.DataFrame({"colour": gen.choice(["r", "g", "b"], 200), "x": gen.normal(size=200)})
    got = psi_columns(ref, cur)
    assert list(got.index) == ["x", "colour"]
    assert got["x"] == pytest.approx(psi(ref["x"], cur["x"]), abs=1e-12)
    assert got["colour"] == psi(ref["colour"], cur["colour"])


def test_psi_columns_mismatched_columns_raise():
    """Different column sets or counts raise ValueError naming the difference."""
    ref = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match=r"missing from current: \['b'\]"):
        psi_columns(ref, ref[["a"]])
    with pytest.raises(ValueError, match="not in reference"):
        psi_columns(ref, ref.assign(c=1.0))
    with pytest.raises(ValueError, match="current has 1 columns but reference has 2"):
        psi_columns(np.ones((3, 2)), np.ones((3, 1)))
    with pytest.raises(TypeError, match="both be DataFrames"):
        psi_columns(ref, ref.to_numpy())
    with pytest.raises(ValueError, match="must be 2-D"):
        psi_columns(np.ones(3), np.ones(3))


def test_psi_columns_all_nan_column_raises():
    """A column with no values left raises ValueError naming the column."""
    ref = np.ones((5, 2))
    ref[:, 0] = np.arange(5)
    ref[:, 1] = np.nan
    with pytest.raises(ValueError, match="reference column 1"):
        psi_columns(ref, np.ones((3, 2)))


def test_reference_profile_reuses_edges():
    """ReferenceProfile scores many batches against fixed edges, equal to psi."""
    gen = np.random.default_rng(12)
    ref = gen.normal(size=(1000, 4))
    profile = ReferenceProfile(ref, bins=8)
    assert profile.edges.shape == (4, 7)
    for shift in (0.0, 0.5):
        cur = gen.normal(shift, 1, (300, 4))
        want = [psi(ref[:, j], cur[:, j], bins=8) for j in range(4)]
        np.testing.assert_allclose(profile.psi(cur), want, rtol=1e-12, atol=1e-15)
    counts = profile.bin_counts(cur)
    assert counts.shape == (4, 8) and (counts.sum(axis=1) == 300).all()
    with pytest.raises(ValueError, match="current has 3 columns"):
        profile.psi(cur[:, :3])
    with pytest.raises(ValueError, match="single unique value"):
        ReferenceProfile(np.ones((10, 2)))


# ------------------------------------------------------------------------ properties
finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
samples = st.lists(finite, min_size=2, max_size=80)
few_values = st.lists(st.sampled_from([0.0, 1.0, 2.5, -3.0, 7.0]), min_size=1, max_size=60)
PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


@PROPERTY_SETTINGS
@given(samples, samples, st.sampled_from(["quantile", "evidently"]))
def test_property_psi_is_non_negative(a, b, binning):
    """PSI >= 0 for any samples."""
    assume(len(set(a)) >= 2)
    assert psi(a, b, binning=binning) >= 0.0


@PROPERTY_SETTINGS
@given(samples, st.sampled_from(["quantile", "evidently"]))
def test_property_psi_of_a_sample_with_itself_is_zero(a, binning):
    """PSI(x, x) == 0."""
    assume(len(set(a)) >= 2)
    assert psi(a, a, binning=binning) == 0.0


@PROPERTY_SETTINGS
@given(st.one_of(st.tuples(samples, samples), st.tuples(few_values, few_values)))
def test_property_evidently_psi_is_symmetric(pair):
    """The Evidently form is symmetric when both sides fall on the same side of the 20 rule."""
    a, b = pair
    assume((len(set(a)) > 20) == (len(set(b)) > 20))
    assert math.isclose(
        psi(a, b, binning="evidently"), psi(b, a, binning="evidently"), rel_tol=1e-12, abs_tol=1e-15
    )


@PROPERTY_SETTINGS
@given(samples, samples, st.randoms(use_true_random=False))
def test_property_every_form_ignores_row_order(a, b, random):
    """Shuffling the rows of either side leaves every PSI form unchanged."""
    assume(len(set(a)) >= 2)
    a2, b2 = a[:], b[:]
    random.shuffle(a2)
    random.shuffle(b2)
    for binning in ("quantile", "evidently"):
        assert math.isclose(
            psi(a, b, binning=binning), psi(a2, b2, binning=binning), rel_tol=1e-12, abs_tol=1e-15
        )
    together = psi_columns(np.array([a, a]).T, np.array([b, b]).T)
    shuffled = psi_columns(np.array([a2, a2]).T, np.array([b2, b2]).T)
    np.testing.assert_allclose(together, shuffled, rtol=1e-12, atol=1e-15)


categories = st.lists(st.sampled_from(["x", "y", "z", "w"]), min_size=1, max_size=50)


@PROPERTY_SETTINGS
@given(categories, categories, st.randoms(use_true_random=False))
def test_property_categorical_psi_ignores_row_order(a, b, random):
    """Categorical PSI is invariant to the order of rows."""
    a2, b2 = a[:], b[:]
    random.shuffle(a2)
    random.shuffle(b2)
    assert math.isclose(psi(a, b), psi(a2, b2), rel_tol=1e-12, abs_tol=1e-15)


def test_pandas_nullable_and_categorical_dtypes():
    """Nullable integers (pd.NA as missing), categoricals and booleans are handled by kind."""
    ref = pd.DataFrame(
        {
            "n": pd.array([*range(30), None], dtype="Int64"),
            "cat": pd.Categorical(["x", "y"] * 15 + ["x"]),
            "flag": [True, False] * 15 + [True],
        }
    )
    cur = pd.DataFrame(
        {
            "n": pd.array([*range(5, 25), None], dtype="Int64"),
            "cat": pd.Categorical(["x"] * 21),
            "flag": [True] * 21,
        }
    )
    got = psi_columns(ref, cur)
    assert got["n"] == pytest.approx(psi(np.arange(30.0), np.arange(5.0, 25.0)), abs=1e-12)
    assert got["cat"] == pytest.approx(evidently_psi_by_hand(ref["cat"], cur["cat"], True))
    assert got["flag"] == got["cat"]
