import pandas as pd
from sklearn.metrics import mean_absolute_error

from app.main import model


def test_model_is_accurate_enough():
    holdout = pd.read_csv("tests/holdout.csv")
    mae = mean_absolute_error(holdout["units_sold"], model.predict(holdout.drop(columns="units_sold")))
    assert mae < 12.0
