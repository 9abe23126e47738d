"""Data contracts: a schema inferred from training data, and batch validation against it.

:func:`infer_schema` writes down what the training data looked like: the columns and their
dtypes, the domain (set of values) of every categorical column, the range of every numeric
column widened by a tolerance, and the share of nulls. :func:`validate_batch` checks a serving
batch against that schema and returns a :class:`ValidationReport` of typed anomalies. It reports
problems in the data instead of raising: only a wrong *argument* (not a DataFrame, not a schema)
is an error.

Why not drift statistics? A drift statistic compares distributions, so a new value that fills
1% of the rows moves it by very little (PSI grows like the share times the log of the share
ratio). A contract compares values with a domain, so one single unseen row is enough to fail it,
and the report says which value, how many rows and which rows.

How this compares with TensorFlow Data Validation (TFDV)
--------------------------------------------------------
TFDV does the same job at scale with protocol buffers. Its ``infer_schema`` reads dataset
*statistics* and only treats a string feature as categorical when it has at most
``max_string_domain_size`` (100 by default) distinct values; we use ``max_categories`` (50) the
same way. Its ``validate_statistics`` checks the statistics of a new dataset against the schema;
the anomaly for values outside a string domain (``ENUM_TYPE_UNEXPECTED_STRING_VALUES``) fires
when the share of out-of-domain values exceeds ``1 - min_domain_mass``, and with a mass of 1.0
any single unexpected value is enough, which is our behaviour (we have no mass knob). Its report
names the unexpected values and a rough share ("<1%") but, being built from aggregate
statistics, not the rows that carry them; finding those takes its separate per-example path
(``validate_instance`` or the per-example validation of a file). We keep row positions in every
row-level anomaly so that :func:`quarantine` can hold exactly those rows. TFDV also covers
missing and new columns (``SCHEMA_MISSING_COLUMN``, ``SCHEMA_NEW_COLUMN``), type mismatches,
numeric bounds from ``int_domain``/``float_domain`` that you write into the schema, and presence
(``min_fraction``) which plays the role of our null check; its drift and skew comparators
(L-infinity distance, Jensen-Shannon divergence) are distribution distances, the tool of topic 2,
not of this one. What TFDV does and we do not: environments (a label required in training but
absent in serving), nested and multi-valued features, and scale through Apache Beam.
"""

from __future__ import annotations

import json
import math
import numbers
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api import types as ptypes

from interviewlab._validation import check_fraction, check_positive_int

__all__ = [
    "ANOMALY_KINDS",
    "SCHEMA_VERSION",
    "Anomaly",
    "ColumnSchema",
    "Schema",
    "ValidationReport",
    "infer_schema",
    "load_schema",
    "save_schema",
    "validate_batch",
]

#: Version of the schema format this code writes; it refuses to read newer ones.
SCHEMA_VERSION = 1
SCHEMA_FORMAT = "interviewlab.schema"
KINDS = ("categorical", "numeric", "datetime", "text")
#: Every kind of anomaly `validate_batch` reports, and whether it blocks rows from scoring.
ANOMALY_KINDS = {
    "empty_batch": True,
    "no_common_columns": True,
    "missing_column": True,
    "unexpected_column": False,
    "dtype_change": True,
    "unseen_category": True,
    "out_of_range": True,
    "null_spike": True,
}

# A JSON Schema of the schema file, so that a malformed file fails with a precise message.
_COLUMN_JSON = {
    "type": "object",
    "required": ["name", "kind", "dtype", "null_rate", "max_null_rate"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string"},
        "kind": {"enum": list(KINDS)},
        "dtype": {"type": "string"},
        "domain": {
            "type": ["array", "null"],
            "items": {"type": ["string", "integer", "number", "boolean"]},
        },
        "min": {"type": ["number", "string", "null"]},
        "max": {"type": ["number", "string", "null"]},
        "low": {"type": ["number", "null"]},
        "high": {"type": ["number", "null"]},
        "null_rate": {"type": "number", "minimum": 0, "maximum": 1},
        "max_null_rate": {"type": "number", "minimum": 0, "maximum": 1},
    },
}
_SCHEMA_JSON = {
    "type": "object",
    "required": ["format", "schema_version", "n_rows", "columns"],
    "properties": {
        "format": {"const": SCHEMA_FORMAT},
        "schema_version": {"type": "integer", "minimum": 1},
        "n_rows": {"type": "integer", "minimum": 0},
        "range_tolerance": {"type": "number", "minimum": 0},
        "null_tolerance": {"type": "number", "minimum": 0, "maximum": 1},
        "columns": {"type": "array", "items": _COLUMN_JSON},
    },
}


