"""Unit tests for the remedies: quarantine, the "other" bucket, retrain with a gate, release."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from interviewlab.incidents import (
    FEATURES,
    TARGET,
    Quarantine,
    bandaid_costs,
    bucket_unknowns,
    infer_schema,
    mae,
    make_flavor_incident,
    quarantine,
    release,
    retrain,
    validate_batch,
)


@pytest.fixture(scope="module")
def scenario():
    return make_flavor_incident(random_state=11)


@pytest.fixture(scope="module")
def crashing():
    return make_flavor_incident(random_state=11, on_unknown="error")


@pytest.fixture(scope="module")
def schema(scenario):
    return infer_schema(scenario.train.loc[:, list(FEATURES)])


def test_quarantine_holds_exactly_the_new_flavour_rows(scenario, schema):
    """On the incident batch the held rows are the ground truth's new rows, each with a reason."""
    batch = scenario.batch
    result = quarantine(batch, validate_batch(batch, schema))
    assert isinstance(result, Quarantine)
    expected = batch.index[batch.index.isin(scenario.truth.new_rows)]
    assert result.held.index.equals(expected)
    assert set(result.passed["flavor"]) == {"chocolate", "vanilla"}
    assert result.reasons.index.equals(result.held.index)
    for row, reason in result.reasons.items():
        assert reason == f"unseen_category: flavor={batch.loc[row, 'flavor']!r}"
    assert result.reassemble().equals(batch)
    assert "8 rows passed, 16 held" in result.summary()


def test_quarantine_keeps_values_untouched(scenario, schema):
    """Held and passed rows are the batch's rows, values and dtypes unchanged."""
    batch = scenario.batch
    result = quarantine(batch, validate_batch(batch, schema))
    pd.testing.assert_frame_equal(result.held, batch.loc[result.held.index])
    pd.testing.assert_frame_equal(result.passed, batch.loc[result.passed.index])


def test_quarantine_refuses_a_report_for_another_batch(scenario, schema):
    """A report made for a different batch is refused rather than misapplied."""
    report = validate_batch(scenario.day(0), schema)
    with pytest.raises(ValueError, match="report was made for another batch"):
        quarantine(scenario.batch, report)
    with pytest.raises(TypeError, match="report must be a ValidationReport"):
        quarantine(scenario.batch, {"anomalies": []})


def test_quarantine_with_duplicate_index_labels(schema, scenario):
    """Repeated index labels do not confuse the split: positions decide."""
    batch = scenario.batch.iloc[[0, 2, 3, 0]].copy()
    batch.index = [5, 5, 5, 5]
    result = quarantine(batch, validate_batch(batch, schema))
    assert result.held_mask.tolist() == [False, True, True, False]
    assert result.reassemble().equals(batch)


def test_bucket_unknowns_maps_only_unseen_values(scenario, schema):
    """The other bucket rewrites unseen values only and records what it rewrote."""
    batch = scenario.batch
    result = bucket_unknowns(batch, schema)
    assert result.frame.index.equals(batch.index)
    changed = result.frame["flavor"] != batch["flavor"]
    assert changed.to_numpy().tolist() == result.mapped_mask.tolist()
    assert set(result.frame.loc[changed, "flavor"]) == {"other"}
    assert sum(result.mapped["flavor"].values()) == int(changed.sum())
    assert batch["flavor"].isin(["strawberry"]).any()  # the input is untouched


def test_bandaid_costs_show_the_price_of_each_choice(scenario):
    """As deployed and other bucket answer new rows badly; quarantine answers known rows well."""
    costs = bandaid_costs(scenario)
    assert list(costs.index) == ["as deployed", "other bucket", "quarantine"]
    deployed, bucket, held = (costs.loc[k] for k in costs.index)
    assert deployed["mae_new"] > 2 * deployed["mae_known"]
    assert bucket["mae_new"] == pytest.approx(deployed["mae_new"])  # no "other" level learnt
    assert held["held"] == len(scenario.truth.new_rows.intersection(scenario.batch.index))
    assert np.isnan(held["mae_new"]) and held["mae_known"] == pytest.approx(deployed["mae_known"])


def test_bandaid_costs_on_the_crashing_variant(crashing):
    """With an erroring encoder, scoring everything crashes; quarantine keeps answering."""
    costs = bandaid_costs(crashing)
    assert costs.loc["as deployed", "crashed"] and costs.loc["other bucket", "crashed"]
    assert costs.loc["as deployed", "answered"] == 0
    assert not costs.loc["quarantine", "crashed"] and costs.loc["quarantine", "answered"] > 0
    known_level = bandaid_costs(crashing, other="vanilla")
    assert not known_level.loc["other bucket", "crashed"]


def test_crashing_model_raises_on_unknowns(crashing):
    """The crashing variant's predict raises on new flavours, and works on known ones."""
    with pytest.raises(ValueError, match="unknown categor"):
        crashing.model.predict(crashing.batch)
    assert len(crashing.model.predict(crashing.day(0))) == len(crashing.day(0))


