"""The sample notebooks match their labels; generated messy notebooks match their truth."""

from __future__ import annotations

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewlab.audit import (
    RULES,
    audit_notebook,
    load_sample_notebooks,
    make_messy_notebook,
)
from interviewlab.audit._messy import FAKE_SECRETS

SAMPLES = load_sample_notebooks()


def sort_key(pair):
    return (pair[1] is not None, pair[1] or 0, pair[0])


def test_the_expected_samples_exist():
    """Three messy samples (one a churn model deployed from the notebook) and a clean one."""
    assert sorted(SAMPLES) == [
        "churn_deploy/churn_deploy.ipynb",
        "clean_churn/churn_training.ipynb",
        "demand_forecast/Untitled3-Copy1.ipynb",
        "fraud_scoring/fraud_scoring.ipynb",
    ]
    assert all(sample.path.is_file() for sample in SAMPLES.values())


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_audit_matches_the_label_file(name):
    """Every sample produces exactly the (code, cell) findings its labels list."""
    sample = SAMPLES[name]
    got = sorted(audit_notebook(sample.path).pairs(), key=sort_key)
    assert got == list(sample.findings)


def test_clean_sample_has_no_finding_and_messy_ones_cover_every_rule():
    """The clean notebook is clean; together the messy ones exercise every rule."""
    assert SAMPLES["clean_churn/churn_training.ipynb"].findings == ()
    covered = {code for sample in SAMPLES.values() for code, _ in sample.findings}
    assert covered == set(RULES)


def test_labels_point_at_code_cells():
    """Cell-level labels index code cells of valid notebooks."""
    for sample in SAMPLES.values():
        nb = nbformat.read(str(sample.path), as_version=4)
        nbformat.validate(nb)
        for code, cell in sample.findings:
            assert code in RULES
            assert cell is None or nb.cells[cell].cell_type == "code", (sample.path, cell)


def test_every_secret_in_the_samples_is_marked_fake():
    """Each line flagged as a credential says FAKE (or is an AWS documentation example)."""
    for sample in SAMPLES.values():
        nb = nbformat.read(str(sample.path), as_version=4)
        for finding in audit_notebook(sample.path):
            if finding.code == "NB201":
                cell = nb.cells[finding.cell].source
                line = cell.splitlines()[finding.line - 1]
                assert "FAKE" in line or "EXAMPLE" in line or "FAKE" in cell, line


# ----------------------------------------------------------------------- make_messy_notebook


def test_messy_notebook_golden_seed():
    """Seed 0 with three problems gives these exact problems and findings."""
    messy = make_messy_notebook(n_problems=3, random_state=0)
    assert messy.problems == ("moved-cell", "deleted-cell", "no-tests")
    assert messy.findings == (
        ("NB503", None),
        ("NB104", 4),
        ("NB102", 12),
        ("NB105", 12),
        ("NB101", 15),
    )
    assert messy.hidden_state() == {("NB104", 4), ("NB105", 12), ("NB101", 15)}


def test_messy_notebook_is_seeded():
    """Same seed, same notebook; another seed, another notebook."""
    a = make_messy_notebook(random_state=11)
    b = make_messy_notebook(random_state=11)
    c = make_messy_notebook(random_state=12)
    assert a.notebook == b.notebook and a.findings == b.findings
    assert a.notebook != c.notebook


def test_messy_notebook_is_valid_and_always_has_hidden_state():
    """Valid nbformat 4.5 with cell ids, and at least one hidden-state/order finding."""
    for seed in range(20):
        messy = make_messy_notebook(n_problems=1 + seed % 6, random_state=seed)
        nbformat.validate(messy.notebook)
        assert messy.hidden_state()
        assert len(messy.problems) == 1 + seed % 6
        assert messy.description.startswith("A churn notebook")


def test_messy_notebook_rejects_bad_sizes():
    """n_problems outside 1..13 is a ValueError naming the argument."""
    with pytest.raises(ValueError, match="n_problems must be an integer >= 1, got 0"):
        make_messy_notebook(n_problems=0)
    with pytest.raises(ValueError, match="n_problems must be an integer <= 13, got 14"):
        make_messy_notebook(n_problems=14)


def test_fake_secrets_are_marked():
    """The generator's credentials are all marked FAKE or are AWS documentation examples."""
    assert all("FAKE" in line for line in FAKE_SECRETS)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_problems=st.integers(1, 13))
def test_audit_agrees_with_the_generator(seed, n_problems):
    """For any seed, the audit reports exactly the generator's ground truth."""
    messy = make_messy_notebook(n_problems=n_problems, random_state=seed)
    got = sorted(audit_notebook(messy.notebook).pairs(), key=sort_key)
    assert got == list(messy.findings)
