"""An idempotent batch scoring job: rows keyed by a row id, output written atomically.

Re-running the job on the same input neither duplicates nor loses rows:

- every input row carries a ``row_id``; the output holds one line per ``row_id``;
- rows whose id is already in the output are skipped (a changed row needs a new id);
- the new output is written to a temporary file in the same folder and moved over the old one
  with :func:`os.replace`, which is atomic: a crash leaves the previous output whole.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from interviewlab.deploy._model import FEATURES, FLAVORS, SalesModel, default_model

#: Columns of the batch job's output file.
OUTPUT_COLUMNS = ("row_id", "prediction", "model_version")
_ROW_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
#: Bounds the service and the job both enforce.
TEMPERATURE_RANGE = (-30.0, 50.0)
PRICE_RANGE = (0.0, 20.0)


@dataclass(frozen=True)
class BatchReport:
    """What one run of :func:`run_batch_job` did.

    Attributes
    ----------
    n_input : int
        Rows in the input file.
    n_scored : int
        Rows scored by this run (their ids were not in the output yet).
    n_skipped : int
        Rows skipped because their ids were already scored.
    n_output : int
        Rows in the output file after the run.
    output : pathlib.Path
    """

    n_input: int
    n_scored: int
    n_skipped: int
    n_output: int
    output: Path


def check_batch_row(row: Mapping[str, object]) -> dict:
    """Validate one batch row; return it with typed values or raise ``ValueError``.

    Used by the file job, where values arrive as text: numbers are parsed, ``promotion``
    accepts ``true/false/1/0``.

    Examples
    --------
    >>> check_batch_row({"row_id": "d1", "flavor": "vanilla", "temperature": "21.5",
    ...                  "price": "2.5", "promotion": "false"})
    {'row_id': 'd1', 'flavor': 'vanilla', 'temperature': 21.5, 'price': 2.5, 'promotion': False}
    >>> check_batch_row({"row_id": "d2", "flavor": "mint", "temperature": "21.5",
    ...                  "price": "2.5", "promotion": "false"})
    Traceback (most recent call last):
    ...
    ValueError: flavor must be one of 'chocolate', 'vanilla', 'strawberry'; got 'mint'
    """
    missing = [name for name in ("row_id", *FEATURES) if name not in row or row[name] is None]
    if missing:
        raise ValueError(f"missing column(s): {', '.join(missing)}")
    row_id = str(row["row_id"]).strip()
    if not _ROW_ID.match(row_id):
        raise ValueError(f"row_id must be 1-64 letters, digits or _.:-, got {row_id!r}")
    flavor = str(row["flavor"]).strip()
    if flavor not in FLAVORS:
        valid = ", ".join(repr(f) for f in FLAVORS)
        raise ValueError(f"flavor must be one of {valid}; got {flavor!r}")
    temperature = _number("temperature", row["temperature"], *TEMPERATURE_RANGE, low_open=False)
    price = _number("price", row["price"], *PRICE_RANGE, low_open=True)
    promotion = row["promotion"]
    if not isinstance(promotion, bool):
        text = str(promotion).strip().lower()
        if text not in {"true", "false", "1", "0"}:
            raise ValueError(f"promotion must be true or false, got {promotion!r}")
        promotion = text in {"true", "1"}
    return {
        "row_id": row_id,
        "flavor": flavor,
        "temperature": temperature,
        "price": price,
        "promotion": promotion,
    }


def _number(name: str, value: object, low: float, high: float, *, low_open: bool) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    too_low = number <= low if low_open else number < low
    if not math.isfinite(number) or too_low or number > high:
        bracket = "(" if low_open else "["
        raise ValueError(f"{name} must be in {bracket}{low:g}, {high:g}], got {value!r}")
    return number


def score_new_rows(
    scored: Mapping[str, float], rows: Sequence[Mapping[str, object]], model: SalesModel
) -> tuple[dict[str, float], int, int]:
    """Merge ``rows`` into the ``scored`` predictions, scoring only ids not seen before.

    Returns the new mapping (``scored`` is left untouched), the number of rows scored and the
    number skipped. Duplicate ids inside ``rows`` raise ``ValueError``.

    Examples
    --------
    >>> from interviewlab.deploy import default_model
    >>> row = {"row_id": "a", "flavor": "vanilla", "temperature": 20.0, "price": 2.0,
    ...        "promotion": False}
    >>> first, n_new, n_old = score_new_rows({}, [row], default_model())
    >>> again, n_new2, n_old2 = score_new_rows(first, [row], default_model())
    >>> (n_new, n_old), (n_new2, n_old2), again == first
    ((1, 0), (0, 1), True)
    """
    ids = [str(row["row_id"]) for row in rows]
    seen: set[str] = set()
    duplicated = sorted({i for i in ids if i in seen or seen.add(i)})
    if duplicated:
        shown = ", ".join(repr(i) for i in duplicated[:5])
        raise ValueError(f"rows: row_id must be unique within a batch; repeated: {shown}")
    fresh = [row for row in rows if str(row["row_id"]) not in scored]
    merged = dict(scored)
    if fresh:
        predictions = model.predict(fresh)
        for row, value in zip(fresh, predictions, strict=True):
            merged[str(row["row_id"])] = round(float(value), 4)
    return merged, len(fresh), len(rows) - len(fresh)


def read_scored(path: str | os.PathLike) -> dict[str, float]:
    """Read a batch output file into ``{row_id: prediction}`` (empty if it does not exist)."""
    path = Path(path)
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or tuple(reader.fieldnames) != OUTPUT_COLUMNS:
            raise ValueError(
                f"output {str(path)!r} is not a batch output file: expected columns "
                f"{', '.join(OUTPUT_COLUMNS)}, got {reader.fieldnames}"
            )
        return {row["row_id"]: float(row["prediction"]) for row in reader}


def write_atomically(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never half.

    The text goes to a temporary file in the same folder (same file system), is flushed to
    disk, then :func:`os.replace` swaps it in.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_batch_job(
    input_path: str | os.PathLike,
    output_path: str | os.PathLike,
    *,
    model: SalesModel | None = None,
) -> BatchReport:
    """Score a CSV of rows into an output CSV keyed by ``row_id``; safe to re-run.

    Parameters
    ----------
    input_path : str or path-like
        CSV with the columns ``row_id, flavor, temperature, price, promotion``.
    output_path : str or path-like
        CSV written with the columns ``row_id, prediction, model_version``, sorted by
        ``row_id``. Rows already in it are kept and not scored again.
    model : SalesModel, optional
        Defaults to :func:`default_model`.

    Returns
    -------
    BatchReport

    Raises
    ------
    FileNotFoundError
        If the input does not exist.
    ValueError
        If a row is invalid or a ``row_id`` repeats: nothing is written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "in.csv").write_text(
    ...     "row_id,flavor,temperature,price,promotion\\n"
    ...     "d1,vanilla,24,2.5,false\\nd2,chocolate,18,3.0,true\\n")
    >>> run_batch_job(folder / "in.csv", folder / "out.csv").n_scored
    2
    >>> again = run_batch_job(folder / "in.csv", folder / "out.csv")
    >>> again.n_scored, again.n_skipped, again.n_output
    (0, 2, 2)
    """
    input_path, output_path = Path(input_path), Path(output_path)
    if not input_path.is_file():
        raise FileNotFoundError(f"input_path {str(input_path)!r} is not a file")
    if not output_path.parent.is_dir():
        raise FileNotFoundError(f"output_path: folder {str(output_path.parent)!r} does not exist")
    model = model or default_model()
    with input_path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = []
        for line, raw in enumerate(reader, start=2):
            try:
                rows.append(check_batch_row(raw))
            except ValueError as exc:
                raise ValueError(f"{input_path.name} line {line}: {exc}") from None
    existing = read_scored(output_path)
    merged, n_scored, n_skipped = score_new_rows(existing, rows, model)
    versions = _read_versions(output_path)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(OUTPUT_COLUMNS)
    for row_id in sorted(merged):
        writer.writerow([row_id, repr(merged[row_id]), versions.get(row_id, model.version)])
    write_atomically(output_path, buffer.getvalue())
    return BatchReport(len(rows), n_scored, n_skipped, len(merged), output_path)


def _read_versions(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["row_id"]: row["model_version"] for row in csv.DictReader(handle)}