# --------------------------------------------------------------------------- schema


@dataclass(frozen=True)
class ColumnSchema:
    """What one column of the training data looked like.

    Attributes
    ----------
    name : str
        Column name.
    kind : {"categorical", "numeric", "datetime", "text"}
        ``categorical`` columns have a ``domain``; ``numeric`` ones a range; ``text`` columns had
        too many distinct values to list, and only their presence and nulls are checked.
    dtype : str
        The pandas dtype seen in training, e.g. ``"int64"``, ``"float64"``, ``"object"``.
    domain : tuple or None
        The values seen (categorical columns), sorted.
    min, max : float, str or None
        Smallest and largest value seen (numbers; ISO strings for dates).
    low, high : float or None
        The allowed range of a numeric column: ``[min, max]`` widened by the tolerance.
    null_rate : float
        Share of nulls seen.
    max_null_rate : float
        Share of nulls allowed: 0 if the column never had nulls, else ``null_rate`` plus the
        tolerance.
    """

    name: str
    kind: str
    dtype: str
    domain: tuple | None = None
    min: float | str | None = None
    max: float | str | None = None
    low: float | None = None
    high: float | None = None
    null_rate: float = 0.0
    max_null_rate: float = 0.0

    def to_dict(self) -> dict:
        data = {
            "name": self.name,
            "kind": self.kind,
            "dtype": self.dtype,
            "null_rate": self.null_rate,
            "max_null_rate": self.max_null_rate,
        }
        if self.domain is not None:
            data["domain"] = list(self.domain)
        for key in ("min", "max", "low", "high"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data


@dataclass(frozen=True)
class Schema:
    """A data contract: the expected columns of a batch (see :func:`infer_schema`).

    Attributes
    ----------
    columns : tuple of ColumnSchema
        One entry per expected column, in the training order.
    n_rows : int
        Rows of the data the schema was inferred from.
    range_tolerance, null_tolerance : float
        The tolerances used to widen ranges and null rates.
    version : int
        Schema format version (:data:`SCHEMA_VERSION`).
    """

    columns: tuple[ColumnSchema, ...]
    n_rows: int = 0
    range_tolerance: float = 0.1
    null_tolerance: float = 0.05
    version: int = SCHEMA_VERSION

    @property
    def names(self) -> list[str]:
        """The expected column names, in order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> ColumnSchema:
        """The entry of column ``name`` (KeyError naming it if absent)."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"the schema has no column {name!r}; it has {self.names}")

    def to_dict(self) -> dict:
        return {
            "format": SCHEMA_FORMAT,
            "schema_version": self.version,
            "n_rows": self.n_rows,
            "range_tolerance": self.range_tolerance,
            "null_tolerance": self.null_tolerance,
            "columns": [c.to_dict() for c in self.columns],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The schema as JSON text (round-trips through :meth:`from_json`)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    @classmethod
    def from_dict(cls, data: object, *, source: str = "schema") -> Schema:
        """Build a schema from its dict form, refusing newer versions and malformed input."""
        import jsonschema

        if not isinstance(data, dict):
            raise ValueError(f"{source} must be a JSON object, got {type(data).__name__}")
        version = data.get("schema_version")
        if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
            raise ValueError(
                f"{source} has schema_version {version}, newer than the version this interviewlab "
                f"understands ({SCHEMA_VERSION}); upgrade interviewlab to read it"
            )
        try:
            jsonschema.validate(data, _SCHEMA_JSON)
        except jsonschema.ValidationError as exc:
            where = "/".join(str(p) for p in exc.absolute_path) or "top level"
            raise ValueError(f"{source} is not a valid schema: at {where}: {exc.message}") from None
        columns = []
        for entry in data["columns"]:
            entry = dict(entry)
            if entry.get("domain") is not None:
                entry["domain"] = tuple(entry["domain"])
            columns.append(ColumnSchema(**entry))
        names = [c.name for c in columns]
        if len(set(names)) != len(names):
            raise ValueError(f"{source} is not a valid schema: column names repeat: {names}")
        return cls(
            columns=tuple(columns),
            n_rows=data["n_rows"],
            range_tolerance=data.get("range_tolerance", 0.1),
            null_tolerance=data.get("null_tolerance", 0.05),
            version=data["schema_version"],
        )

    @classmethod
    def from_json(cls, text: str, *, source: str = "schema") -> Schema:
        """Read a schema from JSON text; ``source`` names it in error messages."""
        if not isinstance(text, str | bytes):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{source} is not valid JSON: {exc}") from None
        return cls.from_dict(data, source=source)


def save_schema(schema: Schema, path: str | Path) -> Path:
    """Write ``schema`` as JSON to ``path`` and return the path."""
    if not isinstance(schema, Schema):
        raise TypeError(f"schema must be a Schema, got {type(schema).__name__}")
    path = Path(path)
    path.write_text(schema.to_json() + "\n", encoding="utf-8")
    return path


def load_schema(path: str | Path) -> Schema:
    """Read a schema JSON file; errors name the file and what is wrong with it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "schema.json"
    >>> _ = bad.write_text('{"format": "interviewlab.schema", "schema_version": 99}')
    >>> load_schema(bad)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: .../schema.json has schema_version 99, newer than the version this interviewlab ...
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"schema file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"schema file {path} cannot be read: {exc}") from None
    return Schema.from_json(text, source=str(path))


def _json_scalar(value: object, column: str) -> object:
    """A domain value as a plain JSON scalar (numpy scalars unwrapped)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool | str | int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    raise ValueError(
        f"column {column!r} holds the value {value!r} of type {type(value).__name__}, which a "
        "schema domain cannot store (use strings, integers, finite floats or booleans)"
    )


def _sort_key(value: object) -> tuple:
    return (type(value).__name__, value)


def _family(dtype) -> str:
    """A coarse dtype family: bool, integer, float, datetime, string or other."""
    if ptypes.is_bool_dtype(dtype):
        return "bool"
    if ptypes.is_integer_dtype(dtype):
        return "integer"
    if ptypes.is_float_dtype(dtype):
        return "float"
    if ptypes.is_datetime64_any_dtype(dtype):
        return "datetime"
    if isinstance(dtype, pd.CategoricalDtype) or ptypes.is_object_dtype(dtype):
        return "string"
    if ptypes.is_string_dtype(dtype):
        return "string"
    return "other"


def infer_schema(
    frame: pd.DataFrame,
    *,
    categorical: Iterable[str] = (),
    max_categories: int = 50,
    range_tolerance: float = 0.1,
    null_tolerance: float = 0.05,
) -> Schema:
    """Write down what ``frame`` looks like, as a schema to validate later batches against.

    Text, category and boolean columns become ``categorical`` with their set of values as the
    domain (``text`` if they have more than ``max_categories`` distinct values); integer and
    float columns become ``numeric`` with the allowed range ``[min - t, max + t]`` where
    ``t = range_tolerance x (max - min)``; datetime columns are ``datetime`` (serving dates are
    always new, so their range is recorded but not checked).

    Parameters
    ----------
    frame : pandas.DataFrame
        Training data (usually the feature columns only).
    categorical : iterable of str, default=()
        Columns to treat as categorical whatever their dtype (e.g. integer store ids).
    max_categories : int, default=50
        Above this many distinct values a text column is ``text`` (no domain).
    range_tolerance : float, default=0.1
        Widening of numeric ranges, as a share of the observed range, >= 0.
    null_tolerance : float, default=0.05
        Extra share of nulls allowed in columns that had some nulls, in [0, 1].

    Returns
    -------
    Schema

    Examples
    --------
    >>> frame = pd.DataFrame({"flavor": ["vanilla", "chocolate", "vanilla"],
    ...                       "price": [3.0, 3.5, 2.5]})
    >>> schema = infer_schema(frame)
    >>> schema.column("flavor").domain
    ('chocolate', 'vanilla')
    >>> schema.column("price").low, schema.column("price").high
    (2.4, 3.6)
    >>> Schema.from_json(schema.to_json()) == schema
    True
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    if frame.shape[1] == 0:
        raise ValueError("frame has no columns: there is nothing to infer a schema from")
    if len(set(map(str, frame.columns))) != frame.shape[1]:
        raise ValueError(f"frame has repeated column names: {list(frame.columns)}")
    max_categories = check_positive_int("max_categories", max_categories)
    if (
        isinstance(range_tolerance, bool)
        or not isinstance(range_tolerance, numbers.Real)
        or not range_tolerance >= 0
        or not math.isfinite(range_tolerance)
    ):
        raise ValueError(f"range_tolerance must be a finite number >= 0, got {range_tolerance!r}")
    null_tolerance = check_fraction("null_tolerance", null_tolerance)
    if isinstance(categorical, str):
        categorical = [categorical]
    forced = list(categorical)
    unknown = [c for c in forced if c not in frame.columns]
    if unknown:
        raise ValueError(f"categorical names columns that frame does not have: {unknown}")

    n_rows = len(frame)
    columns = []
    for name in frame.columns:
        series = frame[name]
        label = str(name)
        nulls = int(series.isna().sum())
        null_rate = nulls / n_rows if n_rows else 0.0
        max_null_rate = 0.0 if nulls == 0 else min(1.0, null_rate + null_tolerance)
        family = _family(series.dtype)
        common = {
            "name": label,
            "dtype": str(series.dtype),
            "null_rate": round(null_rate, 12),
            "max_null_rate": round(max_null_rate, 12),
        }
        values = series.dropna()
        if name in forced or family in ("string", "bool", "other"):
            try:
                uniques = pd.unique(values.to_numpy(dtype=object))
            except TypeError as exc:
                raise ValueError(f"column {label!r} holds unhashable values: {exc}") from None
            if len(uniques) > max_categories and name not in forced:
                columns.append(ColumnSchema(kind="text", **common))
                continue
            domain = sorted({_json_scalar(v, label) for v in uniques}, key=_sort_key)
            columns.append(ColumnSchema(kind="categorical", domain=tuple(domain), **common))
        elif family in ("integer", "float"):
            finite = values.to_numpy(dtype=float)
            finite = finite[np.isfinite(finite)]
            if finite.size == 0:
                columns.append(ColumnSchema(kind="numeric", **common))
                continue
            low, high = float(finite.min()), float(finite.max())
            pad = range_tolerance * (high - low)
            columns.append(
                ColumnSchema(
                    kind="numeric",
                    min=low,
                    max=high,
                    low=round(low - pad, 12),
                    high=round(high + pad, 12),
                    **common,
                )
            )
        else:  # datetime
            bounds = (values.min(), values.max()) if len(values) else (None, None)
            columns.append(
                ColumnSchema(
                    kind="datetime",
                    min=None if bounds[0] is None else pd.Timestamp(bounds[0]).isoformat(),
                    max=None if bounds[1] is None else pd.Timestamp(bounds[1]).isoformat(),
                    **common,
                )
            )
    return Schema(
        columns=tuple(columns),
        n_rows=n_rows,
        range_tolerance=float(range_tolerance),
        null_tolerance=null_tolerance,
    )


# --------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class Anomaly:
    """One problem found in a batch.

    Attributes
    ----------
    kind : str
        One of :data:`ANOMALY_KINDS`.
    column : str or None
        The column concerned (None for batch-level anomalies).
    message : str
        What is wrong, in words.
    blocking : bool
        Whether the rows concerned must be held back rather than scored.
    n_rows : int
        Rows concerned.
    share : float
        ``n_rows`` over the rows of the batch (0 for an empty batch).
    values : tuple
        The offending values (unseen categories, most frequent first; unparsable values; the
        extremes of out-of-range values).
    counts : tuple of int
        Rows per value in ``values`` (unseen categories and unparsable values).
    positions : numpy.ndarray
        Positions (0-based, as in ``batch.iloc``) of the rows concerned.
    """

    kind: str
    column: str | None
    message: str
    blocking: bool
    n_rows: int = 0
    share: float = 0.0
    values: tuple = ()
    counts: tuple = ()
    positions: np.ndarray = field(
        default_factory=lambda: np.empty(0, dtype=np.int64), repr=False, compare=False
    )


@dataclass(frozen=True)
class ValidationReport:
    """The anomalies of one batch, from :func:`validate_batch`.

    Attributes
    ----------
    anomalies : tuple of Anomaly
        In a fixed order: batch level, then column by column in schema order.
    n_rows : int
        Rows in the batch.
    index : pandas.Index
        The batch's index (to map positions back to row labels).
    """

    anomalies: tuple[Anomaly, ...]
    n_rows: int
    index: pd.Index = field(repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """True when nothing at all was found."""
        return not self.anomalies

    @property
    def blocking(self) -> tuple[Anomaly, ...]:
        """The anomalies that hold rows back."""
        return tuple(a for a in self.anomalies if a.blocking)

    def of_kind(self, kind: str) -> tuple[Anomaly, ...]:
        """The anomalies of one kind."""
        if kind not in ANOMALY_KINDS:
            raise ValueError(f"kind must be one of {sorted(ANOMALY_KINDS)}, got {kind!r}")
        return tuple(a for a in self.anomalies if a.kind == kind)

    def unseen(self, column: str | None = None) -> dict:
        """Unseen values and their row counts, for one column or (keyed by column) all of them."""
        found = {
            a.column: dict(zip(a.values, a.counts, strict=True))
            for a in self.of_kind("unseen_category")
        }
        return found.get(column, {}) if column is not None else found

    def rows(self, anomaly: Anomaly) -> pd.Index:
        """The labels of the rows an anomaly concerns."""
        return self.index[anomaly.positions]

    def row_reasons(self, batch: pd.DataFrame | None = None) -> pd.Series:
        """Why each blocked row is blocked: a string per row (index = the blocked rows' labels).

        Rows are in batch order; a row blocked for several reasons lists them all, ``"; "``
        separated, e.g. ``"unseen_category: flavor='rum raisin'"``. The offending value is shown
        when ``batch`` (the batch that was validated) is given. Rows blocked by a batch-level
        anomaly (e.g. a missing column) are all listed.
        """
        if batch is not None and (not isinstance(batch, pd.DataFrame) or len(batch) != self.n_rows):
            raise ValueError("batch must be the DataFrame this report was made for")
        reasons: dict[int, list[str]] = {}
        for anomaly in self.blocking:
            values = None
            if batch is not None and anomaly.kind in _VALUE_KINDS:
                column = [str(c) for c in batch.columns].index(anomaly.column)
                values = batch.iloc[anomaly.positions, column].to_numpy(dtype=object)
            base = _row_reason(anomaly)
            for i, pos in enumerate(anomaly.positions.tolist()):
                text = base if values is None else f"{base}={_show(values[i])}"
                reasons.setdefault(pos, []).append(text)
        order = sorted(reasons)
        text = ["; ".join(dict.fromkeys(reasons[pos])) for pos in order]
        return pd.Series(text, index=self.index[order], dtype=object, name="reason")

    def blocked_mask(self) -> np.ndarray:
        """Boolean array, one per batch row: True where a blocking anomaly concerns the row."""
        mask = np.zeros(self.n_rows, dtype=bool)
        for anomaly in self.blocking:
            mask[anomaly.positions] = True
        return mask

    def to_frame(self) -> pd.DataFrame:
        """One row per anomaly: kind, column, blocking, n_rows, share, values, message."""
        return pd.DataFrame(
            [
                {
                    "kind": a.kind,
                    "column": a.column,
                    "blocking": a.blocking,
                    "n_rows": a.n_rows,
                    "share": a.share,
                    "values": list(a.values),
                    "message": a.message,
                }
                for a in self.anomalies
            ],
            columns=["kind", "column", "blocking", "n_rows", "share", "values", "message"],
        )

    def to_dict(self) -> dict:
        """A JSON-friendly form (values as strings when they are not JSON scalars)."""

        def plain(v):
            if isinstance(v, np.generic):
                v = v.item()
            if isinstance(v, float) and not math.isfinite(v):
                return repr(v)
            return v if isinstance(v, str | int | float | bool) or v is None else repr(v)

        return {
            "n_rows": self.n_rows,
            "ok": self.ok,
            "anomalies": [
                {
                    "kind": a.kind,
                    "column": a.column,
                    "blocking": a.blocking,
                    "n_rows": a.n_rows,
                    "share": a.share,
                    "values": [plain(v) for v in a.values],
                    "counts": list(a.counts),
                    "message": a.message,
                }
                for a in self.anomalies
            ],
        }

    def summary(self) -> str:
        """A few lines for a person on call."""
        if self.ok:
            return f"{self.n_rows} rows: no anomalies"
        held = int(self.blocked_mask().sum())
        count = len(self.anomalies)
        lines = [
            f"{self.n_rows} rows: {count} {'anomaly' if count == 1 else 'anomalies'}, "
            f"{held} {'row' if held == 1 else 'rows'} blocked"
        ]
        lines += [f"- [{a.kind}] {a.message}" for a in self.anomalies]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


_VALUE_KINDS = ("dtype_change", "unseen_category", "out_of_range")


def _row_reason(anomaly: Anomaly) -> str:
    if anomaly.column is None:
        return anomaly.kind
    return f"{anomaly.kind}: {anomaly.column}"


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _show_list(values: tuple, limit: int = 5) -> str:
    shown = ", ".join(_show(v) for v in values[:limit])
    return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")


def _count_values(values: np.ndarray) -> tuple[tuple, tuple]:
    """Distinct values with their counts, most frequent first, ties by value (robust to junk)."""
    try:
        counts = pd.Series(values, dtype=object).value_counts(sort=False, dropna=False)
        pairs = list(zip(counts.index, counts.to_numpy().tolist(), strict=True))
    except TypeError:  # unhashable values (lists, dicts): count them by their repr
        tally: dict[str, int] = {}
        for v in values:
            tally[repr(v)] = tally.get(repr(v), 0) + 1
        pairs = list(tally.items())
    pairs.sort(key=lambda p: (-p[1], type(p[0]).__name__, repr(p[0])))
    return tuple(p[0] for p in pairs), tuple(int(p[1]) for p in pairs)


def _split_domain(series: pd.Series, domain: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Positions of null values and of non-null values outside ``domain``; never raises.

    One ``isin`` pass over the column; the null test only runs on the few rows that failed it
    (nulls are never in a domain), which keeps validation close to the cost of ``isin`` alone.
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        # check the few categories, then map through the codes: no pass over the strings
        codes = series.cat.codes.to_numpy()
        nulls = np.flatnonzero(codes < 0)
        if len(series.cat.categories) == 0:
            return nulls, np.empty(0, dtype=np.int64)
        bad_category = ~series.cat.categories.isin(list(domain))
        return nulls, np.flatnonzero((codes >= 0) & bad_category[np.clip(codes, 0, None)])
    try:
        failed = np.flatnonzero(~series.isin(list(domain)).to_numpy())
    except TypeError:  # unhashable values: test one by one
        allowed = set(domain)
        inside = np.empty(len(series), dtype=bool)
        for i, v in enumerate(series.to_numpy(dtype=object)):
            try:
                inside[i] = v in allowed
            except TypeError:
                inside[i] = False
        failed = np.flatnonzero(~inside)
    is_null = pd.isna(series.iloc[failed].to_numpy(dtype=object)).astype(bool)
    return failed[is_null], failed[~is_null]


def _numbers(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The values as floats (NaN where null or unparsable) and a mask of the unparsable ones."""
    if ptypes.is_bool_dtype(series.dtype):
        return series.to_numpy(dtype=float), np.zeros(len(series), dtype=bool)
    if ptypes.is_numeric_dtype(series.dtype):
        return series.to_numpy(dtype=float, na_value=np.nan), np.zeros(len(series), dtype=bool)
    raw = series.to_numpy(dtype=object)
    out = np.full(len(raw), np.nan)
    bad = np.zeros(len(raw), dtype=bool)
    notnull = series.notna().to_numpy()
    for i in np.flatnonzero(notnull):
        v = raw[i]
        if isinstance(v, bool | np.bool_):
            bad[i] = True
            continue
        try:
            out[i] = float(v)
        except (TypeError, ValueError, OverflowError):
            bad[i] = True
    return out, bad


def validate_batch(batch: pd.DataFrame, schema: Schema) -> ValidationReport:
    """Check a batch against a schema and report every anomaly; never raises on the data.

    Checks, in this order: an empty batch; no column in common; missing columns (every row
    blocked); unexpected columns (reported, not blocking); per expected column: a dtype change
    (values that cannot be read as the expected kind block their rows; a change such as integer
    to float is reported but not blocking), a null spike (null share above ``max_null_rate``:
    the null rows are blocked), unseen categories (any non-null value outside the domain, even
    in a single row: values, counts and share reported, rows blocked) and out-of-range numbers
    (outside ``[low, high]``, including infinities: rows blocked).

    Parameters
    ----------
    batch : pandas.DataFrame
        The rows to check; any index (labels may repeat).
    schema : Schema
        From :func:`infer_schema` or :func:`load_schema`.

    Returns
    -------
    ValidationReport

    Examples
    --------
    >>> train = pd.DataFrame({"flavor": ["vanilla", "chocolate"] * 50, "price": [3.0, 3.5] * 50})
    >>> batch = pd.DataFrame({"flavor": ["vanilla"] * 99 + ["rum raisin"], "price": [3.2] * 100})
    >>> report = validate_batch(batch, infer_schema(train))
    >>> print(report)
    100 rows: 1 anomaly, 1 row blocked
    - [unseen_category] flavor: 1 row (1.0%) with values never seen in training: 'rum raisin' (1)
    >>> report.unseen("flavor")
    {'rum raisin': 1}
    >>> report.row_reasons(batch).to_dict()
    {99: "unseen_category: flavor='rum raisin'"}
    """
    if not isinstance(batch, pd.DataFrame):
        raise TypeError(f"batch must be a pandas DataFrame, got {type(batch).__name__}")
    if not isinstance(schema, Schema):
        raise TypeError(
            f"schema must be a Schema (see infer_schema/load_schema), got {type(schema).__name__}"
        )
    n = len(batch)
    # every row, for batch-level anomalies; built only when needed (8 MB per million rows)
    all_rows = None

    def every_row():
        nonlocal all_rows
        if all_rows is None:
            all_rows = np.arange(n, dtype=np.int64)
        return all_rows

    anomalies: list[Anomaly] = []

    def add(kind, column, message, positions=None, values=(), counts=()):
        positions = (
            np.empty(0, np.int64) if positions is None else np.asarray(positions, dtype=np.int64)
        )
        anomalies.append(
            Anomaly(
                kind=kind,
                column=column,
                message=message,
                blocking=ANOMALY_KINDS[kind],
                n_rows=len(positions),
                share=len(positions) / n if n else 0.0,
                values=tuple(values),
                counts=tuple(counts),
                positions=positions,
            )
        )

    if n == 0:
        add("empty_batch", None, "the batch has no rows: nothing to score (is the feed down?)")
    batch_names = [str(c) for c in batch.columns]
    expected = schema.names
    common = [c for c in expected if c in batch_names]
    if not common:
        add(
            "no_common_columns",
            None,
            f"the batch shares no column with the schema: it has {_show_list(tuple(batch_names))}; "
            f"the schema expects {_show_list(tuple(expected))}",
            every_row(),
        )
    for name in expected:
        if name not in batch_names:
            add("missing_column", name, f"{name}: column missing from the batch", every_row())
    for name in batch_names:
        if name not in expected:
            add("unexpected_column", name, f"{name}: column not in the schema (ignored)")
    seen_names = set()
    for position, label in enumerate(batch.columns):
        name = str(label)
        if name not in expected or name in seen_names:
            continue
        seen_names.add(name)
        series = batch.iloc[:, position]
        _check_column(series, schema.column(name), n, add)
    return ValidationReport(anomalies=tuple(anomalies), n_rows=n, index=batch.index)


def _check_column(series: pd.Series, spec: ColumnSchema, n: int, add) -> None:
    name = spec.name
    try:
        expected_family = _family(ptypes.pandas_dtype(spec.dtype))
    except TypeError:  # a dtype this pandas does not know: compare by name only
        expected_family = spec.dtype
    got_family = _family(series.dtype)

    # nulls (and, for categorical columns, the values outside the domain) in one pass
    outside = None
    if spec.kind == "categorical" and spec.domain is not None:
        nulls, outside = _split_domain(series, spec.domain)
    elif (
        spec.kind == "numeric" and isinstance(series.dtype, np.dtype) and series.dtype.kind in "iuf"
    ):
        values = series.to_numpy()  # plain numpy numbers: no copy
        nulls = (
            np.flatnonzero(np.isnan(values)) if values.dtype.kind == "f" else np.empty(0, np.int64)
        )
    elif spec.kind == "numeric" and ptypes.is_numeric_dtype(series.dtype):
        values = series.to_numpy(dtype=float, na_value=np.nan)
        nulls = np.flatnonzero(np.isnan(values))
    else:
        nulls = np.flatnonzero(series.isna().to_numpy())
    all_null = len(nulls) == n

    if spec.kind == "numeric":
        if not ptypes.is_numeric_dtype(series.dtype):
            values, bad = (
                _numbers(series) if not all_null else (np.full(n, np.nan), np.zeros(n, bool))
            )
        else:
            bad = np.zeros(n, dtype=bool)
        if bad.any():
            offending, counts = _count_values(series.to_numpy(dtype=object)[bad])
            add(
                "dtype_change",
                name,
                f"{name}: expected {spec.dtype}, got {series.dtype}; {int(bad.sum())} value(s) "
                f"are not numbers: {_show_list(offending)}",
                np.flatnonzero(bad),
                offending,
                counts,
            )
        elif not all_null and got_family != expected_family:
            add("dtype_change", name, f"{name}: dtype changed from {spec.dtype} to {series.dtype}")
    elif spec.kind == "datetime":
        if not all_null and got_family != "datetime":
            with warnings.catch_warnings():  # odd values warn (overflow...); they are reported
                warnings.simplefilter("ignore")
                parsed = pd.to_datetime(series, errors="coerce", format="mixed")
            bad = parsed.isna().to_numpy() & series.notna().to_numpy()
            if bad.any():
                offending, counts = _count_values(series.to_numpy(dtype=object)[bad])
                add(
                    "dtype_change",
                    name,
                    f"{name}: expected dates ({spec.dtype}), got {series.dtype}; "
                    f"{int(bad.sum())} value(s) are not dates: {_show_list(offending)}",
                    np.flatnonzero(bad),
                    offending,
                    counts,
                )
            else:
                add(
                    "dtype_change",
                    name,
                    f"{name}: dtype changed from {spec.dtype} to {series.dtype}",
                )
    elif not all_null and got_family != expected_family:
        # categorical or text: the values themselves are checked against the domain below
        add("dtype_change", name, f"{name}: dtype changed from {spec.dtype} to {series.dtype}")

    n_null = len(nulls)
    if n and n_null / n > spec.max_null_rate:
        add(
            "null_spike",
            name,
            f"{name}: {n_null / n:.1%} nulls ({n_null} rows), more than the "
            f"{spec.max_null_rate:.1%} allowed (training had {spec.null_rate:.1%})",
            nulls,
        )

    if outside is not None and len(outside):
        offending, counts = _count_values(series.iloc[outside].to_numpy(dtype=object))
        n_bad = len(outside)
        pairs = ", ".join(
            f"{_show(v)} ({c})" for v, c in zip(offending[:5], counts[:5], strict=True)
        )
        more = f" and {len(offending) - 5} more" if len(offending) > 5 else ""
        add(
            "unseen_category",
            name,
            f"{name}: {n_bad} row{'s' if n_bad != 1 else ''} ({n_bad / n:.1%}) with values "
            f"never seen in training: {pairs}{more}",
            outside,
            offending,
            counts,
        )

    if spec.kind == "numeric" and spec.low is not None and not all_null:
        with np.errstate(invalid="ignore"):
            out_of_range = (values < spec.low) | (values > spec.high)
        if out_of_range.any():
            bad_values = values[out_of_range]
            n_bad = int(out_of_range.sum())
            add(
                "out_of_range",
                name,
                f"{name}: {n_bad} value(s) outside [{spec.low:g}, {spec.high:g}] "
                f"(from {bad_values.min():g} to {bad_values.max():g})",
                np.flatnonzero(out_of_range),
                (float(bad_values.min()), float(bad_values.max())),
            )
