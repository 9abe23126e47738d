"""Templated deployment: one spec per model from one template and a table of models.

Hundreds of models do not need hundreds of notebooks or hand-written configs: the differences
between them fit in a table (name, version, team, resources, …) and everything else in one
template. :func:`render_deployments` fills the template for each row, validates the result
against a JSON Schema and writes only the valid specs; the invalid ones are reported.

Placeholders are ``${column}``. A value that is exactly one placeholder takes the column's
type (``replicas: ${replicas}`` gives an integer); a placeholder inside longer text is
substituted as text (``uri: registry://models/${name}/${version}``). The template is parsed as
YAML *before* substitution, so a value in the table can never change the spec's structure.
"""

from __future__ import annotations

import math
import os
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interviewlab._validation import check_fraction, check_positive_int, check_random_state
from interviewlab.artifacts._package import NAME_PATTERN, VERSION_PATTERN

DEFAULT_TEMPLATE = """\
apiVersion: interviewlab.dev/v1
kind: ModelDeployment
metadata:
  name: ${name}
  labels:
    team: ${team}
    tier: ${tier}
spec:
  model:
    name: ${name}
    version: ${version}
    uri: registry://models/${name}/${version}
  serving:
    endpoint: /v1/models/${name}:predict
    replicas: ${replicas}
    resources:
      cpu: ${cpu}
      memory: ${memory}
  monitoring:
    drift_check: ${drift_check}
    alert_channel: "#ml-${team}"
"""
"""The course's deployment template (YAML with ``${column}`` placeholders)."""

DEPLOYMENT_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "interviewlab model deployment",
    "type": "object",
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "additionalProperties": False,
    "properties": {
        "apiVersion": {"const": "interviewlab.dev/v1"},
        "kind": {"const": "ModelDeployment"},
        "metadata": {
            "type": "object",
            "required": ["name", "labels"],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string", "pattern": NAME_PATTERN},
                "labels": {
                    "type": "object",
                    "required": ["team", "tier"],
                    "properties": {
                        "team": {"type": "string", "pattern": "^[a-z][a-z0-9-]{1,30}$"},
                        "tier": {"enum": ["online", "batch"]},
                    },
                    "additionalProperties": {"type": "string"},
                },
            },
        },
        "spec": {
            "type": "object",
            "required": ["model", "serving", "monitoring"],
            "additionalProperties": False,
            "properties": {
                "model": {
                    "type": "object",
                    "required": ["name", "version", "uri"],
                    "additionalProperties": False,
                    "properties": {
                        "name": {"type": "string", "pattern": NAME_PATTERN},
                        "version": {"type": "string", "pattern": VERSION_PATTERN},
                        "uri": {"type": "string", "pattern": "^registry://models/[a-z0-9-]+/"},
                    },
                },
                "serving": {
                    "type": "object",
                    "required": ["replicas", "resources"],
                    "additionalProperties": False,
                    "properties": {
                        "endpoint": {"type": "string", "pattern": "^/"},
                        "replicas": {"type": "integer", "minimum": 1, "maximum": 50},
                        "resources": {
                            "type": "object",
                            "required": ["cpu", "memory"],
                            "additionalProperties": False,
                            "properties": {
                                "cpu": {
                                    "anyOf": [
                                        {"type": "number", "exclusiveMinimum": 0, "maximum": 64},
                                        {"type": "string", "pattern": "^[1-9][0-9]*m$"},
                                    ]
                                },
                                "memory": {"type": "string", "pattern": "^[1-9][0-9]*(Mi|Gi)$"},
                            },
                        },
                    },
                },
                "monitoring": {
                    "type": "object",
                    "required": ["drift_check"],
                    "additionalProperties": False,
                    "properties": {
                        "drift_check": {"enum": ["hourly", "daily", "weekly", "off"]},
                        "alert_channel": {"type": "string", "pattern": "^#"},
                    },
                },
            },
        },
    },
}
"""JSON Schema (draft 2020-12) every rendered spec must satisfy."""


@dataclass(frozen=True)
class SpecError:
    """Why one model's spec was not written.

    Attributes
    ----------
    model : str
        The model's name (or ``"row <i>"`` when the row has no name).
    row : int
        Position of the row in the table.
    messages : tuple of str
        Each problem, as ``path.to.field: what is wrong``.
    """

    model: str
    row: int
    messages: tuple[str, ...]


