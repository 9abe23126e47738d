import pandas as pd
import pandera as pa
import pytest

from training.validate_data import SCHEMA


def test_unknown_flavor_breaks_the_contract():
    batch = pd.DataFrame([{"store": "store_01", "flavor": "mint", "temperature": 20.0, "price": 2.5,
                           "promotion": False, "units_sold": 10}])
    with pytest.raises(pa.errors.SchemaErrors):
        SCHEMA.validate(batch, lazy=True)
