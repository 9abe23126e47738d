"""CI/CD pipelines as data: the checklist validator and the release simulator."""

from __future__ import annotations

import copy

import jsonschema
import pytest

from interviewlab.deploy import (
    PIPELINE_STAGES,
    pipeline_schema,
    simulate_pipeline,
    validate_pipeline,
)

GOOD = {
    "service": "icecream-api",
    "stages": [
        {"name": "lint", "kind": "lint", "on_failure": "stop"},
        {"name": "unit tests", "kind": "unit_tests", "on_failure": "stop"},
        {
            "name": "data contract",
            "kind": "data_validation",
            "on_failure": "stop",
            "gates": [{"metric": "schema_violations", "max": 0}],
        },
        {"name": "train", "kind": "train", "on_failure": "stop"},
        {
            "name": "quality gate",
            "kind": "quality_gate",
            "on_failure": "stop",
            "gates": [{"metric": "mae_ratio", "max": 1.05}],
        },
        {"name": "image", "kind": "build", "on_failure": "stop"},
        {
            "name": "scan",
            "kind": "security_scan",
            "on_failure": "stop",
            "gates": [
                {"metric": "secrets_found", "max": 0},
                {"metric": "critical_vulnerabilities", "max": 0},
            ],
        },
        {"name": "staging", "kind": "deploy_staging", "on_failure": "stop"},
        {"name": "contract", "kind": "contract_tests", "on_failure": "stop"},
        {
            "name": "load",
            "kind": "load_test",
            "on_failure": "stop",
            "gates": [{"metric": "p99_latency_ms", "max": 300}],
        },
        {
            "name": "canary",
            "kind": "canary",
            "traffic": 0.1,
            "on_failure": "rollback",
            "gates": [
                {"metric": "error_rate", "max": 0.01},
                {"metric": "p99_latency_ms", "max": 300},
            ],
        },
        {"name": "release", "kind": "deploy_production", "on_failure": "rollback"},
        {
            "name": "watch",
            "kind": "monitor",
            "on_failure": "rollback",
            "gates": [{"metric": "error_rate", "max": 0.02}, {"metric": "psi", "max": 0.25}],
        },
    ],
    "rollback": {"target": "previous_version", "automatic": True},
}
HEALTHY = {
    "data_validation": {"schema_violations": 0},
    "quality_gate": {"mae_ratio": 0.98},
    "security_scan": {"secrets_found": 0, "critical_vulnerabilities": 0},
    "load_test": {"p99_latency_ms": 120},
    "canary": {"error_rate": 0.002, "p99_latency_ms": 140},
    "monitor": {"error_rate": 0.004, "psi": 0.05},
}


def changed(edit):
    spec = copy.deepcopy(GOOD)
    edit(spec)
    return spec


def stage(spec, kind):
    return next(s for s in spec["stages"] if s["kind"] == kind)


def test_a_good_pipeline_passes():
    """The reference pipeline has no problems and is valid against the JSON schema."""
    assert validate_pipeline(GOOD) == []
    jsonschema.Draft202012Validator(pipeline_schema()).validate(GOOD)


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda s: s["stages"].pop(4), "[quality_gate] no quality_gate stage"),
        (
            lambda s: s["stages"].insert(0, s["stages"].pop(11)),
            "[staged_rollout] canary must run before deploy_production",
        ),
        (
            lambda s: s["stages"].append(s["stages"].pop(4)),
            "[quality_gate] quality_gate must run before deploy_staging",
        ),
        (
            lambda s: stage(s, "canary").update(on_failure="stop"),
            "[rollback] stage 'canary': a failing canary must roll back",
        ),
        (
            lambda s: stage(s, "unit_tests").update(on_failure="rollback"),
            "[ci_pipeline] stage 'unit tests': a failing unit_tests must stop",
        ),
        (
            lambda s: stage(s, "quality_gate").update(gates=[]),
            "[quality_gate] stage 'quality gate': a quality_gate stage needs a gate",
        ),
        (
            lambda s: stage(s, "canary").update(traffic=0.9),
            "[staged_rollout] stage 'canary': a canary takes a small share",
        ),
        (lambda s: stage(s, "canary").pop("traffic"), "[staged_rollout] stage 'canary'"),
        (
            lambda s: stage(s, "canary").update(gates=[{"metric": "psi", "max": 1}]),
            "cannot gate on 'psi'",
        ),
        (
            lambda s: s["rollback"].update(target="latest"),
            "[rollback] rollback target must be previous_version",
        ),
        (lambda s: s["rollback"].update(automatic=False), "[rollback] rollback must be automatic"),
        (lambda s: stage(s, "lint").update(name="train"), "stage name 'train' is used twice"),
        (
            lambda s: s["stages"].append(dict(stage(s, "lint"), name="lint 2")),
            "more than one lint stage",
        ),
        (lambda s: stage(s, "build").update(traffic=0.2), "only a canary has traffic"),
        (lambda s: s["stages"].pop(), "[drift_monitoring] no monitor stage"),
    ],
)
def test_each_rule_is_reported(edit, problem):
    """Every broken rule shows up as a problem tagged with its checklist item."""
    problems = validate_pipeline(changed(edit))
    assert any(problem in p for p in problems), problems


