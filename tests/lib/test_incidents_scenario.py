"""Unit tests for the forecaster, scenarios, timeline, plot, widget and benchmark."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from interviewlab.incidents import (
    FEATURES,
    TARGET,
    build_forecaster,
    flavor_traits,
    incident_timeline,
    mae,
    make_flavor_incident,
    make_gradual_drift,
    make_icecream_sales,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def scenario():
    return make_flavor_incident(random_state=5)


def test_import_is_light():
    """Importing the package loads neither scikit-learn nor matplotlib nor ipywidgets."""
    code = (
        "import sys, interviewlab.incidents; "
        "print(sorted(m for m in ('sklearn', 'matplotlib', 'ipywidgets') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_forecaster_encoder_setting():
    """build_forecaster builds a pipeline whose one-hot encoder ignores or errors on unknowns."""
    for setting in ("ignore", "error"):
        model = build_forecaster(on_unknown=setting)
        assert [name for name, _ in model.steps] == ["features", "encode", "regress"]
        onehot = dict((n, t) for n, t, _ in model.named_steps["encode"].transformers)["onehot"]
        assert onehot.handle_unknown == setting
    with pytest.raises(ValueError, match="on_unknown must be one of 'ignore', 'error'; got 'warn'"):
        build_forecaster(on_unknown="warn")
    with pytest.raises(ValueError, match="alpha must be a number > 0, got 0"):
        build_forecaster(alpha=0)


def test_forecaster_learns_the_process():
    """On fresh days of the same shops the forecaster's error is close to the noise level."""
    sales = make_icecream_sales(150, random_state=2)
    frame = sales.frame
    train, test = frame.iloc[:960], frame.iloc[960:]
    model = build_forecaster().fit(train, train[TARGET])
    err = mae(test[TARGET], model.predict(test))
    noise = mae(test[TARGET], sales.expected_units[960:])  # the best any model can do
    assert err < 1.25 * noise


def test_mae_checks_shapes():
    """mae refuses arrays of different shapes and is NaN for no rows."""
    with pytest.raises(ValueError, match="same shape"):
        mae([1, 2], [1])
    assert np.isnan(mae([], []))


def test_flavor_traits_catalogue_and_hash():
    """Catalogue flavours have fixed traits; other names get stable traits in the stated ranges."""
    assert flavor_traits("rum raisin") == (0.35, 0.15)
    pop, premium = flavor_traits("durian")
    assert 0.3 <= pop < 2.0 and 0 <= premium < 0.2
    assert flavor_traits("durian") == (pop, premium)
    with pytest.raises(ValueError, match="a flavor must be a non-empty string, got ''"):
        flavor_traits("")


def test_incident_ignores_unknowns_and_errs(scenario):
    """With handle_unknown='ignore' the model answers new flavours, far worse than known ones."""
    batch = scenario.batch
    predictions = scenario.model.predict(batch)
    truth = scenario.truth.units_sold.loc[batch.index]
    new = batch.index.isin(scenario.truth.new_rows)
    assert np.isfinite(predictions).all()
    assert mae(truth[new], predictions[new]) > 2 * mae(truth[~new], predictions[~new])


def test_incident_changes_nothing_but_the_flavours(scenario):
    """Known rows are forecast as well after the incident as before it."""
    timeline = incident_timeline(scenario)
    before = timeline[timeline["day"] < scenario.truth.start_day]
    after = timeline[timeline["day"] >= scenario.truth.start_day]
    known_after = after["mae_known"] / (after["mae"] / after["wape"])
    assert known_after.mean() < 1.5 * before["wape"].mean()
    assert after["wape"].mean() > 2 * before["wape"].mean()
    assert (before["unseen_share"] == 0).all() and (after["unseen_share"] > 0).all()


def test_crashing_variant_timeline():
    """The crashing variant's timeline shows crashes exactly from the incident day on."""
    crashing = make_flavor_incident(
        random_state=5, on_unknown="error", n_serving_days=10, incident_day=6
    )
    timeline = incident_timeline(crashing)
    assert timeline["crashed"].tolist() == [False] * 6 + [True] * 4
    assert timeline["mae"].isna().tolist() == [False] * 6 + [True] * 4


