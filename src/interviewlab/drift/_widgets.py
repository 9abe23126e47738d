"""The drift explorer widget (re-exported by ``interviewlab.widgets``); never graded.

:func:`drift_example` is the pure function under the widget: it makes a reference sample and
a current sample with one kind of change of a given magnitude. :func:`drift_explorer` wraps it
in sliders and redraws the distributions, PSI and tier on every change. ipywidgets and
matplotlib are imported only when the widget is built.
"""

from __future__ import annotations

import numpy as np

from interviewlab._validation import check_choice, check_positive_int, check_random_state
from interviewlab.drift._policy import Threshold, tier_of
from interviewlab.drift._stats import psi

__all__ = ["EXAMPLE_KINDS", "drift_example", "drift_explorer"]

EXAMPLE_KINDS = ("mean shift", "spread change", "seasonal slice", "one outlier", "new category")


def drift_example(
    kind: str,
    magnitude: float,
    *,
    n: int = 2000,
    random_state: int | np.random.Generator | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """A reference and a current sample showing one kind of change.

    Parameters
    ----------
    kind : {"mean shift", "spread change", "seasonal slice", "one outlier", "new category"}
        ``mean shift``: current mean moved by ``magnitude`` standard deviations.
        ``spread change``: current standard deviation times ``1 + magnitude``.
        ``seasonal slice``: the reference spans a whole cycle of amplitude ``1 + magnitude``;
        the current sample is one day's phase of it.
        ``one outlier``: a mean shift of ``magnitude`` plus one value at 1e6 in the current
        sample (watch the Evidently PSI collapse).
        ``new category``: categories; an unseen one takes ``magnitude`` / 10 of the rows
        (``magnitude`` 0.1 = 1%).
    magnitude : float
        Size of the change, 0 to 3.
    n : int, default=2000
        Rows per sample.
    random_state : None, int or numpy.random.Generator, default=None

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``reference`` and ``current``.

    Examples
    --------
    >>> ref, cur = drift_example("mean shift", 0.5, n=1000, random_state=0)
    >>> round(psi(ref, cur), 3)
    0.278
    >>> ref, cur = drift_example("new category", 0.1, n=1000, random_state=0)
    >>> sorted(set(cur) - set(ref)), round(psi(ref, cur), 3)
    (['rocky road'], 0.041)
    """
    kind = check_choice("kind", kind, EXAMPLE_KINDS)
    n = check_positive_int("n", n, minimum=10)
    if not 0.0 <= float(magnitude) <= 3.0:
        raise ValueError(f"magnitude must be between 0 and 3, got {magnitude!r}")
    rng = check_random_state(random_state)
    magnitude = float(magnitude)
    if kind == "new category":
        flavours = np.array(["vanilla", "chocolate", "strawberry"])
        ref = rng.choice(flavours, n, p=[0.5, 0.3, 0.2])
        cur = rng.choice(flavours, n, p=[0.5, 0.3, 0.2]).astype(object)
        cur[rng.random(n) < magnitude / 10] = "rocky road"
        return ref.astype(object), cur
    ref = rng.normal(0.0, 1.0, n)
    if kind == "mean shift":
        cur = rng.normal(magnitude, 1.0, n)
    elif kind == "spread change":
        cur = rng.normal(0.0, 1.0 + magnitude, n)
    elif kind == "seasonal slice":
        amplitude = 1.0 + magnitude
        ref = amplitude * np.sin(rng.uniform(0, 2 * np.pi, n)) + rng.normal(0.0, 1.0, n)
        cur = amplitude * np.sin(0.4 * np.pi) + rng.normal(0.0, 1.0, n)
    else:  # one outlier
        cur = rng.normal(magnitude, 1.0, n)
        cur[0] = 1e6
    return ref, cur


def drift_explorer(*, random_state: int = 0):
    """An ipywidgets explorer: pick a kind of change and its magnitude, see PSI and the tier.

    Returns
    -------
    ipywidgets.VBox
        Display it in a notebook cell.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    from interviewlab.drift._plots import plot_distributions

    kind = widgets.Dropdown(options=EXAMPLE_KINDS, value="mean shift", description="kind")
    magnitude = widgets.FloatSlider(
        value=0.5, min=0.0, max=3.0, step=0.05, description="magnitude", continuous_update=False
    )
    rows = widgets.IntSlider(
        value=2000, min=100, max=10000, step=100, description="rows", continuous_update=False
    )
    bins = widgets.IntSlider(value=10, min=2, max=30, description="bins", continuous_update=False)
    out = widgets.Output()
    verdict = widgets.HTML()

    def redraw(_change=None):
        ref, cur = drift_example(
            kind.value, magnitude.value, n=rows.value, random_state=random_state
        )
        value = psi(ref, cur, bins=bins.value)
        evidently = psi(ref, cur, binning="evidently")
        tier = tier_of(value, Threshold(0.1, 0.25))
        colour = {"green": "green", "yellow": "#b8860b", "red": "red"}[tier]
        verdict.value = (
            f"<b>PSI</b> {value:.3f} (quantile, {bins.value} bins) · {evidently:.3f} (evidently)"
            f" → tier <b style='color:{colour}'>{tier}</b> (thresholds 0.1 / 0.25)"
        )
        with out:
            out.clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(7, 3))
            plot_distributions(ref, cur, bins=bins.value, ax=ax)
            plt.show()
            plt.close(fig)

    for control in (kind, magnitude, rows, bins):
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([kind, magnitude]), widgets.HBox([rows, bins]), verdict, out])