def test_retrain_passes_the_gate_and_fixes_new_flavours(scenario):
    """Retrained on history + recent days, the new model beats the old one, new rows included."""
    result = retrain(scenario.train, scenario.labelled(24), old_model=scenario.model)
    assert result.accepted and result.model is result.candidate
    assert result.reason.startswith("accepted")
    assert list(result.scores.index) == ["all", "known values", "new values"]
    assert (
        result.scores.loc["new values", "new_mae"] < result.scores.loc["new values", "old_mae"] / 2
    )
    assert len(result.holdout_dates) == 7 and result.holdout_dates[-1] == scenario.dates[23]
    later = scenario.labelled(28, start=24)
    new_rows = later.index.isin(scenario.truth.new_rows)
    err_new = mae(later.loc[new_rows, TARGET], result.model.predict(later[new_rows]))
    err_old = mae(later.loc[new_rows, TARGET], scenario.model.predict(later[new_rows]))
    assert err_new < err_old / 2


def test_retrain_gate_rejects_a_worse_candidate(scenario):
    """With shuffled labels the candidate loses on the held-out days and is not deployed."""
    recent = scenario.labelled(24)
    recent[TARGET] = np.random.default_rng(0).permutation(recent[TARGET].to_numpy())
    holdout = recent["date"] >= scenario.dates[17]
    recent.loc[holdout, TARGET] = scenario.truth.units_sold.loc[recent.index[holdout]]
    history = scenario.train.copy()
    history[TARGET] = np.random.default_rng(1).permutation(history[TARGET].to_numpy())
    result = retrain(history, recent, old_model=scenario.model)
    assert not result.accepted and result.model is scenario.model
    assert result.reason.startswith("rejected")


def test_retrain_with_a_crashing_old_model(crashing):
    """An old model that crashes on new values scores inf there; the candidate is accepted."""
    result = retrain(crashing.train, crashing.labelled(24), old_model=crashing.model)
    assert result.scores.loc["new values", "old_mae"] == np.inf
    assert result.accepted


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"holdout_days": 0}, ValueError, "holdout_days must be an integer >= 1, got 0"),
        ({"holdout_days": 30}, ValueError, "recent must span more than holdout_days=30 days"),
        ({"recent": "nope"}, TypeError, "recent must be a pandas DataFrame, got str"),
        ({"drop": "units_sold"}, ValueError, r"recent is missing the column\(s\) \['units_sold'\]"),
    ],
)
def test_retrain_bad_arguments(scenario, kwargs, error, message):
    """Bad arguments to retrain name the argument and the value."""
    recent = scenario.labelled(20)
    if "drop" in kwargs:
        recent = recent.drop(columns=kwargs.pop("drop"))
    recent = kwargs.pop("recent", recent)
    with pytest.raises(error, match=message):
        retrain(scenario.train, recent, old_model=scenario.model, **kwargs)


def test_release_scores_every_held_row(scenario, schema):
    """Released rows keep index and values and get the new model's predictions."""
    batch = scenario.batch
    held = quarantine(batch, validate_batch(batch, schema))
    new = retrain(scenario.train, scenario.labelled(24), old_model=scenario.model)
    out = release(held, new.model)
    assert out.still_held.empty and out.reasons.empty
    assert out.released.index.equals(held.held.index)
    pd.testing.assert_frame_equal(out.released.drop(columns="prediction"), held.held)
    np.testing.assert_allclose(out.released["prediction"], new.model.predict(held.held))
    truth = scenario.truth.units_sold.loc[out.released.index]
    assert mae(truth, out.released["prediction"]) < mae(truth, scenario.model.predict(held.held))


def test_release_with_a_schema_keeps_rows_still_unknown(scenario, schema):
    """Rows the new schema still blocks stay held with a reason; nothing is lost."""
    batch = scenario.batch.copy()
    batch.loc[batch.index[2], "flavor"] = "durian"
    held = quarantine(batch, validate_batch(batch, schema))
    recent = scenario.labelled(24)
    new = retrain(scenario.train, recent, old_model=scenario.model)
    new_schema = infer_schema(pd.concat([scenario.train, recent]).loc[:, list(FEATURES)])
    out = release(held.held, new.model, schema=new_schema)
    assert out.still_held.index.tolist() == [batch.index[2]]
    assert out.reasons.tolist() == ["unseen_category: flavor='durian'"]
    together = pd.concat([out.released.drop(columns="prediction"), out.still_held])
    assert sorted(together.index) == sorted(held.held.index)
    assert len(together) == len(held.held)


def test_release_errors_clearly_when_the_model_cannot_score(crashing, schema):
    """Replaying through a model that still crashes raises and releases nothing."""
    held = quarantine(crashing.batch, validate_batch(crashing.batch, schema))
    with pytest.raises(ValueError, match="could not score the 16 released rows"):
        release(held, crashing.model)
    with pytest.raises(TypeError, match="held must be a DataFrame or a Quarantine"):
        release([1, 2], crashing.model)
    empty = release(held.held.iloc[:0], crashing.model)
    assert empty.released.empty and "prediction" in empty.released
