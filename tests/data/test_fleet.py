"""Invariants of the data make_fleet generates: contracts, golden values, each kind of drift."""

from __future__ import annotations

import dataclasses
import inspect

import numpy as np
import pandas as pd
import pytest

import interviewlab.drift as drift
from interviewlab.drift import DRIFT_KINDS, KINDS, Fleet, make_fleet, psi_columns

MAKERS = [getattr(drift, name) for name in drift.__all__ if name.startswith("make_")]
SMALL = {"n_features": 5, "rows_per_day": 300}


@pytest.fixture(scope="module")
def fleet() -> Fleet:
    """A fleet with every kind at least twice (24 models, 40% drifting, 25% seasonal)."""
    return make_fleet(24, 24, n_features=6, rows_per_day=400, seasonal_share=0.25, random_state=7)


def _kind(fleet: Fleet, kind: str, task: str | None = None) -> list[int]:
    return [s.index for s in fleet.specs if s.kind == kind and (task is None or s.task == task)]


# ------------------------------------------------------------------------ contracts (every make_*)
@pytest.mark.parametrize("maker", MAKERS, ids=lambda f: f.__name__)
def test_contract_random_state_is_last_keyword_only(maker):
    """Every make_* takes random_state as its last, keyword-only argument."""
    params = list(inspect.signature(maker).parameters.values())
    assert params[-1].name == "random_state"
    assert params[-1].kind is inspect.Parameter.KEYWORD_ONLY


@pytest.mark.parametrize("maker", MAKERS, ids=lambda f: f.__name__)
def test_contract_same_seed_same_output(maker):
    """The same seed gives the same ground truth and the same batches."""
    a, b = maker(6, 8, **SMALL, random_state=3), maker(6, 8, **SMALL, random_state=3)
    pd.testing.assert_frame_equal(a.ground_truth, b.ground_truth)
    assert a.description == b.description
    for m, d in [(0, 0), (3, 5), (5, 7)]:
        xa, ya = a.draw(m, d)
        xb, yb = b.draw(m, d)
        np.testing.assert_array_equal(xa, xb)
        np.testing.assert_array_equal(ya, yb)
    np.testing.assert_array_equal(a.reference(2).X, b.reference(2).X)


@pytest.mark.parametrize("maker", MAKERS, ids=lambda f: f.__name__)
def test_contract_different_seed_different_output(maker):
    """Different seeds give different data."""
    a, b = maker(6, 8, **SMALL, random_state=3), maker(6, 8, **SMALL, random_state=4)
    assert not np.array_equal(a.draw(0, 0)[0], b.draw(0, 0)[0])
    assert a.seed != b.seed


@pytest.mark.parametrize("maker", MAKERS, ids=lambda f: f.__name__)
def test_contract_documented_fields_present(maker):
    """The result is a frozen dataclass with the documented fields and ground-truth columns."""
    result = maker(4, 6, **SMALL, random_state=0)
    assert dataclasses.is_dataclass(result)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.n_days = 3
    for name in ("n_models", "n_days", "specs", "ground_truth", "description", "seed"):
        assert hasattr(result, name)
    assert list(result.ground_truth.columns) == [
        "model",
        "index",
        "task",
        "owner",
        "kind",
        "drifting",
        "onset_day",
        "magnitude",
        "drift_features",
    ]
    assert isinstance(result.description, str) and result.description


def test_generator_instance_is_accepted():
    """A numpy Generator works as random_state and gives a reproducible fleet."""
    a = make_fleet(3, 4, **SMALL, random_state=np.random.default_rng(5))
    b = make_fleet(3, 4, **SMALL, random_state=np.random.default_rng(5))
    pd.testing.assert_frame_equal(a.ground_truth, b.ground_truth)


# ------------------------------------------------------------------------ golden values
def test_golden_ground_truth_for_seed_42():
    """Seed 42 gives exactly these kinds, onset days and drifting features."""
    fleet = make_fleet(12, 30, n_features=6, rows_per_day=300, random_state=42)
    truth = fleet.ground_truth
    assert truth["kind"].tolist() == [
        "gradual",
        "stable",
        "stable",
        "stable",
        "stable",
        "prior",
        "seasonal",
        "seasonal",
        "concept",
        "gradual",
        "stable",
        "sudden",
    ]
    onsets = {
        row.model: int(row.onset_day) for row in truth.dropna(subset=["onset_day"]).itertuples()
    }
    assert onsets == {"m000": 18, "m005": 18, "m008": 14, "m009": 21, "m011": 9}
    assert truth["task"].value_counts().to_dict() == {"regression": 6, "classification": 6}
    assert fleet.spec("m011").drift_features == ("f01", "f02")
    assert fleet.spec(6).drift_features == ("f01", "f03")
    assert fleet.description == (
        "12 models (6 classifiers) watched for 30 days, 6 features, 300 rows a day, "
        "1200 reference rows each: 5 stable, 2 seasonal, 2 gradual, 1 sudden, 1 concept, 1 prior."
    )


