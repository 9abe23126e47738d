"""An ipywidgets explorer for topic 3 (ipywidgets and matplotlib are imported inside)."""

from __future__ import annotations

import pandas as pd

__all__ = ["day_summary", "incident_explorer"]


def day_summary(scenario, day: int, *, timeline: pd.DataFrame, schema) -> str:
    """The text the explorer shows for one day: the contract's report and the error.

    Examples
    --------
    >>> from interviewlab.incidents import (make_flavor_incident, incident_timeline,
    ...                                     infer_schema, FEATURES)
    >>> s = make_flavor_incident(random_state=0)
    >>> schema = infer_schema(s.train[list(FEATURES)])
    >>> print(day_summary(s, 13, timeline=incident_timeline(s), schema=schema))
    day 13 (2025-08-25): 8 rows, error (WAPE) 10%
    8 rows: no anomalies
    """
    from interviewlab.incidents._contracts import validate_batch

    row = timeline.iloc[int(day)]
    error = "model crashed" if row["crashed"] else f"error (WAPE) {row['wape']:.0%}"
    head = f"day {day} ({timeline.index[int(day)].date()}): {int(row['n_rows'])} rows, {error}"
    return head + "\n" + validate_batch(scenario.day(int(day)), schema).summary()


def incident_explorer(scenario, *, model=None):
    """A slider over the serving days: the timeline with a cursor and that day's contract report.

    Parameters
    ----------
    scenario : IncidentScenario
        The scenario to explore.
    model : fitted estimator or None, default=None
        The model whose error is shown (default: the deployed one).

    Returns
    -------
    ipywidgets.VBox
        Display it in a notebook; nothing here is graded.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    from interviewlab.incidents._contracts import infer_schema
    from interviewlab.incidents._plots import plot_incident_timeline
    from interviewlab.incidents._sales import FEATURES
    from interviewlab.incidents._timeline import incident_timeline

    schema = infer_schema(scenario.train.loc[:, list(FEATURES)])
    timeline = incident_timeline(scenario, model=model, schema=schema)
    slider = widgets.IntSlider(
        value=0, min=0, max=scenario.n_days - 1, description="serving day", continuous_update=False
    )
    figure_out, text_out = widgets.Output(), widgets.Output()

    def draw(change=None):
        day = slider.value
        with figure_out:
            figure_out.clear_output(wait=True)
            fig = plot_incident_timeline(scenario, timeline=timeline, day=day)
            plt.show()
            plt.close(fig)
        with text_out:
            text_out.clear_output(wait=True)
            print(day_summary(scenario, day, timeline=timeline, schema=schema))

    slider.observe(draw, names="value")
    draw()
    return widgets.VBox([slider, figure_out, text_out])