def test_gradual_drift_has_no_unseen_values_and_creeping_error():
    """The drift counterpart never fails the contract; its error grows week after week."""
    drift = make_gradual_drift(random_state=5)
    stable = make_gradual_drift(weekly_change=0, random_state=5)
    timeline = incident_timeline(drift)
    assert (timeline["blocked_rows"] == 0).all()
    weekly = timeline["wape"].groupby(timeline["day"] // 7).mean()
    assert weekly.is_monotonic_increasing and weekly.iloc[-1] > 2 * weekly.iloc[0]
    calm = incident_timeline(stable)["wape"]
    assert calm.iloc[-7:].mean() < 1.5 * calm.iloc[:7].mean()


def test_scenario_accessors(scenario):
    """day(), batch, labelled() and dates slice the serving data consistently."""
    assert scenario.n_days == 28 and len(scenario.dates) == 28
    day3 = scenario.day(3)
    assert (day3["date"] == scenario.dates[3]).all()
    assert scenario.batch.equals(scenario.day(scenario.truth.start_day))
    labelled = scenario.labelled(5, start=2)
    assert set(labelled["date"]) == set(scenario.dates[2:5])
    assert labelled[TARGET].equals(scenario.truth.units_sold.loc[labelled.index])
    assert list(scenario.serving.columns) == list(FEATURES)
    for bad in (-1, 28, 2.0, True):
        with pytest.raises(ValueError, match="day must be an integer in"):
            scenario.day(bad)
    with pytest.raises(ValueError, match="stop must be an integer in"):
        scenario.labelled(29)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"new_flavors": ("vanilla",)}, "new_flavors must not include old flavours, got"),
        ({"new_flavors": ()}, "new_flavors must be a positive int or a non-empty list"),
        ({"incident_day": 28}, r"incident_day must be an integer in \[0, 28\), got 28"),
        ({"rollout_stores": 5}, r"rollout_stores must be None or an integer in \[1, 4\], got 5"),
        ({"on_unknown": "crash"}, "on_unknown must be one of 'ignore', 'error'; got 'crash'"),
        ({"n_train_days": 3}, "n_train_days must be an integer >= 7, got 3"),
        ({"start": "someday"}, "start must be a date such as '2025-04-14', got 'someday'"),
        ({"random_state": "x"}, "random_state must be None, an int or a numpy Generator"),
    ],
)
def test_make_flavor_incident_bad_arguments(kwargs, message):
    """Bad arguments raise errors naming the argument and the value."""
    with pytest.raises((ValueError, TypeError), match=message):
        make_flavor_incident(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weekly_change": 2}, r"weekly_change must be a number in \[0, 1\], got 2"),
        ({"drift_day": -1}, r"drift_day must be an integer in \[0, 28\), got -1"),
        ({"flavors": "vanilla"}, "flavors must be a positive int or a non-empty list"),
    ],
)
def test_make_gradual_drift_bad_arguments(kwargs, message):
    """Bad arguments raise errors naming the argument and the value."""
    with pytest.raises(ValueError, match=message):
        make_gradual_drift(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_days": 0}, "n_days must be an integer >= 1, got 0"),
        ({"stores": ["a", "a"]}, "stores must not repeat a name"),
        ({"stores": [1, 2]}, "stores must hold non-empty strings"),
        ({"flavors": []}, "flavors must be a positive int or a non-empty list"),
    ],
)
def test_make_icecream_sales_bad_arguments(kwargs, message):
    """Bad arguments raise errors naming the argument and the value."""
    with pytest.raises(ValueError, match=message):
        make_icecream_sales(**kwargs)


def test_plot_timeline_draws_two_panels(scenario):
    """The timeline figure has an error panel and an unseen-share panel, with the cursor."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from interviewlab.incidents import plot_incident_timeline

    fig = plot_incident_timeline(scenario, day=3)
    top, bottom = fig.axes
    assert top.get_ylabel() == "MAE / mean sales" and bottom.get_ylabel() == "unseen share"
    assert len(top.get_lines()) >= 3 + 2  # all / known / new rows, start line, cursor
    plt.close(fig)
    crashing = make_flavor_incident(
        random_state=5, on_unknown="error", n_serving_days=8, incident_day=5
    )
    fig = plot_incident_timeline(crashing)
    assert any("crashed" in t.get_text() for t in fig.axes[0].texts)
    plt.close(fig)


def test_widget_steps_through_days(scenario):
    """The explorer is a slider over the serving days; moving it updates the day's report."""
    import matplotlib

    matplotlib.use("Agg")
    from interviewlab.incidents import incident_explorer
    from interviewlab.incidents._widgets import day_summary

    box = incident_explorer(scenario)
    slider = box.children[0]
    assert (slider.min, slider.max) == (0, scenario.n_days - 1)
    slider.value = scenario.truth.start_day  # triggers a redraw without error
    timeline = incident_timeline(scenario)
    from interviewlab.incidents import infer_schema

    text = day_summary(
        scenario,
        scenario.truth.start_day,
        timeline=timeline,
        schema=infer_schema(scenario.train.loc[:, list(FEATURES)]),
    )
    assert "unseen_category" in text and "never seen in training" in text


def test_bench_runs_small():
    """The benchmark runs with --small and prints time, memory, floor and ratio."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_incidents.py"), "--small", "--repeat", "1"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    for needle in ("validate_batch", "floor (isin + ranges)", "ratio", "peak memory", "wall time"):
        assert needle in out.stdout
    assert out.stderr == ""


def test_timeline_columns(scenario):
    """The timeline has one row per serving day and the documented columns."""
    from interviewlab.incidents._timeline import TIMELINE_COLUMNS

    timeline = incident_timeline(scenario)
    assert list(timeline.columns) == list(TIMELINE_COLUMNS)
    assert isinstance(timeline.index, pd.DatetimeIndex) and len(timeline) == scenario.n_days
