"""`interviewlab incidents ...` run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from interviewlab.cli import main

DATASETS = Path(__file__).resolve().parents[2] / "datasets" / "icecream"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "interviewlab.cli", "incidents", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("schema") / "schema.json"
    status = main(
        [
            "incidents",
            "schema",
            "infer",
            str(DATASETS / "icecream_sales.csv"),
            "--dates",
            "date",
            "--exclude",
            "units_sold",
            "-o",
            str(path),
        ]
    )
    assert status == 0
    return path


def test_infer_writes_a_schema(schema_file):
    """`schema infer` writes a versioned schema with the flavour domain and a datetime column."""
    data = json.loads(schema_file.read_text())
    assert data["schema_version"] == 1
    columns = {c["name"]: c for c in data["columns"]}
    assert columns["flavor"]["domain"] == ["chocolate", "vanilla"]
    assert columns["date"]["kind"] == "datetime" and "units_sold" not in columns


def test_validate_flags_the_new_flavours(schema_file):
    """`schema validate` on the new-flavour file exits 1 and names the unseen values."""
    out = run(
        "schema",
        "validate",
        str(DATASETS / "icecream_sales_new_flavors.csv"),
        "--schema",
        str(schema_file),
    )
    assert out.returncode == 1, out.stderr
    assert "unseen_category" in out.stdout and "'rum raisin' (112)" in out.stdout


def test_validate_json_and_clean_batch(schema_file, tmp_path, capsys):
    """A clean batch exits 0; --json prints a machine-readable report."""
    clean = tmp_path / "clean.csv"
    lines = (DATASETS / "icecream_sales.csv").read_text().splitlines()
    clean.write_text(
        "\n".join([lines[0].rsplit(",", 1)[0]] + [r.rsplit(",", 1)[0] for r in lines[1:50]]) + "\n"
    )
    assert main(["incidents", "schema", "validate", str(clean), "--schema", str(schema_file)]) == 0
    assert (
        main(
            ["incidents", "schema", "validate", str(clean), "--schema", str(schema_file), "--json"]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert report == {"n_rows": 49, "ok": True, "anomalies": []}


def test_bad_inputs_exit_2_naming_the_file(schema_file, tmp_path):
    """Missing files, malformed or newer schemas exit 2 with the file named on stderr."""
    batch = str(DATASETS / "icecream_sales_new_flavors.csv")
    out = run("schema", "validate", batch, "--schema", str(tmp_path / "nope.json"))
    assert out.returncode == 2 and "nope.json does not exist" in out.stderr
    newer = tmp_path / "newer.json"
    data = json.loads(schema_file.read_text())
    data["schema_version"] = 7
    newer.write_text(json.dumps(data))
    out = run("schema", "validate", batch, "--schema", str(newer))
    assert out.returncode == 2 and "newer.json has schema_version 7" in out.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    out = run("schema", "validate", batch, "--schema", str(broken))
    assert out.returncode == 2 and "broken.json is not valid JSON" in out.stderr
    out = run("schema", "infer", str(tmp_path / "missing.csv"))
    assert out.returncode == 2 and "missing.csv: no such file" in out.stderr
    out = run("schema", "infer", batch, "--exclude", "nope")
    assert out.returncode == 2 and "--exclude names column(s) ['nope']" in out.stderr


def test_infer_to_stdout_and_usage(capsys):
    """Without -o the schema goes to stdout; a bare `incidents` prints usage and exits 2."""
    assert (
        main(
            [
                "incidents",
                "schema",
                "infer",
                str(DATASETS / "icecream_sales_new_flavors.csv"),
                "--dates",
                "date",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["format"] == "interviewlab.schema"
    assert main(["incidents"]) == 2
    assert main(["incidents", "schema"]) == 2


def test_datasets_command_regenerates_identical_files(tmp_path):
    """`incidents datasets FOLDER` writes files identical to the shipped ones."""
    out = run("datasets", str(tmp_path))
    assert out.returncode == 0, out.stderr
    for path in DATASETS.glob("*.csv"):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes()
