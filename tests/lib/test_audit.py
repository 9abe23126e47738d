"""Unit tests of interviewlab.audit: reading, every rule, reports."""

from __future__ import annotations

import copy
import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from interviewlab.audit import (
    RULES,
    SLUGS,
    AuditReport,
    NotebookError,
    audit_notebook,
    audit_notebooks,
    read_notebook,
    reports_to_json,
)


def nb_of(*sources, counts=None, outputs=None):
    """A notebook of code cells; counts default to 1, 2, 3, … (a clean run)."""
    counts = counts or list(range(1, len(sources) + 1))
    cells = []
    for i, (source, count) in enumerate(zip(sources, counts, strict=True)):
        cell = new_code_cell(source, execution_count=count)
        if outputs and i in outputs:
            cell.outputs = outputs[i]
        cells.append(cell)
    return new_notebook(cells=cells)


def pairs(nb, **kwargs):
    """(code, cell) pairs of the audit, without the no-tests finding unless asked."""
    return [p for p in audit_notebook(nb, **kwargs).pairs() if p[0] != "NB503"]


def codes_of(nb, **kwargs):
    return [code for code, _ in pairs(nb, **kwargs)]


# --------------------------------------------------------------------------------- the rules


def test_rule_codes_are_stable():
    """The released codes and slugs never change meaning (label files refer to them)."""
    assert {code: rule.slug for code, rule in RULES.items()} == {
        "NB101": "out-of-order",
        "NB102": "missing-executions",
        "NB103": "unexecuted-cell",
        "NB104": "used-before-defined",
        "NB105": "undefined-name",
        "NB106": "syntax-error",
        "NB201": "hard-coded-secret",
        "NB202": "absolute-path",
        "NB301": "install-in-notebook",
        "NB302": "unpinned-environment",
        "NB303": "undeclared-import",
        "NB401": "deploy-from-notebook",
        "NB402": "pickle-model",
        "NB501": "unseeded-randomness",
        "NB502": "error-output",
        "NB503": "no-tests",
        "NB601": "untitled-notebook",
    }
    assert SLUGS["out-of-order"] == "NB101"
    assert all(rule.fix and rule.summary for rule in RULES.values())


# ---------------------------------------------------------------------------------- reading


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"cells": [{"cell_type": "code", "sour', "the file is truncated"),
        ("print('hello')\n", "not valid JSON"),
        ("[1, 2, 3]", "no 'nbformat' version field"),
        (
            '{"nbformat": 5, "nbformat_minor": 0, "cells": [], "metadata": {}}',
            "unknown nbformat version 5",
        ),
        (
            '{"nbformat": "4", "nbformat_minor": 0, "cells": [], "metadata": {}}',
            "nbformat version is '4'",
        ),
        ('{"nbformat": 4, "nbformat_minor": 5, "cells": [], "metadata": {}}', "has no cells"),
        ('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}', "no 'cells' list"),
        (
            '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"source": "x"}]}',
            "not a valid notebook",
        ),
    ],
)
def test_unreadable_input_names_the_file_and_the_problem(tmp_path, text, message):
    """Truncated, non-notebook, unknown-version and empty files raise NotebookError."""
    path = tmp_path / "bad.ipynb"
    path.write_text(text)
    with pytest.raises(NotebookError, match=message) as info:
        audit_notebook(path)
    assert str(info.value).startswith(str(path))


def test_missing_file_and_folder_are_unreadable(tmp_path):
    """A path that does not exist, or is a folder, is reported as such."""
    with pytest.raises(NotebookError, match="no such file"):
        read_notebook(tmp_path / "missing.ipynb")
    with pytest.raises(NotebookError, match="a folder"):
        read_notebook(tmp_path)


def test_wrong_type_raises_type_error():
    """Neither a path nor a mapping: TypeError naming the argument."""
    with pytest.raises(TypeError, match="path_or_notebook"):
        audit_notebook(42)