def test_golden_batch_values_for_seed_42():
    """The first row of model 3 on day 7 is exactly reproducible."""
    fleet = make_fleet(12, 30, n_features=6, rows_per_day=300, random_state=42)
    X, y = fleet.draw(3, 7)
    np.testing.assert_allclose(
        X[0], [5.134218, -21.315407, -2.559221, 8.864418, -9.073768, 24.923286], atol=1e-6
    )
    np.testing.assert_allclose(y[:3], [278.362025, 281.396024, 299.261389], atol=1e-6)


# ------------------------------------------------------------------------ ground truth rules
def test_ground_truth_is_consistent(fleet):
    """drifting iff the kind drifts; onset in the documented window for drifting models only."""
    truth = fleet.ground_truth
    assert set(truth["kind"]) <= set(KINDS)
    assert (truth["drifting"] == truth["kind"].isin(DRIFT_KINDS)).all()
    lo, hi = max(1, fleet.n_days // 4), max(1, 3 * fleet.n_days // 4 - 1)
    onset = truth["onset_day"]
    assert onset[truth["drifting"]].between(lo, hi).all()
    assert onset[~truth["drifting"]].isna().all()
    assert (truth["magnitude"][truth["kind"] == "stable"] == 0).all()
    counts = truth["kind"].value_counts()
    assert counts[list(DRIFT_KINDS)].sum() == round(0.4 * 24)
    assert counts["seasonal"] == round(0.25 * 24)
    assert set(DRIFT_KINDS) <= set(counts.index)


def test_batches_have_documented_shapes(fleet):
    """Batches hold rows_per_day rows, n_features columns, 0/1 labels for classifiers."""
    for spec in fleet.specs[:6]:
        batch = fleet.batch(spec.index, 3)
        assert batch.X.shape == (400, 6) and batch.y.shape == (400,)
        assert batch.feature_names == fleet.feature_names
        if spec.task == "classification":
            assert set(np.unique(batch.y)) <= {0, 1}
            assert batch.y_score is not None and ((batch.y_score >= 0) & (batch.y_score <= 1)).all()
        else:
            assert batch.y_score is None and batch.y.dtype.kind == "f"
        frame = batch.to_frame()
        assert list(frame.columns[:6]) == list(fleet.feature_names)
    assert fleet.reference(0).X.shape == (1600, 6)


def test_batches_are_generated_on_demand_in_any_order(fleet):
    """A (model, day) batch is the same whatever was generated before; nothing is stored."""
    first = fleet.draw(5, 10)[0]
    for day in range(fleet.n_days):
        fleet.draw(4, day)
    np.testing.assert_array_equal(fleet.draw(5, 10)[0], first)
    fresh = make_fleet(24, 24, n_features=6, rows_per_day=400, seasonal_share=0.25, random_state=7)
    np.testing.assert_array_equal(fresh.draw(5, 10)[0], first)
    assert fresh._models == {}  # drawing features and labels fits nothing and caches nothing


def test_models_are_fitted_once_and_cached(fleet):
    """model() fits the estimator on the reference data once and returns the same object."""
    assert fleet.model(0) is fleet.model(0)
    assert hasattr(fleet.model(0), "predict")


# ------------------------------------------------------------------------ each kind behaves
def _feature_psi(fleet, m, day):
    return psi_columns(fleet.reference(m).X, fleet.draw(m, day)[0])


def test_stable_models_do_not_drift(fleet):
    """Stable models' features stay within PSI noise every day."""
    for m in _kind(fleet, "stable")[:3]:
        worst = [_feature_psi(fleet, m, d).max() for d in range(0, fleet.n_days, 4)]
        assert max(worst) < 0.1


def test_sudden_shift_jumps_on_the_onset_day(fleet):
    """Sudden covariate shift: drift features quiet the day before onset, shifted from onset."""
    for m in _kind(fleet, "sudden"):
        spec = fleet.specs[m]
        cols = [fleet.feature_names.index(f) for f in spec.drift_features]
        before = _feature_psi(fleet, m, spec.onset_day - 1)[cols]
        after = _feature_psi(fleet, m, spec.onset_day)[cols]
        assert before.max() < 0.1 and after.max() > 0.2


def test_gradual_drift_grows_after_onset(fleet):
    """Gradual covariate drift: PSI of the drift features grows over the days after onset."""
    for m in _kind(fleet, "gradual"):
        spec = fleet.specs[m]
        cols = [fleet.feature_names.index(f) for f in spec.drift_features]
        before = _feature_psi(fleet, m, spec.onset_day - 1)[cols].max()
        later = _feature_psi(fleet, m, min(fleet.n_days - 1, spec.onset_day + 5))[cols].max()
        assert before < 0.1 and later > before + 0.1


def test_concept_drift_keeps_inputs_but_hurts_the_model(fleet):
    """Concept drift: features keep their distribution while the model's error grows."""
    for m in _kind(fleet, "concept"):
        spec = fleet.specs[m]
        late = fleet.n_days - 1
        assert _feature_psi(fleet, m, late).max() < 0.1
        before = fleet.batch(m, spec.onset_day - 1)
        after = fleet.batch(m, late)
        if spec.task == "classification":
            assert np.mean(after.y_pred == after.y) < np.mean(before.y_pred == before.y) - 0.05
        else:
            rmse = [np.sqrt(np.mean((b.y - b.y_pred) ** 2)) for b in (before, after)]
            assert rmse[1] > 1.2 * rmse[0]


def test_prior_shift_moves_the_label_mix(fleet):
    """Label/prior shift: the label distribution moves at onset."""
    for m in _kind(fleet, "prior"):
        spec = fleet.specs[m]
        before = np.concatenate([fleet.draw(m, d)[1] for d in range(spec.onset_day)])
        after = np.concatenate([fleet.draw(m, d)[1] for d in range(spec.onset_day, fleet.n_days)])
        spread = 1.0 if spec.task == "classification" else before.std()
        assert abs(after.mean() - before.mean()) / spread > 0.1


def test_seasonal_models_cycle_and_leave_predictions_alone(fleet):
    """Seasonal features look shifted on a given day, repeat with the period, and do not move
    the predictions."""
    for m in _kind(fleet, "seasonal"):
        spec = fleet.specs[m]
        period = fleet._params[m].period
        cols = [fleet.feature_names.index(f) for f in spec.drift_features]
        assert _feature_psi(fleet, m, 2)[cols].max() > 0.25
        same_phase = psi_columns(fleet.draw(m, 2)[0], fleet.draw(m, 2 + period)[0])
        assert same_phase[cols].max() < 0.15
        ref, today = fleet.reference(m), fleet.batch(m, 2)
        out = (lambda b: b.y_score) if spec.task == "classification" else (lambda b: b.y_pred)
        assert drift.psi(out(ref), out(today)) < 0.1
        assert spec.onset_day is None and not spec.drifting


# ------------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_models": 0}, "n_models must be an integer >= 1, got 0"),
        ({"n_days": 1}, "n_days must be an integer >= 2, got 1"),
        ({"n_features": 1}, "n_features must be an integer >= 2"),
        ({"rows_per_day": 10}, "rows_per_day must be an integer >= 20"),
        ({"reference_rows": 5}, "reference_rows must be an integer >= 50"),
        ({"drift_share": 1.5}, "drift_share must be a number in"),
        ({"drift_share": 0.7, "seasonal_share": 0.5}, "drift_share \\+ seasonal_share"),
        ({"classification_share": -0.1}, "classification_share"),
    ],
)
def test_make_fleet_bad_input(kwargs, match):
    """Bad arguments raise ValueError naming the argument and the value."""
    args = {"n_models": 3, "n_days": 5, **kwargs}
    with pytest.raises(ValueError, match=match):
        make_fleet(args.pop("n_models"), args.pop("n_days"), **args)


def test_fleet_methods_reject_bad_model_or_day():
    """Unknown models and days out of range raise errors naming them."""
    fleet = make_fleet(3, 5, **SMALL, random_state=0)
    with pytest.raises(ValueError, match="model must be in \\[0, 2\\], got 3"):
        fleet.draw(3, 0)
    with pytest.raises(ValueError, match="day must be in \\[0, 4\\], got 5"):
        fleet.draw(0, 5)
    with pytest.raises(ValueError, match="'m999' is not in this fleet"):
        fleet.spec("m999")
    with pytest.raises(TypeError, match="day must be an int"):
        fleet.batch(0, 1.5)
    assert fleet.spec("m001").index == 1