@dataclass(frozen=True)
class RenderResult:
    """What :func:`render_deployments` produced.

    Attributes
    ----------
    specs : dict of str to dict
        The valid specs, by model name, in table order.
    written : tuple of pathlib.Path
        The files written (empty without ``out_dir``).
    errors : tuple of SpecError
        The models whose spec is invalid, in table order; nothing was written for them.
    """

    specs: dict
    written: tuple[Path, ...]
    errors: tuple[SpecError, ...]

    @property
    def invalid(self) -> list[str]:
        """Names of the models with an invalid spec."""
        return [error.model for error in self.errors]


def render_deployments(
    template: str | Mapping,
    models,
    *,
    out_dir: str | Path | None = None,
    schema: Mapping | None = None,
) -> RenderResult:
    """Render one deployment spec per model from a single template; write the valid ones.

    Parameters
    ----------
    template : str or mapping
        YAML text (or the parsed mapping) with ``${column}`` placeholders, e.g.
        :data:`DEFAULT_TEMPLATE`.
    models : pandas.DataFrame or iterable of mappings
        One row per model; a ``name`` column is required (it names the output file).
        Missing values (None, NaN) count as not given.
    out_dir : str or pathlib.Path, optional
        Folder for ``<name>.yaml`` files. Without it nothing is written.
    schema : mapping, optional
        JSON Schema for a spec; default :data:`DEPLOYMENT_SCHEMA`.

    Returns
    -------
    RenderResult
        Valid specs, files written and the errors of invalid specs. Output is stable: the
        same template and table give byte-identical files.

    Raises
    ------
    ValueError
        If the template is not a YAML mapping or has a malformed placeholder.

    Examples
    --------
    >>> table = make_model_table(4, invalid_share=0.25, random_state=0).table
    >>> result = render_deployments(DEFAULT_TEMPLATE, table)
    >>> list(result.specs), result.invalid
    (['eta-br-000', 'pricing-jp-002', 'ranking-in-003'], ['ranking-br-001'])
    >>> result.errors[0].messages
    ("metadata.labels.tier: 'realtime' is not one of ['online', 'batch']",)
    >>> result.specs["eta-br-000"]["spec"]["model"]["uri"]
    'registry://models/eta-br-000/2.2.0'
    """
    import yaml
    from jsonschema import Draft202012Validator

    if isinstance(template, str):
        try:
            template = yaml.safe_load(template)
        except yaml.YAMLError as exc:
            raise ValueError(f"template is not valid YAML: {exc}") from exc
    if not isinstance(template, Mapping):
        raise ValueError(f"template must be a YAML mapping, got {type(template).__name__}")
    _check_placeholders(template)
    validator = Draft202012Validator(DEPLOYMENT_SCHEMA if schema is None else schema)

    rows = _rows(models)
    specs: dict[str, dict] = {}
    errors: list[SpecError] = []
    seen: dict[str, int] = {}
    for position, row in enumerate(rows):
        name = row.get("name")
        label = name if isinstance(name, str) and name else f"row {position}"
        problems = []
        if not isinstance(name, str) or not name:
            problems.append("name: every model needs a name")
        elif name in seen:
            problems.append(f"name: duplicate of row {seen[name]}")
        else:
            seen[name] = position
        try:
            spec = _fill(template, row)
        except KeyError as exc:
            problems.append(
                f"{exc.args[0]}: the template needs it and the table does not give "
                "it for this model"
            )
            spec = None
        if spec is not None:
            for error in sorted(
                validator.iter_errors(spec), key=lambda e: [str(p) for p in e.absolute_path]
            ):
                where = ".".join(str(p) for p in error.absolute_path) or "spec"
                problems.append(f"{where}: {error.message}")
        if problems:
            errors.append(SpecError(label, position, tuple(problems)))
        else:
            specs[name] = spec

    written = []
    if out_dir is not None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        for name, spec in specs.items():
            path = out / f"{name}.yaml"
            text = yaml.safe_dump(
                spec, sort_keys=False, default_flow_style=False, allow_unicode=True
            )
            tmp = out / f".{name}.yaml.tmp"
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)
            written.append(path)
    return RenderResult(specs, tuple(written), tuple(errors))