def test_version_3_notebooks_are_converted(tmp_path):
    """An nbformat 3 notebook is read (converted to 4) and audited."""
    v3 = {
        "nbformat": 3,
        "nbformat_minor": 0,
        "metadata": {},
        "worksheets": [
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "input": "print(y)",
                        "language": "python",
                        "outputs": [],
                        "prompt_number": 1,
                    },
                ]
            }
        ],
    }
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps(v3))
    assert ("NB105", 0) in audit_notebook(path).pairs()


def test_audit_does_not_change_the_notebook():
    """The notebook passed in is left untouched."""
    nb = nb_of("x = 1", "print(x)")
    before = copy.deepcopy(nb)
    audit_notebook(nb)
    assert nb == before


# ----------------------------------------------------------------------- execution counts


def test_out_of_order_flags_cells_below_a_higher_count():
    """NB101 marks each cell whose count is not above every count above it."""
    nb = nb_of("a = 1", "b = 2", "c = 3", "d = 4", counts=[1, 4, 2, 3])
    assert pairs(nb) == [("NB101", 2), ("NB101", 3)]
    message = next(f.message for f in audit_notebook(nb) if f.code == "NB101")
    assert message == "ran as In [2], after cell 1 above it ran as In [4]"


def test_repeated_count_is_out_of_order():
    """Two cells with the same count (two kernel sessions) count as out of order."""
    assert pairs(nb_of("a = 1", "b = 2", counts=[1, 1])) == [("NB101", 1)]


def test_missing_executions_golden():
    """NB102 sits on the cell after each gap and says how many executions are missing."""
    nb = nb_of("a = 1", "b = 2", "c = 3", counts=[1, 2, 5])
    report = audit_notebook(nb)
    assert [p for p in report.pairs() if p[0] != "NB503"] == [("NB102", 2)]
    assert report.findings[-1].message == (
        "ran as In [5] but no cell shows In [3]…In [4]: 2 executions not in the notebook"
    )
    assert pairs(nb_of("a = 1", counts=[3])) == [("NB102", 0)]


def test_unexecuted_cell_only_among_executed_ones():
    """NB103 marks a non-empty code cell that never ran, unless nothing ran at all."""
    assert pairs(nb_of("a = 1", "b = a", "", counts=[1, None, None])) == [("NB103", 1)]
    assert pairs(nb_of("a = 1", "b = a", counts=[None, None])) == []


def test_markdown_cells_count_in_cell_indices():
    """Cell numbers index nb.cells, Markdown included."""
    nb = new_notebook(
        cells=[new_markdown_cell("# t"), new_code_cell("print(z)", execution_count=1)]
    )
    assert pairs(nb) == [("NB105", 1)]


# ---------------------------------------------------------------------------- hidden state


def test_name_defined_only_below_is_used_before_defined():
    """NB104 names the cell further down that defines the name."""
    nb = nb_of("y = x + 1", "x = 1", counts=[2, 1])
    report = audit_notebook(nb)
    assert ("NB104", 0) in report.pairs()
    finding = next(f for f in report if f.code == "NB104")
    assert finding.line == 1
    assert finding.message == "uses 'x' before it is defined: only cell 1, further down, defines it"


def test_name_defined_nowhere_is_undefined():
    """NB105 for a name no cell defines; one finding per name and cell."""
    nb = nb_of("print(scaler)\nscaler.fit(z)")
    assert pairs(nb) == [("NB105", 0), ("NB105", 0)]
    assert [f.message for f in audit_notebook(nb) if f.code == "NB105"] == [
        "uses 'scaler', which no cell defines",
        "uses 'z', which no cell defines",
    ]


def test_same_cell_order():
    """A later line of the same cell is 'further down'; the same statement is not."""
    assert pairs(nb_of("print(a)\na = 1")) == [("NB104", 0)]
    assert pairs(nb_of("total = total + 1")) == [("NB105", 0)]
    assert pairs(nb_of("a = 1; b = a")) == []


