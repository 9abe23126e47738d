"""Drift statistics: how far today's values are from the reference (training) values.

Every statistic compares two samples of one column, ``reference`` and ``current``:

* :func:`psi`, the population stability index, in two binnings: ``"quantile"`` (the industry
  form, bins at the reference deciles) and ``"evidently"`` (Evidently 0.7's form, reproduced
  exactly);
* :func:`ks`, the two-sample Kolmogorov–Smirnov test (numeric columns);
* :func:`jensen_shannon`, the Jensen–Shannon distance in base 2 (between 0 and 1);
* :func:`chi_square`, Pearson's chi-square test of homogeneity (categorical columns);
* :func:`wasserstein`, the Wasserstein-1 distance divided by the reference standard deviation.

:func:`psi_columns` and :class:`ReferenceProfile` compute PSI for every column of a batch in
one pass; they are what :func:`interviewlab.drift.monitor_fleet` runs every day for every model.

Missing values
--------------
With ``nan_policy="omit"`` (the default) NaN, ``None`` and ±inf are dropped from each side
before anything is computed, as Evidently does; shares are then shares of the remaining rows.
With ``nan_policy="raise"`` they raise a ``ValueError`` instead. A side with no values left
(empty, or all missing) always raises: a drift statistic of nothing is not a number we report.
"""

from __future__ import annotations

import contextlib
from typing import NamedTuple

import numpy as np
import pandas as pd

from interviewlab._validation import check_choice, check_positive_int

__all__ = [
    "BINNINGS",
    "ReferenceProfile",
    "StatTestResult",
    "chi_square",
    "jensen_shannon",
    "ks",
    "psi",
    "psi_columns",
    "wasserstein",
]

BINNINGS = ("quantile", "evidently")
NAN_POLICIES = ("omit", "raise")
# Evidently treats a numeric column with this many distinct reference values or fewer as discrete.
DISCRETE_MAX_UNIQUE = 20


class StatTestResult(NamedTuple):
    """The result of a two-sample hypothesis test."""

    statistic: float
    pvalue: float


# --------------------------------------------------------------------------------------------
# input checks
# --------------------------------------------------------------------------------------------
def _is_categorical(values: object) -> bool:
    """Categories: strings, objects, booleans and pandas categoricals; numbers are numeric."""
    dtype = getattr(values, "dtype", None)
    if dtype is None:
        return False
    if isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_bool_dtype(dtype):
        return True
    return not pd.api.types.is_numeric_dtype(dtype)


def _column(name: str, values: object, nan_policy: str) -> tuple[np.ndarray, bool]:
    """Return ``values`` as a clean 1-D array and whether it is categorical."""
    if isinstance(values, pd.DataFrame):
        raise ValueError(
            f"{name} must be one column (1-D), got a DataFrame of shape {values.shape}"
        )
    if isinstance(values, pd.Series | pd.Index):
        categorical = _is_categorical(values)
        if categorical:
            array = values.to_numpy(dtype=object)
        else:  # nullable integer/float columns: pd.NA becomes NaN
            array = values.to_numpy(dtype=float, na_value=np.nan)
    else:
        array = np.asarray(values)
        if array.dtype.kind == "O":  # numbers mixed with None become floats; strings stay
            with contextlib.suppress(TypeError, ValueError):
                array = array.astype(float)
        categorical = _is_categorical(array)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one column (1-D), got an array of shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is empty; a drift statistic needs at least one value")
    if categorical:
        array = np.asarray(array, dtype=object)
        missing = pd.isna(array)
    else:
        if array.dtype.kind not in "iuf":
            raise TypeError(f"{name} must hold numbers or categories, got dtype {array.dtype}")
        array = array.astype(float, copy=False)
        missing = ~np.isfinite(array)
    if missing.any():
        if nan_policy == "raise":
            raise ValueError(
                f"{name} holds {int(missing.sum())} missing or infinite value(s) "
                "and nan_policy='raise'"
            )
        array = array[~missing]
        if array.size == 0:
            raise ValueError(f"{name} holds only missing values (NaN/inf); nothing to compare")
    return array, categorical


