"""The deployment checklist (data, schema, references) and the readiness score."""

from __future__ import annotations

import copy
import json
from importlib import resources

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewlab.deploy import (
    SECTIONS,
    STATUSES,
    ChecklistError,
    checklist_schema,
    load_checklist,
    readiness_score,
    validate_checklist_data,
)
from interviewlab.deploy._audit import CHECKS


@pytest.fixture(scope="module")
def raw():
    text = resources.files("interviewlab.deploy").joinpath("checklist.yaml").read_text()
    return yaml.safe_load(text)


@pytest.fixture(scope="module")
def checklist():
    return load_checklist()


def test_shipped_checklist_follows_the_schema(raw):
    """checklist.yaml validates against checklist.schema.json with jsonschema directly."""
    schema = json.loads(
        resources.files("interviewlab.deploy").joinpath("checklist.schema.json").read_text()
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(raw)
    assert schema == checklist_schema()


def test_checklist_covers_the_four_families(checklist):
    """Four sections in order, the issue's items present, every check implemented."""
    assert [s for s, _, _ in checklist.sections] == list(SECTIONS)
    ids = set(checklist.ids)
    for required in (
        "ci_pipeline",
        "infrastructure_as_code",
        "container_image",
        "versioned_artifacts",
        "staged_rollout",
        "rollback",
        "unit_tests",
        "data_validation",
        "quality_gate",
        "api_contract_tests",
        "load_tests",
        "behavioural_tests",
        "secrets_management",
        "authentication",
        "input_validation",
        "dependency_scanning",
        "least_privilege",
        "encryption",
        "personal_data",
        "safe_deserialization",
        "drift_monitoring",
    ):
        assert required in ids
    for item in checklist.items:
        assert item.check in CHECKS, item.id
        assert item.why and item.evidence and item.fix
    assert all(checklist.section_items(section) for section in SECTIONS)


def test_references_are_the_28_tests_and_10_risks(checklist):
    """The ML Test Score lists 7 tests in each of 4 sections; OWASP lists ML01 to ML10."""
    ids = [i for i, _ in checklist.ml_test_score]
    assert len(ids) == 28
    for prefix in ("Data", "Model", "Infra", "Monitor"):
        assert [i for i in ids if i.startswith(prefix + " ")] == [
            f"{prefix} {n}" for n in range(1, 8)
        ]
    assert [i for i, _ in checklist.owasp] == [f"ML{n:02d}" for n in range(1, 11)]
    assert checklist.item("safe_deserialization").owasp == ("ML06", "ML10")
    assert checklist.item("rollback").ml_test_score == ("Infra 7",)
    mapped = {t for item in checklist.items for t in item.ml_test_score}
    assert len(mapped) >= 18


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["items"][0].pop("why"), "'why' is a required property"),
        (lambda d: d["items"][0].update(severity="urgent"), "items/0/severity"),
        (lambda d: d["items"][0].update(ml_test_score=["Infra 9"]), "items/0/ml_test_score/0"),
        (lambda d: d["items"][0].update(owasp=["ML11"]), "items/0/owasp/0"),
        (lambda d: d["items"][0].update(check="magic"), "items/0/check"),
        (lambda d: d["items"][1].update(id=d["items"][0]["id"]), "ids must be unique"),
        (lambda d: d["items"][0].update(colour="red"), "Additional properties"),
        (lambda d: d["sections"].pop(), "sections"),
        (lambda d: d["references"]["ml_test_score"]["tests"].pop(), "ml_test_score/tests"),
    ],
)
def test_broken_checklists_are_rejected_with_the_place(raw, edit, message):
    """Schema and consistency errors raise ChecklistError saying where."""
    data = copy.deepcopy(raw)
    edit(data)
    with pytest.raises(ChecklistError, match=message):
        validate_checklist_data(data)


def test_load_checklist_from_a_file(tmp_path, raw):
    """A custom checklist file loads; missing and invalid files give clear errors."""
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(raw))
    assert load_checklist(path).ids == load_checklist().ids
    with pytest.raises(FileNotFoundError, match="not a checklist file"):
        load_checklist(tmp_path / "missing.yaml")
    path.write_text("items: [unclosed")
    with pytest.raises(ChecklistError, match="not valid YAML"):
        load_checklist(path)


