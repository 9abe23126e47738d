"""SHA-256 of files and of training data, and the feature schema of a table."""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import numpy as np

_CHUNK = 1 << 20


def sha256_file(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, as 64 hex digits.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = os.path.join(tmp, "x.txt")
    ...     _ = open(path, "w").write("abc")
    ...     sha256_file(path)[:16]
    'ba7816bf8f01cfea'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def hash_training_data(data) -> tuple[str, dict]:
    """A SHA-256 that changes whenever the training data change, and a short description.

    Parameters
    ----------
    data : pandas.DataFrame, pandas.Series, numpy.ndarray, path, or a tuple/list of these
        A table is hashed from its column names, dtypes, index and values (with pandas'
        stable row hash), an array from its dtype, shape and bytes, a path from the file's
        bytes. ``(X, y)`` hashes each part in order.

    Returns
    -------
    (str, dict)
        The hex digest, and ``{"kind": …, "rows": …, "columns": …}``.

    Examples
    --------
    >>> import pandas as pd
    >>> digest, info = hash_training_data(pd.DataFrame({"a": [1, 2], "b": [0.5, 1.5]}))
    >>> digest[:16], info
    ('ac16cd05c20d1dd1', {'kind': 'pandas.DataFrame', 'rows': 2, 'columns': 2})
    >>> hash_training_data(pd.DataFrame({"a": [1, 2], "b": [0.5, 1.5001]}))[0][:16]
    '9413549a934d775a'
    """
    import pandas as pd

    digest = hashlib.sha256()
    if isinstance(data, (tuple, list)):
        if not data:
            raise ValueError("training_data must not be an empty sequence")
        parts = [hash_training_data(part) for part in data]
        for part_digest, _ in parts:
            digest.update(part_digest.encode())
        info = {
            "kind": "tuple",
            "rows": parts[0][1]["rows"],
            "parts": [part_info for _, part_info in parts],
        }
        return digest.hexdigest(), info
    if isinstance(data, (str, Path)):
        path = Path(data)
        if not path.is_file():
            raise ValueError(f"training_data: {path} is not a file")
        return sha256_file(path), {"kind": "file", "file": path.name, "bytes": path.stat().st_size}
    if isinstance(data, pd.Series):
        data = data.to_frame()
    if isinstance(data, pd.DataFrame):
        header = {
            "columns": [str(c) for c in data.columns],
            "dtypes": [str(t) for t in data.dtypes],
        }
        digest.update(b"pandas.DataFrame\n" + json.dumps(header).encode())
        digest.update(pd.util.hash_pandas_object(data, index=True).to_numpy().tobytes())
        return digest.hexdigest(), {
            "kind": "pandas.DataFrame",
            "rows": len(data),
            "columns": data.shape[1],
        }
    if isinstance(data, np.ndarray):
        if data.dtype.hasobject:
            raise TypeError(
                "training_data: arrays of Python objects cannot be hashed reliably; "
                "pass a DataFrame"
            )
        digest.update(f"numpy.ndarray\n{data.dtype.str}\n{data.shape}\n".encode())
        digest.update(np.ascontiguousarray(data).tobytes())
        columns = data.shape[1] if data.ndim == 2 else 1
        return digest.hexdigest(), {
            "kind": "numpy.ndarray",
            "rows": int(data.shape[0]),
            "columns": int(columns),
        }
    raise TypeError(
        "training_data must be a DataFrame, Series, ndarray, file path or a tuple of them, "
        f"got {type(data).__name__}"
    )


def feature_schema(X, names: list[str] | None = None) -> list[dict]:
    """Name, dtype and observed range (numbers) or categories (text) of each feature.

    Examples
    --------
    >>> import pandas as pd
    >>> feature_schema(pd.DataFrame({"tenure": [3, 40], "plan": ["basic", "pro"]}))
    [{'name': 'tenure', 'dtype': 'int64', 'min': 3.0, 'max': 40.0}, \
{'name': 'plan', 'dtype': 'object', 'categories': ['basic', 'pro']}]
    """
    import pandas as pd

    if isinstance(X, np.ndarray):
        X = pd.DataFrame(
            X.reshape(len(X), -1), columns=[f"x{i}" for i in range(X.reshape(len(X), -1).shape[1])]
        )
    if names is not None:
        missing = [n for n in names if n not in X.columns]
        if missing:
            raise ValueError(f"features {missing} are not columns of the training data")
        X = X[list(names)]
    schema = []
    for column in X.columns:
        values = X[column]
        entry: dict = {"name": str(column), "dtype": str(values.dtype)}
        if pd.api.types.is_bool_dtype(values):
            pass
        elif pd.api.types.is_numeric_dtype(values):
            finite = values.dropna()
            if len(finite):
                low, high = float(finite.min()), float(finite.max())
                if math.isfinite(low) and math.isfinite(high):
                    entry["min"], entry["max"] = low, high
        else:
            categories = sorted({str(v) for v in values.dropna().unique()})
            if len(categories) <= 50:
                entry["categories"] = categories
        schema.append(entry)
    return schema
