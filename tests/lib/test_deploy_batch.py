"""The idempotent batch scoring job: keyed by row id, skip what is scored, write atomically."""

from __future__ import annotations

import csv
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewlab.deploy import (
    FLAVORS,
    check_batch_row,
    default_model,
    run_batch_job,
    score_new_rows,
)

HEADER = "row_id,flavor,temperature,price,promotion\n"


def rows_text(ids) -> str:
    lines = []
    for n, i in enumerate(ids):
        promotion = "true" if n % 4 == 0 else "false"
        lines.append(f"{i},{FLAVORS[n % 3]},{5 + (n * 7) % 30},{1.5 + (n % 5) * 0.5},{promotion}")
    return HEADER + "".join(line + "\n" for line in lines)


def read_output(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_second_run_neither_duplicates_nor_loses(tmp_path):
    """Re-running on the same input scores nothing and leaves the output byte for byte."""
    source = tmp_path / "in.csv"
    source.write_text(rows_text(["d3", "d1", "d2"]))
    out = tmp_path / "out.csv"
    first = run_batch_job(source, out)
    assert (first.n_input, first.n_scored, first.n_skipped, first.n_output) == (3, 3, 0, 3)
    before = out.read_bytes()
    second = run_batch_job(source, out)
    assert (second.n_scored, second.n_skipped, second.n_output) == (0, 3, 3)
    assert out.read_bytes() == before
    rows = read_output(out)
    assert [r["row_id"] for r in rows] == ["d1", "d2", "d3"]
    assert {r["model_version"] for r in rows} == {default_model().version}


def test_predictions_are_the_models(tmp_path):
    """Output predictions equal the model's on the parsed rows (rounded to 4 places)."""
    source = tmp_path / "in.csv"
    source.write_text(rows_text(["a", "b"]))
    run_batch_job(source, tmp_path / "out.csv")
    with open(source, newline="") as handle:
        parsed = [check_batch_row(r) for r in csv.DictReader(handle)]
    expected = np.round(default_model().predict(parsed), 4)
    got = [float(r["prediction"]) for r in read_output(tmp_path / "out.csv")]
    assert got == pytest.approx(expected.tolist())


def test_growing_input_scores_only_new_rows(tmp_path):
    """A later run with more rows keeps the old predictions and adds the new ones."""
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(rows_text(["a", "b"]))
    run_batch_job(source, out)
    old = {r["row_id"]: r for r in read_output(out)}
    source.write_text(rows_text(["a", "b", "c", "d"]))
    report = run_batch_job(source, out)
    assert (report.n_scored, report.n_skipped, report.n_output) == (2, 2, 4)
    new = {r["row_id"]: r for r in read_output(out)}
    assert new["a"] == old["a"] and new["b"] == old["b"]


def test_a_crash_while_writing_leaves_the_old_output(tmp_path, monkeypatch):
    """If the final rename fails, the previous output is intact and no temp file remains."""
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(rows_text(["a"]))
    run_batch_job(source, out)
    before = out.read_bytes()
    source.write_text(rows_text(["a", "b"]))

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        run_batch_job(source, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("x,mint,20,2.5,false", "flavor must be one of"),
        ("x,vanilla,hot,2.5,false", "temperature must be a number"),
        ("x,vanilla,80,2.5,false", "temperature must be in"),
        ("x,vanilla,20,0,false", "price must be in"),
        ("x,vanilla,20,2.5,maybe", "promotion must be true or false"),
        ("bad id,vanilla,20,2.5,false", "row_id must be"),
        ("x,vanilla,20", "missing column"),
    ],
)
def test_invalid_rows_stop_the_job_before_writing(tmp_path, line, message):
    """A bad row raises ValueError naming the line and the problem; nothing is written."""
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(HEADER + "ok,vanilla,20,2.5,false\n" + line + "\n")
    with pytest.raises(ValueError, match=message) as info:
        run_batch_job(source, out)
    assert "line 3" in str(info.value)
    assert not out.exists()


def test_duplicate_ids_and_bad_paths(tmp_path):
    """Duplicate row ids, a missing input, a missing output folder, a foreign output file."""
    source = tmp_path / "in.csv"
    source.write_text(rows_text(["a", "a"]))
    with pytest.raises(ValueError, match="repeated: 'a'"):
        run_batch_job(source, tmp_path / "out.csv")
    with pytest.raises(FileNotFoundError, match="input_path"):
        run_batch_job(tmp_path / "nope.csv", tmp_path / "out.csv")
    source.write_text(rows_text(["a"]))
    with pytest.raises(FileNotFoundError, match="output_path"):
        run_batch_job(source, tmp_path / "no" / "out.csv")
    foreign = tmp_path / "foreign.csv"
    foreign.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="not a batch output file"):
        run_batch_job(source, foreign)


def test_score_new_rows_does_not_mutate_its_input():
    """score_new_rows returns a new mapping and leaves the old one as it was."""
    row = {
        "row_id": "a",
        "flavor": "vanilla",
        "temperature": 20.0,
        "price": 2.0,
        "promotion": False,
    }
    scored: dict[str, float] = {}
    merged, n_new, n_old = score_new_rows(scored, [row], default_model())
    assert scored == {} and list(merged) == ["a"] and (n_new, n_old) == (1, 0)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    chunks=st.lists(
        st.lists(st.integers(0, 11), min_size=1, max_size=6, unique=True), min_size=1, max_size=5
    )
)
def test_any_sequence_of_reruns_equals_one_run(tmp_path_factory, chunks):
    """Running the job on overlapping chunks, in any order, with repeats, equals one run on
    their union."""
    folder = tmp_path_factory.mktemp("batch")
    union = sorted({i for chunk in chunks for i in chunk})
    names = {i: f"row{i:02d}" for i in union}
    everything = rows_text([names[i] for i in union]).splitlines()[1:]
    by_id = {line.split(",")[0]: line for line in everything}
    out = folder / "out.csv"
    for chunk in chunks + chunks[:1]:
        source = folder / "in.csv"
        source.write_text(HEADER + "".join(by_id[names[i]] + "\n" for i in chunk))
        run_batch_job(source, out)
    once = folder / "once.csv"
    (folder / "all.csv").write_text(HEADER + "".join(line + "\n" for line in everything))
    run_batch_job(folder / "all.csv", once)
    assert out.read_bytes() == once.read_bytes()
