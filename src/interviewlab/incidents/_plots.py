"""Figures for topic 3 (matplotlib is imported inside the functions)."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["plot_incident_timeline"]


def plot_incident_timeline(scenario, *, timeline: pd.DataFrame | None = None, day=None, ax=None):
    """Plot the incident timeline: prediction error by day above, unseen share by day below.

    The error panel shows the WAPE (mean absolute error over mean sales) of all rows, of rows with
    only known values and of rows with new values; days on which the model crashed are marked with
    a cross. A dashed line marks the day the change starts (from the ground truth).

    Parameters
    ----------
    scenario : IncidentScenario
        The scenario to draw.
    timeline : pandas.DataFrame or None, default=None
        A precomputed :func:`incident_timeline` (computed when None).
    day : int or None, default=None
        A serving day to highlight (the widget's cursor).
    ax : sequence of two matplotlib Axes or None, default=None
        Where to draw; a new figure with two stacked panels when None.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    from interviewlab.incidents._timeline import incident_timeline

    timeline = incident_timeline(scenario) if timeline is None else timeline
    if ax is None:
        fig, (top, bottom) = plt.subplots(
            2, 1, figsize=(9, 5), sharex=True, gridspec_kw={"height_ratios": [2, 1]}
        )
    else:
        top, bottom = ax
        fig = top.figure
    dates = timeline.index
    wape = timeline["wape"]
    top.plot(dates, wape, color="black", marker="o", ms=3, label="all rows")
    if timeline["mae_new"].notna().any():
        # each group's MAE over the day's mean sales (mae / wape), so the three lines compare
        level = timeline["mae"] / timeline["wape"]
        top.plot(dates, timeline["mae_known"] / level, color="tab:blue", lw=1, label="known values")
        top.plot(dates, timeline["mae_new"] / level, color="tab:red", lw=1, label="new values")
    crashed = timeline["crashed"].to_numpy(dtype=bool)
    if crashed.any():
        top.scatter(dates[crashed], np.zeros(crashed.sum()), marker="x", color="tab:red", s=40)
        top.text(dates[crashed][0], 0.02, " model crashed", color="tab:red", va="bottom")
    top.set_ylabel("MAE / mean sales")
    top.set_ylim(bottom=0)
    top.legend(loc="upper left", fontsize="small")
    bottom.bar(dates, timeline["unseen_share"], color="tab:orange", width=0.8)
    bottom.set_ylabel("unseen share")
    bottom.set_ylim(0, max(0.05, float(timeline["unseen_share"].max()) * 1.15))
    start = scenario.truth.start_date
    for axis in (top, bottom):
        axis.axvline(start, color="grey", ls="--", lw=1)
        if day is not None:
            axis.axvline(dates[int(day)], color="tab:green", lw=2, alpha=0.6)
    top.set_title(f"{scenario.truth.kind} starting {start.date()}")
    fig.autofmt_xdate()
    return fig
