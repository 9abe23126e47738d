"""Topic 1: a linter for notebooks that should not be deployed as they are.

:func:`audit_notebook` reads a notebook and returns findings with stable codes
(:data:`RULES`), the cell, a message and a fix hint: cells run out of order, hidden state,
hard-coded secrets (found with detect-secrets), absolute paths, installs inside cells, no
pinned environment, deployment calls, pickled models, unseeded training, saved errors and no
tests. :func:`make_messy_notebook` generates seeded messy notebooks with the findings they
must produce, for exercises and tests.
"""

from interviewlab.audit._audit import (
    AuditReport,
    Finding,
    audit_notebook,
    audit_notebooks,
    reports_to_json,
)
from interviewlab.audit._messy import MessyNotebook, make_messy_notebook
from interviewlab.audit._reading import NotebookError, read_notebook
from interviewlab.audit._rules import RULES, SLUGS, Rule
from interviewlab.audit._samples import (
    SampleNotebook,
    load_sample_notebooks,
    sample_notebooks_dir,
)

__all__ = [
    "RULES",
    "SLUGS",
    "AuditReport",
    "Finding",
    "MessyNotebook",
    "NotebookError",
    "Rule",
    "SampleNotebook",
    "audit_notebook",
    "audit_notebooks",
    "load_sample_notebooks",
    "make_messy_notebook",
    "read_notebook",
    "reports_to_json",
    "sample_notebooks_dir",
]