@pytest.mark.parametrize(
    "source",
    [
        "squares = [v * v for v in range(3)]\nlookup = {k: v for k, v in zip('ab', squares)}",
        "def f(a, *args, b=1, **kw):\n    c = a + b\n    return c, args, kw\nf(1)",
        "g = lambda row, k=2: row * k\ng(1)",
        "class Box:\n    size = 3\n    area = size * size\n    def grow(self):\n"
        "        return self.area\nBox()",
        "for i in range(3):\n    last = i\nprint(last)",
        "with open('f') as handle:\n    text = handle.read()",
        "try:\n    pass\nexcept ValueError as err:\n    print(err)",
        "if (n := 10) > 5:\n    print(n)",
        "def setup():\n    global CONFIG\n    CONFIG = {}\nsetup()\nprint(CONFIG)",
        "import os.path\nos.path.join('a')\nfrom math import *\nprint(sqrt(2))",
        "display(len(In), Out, _, _3, __name__)",
        "x = 1\ndel x",
        "match [1, 2]:\n    case [first, *rest]:\n        print(first, rest)\n"
        "    case {'k': value, **others}:\n        print(value, others)",
    ],
)
def test_python_scoping_is_respected(source):
    """Comprehensions, functions, lambdas, classes, loops, with, except, walrus, global, star
    imports, IPython names, del and match define or read names as Python does."""
    assert pairs(nb_of(source)) == []


def test_function_bodies_may_use_names_defined_later():
    """A function body runs when called: a name defined later is fine, undefined is not."""
    assert pairs(nb_of("def f():\n    return model", "model = 1")) == []
    report = audit_notebook(nb_of("def f():\n    return THRESHOLD"))
    assert [p for p in report.pairs() if p[0] != "NB503"] == [("NB105", 0)]
    assert report.findings[-1].message == "a function here reads 'THRESHOLD', which no cell defines"


def test_star_import_silences_undefined_names_after_it():
    """After `from m import *` an unknown name may come from the import."""
    assert pairs(nb_of("print(a)", "from m import *", "print(b)")) == [("NB105", 0)]


def test_ipython_magics_and_captures():
    """Shell lines are set aside, captures bind names, %%bash cells are not Python."""
    nb = nb_of(
        "files = !ls data\n!echo hi\n%time n = 1\nprint(files)\ndf?",
        "%%capture log\nprint(files)",
        "%%bash\necho $undefined_thing\nls",
        "print(log)\n    %matplotlib inline",
    )
    assert pairs(nb) == [("NB106", 3)]
    assert pairs(nb_of("if True:\n    !ls\nprint(1)")) == []


def test_syntax_error_cell_and_no_cascade():
    """NB106 on the broken cell; names it assigns do not make later cells undefined."""
    nb = nb_of("model = train(\nscore = 1", "print(model, score)")
    report = audit_notebook(nb)
    assert [p for p in report.pairs() if p[0] != "NB503"] == [("NB106", 0)]
    assert report.findings[-1].line is not None


# -------------------------------------------------------------------------------- secrets


@pytest.mark.parametrize(
    "line",
    [
        'DB_PASSWORD = "Tr0ub4dor&3-FAKE"  # FAKE',
        'AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"  # FAKE, from the AWS docs',
        'engine = create_engine("postgresql://u:FakePassw0rd@db.internal:5432/x")  # FAKE',
        'hook = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"',
        'api_key = "FAKEa8f3k2m9x7q1w4e6r8t0y2u4i6o8p0"',
    ],
)
def test_hard_coded_secrets_are_found_once_per_line(line):
    """Each FAKE credential form gives exactly one NB201 on its line, without the value."""
    report = audit_notebook(nb_of("x = 1\n" + line))
    secrets = [f for f in report if f.code == "NB201"]
    assert [(f.cell, f.line) for f in secrets] == [(0, 2)]
    assert "FAKE" not in secrets[0].message and "detect-secrets" in secrets[0].message