def test_render_and_dict(checklist):
    """The text view names every item; the dict view is JSON with all items."""
    text = checklist.render_text()
    assert all(item.id in text for item in checklist.items)
    assert "ML06 (AI supply chain attacks)" in text
    data = json.loads(json.dumps(checklist.to_dict()))
    assert len(data["items"]) == len(checklist.items)
    with pytest.raises(KeyError, match="valid ids"):
        checklist.item("nope")


# --------------------------------------------------------------------------- readiness


def statuses_with(checklist, default="met", **changes):
    statuses = {item.id: default for item in checklist.items}
    statuses.update(changes)
    return statuses


def test_readiness_golden(checklist):
    """Weighted section scores, min over sections, stoplight and fix order on a fixed case."""
    statuses = statuses_with(
        checklist,
        ci_pipeline="missing",  # critical automation
        load_tests="missing",  # medium testing
        behavioural_tests="cannot tell",
        encryption="missing",  # medium security
    )
    result = readiness_score(statuses)
    # automation: 7 items weigh 3+1+2+2+2+2+3 = 15, ci (3) missing -> 12/15
    # testing: load_tests (1) missing of 11 assessed -> 10/11; security: encryption (1) of 21
    assert result.sections == {
        "automation": 0.8,
        "testing": 0.9091,
        "security": 0.9524,
        "monitoring": 1.0,
    }
    assert (result.score, result.weakest, result.stoplight) == (0.8, "automation", "red")
    assert result.fix_order == ("ci_pipeline", "load_tests", "encryption")
    assert result.fix_first == "ci_pipeline"


def test_stoplight_thresholds(checklist):
    """Green needs >= 0.8 and no critical gap; below 0.5 is red; amber in between."""
    assert readiness_score(statuses_with(checklist)).stoplight == "green"
    assert readiness_score(statuses_with(checklist)).fix_first is None
    amber = statuses_with(checklist, staged_rollout="missing", container_image="missing")
    result = readiness_score(amber)
    assert (result.sections["automation"], result.stoplight) == (0.7333, "amber")
    red = statuses_with(checklist, default="missing")
    assert readiness_score(red).stoplight == "red" and readiness_score(red).score == 0.0
    unknown = statuses_with(checklist, default="cannot tell")
    assert readiness_score(unknown).sections == dict.fromkeys(SECTIONS, 0.0)


def test_fix_first_prefers_severity_then_weakest_then_security(checklist):
    """Critical beats high; among criticals the weakest section; on ties security first."""
    statuses = statuses_with(checklist, rollback="missing", authentication="missing")
    # automation 12/15 = 0.8, security 18/21 = 0.857 -> the weaker automation goes first
    assert readiness_score(statuses).fix_order == ("rollback", "authentication")
    tied = statuses_with(checklist, default="missing")
    assert readiness_score(tied).fix_first == "secrets_management"
    severity = statuses_with(checklist, drift_monitoring="missing", unit_tests="missing")
    assert readiness_score(severity).fix_first == "unit_tests"


def test_readiness_rejects_bad_statuses(checklist):
    """Unknown items, unknown statuses and non-mappings are refused by name."""
    with pytest.raises(ValueError, match="unknown checklist item 'speed'"):
        readiness_score({"speed": "met"})
    with pytest.raises(ValueError, match=r"statuses\['rollback'\]"):
        readiness_score({"rollback": "done"})
    with pytest.raises(TypeError, match="mapping"):
        readiness_score(["rollback"])


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_readiness_properties(data):
    """Score is the min of sections in [0, 1]; fixing a missing item never lowers it."""
    checklist = load_checklist()
    statuses = {
        item.id: data.draw(st.sampled_from(STATUSES), label=item.id) for item in checklist.items
    }
    result = readiness_score(statuses, checklist)
    assert result.score == min(result.sections.values())
    assert all(0.0 <= v <= 1.0 for v in result.sections.values())
    assert set(result.fix_order) == {i for i, s in statuses.items() if s == "missing"}
    if result.fix_order:
        fixed = dict(statuses, **{result.fix_first: "met"})
        better = readiness_score(fixed, checklist)
        assert better.score >= result.score
        assert all(better.sections[s] >= result.sections[s] for s in SECTIONS)