def _plain(value: object) -> object:
    """A NumPy scalar as the Python value it holds, for readable error messages."""
    return value.item() if isinstance(value, np.generic) else value


def _pair(reference, current, nan_policy):
    nan_policy = check_choice("nan_policy", nan_policy, NAN_POLICIES)
    ref, ref_cat = _column("reference", reference, nan_policy)
    cur, cur_cat = _column("current", current, nan_policy)
    if ref_cat != cur_cat:
        kinds = {True: "categorical", False: "numeric"}
        raise TypeError(
            f"reference is {kinds[ref_cat]} but current is {kinds[cur_cat]}; "
            "compare columns of the same kind"
        )
    return ref, cur, ref_cat


# --------------------------------------------------------------------------------------------
# binning
# --------------------------------------------------------------------------------------------
def _fill_empty(shares: np.ndarray) -> np.ndarray:
    """Replace empty-bin shares (0) as Evidently does: ``m / 1e6`` if ``m <= 1e-4`` else 1e-4.

    ``m`` is the smallest non-zero share of the same side.
    """
    shares = np.array(shares, dtype=float)
    empty = shares == 0
    if empty.any():
        smallest = shares[~empty].min()
        shares[empty] = smallest / 1e6 if smallest <= 1e-4 else 1e-4
    return shares