@pytest.mark.parametrize(
    "line",
    [
        'password = os.environ["DB_PASSWORD"]',
        'token = getpass.getpass("token: ")',
        'api_key = "FAKEa8f3k2m9x7q1w4e6r8t0y2u4i6o8p0"  # pragma: allowlist secret',
        'df = pd.read_csv("data/churn.csv")',
        'print(f"AUC: {auc:.3f}")',
    ],
)
def test_no_secret_in_ordinary_code(line):
    """Reading a secret at run time, allowlisted lines and ordinary code are not flagged."""
    assert "NB201" not in audit_notebook(nb_of(line)).codes


# ---------------------------------------------------------------------------------- paths


@pytest.mark.parametrize(
    ("source", "user_specific"),
    [
        ('pd.read_csv("/home/anna/churn.csv")', True),
        ('pd.read_csv(r"C:\\Users\\dana\\x.csv")', True),
        ('open("~/notes.txt")', True),
        ('pd.read_parquet("/data/warehouse/sales.parquet")', False),
        ('path = f"/mnt/share/{name}.csv"', False),
        ("!cp /tmp/model.pkl .", False),
    ],
)
def test_absolute_paths(source, user_specific):
    """Absolute and user-specific paths in strings, f-strings and shell lines: NB202."""
    findings = [f for f in audit_notebook(nb_of(source)) if f.code == "NB202"]
    assert len(findings) == 1
    assert findings[0].message.endswith("(user-specific)") == user_specific


@pytest.mark.parametrize(
    "source",
    [
        'pd.read_csv("data/churn.csv")',
        'url = "https://example.org/home/x"',
        'app.post("/predict")',
        'date = "%Y/%m/%d"',
        "p = Path.cwd() / 'data'",
    ],
)
def test_relative_paths_urls_and_routes_are_fine(source):
    """Relative paths, URLs, API routes and formats are not absolute paths."""
    assert "NB202" not in audit_notebook(nb_of(source)).codes


# ------------------------------------------------------------------ installs and deployment


@pytest.mark.parametrize(
    "source",
    [
        "!pip install xgboost",
        "%pip install -q lightgbm==4.5.0",
        "%conda install -y pandas",
        "!python -m pip install -r requirements.txt",
        "import subprocess\nsubprocess.run(['pip', 'install', 'shap'], check=True)",
        "import os\nos.system('pip install shap')",
        "%%bash\napt-get install -y graphviz",
    ],
)
def test_installs_in_cells(source):
    """Every way of installing packages from a cell is NB301."""
    assert audit_notebook(nb_of(source)).codes.count("NB301") == 1


@pytest.mark.parametrize(
    "source",
    [
        "predictor = estimator.deploy(initial_instance_count=1, instance_type='ml.m5.large')",
        "import boto3\nboto3.client('sagemaker').create_endpoint(EndpointName='e')",
        "from mlflow.deployments import get_deploy_client\n"
        "get_deploy_client('databricks').create_endpoint(name='churn')",
        "from google.cloud import aiplatform\naiplatform.Endpoint.create(display_name='churn')",
        "ml_client.online_endpoints.begin_create_or_update(endpoint)",
        "!gcloud ai endpoints deploy-model 123 --model=456",
        "!mlflow models serve -m runs:/1/model",
        "%%bash\nkubectl apply -f deploy.yaml",
    ],
)
def test_deployment_from_the_notebook(source):
    """SDK deploy calls, endpoint creation and deploy commands are NB401."""
    assert audit_notebook(nb_of(source)).codes.count("NB401") == 1


