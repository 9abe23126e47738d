"""CI/CD pipelines as data: a validator that applies the checklist, and a simulator.

A pipeline is a dict::

    {
        "service": "icecream-api",
        "stages": [
            {"name": "tests", "kind": "unit_tests", "on_failure": "stop"},
            {"name": "gate", "kind": "quality_gate", "on_failure": "stop",
             "gates": [{"metric": "mae_ratio", "max": 1.05}]},
            ...
            {"name": "canary", "kind": "canary", "traffic": 0.1, "on_failure": "rollback",
             "gates": [{"metric": "error_rate", "max": 0.01}]},
            ...
        ],
        "rollback": {"target": "previous_version", "automatic": True},
    }

Stages run in list order. :func:`validate_pipeline` returns the problems (each prefixed with
the checklist item it breaks); :func:`simulate_pipeline` plays a release through the pipeline
given observed metrics and says whether the new version ends up serving users.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: Stage kinds a pipeline may use.
PIPELINE_STAGES = (
    "lint",
    "unit_tests",
    "data_validation",
    "train",
    "quality_gate",
    "security_scan",
    "build",
    "deploy_staging",
    "contract_tests",
    "load_test",
    "canary",
    "deploy_production",
    "monitor",
)
#: Stage kinds every pipeline needs, with the checklist item each serves.
REQUIRED_STAGES = {
    "unit_tests": "unit_tests",
    "data_validation": "data_validation",
    "quality_gate": "quality_gate",
    "security_scan": "dependency_scanning",
    "build": "container_image",
    "deploy_staging": "staged_rollout",
    "contract_tests": "api_contract_tests",
    "canary": "staged_rollout",
    "deploy_production": "ci_pipeline",
    "monitor": "drift_monitoring",
}
#: Metrics each kind of stage may gate on.
STAGE_METRICS = {
    "lint": ("failures",),
    "unit_tests": ("failures",),
    "data_validation": ("schema_violations", "missing_share"),
    "train": (),
    "quality_gate": ("mae_ratio", "mae"),
    "security_scan": ("secrets_found", "critical_vulnerabilities"),
    "build": (),
    "deploy_staging": (),
    "contract_tests": ("failures",),
    "load_test": ("p99_latency_ms", "error_rate", "throughput_rps"),
    "canary": ("error_rate", "p99_latency_ms"),
    "deploy_production": (),
    "monitor": ("error_rate", "p99_latency_ms", "psi"),
}
#: Stages that must carry at least one gate.
GATED_STAGES = ("data_validation", "quality_gate", "security_scan", "canary", "monitor")
#: (earlier, later): when both stages are present the first must come before the second.
ORDER = (
    ("lint", "build", "ci_pipeline"),
    ("unit_tests", "build", "unit_tests"),
    ("data_validation", "train", "data_validation"),
    ("data_validation", "quality_gate", "data_validation"),
    ("train", "quality_gate", "quality_gate"),
    ("quality_gate", "deploy_staging", "quality_gate"),
    ("security_scan", "deploy_staging", "dependency_scanning"),
    ("build", "deploy_staging", "container_image"),
    ("deploy_staging", "contract_tests", "api_contract_tests"),
    ("deploy_staging", "load_test", "load_tests"),
    ("contract_tests", "canary", "api_contract_tests"),
    ("load_test", "canary", "load_tests"),
    ("canary", "deploy_production", "staged_rollout"),
    ("deploy_production", "monitor", "drift_monitoring"),
)
#: Stages that expose users to the new version.
_USER_FACING = ("canary", "deploy_production")


def pipeline_schema() -> dict:
    """The JSON schema of a pipeline's shape (the rules beyond shape are in the validator)."""
    gate = {
        "type": "object",
        "additionalProperties": False,
        "required": ["metric"],
        "properties": {
            "metric": {"type": "string"},
            "max": {"type": "number"},
            "min": {"type": "number"},
        },
        "oneOf": [{"required": ["max"]}, {"required": ["min"]}],
    }
    stage = {
        "type": "object",
        "additionalProperties": False,
        "required": ["name", "kind", "on_failure"],
        "properties": {
            "name": {"type": "string", "minLength": 1},
            "kind": {"enum": list(PIPELINE_STAGES)},
            "on_failure": {"enum": ["stop", "rollback"]},
            "gates": {"type": "array", "items": gate},
            "traffic": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "interviewlab CI/CD pipeline",
        "type": "object",
        "additionalProperties": False,
        "required": ["service", "stages", "rollback"],
        "properties": {
            "service": {"type": "string", "minLength": 1},
            "stages": {"type": "array", "minItems": 1, "items": stage},
            "rollback": {
                "type": "object",
                "additionalProperties": False,
                "required": ["target", "automatic"],
                "properties": {
                    "target": {"enum": ["previous_version", "latest", "none"]},
                    "automatic": {"type": "boolean"},
                },
            },
        },
    }


def _shape_problems(spec: object) -> list[str]:
    import jsonschema

    validator = jsonschema.Draft202012Validator(pipeline_schema())
    problems = []
    for error in sorted(validator.iter_errors(spec), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "pipeline"
        problems.append(f"[shape] {where}: {error.message}")
    return problems


def validate_pipeline(spec: Mapping) -> list[str]:
    """Check a pipeline against the deployment checklist; return the problems found.

    Parameters
    ----------
    spec : dict
        The pipeline (see the module docstring).

    Returns
    -------
    list of str
        Empty when the pipeline is acceptable. Each problem starts with the checklist item it
        breaks in brackets, e.g. ``"[rollback] ..."`` (``[shape]`` for a malformed pipeline).

    Examples
    --------
    >>> validate_pipeline({"service": "x", "stages": [], "rollback": {}})[:1]
    ["[shape] rollback: 'target' is a required property"]
    >>> spec = {"service": "x", "rollback": {"target": "previous_version", "automatic": True},
    ...         "stages": [{"name": "ship", "kind": "deploy_production", "on_failure": "rollback"}]}
    >>> validate_pipeline(spec)[:2]
    ['[unit_tests] no unit_tests stage', '[data_validation] no data_validation stage']
    """
    problems = _shape_problems(spec)
    if problems:
        return problems
    stages = list(spec["stages"])
    problems = []
    names = [s["name"] for s in stages]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"[ci_pipeline] stage name {name!r} is used twice")
    kinds = [s["kind"] for s in stages]
    for kind in sorted({k for k in kinds if kinds.count(k) > 1}):
        problems.append(f"[ci_pipeline] more than one {kind} stage")
    position = {}
    for index, kind in enumerate(kinds):
        position.setdefault(kind, index)
    for kind, item in REQUIRED_STAGES.items():
        if kind not in position:
            problems.append(f"[{item}] no {kind} stage")
    for earlier, later, item in ORDER:
        if earlier in position and later in position and position[earlier] > position[later]:
            problems.append(f"[{item}] {earlier} must run before {later}")
    production = position.get("deploy_production", len(stages))
    for index, stage in enumerate(stages):
        kind, name = stage["kind"], stage["name"]
        gates = stage.get("gates", [])
        for gate in gates:
            if gate["metric"] not in STAGE_METRICS[kind]:
                allowed = ", ".join(STAGE_METRICS[kind]) or "none"
                problems.append(
                    f"[ci_pipeline] stage {name!r}: {kind} cannot gate on "
                    f"{gate['metric']!r} (allowed: {allowed})"
                )
        if kind in GATED_STAGES and not gates:
            problems.append(f"[{_gate_item(kind)}] stage {name!r}: a {kind} stage needs a gate")
        if kind in ("canary", "deploy_production", "monitor"):
            if stage["on_failure"] != "rollback":
                problems.append(f"[rollback] stage {name!r}: a failing {kind} must roll back")
        elif index < production and stage["on_failure"] != "stop":
            problems.append(
                f"[ci_pipeline] stage {name!r}: a failing {kind} must stop the "
                "pipeline (nothing is deployed yet to roll back)"
            )
        if kind == "canary":
            traffic = stage.get("traffic")
            if traffic is None or traffic > 0.5:
                problems.append(
                    f"[staged_rollout] stage {name!r}: a canary takes a small share "
                    "of traffic (traffic <= 0.5)"
                )
        elif "traffic" in stage:
            problems.append(f"[ci_pipeline] stage {name!r}: only a canary has traffic")
    rollback = spec["rollback"]
    if rollback["target"] != "previous_version":
        problems.append("[rollback] rollback target must be previous_version")
    if not rollback["automatic"]:
        problems.append("[rollback] rollback must be automatic when a gate fails after release")
    return problems


def _gate_item(kind: str) -> str:
    return {
        "data_validation": "data_validation",
        "quality_gate": "quality_gate",
        "security_scan": "dependency_scanning",
        "canary": "staged_rollout",
        "monitor": "drift_monitoring",
    }[kind]


@dataclass(frozen=True)
class PipelineRun:
    """What happened to a release played through a pipeline.

    Attributes
    ----------
    outcome : str
        ``"released"`` (the new version serves everyone), ``"blocked"`` (stopped before any
        user saw it), ``"rolled_back"`` (users saw it, then the previous version came back) or
        ``"degraded"`` (a stage failed after users saw it and nothing rolled back).
    stages_run : tuple of str
        Names of the stages that ran, the failing one included.
    stopped_at : str or None
        Name of the failing stage.
    reason : str or None
        Why it failed.
    """

    outcome: str
    stages_run: tuple[str, ...]
    stopped_at: str | None
    reason: str | None

    @property
    def new_version_serving(self) -> bool:
        """Whether users are left on the new version."""
        return self.outcome in {"released", "degraded"}


def simulate_pipeline(
    spec: Mapping,
    metrics: Mapping[str, Mapping[str, float]] | None = None,
    *,
    failing: Iterable[str] = (),
) -> PipelineRun:
    """Play one release through a pipeline.

    Stages run in order. A stage fails when its kind is in ``failing`` or one of its gates is
    broken by the observed ``metrics``; a gate whose metric was not observed fails too (a gate
    that cannot be evaluated must not let a release through). Then the stage's ``on_failure``
    decides: ``stop`` ends the run, ``rollback`` also restores the previous version if users
    had been exposed (canary or production) and the pipeline's rollback is automatic.

    Parameters
    ----------
    spec : dict
        A pipeline with a valid shape (rules need not hold: simulating a flawed pipeline shows
        what the flaw costs).
    metrics : mapping of stage kind to mapping of metric to float, optional
        What each stage observes, e.g. ``{"quality_gate": {"mae_ratio": 1.02}}``.
    failing : iterable of str
        Stage kinds that fail outright (e.g. ``{"unit_tests"}``).

    Returns
    -------
    PipelineRun

    Raises
    ------
    ValueError
        If the pipeline's shape is invalid, or ``failing`` names an unknown stage kind.

    Examples
    --------
    >>> spec = {"service": "x", "rollback": {"target": "previous_version", "automatic": True},
    ...         "stages": [
    ...   {"name": "gate", "kind": "quality_gate", "on_failure": "stop",
    ...    "gates": [{"metric": "mae_ratio", "max": 1.05}]},
    ...   {"name": "ship", "kind": "deploy_production", "on_failure": "rollback"}]}
    >>> simulate_pipeline(spec, {"quality_gate": {"mae_ratio": 1.02}}).outcome
    'released'
    >>> run = simulate_pipeline(spec, {"quality_gate": {"mae_ratio": 1.2}})
    >>> run.outcome, run.stopped_at, run.reason
    ('blocked', 'gate', 'mae_ratio = 1.2 is above the maximum 1.05')
    """
    problems = _shape_problems(spec)
    if problems:
        raise ValueError("spec is not a valid pipeline: " + "; ".join(problems[:3]))
    metrics = metrics or {}
    if not isinstance(metrics, Mapping):
        raise TypeError(f"metrics must map stage kinds to metric dicts, got {metrics!r}")
    failing = set(failing)
    for kind in failing:
        if kind not in PIPELINE_STAGES:
            raise ValueError(f"failing: unknown stage kind {kind!r}")
    ran: list[str] = []
    exposed = False
    reached_production = False
    for stage in spec["stages"]:
        kind, name = stage["kind"], stage["name"]
        ran.append(name)
        if kind in _USER_FACING:
            exposed = True
        reason = "the stage failed" if kind in failing else _broken_gate(stage, metrics.get(kind))
        if reason is None:
            reached_production = reached_production or kind == "deploy_production"
            continue
        if stage["on_failure"] == "rollback" and exposed and spec["rollback"]["automatic"]:
            outcome = "rolled_back"
        else:
            outcome = "degraded" if exposed else "blocked"
        return PipelineRun(outcome, tuple(ran), name, reason)
    outcome = "released" if reached_production else "blocked"
    reason = None if reached_production else "no deploy_production stage"
    return PipelineRun(outcome, tuple(ran), None, reason)


def _broken_gate(stage: Mapping, observed: Mapping[str, float] | None) -> str | None:
    observed = observed or {}
    for gate in stage.get("gates", []):
        metric = gate["metric"]
        if metric not in observed:
            return f"{metric} was not reported"
        value = observed[metric]
        if "max" in gate and value > gate["max"]:
            return f"{metric} = {value:g} is above the maximum {gate['max']:g}"
        if "min" in gate and value < gate["min"]:
            return f"{metric} = {value:g} is below the minimum {gate['min']:g}"
    return None