def _category_shares(ref: np.ndarray, cur: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One bin per value seen on either side; shares = count / length of that side."""
    keys = pd.unique(np.concatenate([ref, cur]))
    ref_counts = pd.Series(ref).value_counts().reindex(keys, fill_value=0).to_numpy()
    cur_counts = pd.Series(cur).value_counts().reindex(keys, fill_value=0).to_numpy()
    return ref_counts / ref.size, cur_counts / cur.size


def _quantile_edges(ref: np.ndarray, bins: int) -> np.ndarray:
    """Interior edges at the reference quantiles, duplicates removed."""
    edges = np.unique(np.quantile(ref, np.linspace(0.0, 1.0, bins + 1)[1:-1]))
    if np.unique(ref).size < 2:
        raise ValueError(
            f"reference has a single unique value ({_plain(ref[0])!r}); quantile bins are "
            "undefined. Use binning='evidently', which gives one bin per value to such columns"
        )
    return edges


def _shares(ref, cur, categorical, bins, binning) -> tuple[np.ndarray, np.ndarray]:
    """Unfilled shares of each bin on each side."""
    if categorical:
        return _category_shares(ref, cur)
    if binning == "evidently":
        if np.unique(ref).size <= DISCRETE_MAX_UNIQUE:
            return _category_shares(ref, cur)
        edges = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
        return (
            np.histogram(ref, edges)[0] / ref.size,
            np.histogram(cur, edges)[0] / cur.size,
        )
    edges = _quantile_edges(ref, bins)
    n_bins = edges.size + 1
    ref_counts = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=n_bins)
    cur_counts = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=n_bins)
    return ref_counts / ref.size, cur_counts / cur.size


def _psi_from_shares(ref_shares: np.ndarray, cur_shares: np.ndarray) -> float:
    ref_shares = _fill_empty(ref_shares)
    cur_shares = _fill_empty(cur_shares)
    return float(np.sum((ref_shares - cur_shares) * np.log(ref_shares / cur_shares)))


# --------------------------------------------------------------------------------------------
# statistics of one column
# --------------------------------------------------------------------------------------------
def psi(reference, current, *, bins=10, binning="quantile", nan_policy="omit") -> float:
    """Population stability index of ``current`` against ``reference``.

    ``PSI = sum over bins of (r - c) * ln(r / c)``, where ``r`` and ``c`` are the shares of
    reference and current rows in each bin. Rules of thumb: below 0.1 stable, 0.1–0.25 a
    moderate shift worth a look, above 0.25 a major shift.

    Parameters
    ----------
    reference, current : array-like, 1-D
        Numeric values, or categories (strings, booleans, pandas categoricals). Categorical
        columns always get one bin per value seen on either side.
    bins : int, default=10
        Number of quantile bins (``binning="quantile"`` only; at least 2). Ignored by
        ``"evidently"``, which chooses its own bins.
    binning : {"quantile", "evidently"}, default="quantile"
        ``"quantile"``: interior edges at the reference quantiles (deciles by default), outer
        bins open to ±inf so current values outside the reference range still count; tied
        quantiles merge bins. A reference with a single unique value raises ``ValueError``.

        ``"evidently"``: Evidently 0.7's PSI, exactly. Numeric columns with more than 20
        unique reference values get equal-width bins from
        ``np.histogram_bin_edges(np.concatenate([reference, current]), bins="sturges")``;
        numeric columns with 20 or fewer get one bin per value, like categorical columns.
    nan_policy : {"omit", "raise"}, default="omit"
        What to do with NaN/None/±inf: drop them from each side, or raise ``ValueError``.

    Returns
    -------
    float
        PSI >= 0, exactly 0 when both sides have the same shares.

    Notes
    -----
    Shares are counts divided by the number of (non-missing) rows of each side. An empty bin
    would make the logarithm infinite, so each side's empty bins are filled separately, as
    Evidently does: with ``m / 1e6`` if that side's smallest non-zero share ``m`` is at most
    ``1e-4``, else with ``1e-4``. Both binnings use this rule.

    Pitfalls worth knowing in an interview:

    * Equal-width bins (``"evidently"``) are at the mercy of the range: one extreme outlier on
      either side stretches the edges so that almost every value lands in one or two bins,
      and PSI collapses towards 0 while the bulk of the distribution moves.
    * PSI weighs shares, so a brand-new category on 1% of the rows barely moves it (about
      0.1 at most). Catching unseen values is a data-contract check (topic 3), not a drift
      statistic.
    * The "evidently" form is symmetric in its two arguments (the edges depend on both sides)
      as long as both sides fall on the same side of the 20-unique-values rule; the
      "quantile" form is not (the edges come from the reference only).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> before = rng.normal(0.0, 1.0, 5000)
    >>> round(psi(before, rng.normal(0.0, 1.0, 5000)), 4)
    0.0055
    >>> round(psi(before, rng.normal(0.5, 1.0, 5000)), 4)
    0.2537
    >>> round(psi(before, rng.normal(0.5, 1.0, 5000), binning="evidently"), 4)
    0.2534
    >>> psi(["a", "a", "b"], ["a", "b", "b"])
    0.46209812037329684
    >>> psi(before, [], bins=10)
    Traceback (most recent call last):
    ...
    ValueError: current is empty; a drift statistic needs at least one value
    """
    bins = check_positive_int("bins", bins, minimum=2)
    binning = check_choice("binning", binning, BINNINGS)
    ref, cur, categorical = _pair(reference, current, nan_policy)
    return _psi_from_shares(*_shares(ref, cur, categorical, bins, binning))


def ks(reference, current, *, nan_policy="omit") -> StatTestResult:
    """Two-sample Kolmogorov–Smirnov test (numeric columns), from :func:`scipy.stats.ks_2samp`.

    The statistic is the largest vertical gap between the two empirical CDFs, in [0, 1].
    With thousands of rows a day the p-value flags shifts far too small to matter, so watch
    the statistic, not the p-value.

    Parameters
    ----------
    reference, current : array-like, 1-D, numeric
    nan_policy : {"omit", "raise"}, default="omit"

    Returns
    -------
    StatTestResult
        ``statistic`` and two-sided ``pvalue``.

    Examples
    --------
    >>> result = ks([1.0, 2.0, 3.0, 4.0], [3.0, 4.0, 5.0, 6.0])
    >>> result.statistic
    0.5
    >>> ks(["a"], ["b"])
    Traceback (most recent call last):
    ...
    TypeError: ks needs numeric columns; got categories (use chi_square or psi)
    """
    from scipy import stats

    ref, cur, categorical = _pair(reference, current, nan_policy)
    if categorical:
        raise TypeError("ks needs numeric columns; got categories (use chi_square or psi)")
    result = stats.ks_2samp(ref, cur)
    return StatTestResult(float(result.statistic), float(result.pvalue))


def jensen_shannon(reference, current, *, bins=10, binning="quantile", nan_policy="omit") -> float:
    """Jensen–Shannon distance in base 2 between the binned distributions, in [0, 1].

    The square root of the Jensen–Shannon divergence (base 2), computed by
    :func:`scipy.spatial.distance.jensenshannon` on the unfilled bin shares (an empty bin is
    fine here: the divergence is bounded). 0 means the same shares, 1 disjoint supports.

    Parameters
    ----------
    reference, current : array-like, 1-D
    bins, binning, nan_policy
        As in :func:`psi`.

    Returns
    -------
    float

    Examples
    --------
    >>> jensen_shannon(["a", "a"], ["b", "b"])
    1.0
    >>> round(jensen_shannon(["a", "a", "b"], ["a", "b", "b"]), 4)
    0.2858
    """
    from scipy.spatial import distance

    bins = check_positive_int("bins", bins, minimum=2)
    binning = check_choice("binning", binning, BINNINGS)
    ref, cur, categorical = _pair(reference, current, nan_policy)
    ref_shares, cur_shares = _shares(ref, cur, categorical, bins, binning)
    value = float(distance.jensenshannon(ref_shares, cur_shares, base=2.0))
    return min(max(value, 0.0), 1.0)  # rounding can leave -0.0 or 1.0000000000000002


def chi_square(reference, current, *, nan_policy="omit") -> StatTestResult:
    """Chi-square test that two samples of categories come from the same distribution.

    Builds the 2 x k table of counts (reference, current) over every category seen on either
    side and runs :func:`scipy.stats.chi2_contingency` (no continuity correction). Unlike a
    goodness-of-fit test against reference shares, a category that only appears in
    ``current`` is fine. Numbers are treated as categories.

    Parameters
    ----------
    reference, current : array-like, 1-D
    nan_policy : {"omit", "raise"}, default="omit"

    Returns
    -------
    StatTestResult
        ``statistic`` and ``pvalue``; both sides holding one and the same single category
        give statistic 0 and p-value 1.

    Examples
    --------
    >>> result = chi_square(["a"] * 50 + ["b"] * 50, ["a"] * 30 + ["b"] * 70)
    >>> round(result.statistic, 4), round(result.pvalue, 4)
    (8.3333, 0.0039)
    """
    from scipy import stats

    nan_policy = check_choice("nan_policy", nan_policy, NAN_POLICIES)
    ref, _ = _column("reference", reference, nan_policy)
    cur, _ = _column("current", current, nan_policy)
    ref, cur = ref.astype(object), cur.astype(object)
    keys = pd.unique(np.concatenate([ref, cur]))
    table = np.vstack(
        [
            pd.Series(ref).value_counts().reindex(keys, fill_value=0).to_numpy(),
            pd.Series(cur).value_counts().reindex(keys, fill_value=0).to_numpy(),
        ]
    )
    if table.shape[1] < 2:
        return StatTestResult(0.0, 1.0)
    result = stats.chi2_contingency(table, correction=False)
    return StatTestResult(float(result.statistic), float(result.pvalue))


def wasserstein(reference, current, *, nan_policy="omit") -> float:
    """Normed Wasserstein distance: Wasserstein-1 divided by the reference standard deviation.

    Reads as "how many reference standard deviations the distribution moved", so one
    threshold (Evidently uses 0.1) fits columns of any scale.

    Parameters
    ----------
    reference, current : array-like, 1-D, numeric
        ``reference`` needs at least two distinct values (its standard deviation divides).
    nan_policy : {"omit", "raise"}, default="omit"

    Returns
    -------
    float

    Examples
    --------
    >>> wasserstein([0.0, 1.0, 2.0, 3.0], [1.0, 2.0, 3.0, 4.0])
    0.8944271909999159
    >>> wasserstein([5.0, 5.0], [1.0, 2.0])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: reference has a single unique value (5.0); its standard deviation is 0, ...
    """
    from scipy import stats

    ref, cur, categorical = _pair(reference, current, nan_policy)
    if categorical:
        raise TypeError("wasserstein needs numeric columns; got categories (use chi_square)")
    scale = float(np.std(ref))
    if scale == 0.0:
        raise ValueError(
            f"reference has a single unique value ({_plain(ref[0])!r}); its standard "
            "deviation is 0, so the normed Wasserstein distance is undefined"
        )
    return float(stats.wasserstein_distance(ref, cur)) / scale


# --------------------------------------------------------------------------------------------
# every column in one pass
# --------------------------------------------------------------------------------------------
def _fill_empty_rows(shares: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """:func:`_fill_empty` applied to each row of ``shares``, looking only at valid bins."""
    shares = shares.copy()
    empty = (shares == 0) & valid
    if empty.any():
        smallest = np.where(valid & ~empty, shares, np.inf).min(axis=1, keepdims=True)
        fill = np.where(smallest <= 1e-4, smallest / 1e6, 1e-4)
        shares = np.where(empty, fill, shares)
    return shares


def _psi_rows(ref_shares: np.ndarray, cur_shares: np.ndarray, valid: np.ndarray) -> np.ndarray:
    ref_shares = _fill_empty_rows(ref_shares, valid)
    cur_shares = _fill_empty_rows(cur_shares, valid)
    ref_shares = np.where(valid, ref_shares, 1.0)
    cur_shares = np.where(valid, cur_shares, 1.0)
    return np.sum((ref_shares - cur_shares) * np.log(ref_shares / cur_shares), axis=1)


def _count_below_edges(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Counts per bin for every column at once.

    ``values`` is (rows, columns) with NaN for missing; ``edges`` is (columns, n_edges),
    sorted along each row, ±inf allowed for padding. Bin k of column j holds the values
    ``edges[j, k-1] <= x < edges[j, k]`` (outer bins open). Returns (columns, n_edges + 1).
    """
    at_or_above = np.count_nonzero(values[:, None, :] >= edges.T[None, :, :], axis=0)
    n_valid = np.count_nonzero(~np.isnan(values), axis=0)
    counts = np.empty((edges.shape[0], edges.shape[1] + 1), dtype=np.int64)
    counts[:, 0] = n_valid - at_or_above[0]
    counts[:, 1:-1] = (at_or_above[:-1] - at_or_above[1:]).T
    counts[:, -1] = at_or_above[-1]
    return counts


def _as_matrix(name: str, values, nan_policy: str) -> np.ndarray:
    array = np.asarray(values)
    if array.ndim != 2:
        raise ValueError(f"{name} must be 2-D (rows x columns), got shape {array.shape}")
    if array.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must be numeric for the vectorized form, got dtype {array.dtype}; "
            "pass DataFrames to mix in categorical columns"
        )
    array = array.astype(float)  # a copy: we may write NaN into it
    missing = ~np.isfinite(array)
    if missing.any():
        if nan_policy == "raise":
            raise ValueError(
                f"{name} holds {int(missing.sum())} missing or infinite value(s) "
                "and nan_policy='raise'"
            )
        array[missing] = np.nan
    n_valid = np.count_nonzero(~missing, axis=0)
    if array.shape[0] == 0 or (n_valid == 0).any():
        bad = int(np.argmin(n_valid)) if array.shape[0] else 0
        raise ValueError(f"{name} column {bad} is empty or holds only missing values")
    return array


