"""Unit tests for the data contracts: infer_schema, the schema file, validate_batch."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewlab.incidents import (
    ANOMALY_KINDS,
    FEATURES,
    SCHEMA_VERSION,
    Schema,
    ValidationReport,
    infer_schema,
    load_schema,
    make_flavor_incident,
    make_icecream_sales,
    quarantine,
    save_schema,
    validate_batch,
)


@pytest.fixture(scope="module")
def train():
    return make_icecream_sales(60, random_state=3).frame.loc[:, list(FEATURES)]


@pytest.fixture(scope="module")
def schema(train):
    return infer_schema(train)


def kinds(report: ValidationReport) -> list[tuple[str, str | None]]:
    return [(a.kind, a.column) for a in report.anomalies]


# --------------------------------------------------------------------------- infer_schema


def test_infer_schema_kinds_domains_and_ranges(train, schema):
    """Text columns get their domain, numbers a widened range, dates the datetime kind."""
    assert schema.names == list(FEATURES)
    assert schema.column("date").kind == "datetime"
    assert schema.column("flavor").kind == "categorical"
    assert schema.column("flavor").domain == ("chocolate", "vanilla")
    assert schema.column("store").domain == ("store_01", "store_02", "store_03", "store_04")
    price = schema.column("price")
    low, high = train["price"].min(), train["price"].max()
    assert (price.min, price.max) == (low, high)
    assert price.low == pytest.approx(low - 0.1 * (high - low))
    assert price.high == pytest.approx(high + 0.1 * (high - low))
    assert schema.column("promotion").kind == "numeric"
    assert schema.n_rows == len(train)


def test_infer_schema_null_rates():
    """A column without nulls allows none; one with nulls allows its rate plus the tolerance."""
    frame = pd.DataFrame({"a": [1.0, np.nan, 3.0, 4.0], "b": [1, 2, 3, 4]})
    schema = infer_schema(frame, null_tolerance=0.1)
    assert schema.column("a").null_rate == 0.25
    assert schema.column("a").max_null_rate == pytest.approx(0.35)
    assert schema.column("b").max_null_rate == 0.0


def test_infer_schema_many_values_become_text_and_forced_categorical():
    """Above max_categories a text column has no domain; `categorical` forces a domain."""
    frame = pd.DataFrame({"id": [f"c{i}" for i in range(20)], "store": list(range(20))})
    schema = infer_schema(frame, max_categories=10, categorical=["store"])
    assert schema.column("id").kind == "text" and schema.column("id").domain is None
    assert schema.column("store").kind == "categorical"
    assert schema.column("store").domain == tuple(range(20))


def test_infer_schema_bool_and_category_columns():
    """Booleans and pandas categoricals are categorical with their values as the domain."""
    frame = pd.DataFrame({"flag": [True, False, True], "size": pd.Categorical(["s", "m", "s"])})
    schema = infer_schema(frame)
    assert schema.column("flag").domain == (False, True)
    assert schema.column("size").domain == ("m", "s")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"frame": [1, 2]}, TypeError, "frame must be a pandas DataFrame, got list"),
        ({"frame": pd.DataFrame()}, ValueError, "frame has no columns"),
        ({"max_categories": 0}, ValueError, "max_categories must be an integer >= 1, got 0"),
        ({"range_tolerance": -1}, ValueError, "range_tolerance must be a finite number >= 0"),
        ({"null_tolerance": 2}, ValueError, "null_tolerance must be a number in [0, 1], got 2"),
        ({"categorical": ["nope"]}, ValueError, "categorical names columns that frame does not"),
    ],
)
def test_infer_schema_bad_arguments(kwargs, error, message):
    """Bad arguments raise errors naming the argument and the value."""
    kwargs.setdefault("frame", pd.DataFrame({"a": [1, 2]}))
    with pytest.raises(error, match=message.replace("[", r"\[").replace("]", r"\]")):
        infer_schema(**kwargs)


def test_infer_schema_refuses_unstorable_values():
    """Values a JSON domain cannot hold (lists) are refused with the column's name."""
    with pytest.raises(ValueError, match="column 'x' holds unhashable values"):
        infer_schema(pd.DataFrame({"x": [[1], [2]]}))
    with pytest.raises(ValueError, match="column 'x' holds the value"):
        infer_schema(pd.DataFrame({"x": [b"raw", b"bytes"]}))


# --------------------------------------------------------------------------- the schema file


def test_schema_json_round_trip(schema, tmp_path):
    """A schema survives JSON text and a file unchanged, version field included."""
    assert Schema.from_json(schema.to_json()) == schema
    path = save_schema(schema, tmp_path / "schema.json")
    assert load_schema(path) == schema
    data = json.loads(path.read_text())
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["format"] == "interviewlab.schema"


