"""Reject a training or scoring batch that breaks the data contract."""

import sys

import pandas as pd
import pandera as pa

SCHEMA = pa.DataFrameSchema(
    {
        "store": pa.Column(str, pa.Check.str_matches(r"^store_\d{2}$")),
        "flavor": pa.Column(str, pa.Check.isin(["chocolate", "vanilla", "strawberry"])),
        "temperature": pa.Column(float, pa.Check.in_range(-30, 50)),
        "price": pa.Column(float, pa.Check.in_range(0, 20, include_min=False)),
        "promotion": pa.Column(bool),
        "units_sold": pa.Column(int, pa.Check.ge(0)),
    },
    strict=True,
)

if __name__ == "__main__":
    SCHEMA.validate(pd.read_csv(sys.argv[1]), lazy=True)