class ReferenceProfile:
    """Quantile bins and shares of a reference batch, ready to score many current batches.

    The edges (reference quantiles) and the reference shares are computed once; each call of
    :meth:`psi` then bins every column of a current batch in one vectorized pass. This is the
    ``binning="quantile"`` form of :func:`psi`, column by column, to floating-point rounding.

    Parameters
    ----------
    reference : array-like, 2-D (rows x columns), numeric
        Every column needs at least two distinct non-missing values.
    bins : int, default=10
    nan_policy : {"omit", "raise"}, default="omit"

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> profile = ReferenceProfile(rng.normal(size=(1000, 3)))
    >>> today = rng.normal(size=(500, 3)) + [0.0, 0.0, 1.0]
    >>> profile.psi(today).round(3).tolist()
    [0.05, 0.02, 1.186]
    """

    def __init__(self, reference, *, bins=10, nan_policy="omit"):
        self.bins = check_positive_int("bins", bins, minimum=2)
        self.nan_policy = check_choice("nan_policy", nan_policy, NAN_POLICIES)
        ref = _as_matrix("reference", reference, self.nan_policy)
        probs = np.linspace(0.0, 1.0, self.bins + 1)[1:-1]
        if np.isnan(ref).any():
            edges = np.nanquantile(ref, probs, axis=0).T
        else:
            edges = np.quantile(ref, probs, axis=0).T
        single = np.nanmax(ref, axis=0) == np.nanmin(ref, axis=0)
        if single.any():
            column = int(np.flatnonzero(single)[0])
            raise ValueError(
                f"reference column {column} has a single unique value; quantile bins are "
                "undefined (drop the column or use psi(..., binning='evidently'))"
            )
        self.edges = np.ascontiguousarray(edges)
        # A bin between two equal edges is empty on both sides: it does not exist.
        self.valid = np.ones((edges.shape[0], self.bins), dtype=bool)
        self.valid[:, 1:-1] = edges[:, 1:] > edges[:, :-1]
        counts = _count_below_edges(ref, self.edges)
        self.n_columns = ref.shape[1]
        self.reference_shares = counts / counts.sum(axis=1, keepdims=True)

    def bin_counts(self, current) -> np.ndarray:
        """Counts of ``current`` in each reference bin, shape (columns, bins)."""
        cur = _as_matrix("current", current, self.nan_policy)
        if cur.shape[1] != self.n_columns:
            raise ValueError(
                f"current has {cur.shape[1]} columns but the reference has {self.n_columns}"
            )
        return _count_below_edges(cur, self.edges)

    def psi(self, current) -> np.ndarray:
        """PSI of every column of ``current`` (rows x columns) against the reference."""
        counts = self.bin_counts(current)
        shares = counts / counts.sum(axis=1, keepdims=True)
        return _psi_rows(self.reference_shares, shares, self.valid)


