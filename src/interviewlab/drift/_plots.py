"""Matplotlib figures for topic 2 (re-exported by ``interviewlab.plotting``); never graded.

matplotlib is imported inside each function, so importing this module stays cheap.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from interviewlab.drift._stats import psi

__all__ = ["plot_distributions", "plot_fleet_stoplight", "plot_metric_timeline"]

TIER_COLOURS = {"green": "#2e9e44", "yellow": "#f2c14e", "red": "#d1403a"}


def _axes(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_fleet_stoplight(result, *, fleet=None, ax=None, max_models: int = 60):
    """Heatmap of the fleet's tiers: one row per model, one column per day.

    Parameters
    ----------
    result : MonitorResult or pandas.DataFrame
        A monitor result, or its ``daily`` table (columns ``model``, ``day``, ``tier``).
    fleet : Fleet, optional
        If given, rows are labelled with each model's true kind, sorted by kind, and a black
        tick marks each drifting model's onset day.
    ax : matplotlib Axes, optional
    max_models : int, default=60
        Show at most this many models (the first ones).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from interviewlab.drift import make_fleet, monitor_fleet
    >>> fleet = make_fleet(5, 6, n_features=3, rows_per_day=100, random_state=0)
    >>> ax = plot_fleet_stoplight(monitor_fleet(fleet), fleet=fleet)
    >>> ax.get_xlabel(), len(ax.get_yticklabels())
    ('day', 5)
    """
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    daily = result if isinstance(result, pd.DataFrame) else result.daily
    grid = daily.pivot(index="model", columns="day", values="tier")
    codes = grid.apply(lambda col: col.map({"green": 0, "yellow": 1, "red": 2})).astype(float)
    labels = list(codes.index)
    if fleet is not None:
        order = {k: i for i, k in enumerate(("stable", "seasonal", "gradual", "sudden", "concept",
                                             "prior"))}  # fmt: skip
        labels = sorted(labels, key=lambda m: (order[fleet.spec(m).kind], m))
        codes = codes.loc[labels]
    codes = codes.iloc[:max_models]
    labels = labels[:max_models]
    ax = _axes(ax, (9, max(2.5, 0.25 * len(labels) + 1)))
    cmap = ListedColormap([TIER_COLOURS["green"], TIER_COLOURS["yellow"], TIER_COLOURS["red"]])
    ax.imshow(codes.to_numpy(), aspect="auto", cmap=cmap, vmin=0, vmax=2, interpolation="none")
    ax.set_xlabel("day")
    ax.set_ylabel("model")
    ax.set_xticks(range(codes.shape[1]))
    ax.set_xticklabels([str(d) for d in codes.columns], fontsize=7)
    ax.set_yticks(range(len(labels)))
    if fleet is not None:
        ax.set_yticklabels([f"{m} ({fleet.spec(m).kind})" for m in labels], fontsize=7)
        days = list(codes.columns)
        for row, m in enumerate(labels):
            onset = fleet.spec(m).onset_day
            if onset is not None and onset in days:
                ax.plot(days.index(onset) - 0.5, row, marker="|", color="black", markersize=9)
    else:
        ax.set_yticklabels(labels, fontsize=7)
    handles = [Patch(color=c, label=t) for t, c in TIER_COLOURS.items()]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.set_title(
        "Fleet stoplight (| = true drift onset)" if fleet is not None else "Fleet stoplight"
    )
    return ax


def plot_metric_timeline(result, model, metric: str = "psi_features", *, fleet=None, ax=None):
    """One model's metric day by day, with the policy's yellow and red thresholds.

    Parameters
    ----------
    result : MonitorResult
    model : str or int
        Model id (or index, with ``fleet``).
    metric : str, default="psi_features"
        Any metric of the report (``psi_prediction``, ``performance_drop``, ``f1``, ...).
    fleet : Fleet, optional
        Marks the true onset day and names the kind in the title.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from interviewlab.drift import make_fleet, monitor_fleet
    >>> fleet = make_fleet(4, 8, n_features=3, rows_per_day=100, random_state=1)
    >>> ax = plot_metric_timeline(monitor_fleet(fleet), "m001", "psi_prediction", fleet=fleet)
    >>> [line.get_label() for line in ax.get_lines()][:3]
    ['psi_prediction', 'yellow (0.1)', 'red (0.25)']
    """
    if fleet is not None:
        model = fleet.spec(model).model_id
    rows = result.report[(result.report["model"] == model) & (result.report["metric"] == metric)]
    if rows.empty:
        raise ValueError(f"no rows for model {model!r} and metric {metric!r} in the report")
    ax = _axes(ax, (8, 3))
    ax.plot(rows["day"], rows["value"], marker="o", color="#1f4e79", label=metric)
    threshold = result.policy.thresholds.get(metric)
    if threshold is not None:
        for name in ("yellow", "red"):
            level = getattr(threshold, name)
            if np.isfinite(level):
                ax.axhline(
                    level, color=TIER_COLOURS[name], linestyle="--", label=f"{name} ({level:g})"
                )
    title = f"{model}: {metric}"
    if fleet is not None:
        spec = fleet.spec(model)
        title += f" ({spec.kind})"
        if spec.onset_day is not None:
            ax.axvline(spec.onset_day, color="black", linestyle=":", label="true onset")
    ax.set_title(title)
    ax.set_xlabel("day the value is known")
    ax.set_ylabel(metric)
    ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_distributions(reference, current, *, bins: int = 10, ax=None, title: str | None = None):
    """Reference and current distributions of one column, with PSI in the title.

    Numeric columns: density histograms on shared bins, and the reference deciles as faint
    vertical lines (the edges the quantile PSI uses). Categorical columns: side-by-side bars
    of the shares.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> rng = np.random.default_rng(0)
    >>> ax = plot_distributions(rng.normal(size=500), rng.normal(1, 1, 500))
    >>> ax.get_title()
    'PSI 0.943 (quantile), 0.966 (evidently)'
    """
    value_q = psi(reference, current, bins=bins)
    value_e = psi(reference, current, binning="evidently")
    ax = _axes(ax, (7, 3))
    ref = pd.Series(np.asarray(reference)).dropna()
    cur = pd.Series(np.asarray(current)).dropna()
    if ref.dtype.kind in "iuf" and cur.dtype.kind in "iuf":
        ref = ref[np.isfinite(ref)]
        cur = cur[np.isfinite(cur)]
        lo, hi = np.percentile(np.concatenate([ref, cur]), [0.5, 99.5])
        edges = np.linspace(lo, hi, 40) if hi > lo else 10
        ax.hist(ref, bins=edges, density=True, alpha=0.5, color="#1f4e79", label="reference")
        ax.hist(cur, bins=edges, density=True, alpha=0.5, color="#d1403a", label="current")
        for q in np.quantile(ref, np.linspace(0, 1, bins + 1)[1:-1]):
            ax.axvline(q, color="grey", alpha=0.3, linewidth=0.8)
    else:
        keys = list(pd.unique(pd.concat([ref, cur]).astype(str)))
        ref_share = ref.astype(str).value_counts(normalize=True).reindex(keys, fill_value=0)
        cur_share = cur.astype(str).value_counts(normalize=True).reindex(keys, fill_value=0)
        x = np.arange(len(keys))
        ax.bar(x - 0.2, ref_share, width=0.4, color="#1f4e79", label="reference")
        ax.bar(x + 0.2, cur_share, width=0.4, color="#d1403a", label="current")
        ax.set_xticks(x)
        ax.set_xticklabels(keys)
    ax.legend(fontsize=8)
    ax.set_title(title or f"PSI {value_q:.3f} (quantile), {value_e:.3f} (evidently)")
    return ax