def test_schema_round_trip_keeps_value_types():
    """Integer, string and boolean domain values come back with their types."""
    frame = pd.DataFrame({"store": [1, 2, 1], "flag": [True, False, True], "name": ["a", "b", "a"]})
    schema = infer_schema(frame, categorical=["store"])
    again = Schema.from_json(schema.to_json())
    assert again.column("store").domain == (1, 2)
    assert again.column("flag").domain == (False, True)
    assert again == schema


def test_newer_schema_version_is_refused(schema, tmp_path):
    """A file from a newer schema version is refused with an error naming file and versions."""
    data = schema.to_dict()
    data["schema_version"] = SCHEMA_VERSION + 1
    data["columns"][0]["something_new"] = 1  # a newer format may add fields
    path = tmp_path / "future.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match=r"future\.json has schema_version 2, newer than .*\(1\)"):
        load_schema(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "is not valid JSON"),
        ("[1, 2]", "must be a JSON object, got list"),
        (
            '{"format": "interviewlab.schema", "schema_version": 1}',
            "'n_rows' is a required property",
        ),
        (
            '{"format": "other", "schema_version": 1, "n_rows": 1, "columns": []}',
            "at format: 'interviewlab.schema' was expected",
        ),
        (
            '{"format": "interviewlab.schema", "schema_version": 1, "n_rows": 1, "columns": '
            '[{"name": "a", "kind": "weird", "dtype": "int64", "null_rate": 0, '
            '"max_null_rate": 0}]}',
            "at columns/0/kind",
        ),
        (
            '{"format": "interviewlab.schema", "schema_version": "1", "n_rows": 1, "columns": []}',
            "at schema_version: '1' is not of type 'integer'",
        ),
    ],
)
def test_malformed_schema_files_fail_clearly(tmp_path, text, message):
    """Malformed schema files raise ValueError naming the file and the problem."""
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(ValueError, match=r"bad\.json") as info:
        load_schema(path)
    assert message in str(info.value)


def test_missing_schema_file_and_repeated_columns(tmp_path, schema):
    """A missing file and a schema with a repeated column are reported by name."""
    with pytest.raises(ValueError, match="does not exist"):
        load_schema(tmp_path / "nope.json")
    data = schema.to_dict()
    data["columns"].append(data["columns"][0])
    with pytest.raises(ValueError, match="column names repeat"):
        Schema.from_dict(data)


# --------------------------------------------------------------------------- validate_batch


def test_clean_batch_has_no_anomalies(schema):
    """Later days of the same shops (same seed, five more days) pass the contract."""
    later = make_icecream_sales(65, random_state=3).frame
    batch = later[later["date"] >= "2025-06-13"].loc[:, list(FEATURES)]
    assert len(batch) == 5 * 8
    report = validate_batch(batch, schema)
    assert report.ok, report.summary()
    assert report.row_reasons().empty


def test_a_single_unseen_row_is_flagged(schema, train):
    """One unseen value in 1,000 rows is an anomaly, with its value, count, share and row."""
    batch = pd.concat([train] * 5).iloc[:1000].reset_index(drop=True)
    batch.loc[637, "flavor"] = "rum raisin"
    report = validate_batch(batch, schema)
    (anomaly,) = report.anomalies
    assert (anomaly.kind, anomaly.column, anomaly.blocking) == ("unseen_category", "flavor", True)
    assert anomaly.values == ("rum raisin",) and anomaly.counts == (1,)
    assert anomaly.share == 0.001 and anomaly.n_rows == 1
    assert report.rows(anomaly).tolist() == [637]
    assert report.unseen() == {"flavor": {"rum raisin": 1}}


def test_psi_barely_moves_where_the_contract_fires(train, schema):
    """A new category at 1% of rows moves PSI by far less than 0.1, yet fails the contract."""
    batch = train.sample(1000, replace=True, random_state=0).reset_index(drop=True)
    batch.loc[:9, "flavor"] = "strawberry"
    ref = train["flavor"].value_counts(normalize=True)
    cur = batch["flavor"].value_counts(normalize=True)
    levels = sorted(set(ref.index) | set(cur.index))
    p = ref.reindex(levels, fill_value=0).clip(lower=1e-4).to_numpy()
    q = cur.reindex(levels, fill_value=0).clip(lower=1e-4).to_numpy()
    psi = float(np.sum((q - p) * np.log(q / p)))
    assert psi < 0.1  # "no significant change" by the usual PSI rule of thumb
    assert validate_batch(batch, schema).unseen("flavor") == {"strawberry": 10}


def test_unseen_values_sorted_by_count_then_value(schema, train):
    """Unseen values are listed most frequent first, ties in a fixed order."""
    batch = train.iloc[:10].copy()
    batch["flavor"] = ["b", "a", "c", "c", "chocolate", "a", "c", "vanilla", "b", "d"]
    (anomaly,) = validate_batch(batch, schema).of_kind("unseen_category")
    assert anomaly.values == ("c", "a", "b", "d")
    assert anomaly.counts == (3, 2, 2, 1)


