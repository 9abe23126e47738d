"""The rules of the notebook audit: stable codes, what each one means and how to fix it.

Codes never change meaning once released: tools and label files refer to them. The first
digit groups them: 1 execution and hidden state, 2 secrets and paths, 3 environment,
4 deployment, 5 reproducibility and evidence, 6 naming.

Where a rule mirrors a check of Julynter (Pimentel et al.) or pynblint (Quaranta et al.),
``related`` names it. Checks of those tools that are about style or documentation rather than
about whether a notebook can be deployed (empty cells, Markdown first and last, imports beyond
the first cell, long cells, title characters and length, too few Markdown cells) are left out
on purpose, and so are checks that need a live kernel (Julynter h1, h2).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One audit rule.

    Attributes
    ----------
    code : str
        Stable identifier, e.g. ``"NB101"``.
    slug : str
        Short readable name, e.g. ``"out-of-order"``.
    summary : str
        What the rule looks for.
    fix : str
        The fix hint attached to every finding of this rule.
    related : str
        The matching check in Julynter or pynblint, if any.
    """

    code: str
    slug: str
    summary: str
    fix: str
    related: str = ""


_RULE_LIST = (
    Rule(
        "NB101",
        "out-of-order",
        "A code cell ran before a cell above it (its execution count is not higher than "
        "every count above it).",
        "Restart the kernel and run all cells top to bottom; commit that run.",
        "Julynter c2; pynblint non-linear-execution",
    ),
    Rule(
        "NB102",
        "missing-executions",
        "Execution counts skip numbers: cells ran that are no longer in the notebook, or "
        "were re-run, so the saved outputs may depend on code you cannot see.",
        "Restart the kernel and run all cells; counts then go 1, 2, 3, … with no gap.",
        "Julynter h4",
    ),
    Rule(
        "NB103",
        "unexecuted-cell",
        "A code cell never ran although cells around it did: its effect on the results is unknown.",
        "Run it as part of a full top-to-bottom run, or delete it.",
        "Julynter c1; pynblint non-executed-cells",
    ),
    Rule(
        "NB104",
        "used-before-defined",
        "A cell uses a name that only a cell below it (or a later line of the same cell) "
        "defines: it worked only because cells ran out of order.",
        "Move the defining cell above its first use, then restart and run all.",
        "Julynter h6 (hidden state)",
    ),
    Rule(
        "NB105",
        "undefined-name",
        "A cell uses a name that no cell defines: it came from a deleted or edited cell, "
        "or from code typed into the kernel and never saved.",
        "Restore the code that defines it, then restart and run all.",
        "Julynter h5, h6 (hidden state)",
    ),
    Rule(
        "NB106",
        "syntax-error",
        "A code cell is not valid Python (after IPython magics are set aside).",
        "Fix the cell; a notebook that cannot be parsed cannot be converted to a script.",
        "pynblint invalid-python-syntax",
    ),
    Rule(
        "NB201",
        "hard-coded-secret",
        "A credential (password, token, key, connection string) is written in a code cell; "
        "found with detect-secrets.",
        "Revoke it, then read it at run time from the environment or a secrets manager "
        "(os.environ[...]); never commit it.",
    ),
    Rule(
        "NB202",
        "absolute-path",
        "A file path is absolute or user-specific (/home/…, C:\\Users\\…, ~/…): the code "
        "only runs on one machine.",
        "Use a path relative to the project, or take the location as a parameter or "
        "configuration value.",
        "Julynter p1",
    ),
    Rule(
        "NB301",
        "install-in-notebook",
        "A cell installs packages (!pip install, %conda install, …): the environment is "
        "whatever the last run happened to install, usually unpinned.",
        "Declare the packages with pinned versions in requirements.txt (or a lock file) "
        "and build the environment from it.",
    ),
    Rule(
        "NB302",
        "unpinned-environment",
        "No pinned environment file (requirements.txt with ==, a lock file, "
        "environment.yml with versions) sits beside the notebook.",
        "Add a requirements file that pins every package (pip freeze, pip-tools, uv lock).",
        "Julynter i2; pynblint undeclared-dependencies",
    ),
    Rule(
        "NB303",
        "undeclared-import",
        "A cell imports a third-party package that the environment files beside the "
        "notebook do not declare.",
        "Add the package, with a pinned version, to the requirements file.",
        "Julynter i2; pynblint undeclared-dependencies",
    ),
    Rule(
        "NB401",
        "deploy-from-notebook",
        "The notebook deploys a model itself (SageMaker .deploy(), endpoint creation, "
        "mlflow deployments, gcloud/az/kubectl commands): an untested, unreviewed, "
        "unrepeatable release.",
        "Move training into a script or pipeline; let CI build, test and deploy a versioned "
        "artifact.",
    ),
    Rule(
        "NB402",
        "pickle-model",
        "A model is saved with pickle, joblib, dill or cloudpickle: loading such a file runs "
        "arbitrary code, and it breaks across library versions.",
        "Save with skops (or ONNX) together with metadata: hashes, library versions, schema.",
    ),
    Rule(
        "NB501",
        "unseeded-randomness",
        "A random step (model, split, resampling) runs without a fixed seed: every run "
        "trains a different model.",
        "Pass random_state=<int> explicitly; a global np.random.seed is hidden state and does "
        "not reach every library.",
    ),
    Rule(
        "NB502",
        "error-output",
        "A cell's saved output is an error: the notebook did not run cleanly, and the "
        "results below it may come from an earlier state.",
        "Fix the error, restart and run all, and save the clean run.",
    ),
    Rule(
        "NB503",
        "no-tests",
        "Nothing in the notebook checks its own results: no assert, no test function, no "
        "test framework.",
        "Move the logic into functions and test them (pytest), or at least assert the "
        "data's shape and the model's metrics.",
        "Julynter guideline: abstract code into functions and test them",
    ),
    Rule(
        "NB601",
        "untitled-notebook",
        "The file still has a default name (Untitled.ipynb, …-Copy1.ipynb): nobody can tell "
        "which copy is the real one.",
        "Rename it after what it does, and delete stale copies.",
        "Julynter t2, t3; pynblint untitled-notebook, duplicate-notebook-not-renamed",
    ),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULE_LIST}
"""Every rule of the audit, by code."""

SLUGS: dict[str, str] = {rule.slug: rule.code for rule in _RULE_LIST}
"""The code of each rule, by slug."""