def _psi_evidently_matrix(ref: np.ndarray, cur: np.ndarray) -> np.ndarray:
    """Evidently PSI of every column of two NaN-padded numeric matrices."""
    n_cols = ref.shape[1]
    result = np.empty(n_cols)
    continuous, edge_rows = [], []
    for j in range(n_cols):
        r = ref[:, j][~np.isnan(ref[:, j])]
        c = cur[:, j][~np.isnan(cur[:, j])]
        if np.unique(r).size <= DISCRETE_MAX_UNIQUE:
            result[j] = _psi_from_shares(*_category_shares(r, c))
        else:
            continuous.append(j)
            edge_rows.append(np.histogram_bin_edges(np.concatenate([r, c]), bins="sturges"))
    if continuous:
        width = max(len(e) for e in edge_rows)
        # np.histogram closes the last bin on the right; drop the outer edges and pad the
        # interior ones with +inf so every column shares one (columns x edges) matrix.
        interior = np.full((len(continuous), width - 2), np.inf)
        valid = np.zeros((len(continuous), width - 1), dtype=bool)
        for row, e in enumerate(edge_rows):
            interior[row, : len(e) - 2] = e[1:-1]
            valid[row, : len(e) - 1] = True
        # Finite values never reach the padded bins (they sit beyond +inf), so those are empty.
        ref_counts = _count_below_edges(ref[:, continuous], interior)
        cur_counts = _count_below_edges(cur[:, continuous], interior)
        ref_shares = ref_counts / ref_counts.sum(axis=1, keepdims=True)
        cur_shares = cur_counts / cur_counts.sum(axis=1, keepdims=True)
        result[continuous] = _psi_rows(ref_shares, cur_shares, valid)
    return result


