"""``make_messy_notebook``: seeded churn notebooks with known problems, for exercises and tests.

Each notebook is built from cell templates whose reads and writes are declared by hand (not
found by parsing), then messed up the way real notebooks get messy: a cell moved below the
cells that use it, a cell deleted after it ran, a cell re-run after a change, a cell never run,
an error left in an output, a hard-coded credential, an absolute path, a ``!pip install``, a
deployment call, a pickled model, a training step without a seed. The ground truth comes from
the declared reads and writes and the simulated execution history, so it checks
:func:`~interviewlab.audit.audit_notebook` rather than repeating it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from interviewlab._validation import check_positive_int, check_random_state

# Fake credentials, each in a form detect-secrets flags; none of them is real.
FAKE_SECRETS = (
    'DB_PASSWORD = "Tr0ub4dor&3-FAKE"  # FAKE credential, not a real one',
    'AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"  # FAKE: the AWS documentation example key',
    'WAREHOUSE_URL = "postgresql://analyst:FakePassw0rd@warehouse.internal:5432/churn"  # FAKE',
    'api_key = "FAKEa8f3k2m9x7q1w4e6r8t0y2u4i6o8p0"  # FAKE key, not a real one',
)
USERS = ("anna", "bilal", "chen", "dana", "emeka", "farah")
ESTIMATORS = {
    # name: (import line, stochastic?)
    "RandomForestClassifier": ("from sklearn.ensemble import RandomForestClassifier", True),
    "GradientBoostingClassifier": ("from sklearn.ensemble import GradientBoostingClassifier", True),
    "HistGradientBoostingClassifier": (
        "from sklearn.ensemble import HistGradientBoostingClassifier",
        True,
    ),
    "LogisticRegression": ("from sklearn.linear_model import LogisticRegression", False),
}
HIDDEN_STATE_CODES = ("NB101", "NB104", "NB105")


@dataclass(frozen=True)
class MessyNotebook:
    """A generated notebook and the findings the audit must report for it.

    Attributes
    ----------
    notebook : nbformat.NotebookNode
        An nbformat 4 notebook (code cells with execution counts and outputs, Markdown cells).
    findings : tuple of (str, int or None)
        ``(code, cell)`` of every finding, sorted as :func:`audit_notebook` sorts them
        (whole-notebook findings first, then by cell and code). ``cell`` indexes
        ``notebook.cells``.
    problems : tuple of str
        The kinds of mess injected, e.g. ``("moved-cell", "hard-coded-secret")``.
    description : str
        One paragraph on how the notebook was made messy.
    """

    notebook: object
    findings: tuple[tuple[str, int | None], ...]
    problems: tuple[str, ...]
    description: str

    def hidden_state(self) -> set[tuple[str, int]]:
        """The ``(code, cell)`` pairs of the hidden-state and order findings (NB101/104/105)."""
        return {(code, cell) for code, cell in self.findings if code in HIDDEN_STATE_CODES}


@dataclass
class _Cell:
    key: str
    source: str
    defs: set[str] = field(default_factory=set)
    # Names read when the cell runs, before the cell itself binds them (a cell reading its own
    # result on a later line does not list it).
    uses: list[str] = field(default_factory=list)
    deferred: set[str] = field(default_factory=set)  # read inside function bodies
    markdown: str = ""  # a Markdown cell placed before this one
    findings: list[str] = field(default_factory=list)  # codes this cell produces by itself
    outputs: list = field(default_factory=list)
    error: tuple[str, str] | None = None


def make_messy_notebook(*, n_problems: int = 5, random_state=None) -> MessyNotebook:
    """Generate a churn-model notebook with ``n_problems`` kinds of mess and its findings.

    At least one of the problems is about hidden state or execution order (a moved, deleted
    or re-run cell), so every notebook has findings for the hidden-state exercise.

    Parameters
    ----------
    n_problems : int, default=5
        How many kinds of mess to inject, 1 to 13.
    random_state : None, int or numpy.random.Generator, default=None
        Seed for reproducible output.

    Returns
    -------
    MessyNotebook
        The notebook, its ``(code, cell)`` findings, the problems and a description.

    Examples
    --------
    >>> messy = make_messy_notebook(n_problems=3, random_state=0)
    >>> messy.problems
    ('moved-cell', 'deleted-cell', 'no-tests')
    >>> messy.findings
    (('NB503', None), ('NB104', 4), ('NB102', 12), ('NB105', 12), ('NB101', 15))
    """
    from nbformat.v4 import (
        new_code_cell,
        new_markdown_cell,
        new_notebook,
        new_output,
    )

    n_problems = check_positive_int("n_problems", n_problems)
    if n_problems > len(_PROBLEMS):
        raise ValueError(f"n_problems must be an integer <= {len(_PROBLEMS)}, got {n_problems}")
    rng = check_random_state(random_state)

    names = {
        "df": str(rng.choice(["df", "data", "churn", "customers"])),
        "model": str(rng.choice(["model", "clf", "rf", "estimator"])),
        "estimator": str(rng.choice(list(ESTIMATORS))),
        "user": str(rng.choice(USERS)),
    }
    first = str(rng.choice(_HIDDEN_PROBLEMS))
    others = [p for p in _PROBLEMS if p != first]
    picked = {first} | {str(p) for p in rng.choice(others, size=n_problems - 1, replace=False)}
    problems = tuple(p for p in _PROBLEMS if p in picked)

    cells = _base_cells(names, set(problems), rng)
    # The execution history: keys in the order the author ran them (None = code typed into the
    # kernel and never saved); every cell first runs once, in the logical order.
    history: list[str | None] = [c.key for c in cells if c.key != "scratch"]
    order = [c.key for c in cells]
    notes = []
    for problem in problems:
        if problem == "moved-cell":
            key = _movable(cells, order, rng)
            users = [
                k
                for k in order
                if k != key
                and _by_key(cells, k).uses
                and set(_by_key(cells, k).uses) & _by_key(cells, key).defs
            ]
            first_user = min(order.index(k) for k in users)
            order.remove(key)
            position = int(rng.integers(first_user, len(order))) + 1
            order.insert(position, key)
            notes.append(f"the '{key}' cell was moved below a cell that uses it")
        elif problem == "deleted-cell":
            order.remove("threshold")
            notes.append("the cell defining the alert threshold was deleted after it ran")
        elif problem == "rerun-cell":
            key = str(rng.choice(["train", "split", "features"]))
            history.append(key)
            notes.append(f"the '{key}' cell was run again after later cells")
        elif problem == "ghost-execution":
            history.insert(int(rng.integers(0, len(history))), None)
            notes.append("code was run in the kernel and never saved in a cell")
        else:
            notes.append(problem.replace("-", " "))

    counts: dict[str, int] = {}
    for number, key in enumerate(history, start=1):
        if key is not None:
            counts[key] = number
    final = [_by_key(cells, key) for key in order]

    nb_cells = [new_markdown_cell("# Churn model\n\nTrain the churn model and ship it.")]
    index_of: dict[str, int] = {}
    for cell in final:
        if cell.markdown:
            nb_cells.append(new_markdown_cell(cell.markdown))
        index_of[cell.key] = len(nb_cells)
        count = counts.get(cell.key)
        outputs = []
        if count is not None:
            if cell.error:
                outputs.append(
                    new_output(
                        "error",
                        ename=cell.error[0],
                        evalue=cell.error[1],
                        traceback=[f"{cell.error[0]}: {cell.error[1]}"],
                    )
                )
            else:
                outputs.extend(_output(o, count, new_output) for o in cell.outputs)
        nb_cells.append(new_code_cell(cell.source, execution_count=count, outputs=outputs))
    nb = new_notebook(
        cells=nb_cells,
        metadata={
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
    )
    for number, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{number:02d}"

    truth = _truth(final, counts, index_of)
    description = (
        f"A churn notebook ({names['estimator']}, data in '{names['df']}', model in "
        f"'{names['model']}') with {len(problems)} kinds of mess: " + "; ".join(notes) + "."
    )
    return MessyNotebook(nb, truth, tuple(problems), description)


_PROBLEMS = (
    "moved-cell",
    "deleted-cell",
    "rerun-cell",
    "ghost-execution",
    "unexecuted-cell",
    "error-output",
    "hard-coded-secret",
    "absolute-path",
    "install-in-notebook",
    "deploy-from-notebook",
    "pickle-model",
    "unseeded-randomness",
    "no-tests",
)
_HIDDEN_PROBLEMS = ("moved-cell", "deleted-cell", "rerun-cell")  # one of them always occurs


def _by_key(cells: list[_Cell], key: str) -> _Cell:
    return next(cell for cell in cells if cell.key == key)


def _movable(cells: list[_Cell], order: list[str], rng: np.random.Generator) -> str:
    """A cell that defines something a later cell reads (moving it below that cell matters)."""
    options = []
    for key in order:
        cell = _by_key(cells, key)
        later = order[order.index(key) + 1 :]
        if key not in ("imports", "scratch") and any(
            set(_by_key(cells, k).uses) & cell.defs for k in later
        ):
            options.append(key)
    return str(rng.choice(options))


def _output(spec: tuple, count: int, new_output):
    kind, payload = spec
    if kind == "stream":
        return new_output("stream", name="stdout", text=payload)
    return new_output("execute_result", data=payload, execution_count=count)


def _base_cells(names: dict, problems: set[str], rng: np.random.Generator) -> list[_Cell]:
    df, model, estimator = names["df"], names["model"], names["estimator"]
    estimator_import, stochastic = ESTIMATORS[estimator]
    seeded_split = seeded_model = True
    if "unseeded-randomness" in problems:
        which = int(rng.integers(0, 3)) if stochastic else 0
        seeded_split, seeded_model = which == 1, which == 0
    train_args = (["max_iter=1000"] if estimator == "LogisticRegression" else []) + (
        ["random_state=7"] if seeded_model else []
    )

    imports = [
        "import pandas as pd",
        "import numpy as np",
        "from sklearn.model_selection import train_test_split",
        estimator_import,
        "from sklearn.metrics import roc_auc_score",
    ]
    cell_imports = _Cell(
        "imports", "", defs={"pd", "np", "train_test_split", estimator, "roc_auc_score"}
    )
    if "install-in-notebook" in problems:
        imports.insert(
            0,
            str(
                rng.choice(
                    [
                        "!pip install scikit-learn pandas",
                        "%pip install xgboost==2.1.1",
                        "!pip install -q skops",
                    ]
                )
            ),
        )
        cell_imports.findings.append("NB301")
    cell_imports.source = "\n".join(imports)

    config = ['DATA_PATH = "data/churn.csv"', 'TARGET = "churned"']
    cell_config = _Cell("config", "", defs={"DATA_PATH", "TARGET"}, markdown="## Configuration")
    if "absolute-path" in problems:
        config[0] = (
            f'DATA_PATH = "/home/{names["user"]}/projects/churn/data/churn.csv"'
            if rng.random() < 0.5
            else f'DATA_PATH = "C:\\\\Users\\\\{names["user"]}\\\\churn\\\\churn.csv"'
        )
        cell_config.findings.append("NB202")
    if "hard-coded-secret" in problems:
        chosen = rng.choice(len(FAKE_SECRETS), size=int(rng.integers(1, 3)), replace=False)
        for i in sorted(int(c) for c in chosen):
            config.append(FAKE_SECRETS[i])
            cell_config.defs.add(FAKE_SECRETS[i].split(" =")[0])
            cell_config.findings.append("NB201")
    cell_config.source = "\n".join(config)

    head_html = "<table><tr><th>customer_id</th><th>tenure_months</th></tr></table>"
    cells = [
        cell_imports,
        cell_config,
        _Cell(
            "load",
            f"{df} = pd.read_csv(DATA_PATH)\n{df}.head()",
            defs={df},
            uses=["pd", "DATA_PATH"],
            markdown="## Data",
            outputs=[
                (
                    "result",
                    {"text/plain": "   customer_id  tenure_months ...", "text/html": head_html},
                )
            ],
        ),
        _Cell(
            "clean",
            f"{df} = {df}.dropna(subset=[TARGET])\n"
            f'{df}["tenure_years"] = {df}["tenure_months"] / 12',
            defs={df},
            uses=[df, "TARGET"],
        ),
        _Cell(
            "explore",
            f'{df}.groupby("contract")[TARGET].mean()',
            uses=[df, "TARGET"],
            outputs=[("result", {"text/plain": "contract\nmonthly    0.42\nyearly     0.11"})],
        ),
        _Cell(
            "features",
            f'features = [c for c in {df}.columns if c not in (TARGET, "customer_id")]\n'
            f"X = {df}[features]\ny = {df}[TARGET]",
            defs={"features", "X", "y"},
            uses=[df, "TARGET"],
            markdown="## Features",
        ),
        _Cell(
            "split",
            "X_train, X_test, y_train, y_test = train_test_split(\n"
            "    X, y, test_size=0.2" + (", random_state=42" if seeded_split else "") + "\n)",
            defs={"X_train", "X_test", "y_train", "y_test"},
            uses=["train_test_split", "X", "y"],
            findings=[] if seeded_split else ["NB501"],
        ),
        _Cell(
            "train",
            f"{model} = {estimator}({', '.join(train_args)})\n{model}.fit(X_train, y_train)",
            defs={model},
            uses=[estimator, "X_train", "y_train"],
            markdown="## Model",
            findings=[] if (seeded_model or not stochastic) else ["NB501"],
            outputs=[("result", {"text/plain": f"{estimator}({', '.join(train_args)})"})],
        ),
        _Cell(
            "evaluate",
            f"proba = {model}.predict_proba(X_test)[:, 1]\n"
            "auc = roc_auc_score(y_test, proba)\n"
            'print(f"AUC: {auc:.3f}")',
            defs={"proba", "auc"},
            uses=[model, "X_test", "roc_auc_score", "y_test"],
            outputs=[("stream", "AUC: 0.847\n")],
        ),
        _Cell("threshold", "threshold = 0.35", defs={"threshold"}),
        _Cell(
            "alerts",
            'flagged = (proba > threshold).sum()\nprint(f"{flagged} customers to call")',
            defs={"flagged"},
            uses=["proba", "threshold"],
            outputs=[("stream", "131 customers to call\n")],
        ),
        _Cell(
            "helper",
            f"def churn_risk(rows):\n    return {model}.predict_proba(rows[features])[:, 1]",
            defs={"churn_risk"},
            deferred={model, "features"},
        ),
    ]
    if "no-tests" not in problems:
        cells[8].source += '\nassert auc > 0.7, "worse than the model in production"'
    if "unexecuted-cell" in problems:
        cells.append(_Cell("scratch", f"{df}.describe()", uses=[df], findings=["NB103"]))
    if "error-output" in problems:
        cells[4].error = ("KeyError", "'contract'")
        cells[4].findings.append("NB502")
    if "pickle-model" in problems:
        cells.append(
            _Cell(
                "save",
                f'import joblib\njoblib.dump({model}, "churn_model.joblib")',
                defs={"joblib"},
                uses=[model],
                markdown="## Save",
                findings=["NB402"],
                outputs=[("result", {"text/plain": "['churn_model.joblib']"})],
            )
        )
    else:
        cells.append(
            _Cell(
                "save",
                f'import skops.io as sio\nsio.dump({model}, "churn_model.skops")',
                defs={"sio"},
                uses=[model],
                markdown="## Save",
            )
        )
    if "deploy-from-notebook" in problems:
        if rng.random() < 0.5:
            cells.append(
                _Cell(
                    "deploy",
                    "from sagemaker.sklearn import SKLearnModel\n"
                    'MODEL_URI = "s3://fake-bucket/churn/model.tar.gz"\n'
                    'ROLE = "arn:aws:iam::000000000000:role/FakeSageMakerRole"\n'
                    "sm_model = SKLearnModel(model_data=MODEL_URI, role=ROLE, "
                    'entry_point="inference.py")\n'
                    'predictor = sm_model.deploy(instance_type="ml.m5.large", '
                    "initial_instance_count=1)",
                    defs={"SKLearnModel", "MODEL_URI", "ROLE", "sm_model", "predictor"},
                    uses=[],
                    markdown="## Ship it",
                    findings=["NB401"],
                )
            )
        else:
            cells.append(
                _Cell(
                    "deploy",
                    "import mlflow\n"
                    f'mlflow.sklearn.log_model({model}, "model")\n'
                    "!mlflow models serve -m runs:/latest/model --port 5001",
                    defs={"mlflow"},
                    uses=[model],
                    markdown="## Ship it",
                    findings=["NB401"],
                )
            )
    return cells


def _truth(final: list[_Cell], counts: dict[str, int], index_of: dict[str, int]):
    found: list[tuple[str, int | None]] = []
    # Execution counts, in notebook order.
    executed = [(index_of[c.key], counts[c.key]) for c in final if c.key in counts]
    highest = 0
    for index, count in executed:
        if count <= highest:
            found.append(("NB101", index))
        highest = max(highest, count)
    previous = 0
    for index, count in sorted(executed, key=lambda item: item[1]):
        if count > previous + 1:
            found.append(("NB102", index))
        previous = max(previous, count)
    # Names, in notebook order, from the declared reads and writes.
    everywhere = set().union(*(c.defs for c in final))
    defined: set[str] = set()
    for position, cell in enumerate(final):
        later = set().union(set(), *(c.defs for c in final[position + 1 :]))
        reported = set()
        for name in cell.uses:
            if name in defined or name in reported:
                continue
            reported.add(name)
            found.append(("NB104" if name in later else "NB105", index_of[cell.key]))
        defined |= cell.defs
        for _name in cell.deferred - everywhere:
            found.append(("NB105", index_of[cell.key]))
        found += [(code, index_of[cell.key]) for code in cell.findings]
    if not any("assert " in c.source for c in final):
        found.append(("NB503", None))
    return tuple(sorted(found, key=lambda f: (f[1] is not None, f[1] or 0, f[0])))