def test_mentioning_deployment_is_not_deploying():
    """Strings and names about deployment, and read-only commands, are not NB401."""
    nb = nb_of(
        'deployment_notes = "deploy on Friday"\nprint(deployment_notes)',
        "!kubectl get pods\n!kubectl rollout status deploy/x",
    )
    assert "NB401" not in audit_notebook(nb).codes


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import joblib\njoblib.dump(m, 'm.joblib')", 1),
        ("import joblib as jl\njl.dump(m, 'm.joblib')", 1),
        ("from pickle import dump\ndump(m, open('m.pkl', 'wb'))", 1),
        ("import dill\ndill.dumps(m)", 1),
        ("import skops.io as sio\nsio.dump(m, 'm.skops')", 0),
        ("import pickle\npickle.load(open('m.pkl', 'rb'))", 0),
    ],
)
def test_pickled_models(source, expected):
    """pickle/joblib/dill dumps are NB402, whatever the import alias; skops is fine."""
    assert audit_notebook(nb_of("m = 1\n" + source)).codes.count("NB402") == expected


# ---------------------------------------------------------------------------------- seeds


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("RandomForestClassifier(n_estimators=10)", 1),
        ("RandomForestClassifier(random_state=None)", 1),
        ("RandomForestClassifier(random_state=0)", 0),
        ("RandomForestClassifier(random_state=SEED)", 0),
        ("RandomForestClassifier(**params)", 0),
        ("train_test_split(X, y)", 1),
        ("KFold(n_splits=5, shuffle=True)", 1),
        ("KFold(n_splits=5)", 0),
        ("df.sample(frac=0.2)", 1),
        ("df.sample(frac=0.2, random_state=1)", 0),
        ("np.random.default_rng()", 1),
        ("np.random.default_rng(7)", 0),
        ("LogisticRegression(max_iter=200)", 0),
        ("XGBClassifier(seed=3)", 0),
    ],
)
def test_unseeded_randomness(call, expected):
    """Random steps without an explicit, non-None seed are NB501."""
    setup = "import numpy as np\nX = y = df = params = SEED = 0\n"
    names = "RandomForestClassifier = train_test_split = KFold = LogisticRegression = None\n"
    nb = nb_of(setup + names + "XGBClassifier = None\n" + call)
    assert audit_notebook(nb).codes.count("NB501") == expected


def test_aliased_estimator_is_resolved():
    """`from sklearn.ensemble import RandomForestClassifier as RF; RF()` is still unseeded."""
    nb = nb_of("from sklearn.ensemble import RandomForestClassifier as RF\nmodel = RF()")
    assert audit_notebook(nb).codes.count("NB501") == 1


# --------------------------------------------------------------------- errors and tests


def test_error_outputs():
    """A saved error output is NB502, with its name and value in the message."""
    error = new_output("error", ename="KeyError", evalue="'churn'", traceback=[])
    report = audit_notebook(nb_of("x = 1", "y = 2", outputs={1: [error]}))
    message = next(f.message for f in report if f.code == "NB502")
    assert message == "saved an error: KeyError: 'churn'"
    assert ("NB502", 1) in report.pairs()


@pytest.mark.parametrize(
    ("source", "has_tests"),
    [
        ("x = 1", False),
        ("x = 1\nassert x == 1", True),
        ("def test_x():\n    pass", True),
        ("import pytest", True),
        ("import numpy as np\nnp.testing.assert_allclose(1, 1)", True),
    ],
)
def test_no_tests(source, has_tests):
    """NB503 (whole notebook) when nothing asserts or tests anything."""
    assert (("NB503", None) in audit_notebook(nb_of(source)).pairs()) == (not has_tests)


# ---------------------------------------------------------------------- the environment


def write_nb(folder, source, name="train.ipynb"):
    path = folder / name
    nbformat.write(nb_of(source + "\nassert True"), str(path))
    return path


def test_no_environment_file(tmp_path):
    """No requirements, lock or environment file beside the notebook: NB302 only."""
    path = write_nb(tmp_path, "import pandas")
    assert audit_notebook(path).pairs() == [("NB302", None)]


