"""`interviewlab audit`, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from interviewlab.audit import load_sample_notebooks
from interviewlab.cli import main

SAMPLES = load_sample_notebooks()
CLEAN = SAMPLES["clean_churn/churn_training.ipynb"].path
CHURN = SAMPLES["churn_deploy/churn_deploy.ipynb"].path


def test_findings_exit_1_and_text_lists_them(capsys):
    """A messy notebook: exit status 1, one line per finding plus its fix, and a summary."""
    assert main(["audit", str(CHURN)]) == 1
    out = capsys.readouterr().out
    assert f"{CHURN} cell 18, line 11: NB401 [deploy-from-notebook]" in out
    assert out.count("    fix: ") == len(SAMPLES["churn_deploy/churn_deploy.ipynb"].findings)
    assert out.rstrip().endswith("18 findings in 1 notebook (0 clean)")


def test_clean_notebook_exits_0(capsys):
    """The clean sample: exit status 0 and nothing but the summary."""
    assert main(["audit", str(CLEAN)]) == 0
    assert capsys.readouterr().out == "0 findings in 1 notebook (1 clean)\n"


def test_json_format_in_a_subprocess():
    """--format json prints one object per notebook with its findings; exit status 1."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "interviewlab.cli",
            "audit",
            str(CHURN),
            str(CLEAN),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert [entry["path"] for entry in data] == [str(CHURN), str(CLEAN)]
    got = sorted(
        ((f["code"], f["cell"]) for f in data[0]["findings"]),
        key=lambda p: (p[1] is not None, p[1] or 0, p[0]),
    )
    assert got == list(SAMPLES["churn_deploy/churn_deploy.ipynb"].findings)
    assert data[1]["findings"] == []


def test_folder_is_searched_recursively(capsys):
    """A folder argument audits every notebook below it."""
    assert main(["audit", str(CLEAN.parent.parent), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert len(data) == len(SAMPLES)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("truncated.ipynb", '{"nbformat": 4, "cells": [', "the file is truncated"),
        ("notes.ipynb", "just some notes\n", "not valid JSON"),
        (
            "future.ipynb",
            '{"nbformat": 9, "nbformat_minor": 0, "metadata": {}, "cells": []}',
            "unknown nbformat version 9",
        ),
        (
            "empty.ipynb",
            '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}',
            "the notebook has no cells",
        ),
    ],
)
def test_unreadable_input_exits_2(tmp_path, capsys, name, text, message):
    """Bad input: exit status 2 and an error on stderr naming the file."""
    path = tmp_path / name
    path.write_text(text)
    assert main(["audit", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"interviewlab audit: error: {path}: ") and message in err


def test_unreadable_input_wins_over_findings(tmp_path, capsys):
    """One unreadable file among good ones: the others are audited, the status is 2."""
    missing = tmp_path / "missing.ipynb"
    assert main(["audit", str(CHURN), str(missing)]) == 2
    captured = capsys.readouterr()
    assert "NB401" in captured.out and f"{missing}: no such file" in captured.err


def test_empty_folder_and_no_argument_exit_2(tmp_path, capsys):
    """A folder without notebooks, or no notebook at all, is a usage error."""
    assert main(["audit", str(tmp_path)]) == 2
    assert "no notebooks (*.ipynb) in this folder" in capsys.readouterr().err
    assert main(["audit"]) == 2


def test_list_rules(capsys):
    """--list-rules prints every rule with its fix and exits 0."""
    assert main(["audit", "--list-rules"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("NB101 out-of-order: ") and "NB601 untitled-notebook" in out