def test_missing_and_unexpected_columns(schema, train):
    """A missing column blocks every row; an extra column is reported but blocks nothing."""
    batch = train.iloc[:5].drop(columns="price").assign(weather="sunny")
    report = validate_batch(batch, schema)
    assert kinds(report) == [("missing_column", "price"), ("unexpected_column", "weather")]
    assert report.blocked_mask().all()
    assert report.row_reasons().tolist() == ["missing_column: price"] * 5


def test_no_common_columns_is_reported_not_raised(schema):
    """A batch with no column in common is one clear anomaly plus the missing columns."""
    report = validate_batch(pd.DataFrame({"x": [1, 2], "y": [3, 4]}), schema)
    assert report.anomalies[0].kind == "no_common_columns"
    assert "shares no column with the schema" in report.anomalies[0].message
    assert [a.kind for a in report.anomalies].count("missing_column") == len(FEATURES)
    assert report.blocked_mask().all()


def test_empty_batch_is_reported(schema, train):
    """An empty batch is reported as such, without crashing."""
    report = validate_batch(train.iloc[:0], schema)
    assert kinds(report) == [("empty_batch", None)]
    assert report.n_rows == 0 and report.blocked_mask().shape == (0,)
    assert quarantine(train.iloc[:0], report).held.empty


def test_all_null_columns_are_a_null_spike(schema, train):
    """All-null columns (numeric or text) are null spikes blocking every row, no dtype noise."""
    batch = train.iloc[:4].copy()
    batch["temperature"] = np.nan
    batch["flavor"] = None
    report = validate_batch(batch, schema)
    assert kinds(report) == [("null_spike", "flavor"), ("null_spike", "temperature")]
    assert all(a.n_rows == 4 and a.share == 1.0 for a in report.anomalies)
    assert "100.0% nulls" in report.anomalies[0].message


def test_null_spike_only_above_the_allowed_rate():
    """Nulls within the allowed rate pass; above it they are flagged and their rows blocked."""
    schema = infer_schema(pd.DataFrame({"a": [1.0, np.nan] + [2.0] * 18}), null_tolerance=0.1)
    fine = pd.DataFrame({"a": [np.nan] + [1.5] * 9})  # 10% <= 15% allowed
    assert validate_batch(fine, schema).ok
    spiky = pd.DataFrame({"a": [np.nan, np.nan] + [1.5] * 8})  # 20%
    (anomaly,) = validate_batch(spiky, schema).anomalies
    assert anomaly.kind == "null_spike" and anomaly.positions.tolist() == [0, 1]


def test_mixed_types_in_a_numeric_column(schema, train):
    """Unparsable values in a numeric column are a dtype change blocking their rows only."""
    batch = train.iloc[:4].copy()
    batch["temperature"] = pd.Series([21.5, "hot", "22.0", None], index=batch.index, dtype=object)
    report = validate_batch(batch, schema)
    (change,) = report.of_kind("dtype_change")
    assert change.values == ("hot",) and change.positions.tolist() == [1]
    assert "1 value(s) are not numbers: 'hot'" in change.message
    assert [a.kind for a in report.anomalies] == ["dtype_change", "null_spike"]  # the None
    assert report.blocked_mask().tolist() == [False, True, False, True]


def test_mixed_types_in_a_categorical_column(schema, train):
    """Numbers and odd objects in a text column are unseen values, counted by repr if needed."""
    batch = train.iloc[:4].copy()
    batch["flavor"] = pd.Series(["vanilla", 3, ["a", "list"], {"k": 1}], index=batch.index)
    (anomaly,) = validate_batch(batch, schema).of_kind("unseen_category")
    assert anomaly.positions.tolist() == [1, 2, 3]
    assert sorted(map(str, anomaly.values)) == ["3", "['a', 'list']", "{'k': 1}"]


def test_dtype_change_without_bad_values_is_not_blocking(schema, train):
    """An integer column arriving as floats is reported but blocks nothing."""
    batch = train.iloc[:3].astype({"promotion": float})
    report = validate_batch(batch, schema)
    assert kinds(report) == [("dtype_change", "promotion")]
    assert not report.blocked_mask().any()


def test_out_of_range_values_including_infinity(schema, train):
    """Values outside the widened range, infinities included, are out of range."""
    batch = train.iloc[:4].copy()
    batch["price"] = [3.0, 99.0, -np.inf, 3.1]
    (anomaly,) = validate_batch(batch, schema).anomalies
    assert anomaly.kind == "out_of_range" and anomaly.positions.tolist() == [1, 2]
    assert anomaly.values == (-np.inf, 99.0)


