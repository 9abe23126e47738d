"""Quality gate and behavioural tests of the forecaster."""

from sklearn.metrics import mean_absolute_error

from service.model import load_model
from training.evaluate import gate

MODEL, _ = load_model()
ROW = {"store": "store_01", "flavor": "vanilla", "temperature": 24.0, "price": 2.5, "promotion": False}


def test_quality_gate_blocks_a_worse_model():
    assert not gate(candidate_mae=10.6, production_mae=10.0, max_mae_ratio=1.05)
    assert gate(candidate_mae=10.4, production_mae=10.0, max_mae_ratio=1.05)


def test_directional_hotter_days_sell_more():
    cold, hot = MODEL.predict([{**ROW, "temperature": 12.0}, {**ROW, "temperature": 30.0}])
    assert hot > cold


def test_invariance_to_store_name_format():
    a, b = MODEL.predict([ROW, {**ROW, "store": "store_02"}])
    assert abs(a - b) < 50


def test_holdout_error_is_acceptable(holdout):
    mae = mean_absolute_error(holdout.y, MODEL.predict(holdout.X))
    assert mae < 12.0