def _rows(models) -> list[dict]:
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        pd = None
    if pd is not None and isinstance(models, pd.DataFrame):
        records = models.to_dict(orient="records")
    elif isinstance(models, Iterable) and not isinstance(models, (str, bytes, Mapping)):
        records = list(models)
    else:
        raise TypeError(
            f"models must be a DataFrame or a list of mappings, got {type(models).__name__}"
        )
    rows = []
    for position, record in enumerate(records):
        if not isinstance(record, Mapping):
            raise TypeError(f"models: row {position} is not a mapping: {record!r}")
        rows.append({str(k): _plain(v) for k, v in record.items() if not _missing(v)})
    return rows


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _plain(value):
    """NumPy scalars to Python ones, so YAML and JSON Schema see ints, floats and strings."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def _check_placeholders(node) -> None:
    for text in _strings(node):
        try:
            string.Template(text).substitute({k: "" for k in _names(text)})
        except ValueError as exc:
            raise ValueError(f"template has a malformed placeholder in {text!r}: {exc}") from exc


def _strings(node):
    if isinstance(node, Mapping):
        for key, value in node.items():
            if isinstance(key, str):
                yield key
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)
    elif isinstance(node, str):
        yield node


def _names(text: str) -> list[str]:
    found = []
    for match in string.Template.pattern.finditer(text):
        name = match.group("named") or match.group("braced")
        if name:
            found.append(name)
    return found


def _fill(node, row: dict):
    if isinstance(node, Mapping):
        return {_fill(key, row): _fill(value, row) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(item, row) for item in node]
    if isinstance(node, str):
        whole = string.Template.pattern.fullmatch(node)
        name = whole and (whole.group("named") or whole.group("braced"))
        if name:
            if name not in row:
                raise KeyError(name)
            return row[name]
        return string.Template(node).substitute(row)
    return node


# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelTable:
    """A seeded table of models to deploy, with the rows that must fail validation.

    Attributes
    ----------
    table : pandas.DataFrame
        Columns ``name, version, team, tier, replicas, cpu, memory, drift_check``.
    invalid : tuple of str
        Names of the rows given an invalid value (in table order).
    description : str
    """

    table: object
    invalid: tuple[str, ...]
    description: str


USE_CASES = ("churn", "fraud", "demand", "pricing", "ranking", "eta")
REGIONS = ("de", "fr", "us", "br", "in", "jp")
TEAMS = {
    "churn": "crm",
    "fraud": "risk",
    "demand": "supply",
    "pricing": "revenue",
    "ranking": "search",
    "eta": "logistics",
}
_BREAKS = (
    ("replicas", 0),
    ("memory", "2GB"),
    ("tier", "realtime"),
    ("drift_check", "monthly"),
    ("cpu", -1.0),
    ("memory", None),
)


def make_model_table(
    n_models: int = 300, *, invalid_share: float = 0.05, random_state=None
) -> ModelTable:
    """Make a table of ``n_models`` models to deploy, some with an invalid value.

    Parameters
    ----------
    n_models : int, default=300
    invalid_share : float, default=0.05
        Share of rows broken on purpose (rounded; at least one if the share is above 0):
        zero replicas, a memory size in the wrong unit or missing, an unknown tier or drift
        schedule, a negative CPU.
    random_state : None, int or numpy.random.Generator, default=None

    Returns
    -------
    ModelTable

    Examples
    --------
    >>> models = make_model_table(3, invalid_share=0.0, random_state=1)
    >>> models.table[["name", "version", "replicas", "memory"]].values.tolist()
    [['demand-br-000', '1.1.2', 1, '512Mi'], ['eta-us-001', '1.8.0', 4, '2Gi'], \
['churn-jp-002', '2.8.0', 1, '4Gi']]
    """
    import pandas as pd

    n_models = check_positive_int("n_models", n_models)
    invalid_share = check_fraction("invalid_share", invalid_share)
    rng = check_random_state(random_state)
    rows = []
    for i in range(n_models):
        use_case = str(rng.choice(USE_CASES))
        tier = (
            "online" if use_case in ("fraud", "ranking", "eta") or rng.random() < 0.3 else ("batch")
        )
        rows.append(
            {
                "name": f"{use_case}-{rng.choice(REGIONS)}-{i:03d}",
                "version": f"{rng.integers(1, 4)}.{rng.integers(0, 10)}.{rng.integers(0, 3)}",
                "team": TEAMS[use_case],
                "tier": tier,
                "replicas": int(rng.integers(2, 9)) if tier == "online" else 1,
                "cpu": float(rng.choice([0.25, 0.5, 1.0, 2.0])),
                "memory": str(rng.choice(["512Mi", "1Gi", "2Gi", "4Gi"])),
                "drift_check": str(rng.choice(["hourly", "daily", "weekly"])),
            }
        )
    n_invalid = round(invalid_share * n_models)
    if invalid_share > 0:
        n_invalid = max(n_invalid, 1)
    broken = sorted(int(i) for i in rng.choice(n_models, size=n_invalid, replace=False))
    for i in broken:
        column, value = _BREAKS[int(rng.integers(0, len(_BREAKS)))]
        rows[i][column] = value
    table = pd.DataFrame(rows)
    names = tuple(rows[i]["name"] for i in broken)
    description = (
        f"{n_models} models across {len(set(table['team']))} teams; "
        f"{len(names)} rows carry an invalid value."
    )
    return ModelTable(table, names, description)