def test_dates_as_text_are_checked_as_dates(schema, train):
    """A date column arriving as text is a dtype change; unparsable dates block their rows."""
    batch = train.iloc[:3].copy()
    batch["date"] = ["2025-09-01", "not a date", "2025-09-03"]
    (change,) = validate_batch(batch, schema).anomalies
    assert change.kind == "dtype_change" and change.values == ("not a date",)
    assert change.positions.tolist() == [1]


def test_category_dtype_batch_matches_object_dtype(schema):
    """A batch with pandas categoricals gives the same findings as the same batch as text."""
    scenario = make_flavor_incident(random_state=1)
    batch = scenario.batch
    as_category = batch.astype({"flavor": "category", "store": "category"})
    plain = validate_batch(batch, infer_schema(scenario.train.loc[:, list(FEATURES)]))
    cat = validate_batch(as_category, infer_schema(scenario.train.loc[:, list(FEATURES)]))
    assert plain.unseen() == cat.unseen()
    assert plain.blocked_mask().tolist() == cat.blocked_mask().tolist()


def test_report_views(schema, train):
    """to_frame, to_dict and summary describe the same anomalies."""
    batch = train.iloc[:3].copy()
    batch.loc[batch.index[0], "flavor"] = "mango sorbet"
    report = validate_batch(batch, schema)
    frame = report.to_frame()
    assert frame.loc[0, "kind"] == "unseen_category" and frame.loc[0, "values"] == ["mango sorbet"]
    assert json.loads(json.dumps(report.to_dict()))["anomalies"][0]["counts"] == [1]
    assert (
        "3 rows: 1 anomaly, 1 row blocked" in report.summary() and str(report) == report.summary()
    )
    assert report.row_reasons(batch).tolist() == ["unseen_category: flavor='mango sorbet'"]


def test_validate_batch_bad_arguments(schema):
    """Only wrong argument types raise: a non-DataFrame batch or a non-Schema schema."""
    with pytest.raises(TypeError, match="batch must be a pandas DataFrame, got dict"):
        validate_batch({"a": [1]}, schema)
    with pytest.raises(TypeError, match="schema must be a Schema"):
        validate_batch(pd.DataFrame({"a": [1]}), {"a": "int"})
    with pytest.raises(ValueError, match="kind must be one of"):
        validate_batch(pd.DataFrame({"a": [1]}), schema).of_kind("typo")


def test_every_anomaly_kind_is_documented():
    """Each anomaly kind has a blocking flag; the module's docs name each one."""
    from interviewlab.incidents import _contracts

    assert set(ANOMALY_KINDS) == {
        "empty_batch",
        "no_common_columns",
        "missing_column",
        "unexpected_column",
        "dtype_change",
        "unseen_category",
        "out_of_range",
        "null_spike",
    }
    assert "TensorFlow Data Validation" in _contracts.__doc__


# --------------------------------------------------------------------------- properties

_cells = st.one_of(
    st.none(),
    st.sampled_from(["chocolate", "vanilla", "store_01", "strawberry", ""]),
    st.integers(-5, 5),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
)


@st.composite
def messy_batches(draw):
    """Frames with some schema columns, some extra ones, any index, any junk in the cells."""
    names = draw(st.lists(st.sampled_from([*FEATURES, "extra", "other"]), unique=True, max_size=8))
    n_rows = draw(st.integers(0, 12))
    data = {name: draw(st.lists(_cells, min_size=n_rows, max_size=n_rows)) for name in names}
    frame = pd.DataFrame(data, index=range(n_rows)) if names else pd.DataFrame(index=range(n_rows))
    if draw(st.booleans()) and n_rows:
        frame.index = draw(st.lists(st.integers(0, 3), min_size=n_rows, max_size=n_rows))
    return frame


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=messy_batches())
def test_validation_never_crashes_and_quarantine_conserves_rows(schema, batch):
    """For any batch: validation reports instead of raising, and held + passed == batch."""
    report = validate_batch(batch, schema)
    assert all(a.kind in ANOMALY_KINDS for a in report.anomalies)
    result = quarantine(batch, report)
    assert len(result.held) + len(result.passed) == len(batch)
    assert result.reassemble().equals(batch)
    assert len(result.reasons) == len(result.held)
    assert list(result.reasons.index) == list(result.held.index)
    assert all(isinstance(r, str) and r for r in result.reasons)
    report.to_dict()
    report.summary()


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.sampled_from(["chocolate", "vanilla", "kiwi", "durian", None]), max_size=40)
)
def test_unseen_counts_are_exact(schema, rows):
    """The unseen anomaly counts exactly the non-null values outside the domain."""
    batch = pd.DataFrame({"flavor": pd.Series(rows, dtype=object)})
    found = validate_batch(batch, schema).unseen("flavor")
    expected = {v: rows.count(v) for v in ("kiwi", "durian") if rows.count(v)}
    assert found == expected
