"""The ``interviewlab drift`` commands, run as a user would."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from interviewlab.cli import main


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "interviewlab.cli", "drift", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def csvs(tmp_path):
    """A reference CSV and a current CSV where only 'income' moved."""
    gen = np.random.default_rng(0)
    ref = pd.DataFrame({"age": gen.normal(40, 10, 1000), "income": gen.normal(50, 5, 1000)})
    cur = pd.DataFrame({"age": gen.normal(40, 10, 800), "income": gen.normal(56, 5, 800)})
    ref.to_csv(tmp_path / "ref.csv", index=False)
    cur.assign(extra=1).to_csv(tmp_path / "cur.csv", index=False)
    return tmp_path / "ref.csv", tmp_path / "cur.csv"


def test_psi_command_reports_each_column_and_exits_1_on_red(csvs):
    """drift psi prints PSI and tier per shared column and exits 1 when a column is red."""
    done = run("psi", str(csvs[0]), str(csvs[1]))
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[0] == "age" and lines[0].split()[-1] == "green"
    assert lines[1].split()[0] == "income" and lines[1].split()[-1] == "red"
    assert "extra" in lines[2] and "only in current" in lines[2]


def test_psi_command_exits_0_when_nothing_is_red(csvs):
    """With a high red threshold nothing is red: exit 0."""
    assert main(["drift", "psi", str(csvs[0]), str(csvs[1]), "--red", "50"]) == 0


def test_psi_command_bad_input_exits_2(csvs, tmp_path, capsys):
    """A missing file or a bad option exits 2 with a message naming it."""
    assert main(["drift", "psi", str(tmp_path / "nope.csv"), str(csvs[1])]) == 2
    assert "reference file" in capsys.readouterr().err
    assert main(["drift", "psi", str(csvs[0]), str(csvs[1]), "--binning", "kmeans"]) == 2
    assert "binning must be one of" in capsys.readouterr().err
    assert main(["drift", "psi", str(csvs[0]), str(csvs[1]), "--bins", "0"]) == 2


def test_demo_command_runs_and_writes_outputs(tmp_path):
    """drift demo prints the evaluation and writes the report and heatmap when asked."""
    report, plot = tmp_path / "report.csv", tmp_path / "stoplight.png"
    done = run(
        "demo", "--models", "6", "--days", "6", "--features", "3", "--rows", "100",
        "--report", str(report), "--plot", str(plot),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "recall" in done.stdout and "false alarms" in done.stdout
    assert list(pd.read_csv(report).columns[:4]) == ["model", "day", "metric", "value"]
    assert plot.stat().st_size > 0


def test_demo_bad_input_exits_2(capsys):
    """An impossible fleet size exits 2 naming the argument."""
    assert main(["drift", "demo", "--days", "1"]) == 2
    assert "n_days" in capsys.readouterr().err


def test_drift_without_subcommand_prints_usage(capsys):
    """`interviewlab drift` alone prints the usage and exits 2."""
    assert main(["drift"]) == 2
    assert "demo" in capsys.readouterr().err