def psi_columns(reference, current, *, bins=10, binning="quantile", nan_policy="omit"):
    """PSI of every column of a batch against the same column of the reference, in one pass.

    Parameters
    ----------
    reference, current : 2-D array-like or pandas.DataFrame
        Same columns on both sides (by position for arrays, by name for DataFrames; a
        DataFrame's categorical columns are handled one by one with :func:`psi`).
    bins, binning, nan_policy
        As in :func:`psi`.

    Returns
    -------
    numpy.ndarray or pandas.Series
        One PSI per column (a Series indexed by column name for DataFrame input); equal to
        ``psi`` column by column up to floating-point rounding.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> ref = pd.DataFrame({"age": rng.normal(40, 10, 800), "income": rng.lognormal(3, 1, 800)})
    >>> cur = pd.DataFrame({"age": rng.normal(45, 10, 800), "income": rng.lognormal(3, 1, 800)})
    >>> psi_columns(ref, cur).round(3)
    age       0.362
    income    0.022
    dtype: float64
    >>> psi_columns(ref, cur[["age"]])
    Traceback (most recent call last):
    ...
    ValueError: current and reference must have the same columns; missing from current: ['income']
    """
    bins = check_positive_int("bins", bins, minimum=2)
    binning = check_choice("binning", binning, BINNINGS)
    nan_policy = check_choice("nan_policy", nan_policy, NAN_POLICIES)
    if isinstance(reference, pd.DataFrame) or isinstance(current, pd.DataFrame):
        if not (isinstance(reference, pd.DataFrame) and isinstance(current, pd.DataFrame)):
            raise TypeError("reference and current must both be DataFrames, or both arrays")
        missing = [c for c in reference.columns if c not in current.columns]
        extra = [c for c in current.columns if c not in reference.columns]
        if missing or extra:
            detail = []
            if missing:
                detail.append(f"missing from current: {missing}")
            if extra:
                detail.append(f"not in reference: {extra}")
            raise ValueError(
                "current and reference must have the same columns; " + "; ".join(detail)
            )
        names = list(reference.columns)
        numeric = [
            c
            for c in names
            if not _is_categorical(reference[c]) and not _is_categorical(current[c])
        ]
        values = pd.Series(np.nan, index=names, dtype=float)
        if numeric:
            values[numeric] = psi_columns(
                reference[numeric].to_numpy(dtype=float, na_value=np.nan),
                current[numeric].to_numpy(dtype=float, na_value=np.nan),
                bins=bins,
                binning=binning,
                nan_policy=nan_policy,
            )
        for c in names:
            if c not in numeric:
                values[c] = psi(
                    reference[c], current[c], bins=bins, binning=binning, nan_policy=nan_policy
                )
        return values
    ref = _as_matrix("reference", reference, nan_policy)
    cur = _as_matrix("current", current, nan_policy)
    if ref.shape[1] != cur.shape[1]:
        raise ValueError(
            f"current has {cur.shape[1]} columns but reference has {ref.shape[1]}; they must match"
        )
    if binning == "evidently":
        return _psi_evidently_matrix(ref, cur)
    return ReferenceProfile(ref, bins=bins, nan_policy=nan_policy).psi(cur)