def test_unpinned_requirements_and_undeclared_imports(tmp_path):
    """Loose versions are NB302 (listed); imports missing from the file are NB303."""
    (tmp_path / "requirements.txt").write_text("# deps\npandas>=2\nscikit-learn==1.5.2\n-r x\n")
    path = write_nb(tmp_path, "import os\nimport pandas\nimport sklearn\nimport lightgbm")
    report = audit_notebook(path)
    assert report.pairs() == [("NB302", None), ("NB303", 0)]
    assert report.findings[0].message == "requirements.txt beside the notebook does not pin: pandas"
    assert "'lightgbm'" in report.findings[1].message


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("requirements.txt", "pandas==2.2.3\nscikit-learn==1.5.2  # ml\n"),
        (
            "environment.yml",
            "dependencies:\n  - python=3.11\n  - pandas=2.2.3\n"
            "  - pip:\n    - scikit-learn==1.5.2\n",
        ),
        ("uv.lock", '[[package]]\nname = "pandas"\n[[package]]\nname = "scikit-learn"\n'),
        (
            "pyproject.toml",
            '[project]\nname = "x"\ndependencies = ["pandas==2.2.3", "scikit-learn==1.5.2"]\n',
        ),
    ],
)
def test_pinned_environments(tmp_path, name, text):
    """Pinned requirements, conda files, lock files and pyproject pins all count."""
    (tmp_path / name).write_text(text)
    (tmp_path / "helpers.py").write_text("X = 1\n")
    path = write_nb(tmp_path, "import pandas as pd\nfrom sklearn import tree\nimport helpers")
    assert audit_notebook(path).pairs() == []


def test_project_dir_for_in_memory_notebooks(tmp_path):
    """project_dir turns the environment checks on for a notebook given in memory."""
    nb = nb_of("import pandas\nassert pandas")
    assert audit_notebook(nb).pairs() == []
    assert audit_notebook(nb, project_dir=tmp_path).pairs() == [("NB302", None)]


@pytest.mark.parametrize(
    ("name", "flagged"),
    [
        ("Untitled.ipynb", True),
        ("Untitled7.ipynb", True),
        ("churn-Copy1.ipynb", True),
        ("churn.ipynb", False),
        ("untitled_ideas.ipynb", False),
    ],
)
def test_default_file_names(tmp_path, name, flagged):
    """Untitled*.ipynb and *-Copy*.ipynb are NB601."""
    (tmp_path / "requirements.txt").write_text("")
    path = write_nb(tmp_path, "x = 1", name=name)
    assert (("NB601", None) in audit_notebook(path).pairs()) == flagged


# -------------------------------------------------------------------------------- reports


def test_report_is_sorted_and_serialisable():
    """Whole-notebook findings first, then by cell and line; JSON round-trips."""
    nb = nb_of("!pip install x\nprint(q)", "y = 1", counts=[2, 1])
    report = audit_notebook(nb)
    assert isinstance(report, AuditReport) and len(report) == 4
    assert report.pairs() == [("NB503", None), ("NB301", 0), ("NB105", 0), ("NB101", 1)]
    data = json.loads(reports_to_json([report]))
    assert data[0]["path"] is None
    assert data[0]["findings"][1] == report.findings[1].to_dict()
    assert set(data[0]["findings"][1]) == {"code", "slug", "cell", "line", "message", "fix"}


def test_text_report_format():
    """The text form names the notebook, cell and line, then the fix hint."""
    text = audit_notebook(nb_of("print(q)\nassert 1")).to_text()
    assert text.splitlines() == [
        "<notebook> cell 0, line 1: NB105 [undefined-name] uses 'q', which no cell defines",
        "    fix: " + RULES["NB105"].fix,
    ]


def test_audit_notebooks_reports_errors_in_place(tmp_path):
    """audit_notebooks returns a report or the NotebookError for each path, in order."""
    good = write_nb(tmp_path, "x = 1")
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{")
    results = audit_notebooks([good, bad, good])
    assert [type(r).__name__ for r in results] == ["AuditReport", "NotebookError", "AuditReport"]