@pytest.mark.parametrize(
    "spec",
    [
        {},
        {
            "service": "x",
            "stages": "all",
            "rollback": {"target": "previous_version", "automatic": True},
        },
        changed(lambda s: stage(s, "canary").update(kind="blue_green")),
        changed(lambda s: stage(s, "canary")["gates"][0].update(min=0.1)),
        changed(lambda s: stage(s, "canary").update(owner="me")),
    ],
)
def test_malformed_pipelines_are_shape_problems(spec):
    """Wrong shapes give [shape] problems from the JSON schema, and the simulator refuses them."""
    problems = validate_pipeline(spec)
    assert problems and all(p.startswith("[shape]") for p in problems)
    with pytest.raises(ValueError, match="not a valid pipeline"):
        simulate_pipeline(spec, HEALTHY)


def with_metrics(**overrides):
    metrics = copy.deepcopy(HEALTHY)
    for key, value in overrides.items():
        kind, metric = key.split("__")
        metrics[kind][metric] = value
    return metrics


def test_simulated_outcomes():
    """Healthy releases ship; gates block before users, canary and monitor failures roll back."""
    run = simulate_pipeline(GOOD, HEALTHY)
    assert (run.outcome, run.stopped_at, len(run.stages_run)) == ("released", None, 13)
    assert run.new_version_serving
    blocked = simulate_pipeline(GOOD, with_metrics(quality_gate__mae_ratio=1.06))
    assert (blocked.outcome, blocked.stopped_at) == ("blocked", "quality gate")
    assert blocked.reason == "mae_ratio = 1.06 is above the maximum 1.05"
    edge = simulate_pipeline(GOOD, with_metrics(quality_gate__mae_ratio=1.05))
    assert edge.outcome == "released"  # a maximum is inclusive
    canary = simulate_pipeline(GOOD, with_metrics(canary__error_rate=0.03))
    assert (canary.outcome, canary.stopped_at) == ("rolled_back", "canary")
    assert not canary.new_version_serving
    drift = simulate_pipeline(GOOD, with_metrics(monitor__psi=0.4))
    assert (drift.outcome, drift.stopped_at) == ("rolled_back", "watch")
    tests = simulate_pipeline(GOOD, HEALTHY, failing={"unit_tests"})
    assert tests.outcome == "blocked" and tests.stages_run == ("lint", "unit tests")
    secret = simulate_pipeline(GOOD, with_metrics(security_scan__secrets_found=1))
    assert secret.outcome == "blocked" and "staging" not in secret.stages_run


def test_flawed_pipelines_show_their_cost():
    """A canary that only stops leaves users on the bad version; unreported metrics fail closed."""
    stop_only = changed(lambda s: stage(s, "canary").update(on_failure="stop"))
    run = simulate_pipeline(stop_only, with_metrics(canary__error_rate=0.05))
    assert run.outcome == "degraded" and run.new_version_serving
    manual = changed(lambda s: s["rollback"].update(automatic=False))
    assert simulate_pipeline(manual, with_metrics(monitor__psi=0.9)).outcome == "degraded"
    partial = {k: v for k, v in HEALTHY.items() if k != "canary"}
    silent = simulate_pipeline(GOOD, partial)
    assert (silent.outcome, silent.reason) == ("rolled_back", "error_rate was not reported")
    no_prod = changed(lambda s: s["stages"].pop(11))
    assert simulate_pipeline(no_prod, HEALTHY).outcome == "blocked"


def test_simulator_bad_arguments():
    """Unknown failing kinds and non-mapping metrics are refused by name."""
    with pytest.raises(ValueError, match="failing: unknown stage kind 'deploy'"):
        simulate_pipeline(GOOD, HEALTHY, failing={"deploy"})
    with pytest.raises(TypeError, match="metrics must map"):
        simulate_pipeline(GOOD, [1, 2])
    assert len(PIPELINE_STAGES) == 13
