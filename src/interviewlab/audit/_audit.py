"""``audit_notebook``: why this notebook should not be deployed as it is."""

from __future__ import annotations

import ast
import builtins
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from interviewlab.audit._code import (
    CellCode,
    dotted_name,
    import_aliases,
    name_events,
    resolve,
    split_cell,
    string_constants,
)
from interviewlab.audit._environment import (
    is_declared,
    is_third_party,
    read_environment,
)
from interviewlab.audit._reading import NotebookError, read_notebook
from interviewlab.audit._rules import RULES
from interviewlab.audit._secrets import scan_secrets, scanning


@dataclass(frozen=True)
class Finding:
    """One problem found in a notebook.

    Attributes
    ----------
    code : str
        Stable rule code, e.g. ``"NB101"`` (see :data:`interviewlab.audit.RULES`).
    slug : str
        The rule's readable name, e.g. ``"out-of-order"``.
    cell : int or None
        Index of the cell in ``nb.cells`` (0-based, Markdown cells included), or None for a
        finding about the whole notebook.
    line : int or None
        Line within the cell (1-based), when it applies.
    message : str
        What is wrong, here.
    fix : str
        How to fix it.
    """

    code: str
    slug: str
    cell: int | None
    line: int | None
    message: str
    fix: str

    def to_dict(self) -> dict:
        """The finding as a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class AuditReport:
    """The findings of one notebook, sorted: whole-notebook findings first, then by cell.

    Attributes
    ----------
    path : str or None
        The file audited, or None for an in-memory notebook.
    findings : tuple of Finding
    """

    path: str | None
    findings: tuple[Finding, ...]

    def __iter__(self):
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    @property
    def codes(self) -> list[str]:
        """The code of each finding, in order."""
        return [finding.code for finding in self.findings]

    def pairs(self) -> list[tuple[str, int | None]]:
        """``(code, cell)`` of each finding, in order: what label files list."""
        return [(finding.code, finding.cell) for finding in self.findings]

    def to_dict(self) -> dict:
        """The report as a JSON-ready dict."""
        return {"path": self.path, "findings": [f.to_dict() for f in self.findings]}

    def to_text(self) -> str:
        """One line per finding, then its fix hint, as the command line prints them."""
        name = self.path or "<notebook>"
        lines = []
        for f in self.findings:
            where = (
                "" if f.cell is None else f" cell {f.cell}" + (f", line {f.line}" if f.line else "")
            )
            lines.append(f"{name}{where}: {f.code} [{f.slug}] {f.message}")
            lines.append(f"    fix: {f.fix}")
        return "\n".join(lines)


def audit_notebook(
    path_or_notebook: str | Path | Mapping, *, project_dir: str | Path | None = None
) -> AuditReport:
    """Lint a notebook for what makes it unfit to deploy as it is.

    Checks execution order and hidden state (``NB1xx``), hard-coded secrets (with
    detect-secrets) and absolute paths (``NB2xx``), the environment (``NB3xx``), deployment
    and pickled models (``NB4xx``), seeds, saved errors and tests (``NB5xx``) and default file
    names (``NB6xx``). :data:`interviewlab.audit.RULES` lists every rule.

    Parameters
    ----------
    path_or_notebook : str, pathlib.Path or mapping
        An ``.ipynb`` file, or a notebook already in memory (``nbformat`` node or dict).
    project_dir : str or pathlib.Path, optional
        Folder whose environment files (requirements, lock files, environment.yml,
        pyproject.toml) belong to the notebook. Defaults to the notebook's folder when a path
        is given; without a path or ``project_dir`` the environment checks (NB302, NB303) are
        skipped.

    Returns
    -------
    AuditReport
        The findings, each with a stable code, the cell, a message and a fix hint.

    Raises
    ------
    NotebookError
        If the input is not a notebook, is truncated, has an unknown nbformat version or has no
        cells; the message names the file.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> nb = new_notebook(cells=[
    ...     new_code_cell("import pandas as pd\\nassert pd", execution_count=2),
    ...     new_code_cell("df = pd.read_csv('/home/ana/churn.csv')", execution_count=1),
    ... ])
    >>> report = audit_notebook(nb)
    >>> report.pairs()
    [('NB101', 1), ('NB202', 1)]
    >>> print(report.findings[1].message)
    absolute path '/home/ana/churn.csv' (user-specific)
    """
    nb = read_notebook(path_or_notebook)
    path = Path(path_or_notebook) if isinstance(path_or_notebook, (str, Path)) else None
    if project_dir is None and path is not None:
        project_dir = path.parent
    cells = nb.cells
    codes = {
        index: split_cell(cell.source)
        for index, cell in enumerate(cells)
        if cell.cell_type == "code"
    }
    aliases: dict[str, str] = {}
    for code in codes.values():
        if code.tree is not None:
            aliases.update(import_aliases(code.nodes))

    found: list[Finding] = []
    found += _execution_order(cells)
    found += _syntax_errors(codes)
    found += _hidden_state(codes)
    found += _calls(codes, aliases)
    found += _shell_lines(codes)
    found += _paths(codes)
    found += _secrets(cells)
    found += _error_outputs(cells)
    found += _tests(codes)
    if project_dir is not None:
        found += _environment(codes, Path(project_dir))
    if path is not None:
        found += _file_name(path)
    found.sort(key=lambda f: (f.cell is not None, f.cell or 0, f.line or 0, f.code))
    return AuditReport(str(path) if path is not None else None, tuple(found))


def audit_notebooks(
    paths: Iterable[str | Path], *, project_dir: str | Path | None = None
) -> list[AuditReport | NotebookError]:
    """Audit many notebooks, configuring the secret scanner once.

    Returns one item per path, in order: its report, or the :class:`NotebookError` that made
    it unreadable.
    """
    results: list[AuditReport | NotebookError] = []
    with scanning():
        for path in paths:
            try:
                results.append(audit_notebook(path, project_dir=project_dir))
            except NotebookError as exc:
                results.append(exc)
    return results


def _finding(code: str, cell: int | None, message: str, line: int | None = None) -> Finding:
    rule = RULES[code]
    return Finding(code, rule.slug, cell, line, message, rule.fix)


# --------------------------------------------------------------------------------------------
# NB101-NB103: execution counts


def _execution_order(cells) -> list[Finding]:
    executed = [
        (index, cell.execution_count)
        for index, cell in enumerate(cells)
        if cell.cell_type == "code" and cell.get("execution_count") is not None
    ]
    found = []
    highest, highest_cell = None, None
    for index, count in executed:
        if highest is not None and count <= highest:
            found.append(
                _finding(
                    "NB101",
                    index,
                    f"ran as In [{count}], after cell {highest_cell} above it "
                    f"ran as In [{highest}]",
                )
            )
        else:
            highest, highest_cell = count, index
    previous = 0
    for index, count in sorted(executed, key=lambda item: item[1]):
        if count > previous + 1:
            missing = count - previous - 1
            found.append(
                _finding(
                    "NB102",
                    index,
                    f"ran as In [{count}] but no cell shows In [{previous + 1}]"
                    + (f"…In [{count - 1}]" if missing > 1 else "")
                    + f": {missing} execution{'s' if missing > 1 else ''} not in the notebook",
                )
            )
        previous = max(previous, count)
    if executed:
        for index, cell in enumerate(cells):
            if (
                cell.cell_type == "code"
                and cell.get("execution_count") is None
                and cell.source.strip()
            ):
                found.append(_finding("NB103", index, "never ran, although other cells did"))
    return found


def _syntax_errors(codes: dict[int, CellCode]) -> list[Finding]:
    return [
        _finding(
            "NB106",
            index,
            f"is not valid Python: {code.syntax_error.msg}",
            code.syntax_error.lineno,
        )
        for index, code in codes.items()
        if code.syntax_error is not None
    ]


# --------------------------------------------------------------------------------------------
# NB104, NB105: hidden state

_IPYTHON_NAMES = frozenset(
    {
        "get_ipython",
        "display",
        "In",
        "Out",
        "exit",
        "quit",
        "_",
        "__",
        "___",
        "_i",
        "_ii",
        "_iii",
        "_ih",
        "_oh",
        "_dh",
    }
)
_IPYTHON_NUMBERED = re.compile(r"^_i?\d+$")
_BUILTINS = frozenset(dir(builtins)) | _IPYTHON_NAMES
_ROUGH_STORES = re.compile(
    r"^\s*(?:(?:async\s+)?def|class)\s+([A-Za-z_]\w*)|^\s*([A-Za-z_]\w*)\s*(?::[^=]*)?=[^=]",
    re.M,
)


def _known(name: str) -> bool:
    return name in _BUILTINS or bool(_IPYTHON_NUMBERED.match(name))


def _hidden_state(codes: dict[int, CellCode]) -> list[Finding]:
    events = {index: name_events(code.tree) for index, code in codes.items() if code.tree}
    stores: dict[str, list[tuple[int, int]]] = {}
    for index, code in codes.items():
        if code.tree is not None:
            for event in events[index]:
                if event.kind == "store":
                    stores.setdefault(event.name, []).append((index, event.line))
        else:  # unparsable: guess what it defines, so that its names do not cascade
            for match in _ROUGH_STORES.finditer(code.python):
                stores.setdefault(match.group(1) or match.group(2), []).append((index, 0))
    star_anywhere = any(e.kind == "star" for cell in events.values() for e in cell)

    found = []
    defined: set[str] = set()
    star = False
    for index, code in codes.items():
        if code.tree is None:
            defined |= {n for n, places in stores.items() if any(c == index for c, _ in places)}
            continue
        reported: set[str] = set()
        for event in events[index]:
            name = event.name
            if event.kind == "star":
                star = True
            elif event.kind == "store":
                defined.add(name)
            elif name in defined or name in reported or _known(name):
                continue
            elif event.kind == "load":
                reported.add(name)
                later = [
                    (c, line)
                    for c, line in stores.get(name, ())
                    if c > index or (c == index and line > event.line)
                ]
                if later:
                    cell, line = later[0]
                    where = (
                        f"this cell defines it only on line {line}, further down"
                        if cell == index
                        else f"only cell {cell}, further down, defines it"
                    )
                    found.append(
                        _finding(
                            "NB104",
                            index,
                            f"uses '{name}' before it is defined: {where}",
                            event.line,
                        )
                    )
                elif not star:
                    found.append(
                        _finding(
                            "NB105",
                            index,
                            f"uses '{name}', which no cell defines",
                            event.line,
                        )
                    )
            elif name not in stores and not star_anywhere:  # read inside a function body
                reported.add(name)
                found.append(
                    _finding(
                        "NB105",
                        index,
                        f"a function here reads '{name}', which no cell defines",
                        event.line,
                    )
                )
    return found


# --------------------------------------------------------------------------------------------
# NB301, NB401, NB402, NB501: calls and shell commands

DEPLOY_METHODS = frozenset(
    {
        "deploy",
        "deploy_model",
        "deploy_to_endpoint",
        "create_endpoint",
        "create_endpoint_config",
        "update_endpoint",
        "create_deployment",
        "update_deployment",
        "create_inference_endpoint",
    }
)
DEPLOY_SUFFIXES = (
    "Endpoint.create",
    "serving_endpoints.create",
    "deployment.create",
    "online_endpoints.begin_create_or_update",
    "online_deployments.begin_create_or_update",
)
PICKLE_CALLS = frozenset(
    {
        "pickle.dump",
        "pickle.dumps",
        "joblib.dump",
        "dill.dump",
        "dill.dumps",
        "cloudpickle.dump",
        "cloudpickle.dumps",
        "sklearn.externals.joblib.dump",
    }
)
SEED_KEYWORDS = frozenset({"random_state", "seed", "random_seed"})
STOCHASTIC = frozenset(
    {
        "RandomForestClassifier",
        "RandomForestRegressor",
        "ExtraTreesClassifier",
        "ExtraTreesRegressor",
        "GradientBoostingClassifier",
        "GradientBoostingRegressor",
        "HistGradientBoostingClassifier",
        "HistGradientBoostingRegressor",
        "DecisionTreeClassifier",
        "DecisionTreeRegressor",
        "BaggingClassifier",
        "BaggingRegressor",
        "AdaBoostClassifier",
        "AdaBoostRegressor",
        "IsolationForest",
        "KMeans",
        "MiniBatchKMeans",
        "MLPClassifier",
        "MLPRegressor",
        "SGDClassifier",
        "SGDRegressor",
        "TSNE",
        "train_test_split",
        "RandomizedSearchCV",
        "ShuffleSplit",
        "StratifiedShuffleSplit",
        "permutation_importance",
        "XGBClassifier",
        "XGBRegressor",
        "LGBMClassifier",
        "LGBMRegressor",
        "CatBoostClassifier",
        "CatBoostRegressor",
    }
)
SHUFFLED_SPLITTERS = frozenset({"KFold", "StratifiedKFold", "RepeatedKFold"})
UNSEEDED_GENERATORS = frozenset(
    {"numpy.random.default_rng", "numpy.random.RandomState", "random.Random"}
)
SHELL_CALLS = frozenset(
    {
        "os.system",
        "subprocess.run",
        "subprocess.call",
        "subprocess.check_call",
        "subprocess.check_output",
        "subprocess.Popen",
    }
)
INSTALL = re.compile(
    r"\b(?:pip3?|python3?\s+-m\s+pip|uv\s+pip|uv|conda|mamba|micromamba|apt(?:-get)?|poetry)"
    r"\s+(?:install|add)\b"
)
DEPLOY_COMMAND = re.compile(
    r"\b(?:mlflow\s+(?:models\s+serve|deployments\s+(?:create|update)|sagemaker\s+deploy)"
    r"|gcloud\s+ai\s+(?:endpoints\s+(?:create|deploy-model)|models\s+upload)"
    r"|az\s+ml\s+(?:online-endpoint|online-deployment|model)\s+create"
    r"|kubectl\s+(?:apply|create|set\s+image|rollout\s+(?:restart|undo|resume))"
    r"|helm\s+(?:install|upgrade)"
    r"|bentoml\s+(?:serve|deploy)|docker\s+push|serverless\s+deploy|modal\s+deploy)\b"
)


def _seed_missing(call: ast.Call, name: str, full: str) -> bool:
    if any(k.arg is None for k in call.keywords):  # **kwargs may carry the seed
        return False
    keywords = {k.arg: k.value for k in call.keywords}
    seeded = any(
        key in keywords
        and not (isinstance(keywords[key], ast.Constant) and keywords[key].value is None)
        for key in SEED_KEYWORDS
    )
    if name in STOCHASTIC:
        return not seeded
    if name in SHUFFLED_SPLITTERS:
        shuffle = keywords.get("shuffle")
        return isinstance(shuffle, ast.Constant) and shuffle.value is True and not seeded
    if name == "sample" and ({"frac", "n"} & set(keywords)):
        return not seeded
    if full in UNSEEDED_GENERATORS:
        return not call.args and not seeded
    return False


def _calls(codes: dict[int, CellCode], aliases: dict[str, str]) -> list[Finding]:
    found = []
    for index, code in codes.items():
        if code.tree is None:
            continue
        for node in code.nodes:
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name is None:
                continue
            raw = dotted_name(func)
            full = resolve(raw, aliases) if raw else name
            name = full.rsplit(".", 1)[-1]  # after resolving `import … as` aliases
            shown = raw or name
            if name in DEPLOY_METHODS or full.endswith(DEPLOY_SUFFIXES):
                found.append(
                    _finding("NB401", index, f"deploys from the notebook: {shown}(…)", node.lineno)
                )
            if full in PICKLE_CALLS:
                found.append(
                    _finding(
                        "NB402", index, f"saves with {full.split('.')[0]}: {shown}(…)", node.lineno
                    )
                )
            if _seed_missing(node, name, full):
                found.append(
                    _finding("NB501", index, f"{shown}(…) runs without a fixed seed", node.lineno)
                )
            if full in SHELL_CALLS or (name == "system" and "get_ipython" in full):
                command = " ".join(text for _, text in string_constants(node))
                found += _command_findings(index, node.lineno, command)
    return found


def _command_findings(index: int, line: int, command: str) -> list[Finding]:
    found = []
    if INSTALL.search(command):
        found.append(_finding("NB301", index, f"installs packages: {_clip(command)}", line))
    if DEPLOY_COMMAND.search(command):
        found.append(_finding("NB401", index, f"deploys from the notebook: {_clip(command)}", line))
    return found


def _shell_lines(codes: dict[int, CellCode]) -> list[Finding]:
    found = []
    for index, code in codes.items():
        for line, text in code.shell:
            found += _command_findings(index, line, text)
    return found


def _clip(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --------------------------------------------------------------------------------------------
# NB201, NB202: secrets and paths

ABSOLUTE_PATH = re.compile(
    r"""^(?:
        ~[\\/]                                   # home-relative: user-specific
      | [A-Za-z]:[\\/]                           # Windows drive
      | \\\\[\w.$-]+\\                           # Windows share
      | /(?:home|Users|root|mnt|media|tmp|var|opt|srv|data|datasets|workspace|content
           |kaggle|dbfs|Volumes|scratch|gpfs|nfs|net|private|etc|usr)(?:/|$)
    )""",
    re.X,
)
USER_SPECIFIC = re.compile(r"^(?:~|/home/|/Users/|/root(?:/|$)|[A-Za-z]:[\\/]Users[\\/])")


def _path_message(text: str) -> str:
    kind = " (user-specific)" if USER_SPECIFIC.match(text) else ""
    return f"absolute path '{_clip(text)}'{kind}"


def _paths(codes: dict[int, CellCode]) -> list[Finding]:
    found = []
    for index, code in codes.items():
        seen = set()
        candidates = string_constants(code.nodes)
        candidates += [
            (line, token.strip("'\"")) for line, text in code.shell for token in text.split()
        ]
        for line, text in candidates:
            if len(text) < 300 and ABSOLUTE_PATH.match(text) and (line, text) not in seen:
                seen.add((line, text))
                found.append(_finding("NB202", index, _path_message(text), line))
    return found


def _secrets(cells) -> list[Finding]:
    lines = [
        (index, number, text)
        for index, cell in enumerate(cells)
        if cell.cell_type == "code"
        for number, text in enumerate(cell.source.splitlines(), start=1)
        if text.strip()
    ]
    return [
        _finding(
            "NB201",
            hit.cell,
            "hard-coded credential (detect-secrets: " + ", ".join(hit.types) + ")",
            hit.line,
        )
        for hit in scan_secrets(lines)
    ]


# --------------------------------------------------------------------------------------------
# NB502, NB503: saved errors, tests

TEST_MODULES = frozenset(
    {
        "pytest",
        "unittest",
        "ipytest",
        "doctest",
        "hypothesis",
        "pandera",
        "great_expectations",
        "testbook",
        "nbval",
    }
)


def _error_outputs(cells) -> list[Finding]:
    found = []
    for index, cell in enumerate(cells):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.get("output_type") == "error":
                error = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".strip(": ")
                found.append(_finding("NB502", index, f"saved an error: {_clip(error)}"))
                break
    return found


def _tests(codes: dict[int, CellCode]) -> list[Finding]:
    for code in codes.values():
        if code.tree is None:
            continue
        for node in code.nodes:
            if isinstance(node, ast.Assert):
                return []
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
                node.name.startswith("test")
            ):
                return []
            if isinstance(node, ast.Import) and any(
                a.name.split(".")[0] in TEST_MODULES for a in node.names
            ):
                return []
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in (
                TEST_MODULES
            ):
                return []
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name.startswith("assert_"):
                    return []
    return [_finding("NB503", None, "no assert, test function or test framework in any cell")]


# --------------------------------------------------------------------------------------------
# NB302, NB303, NB601: the files around the notebook


def _environment(codes: dict[int, CellCode], folder: Path) -> list[Finding]:
    env = read_environment(folder)
    found = []
    if not env.pinned:
        if env.files:
            listed = ", ".join(env.unpinned[:6]) + (", …" if len(env.unpinned) > 6 else "")
            message = (
                f"{', '.join(env.files)} beside the notebook do"
                f"{'es' if len(env.files) == 1 else ''} not pin: {listed}"
            )
        else:
            message = "no requirements file, lock file or environment.yml beside the notebook"
        found.append(_finding("NB302", None, message))
    if not env.files:
        return found
    reported = set()
    for index, code in codes.items():
        if code.tree is None:
            continue
        for node in code.nodes:
            if isinstance(node, ast.Import):
                modules = [(a.name.split(".")[0], node.lineno) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules = [(node.module.split(".")[0], node.lineno)]
            else:
                continue
            for module, line in modules:
                if module in reported or not is_third_party(module, env):
                    continue
                if not is_declared(module, env):
                    reported.add(module)
                    found.append(
                        _finding(
                            "NB303",
                            index,
                            f"imports '{module}', which {', '.join(env.files)} do"
                            f"{'es' if len(env.files) == 1 else ''} not declare",
                            line,
                        )
                    )
    return found


def _file_name(path: Path) -> list[Finding]:
    if re.fullmatch(r"Untitled\d*\.ipynb", path.name) or re.search(r"-Copy\d*\.ipynb$", path.name):
        return [_finding("NB601", None, f"the file is still called '{path.name}'")]
    return []


def reports_to_json(reports: Iterable[AuditReport]) -> str:
    """The JSON the command line prints for ``--format json``: one object per notebook."""
    return json.dumps([report.to_dict() for report in reports], indent=2, ensure_ascii=False)
