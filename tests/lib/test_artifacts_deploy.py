"""render_deployments and make_model_table: one valid spec per model from one template."""

from __future__ import annotations

import jsonschema
import pandas as pd
import pytest
import yaml

from interviewlab.artifacts import (
    DEFAULT_TEMPLATE,
    DEPLOYMENT_SCHEMA,
    make_model_table,
    render_deployments,
)


def test_three_hundred_models_from_one_template(tmp_path):
    """300 rows: one file per valid model, each valid, the broken rows reported and not written."""
    models = make_model_table(300, random_state=7)
    result = render_deployments(DEFAULT_TEMPLATE, models.table, out_dir=tmp_path)
    assert result.invalid == list(models.invalid) and len(models.invalid) == 15
    assert len(result.specs) == 285 and len(result.written) == 285
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{name}.yaml" for name in result.specs
    )
    validator = jsonschema.Draft202012Validator(DEPLOYMENT_SCHEMA)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in result.written:
        spec = yaml.load(path.read_text(), Loader=loader)
        validator.validate(spec)
        assert spec == result.specs[path.stem]
    assert not any((tmp_path / f"{name}.yaml").exists() for name in models.invalid)


def test_output_is_stable(tmp_path):
    """Rendering twice gives byte-identical files."""
    table = make_model_table(40, random_state=3).table
    first = render_deployments(DEFAULT_TEMPLATE, table, out_dir=tmp_path / "a")
    second = render_deployments(DEFAULT_TEMPLATE, table, out_dir=tmp_path / "b")
    assert [p.read_bytes() for p in first.written] == [p.read_bytes() for p in second.written]


def test_golden_spec():
    """Typed placeholders keep their type; placeholders inside text are substituted as text."""
    row = {
        "name": "churn-de-001",
        "version": "1.4.0",
        "team": "crm",
        "tier": "online",
        "replicas": 3,
        "cpu": 0.5,
        "memory": "1Gi",
        "drift_check": "daily",
    }
    spec = render_deployments(DEFAULT_TEMPLATE, [row]).specs["churn-de-001"]
    assert spec == {
        "apiVersion": "interviewlab.dev/v1",
        "kind": "ModelDeployment",
        "metadata": {"name": "churn-de-001", "labels": {"team": "crm", "tier": "online"}},
        "spec": {
            "model": {
                "name": "churn-de-001",
                "version": "1.4.0",
                "uri": "registry://models/churn-de-001/1.4.0",
            },
            "serving": {
                "endpoint": "/v1/models/churn-de-001:predict",
                "replicas": 3,
                "resources": {"cpu": 0.5, "memory": "1Gi"},
            },
            "monitoring": {"drift_check": "daily", "alert_channel": "#ml-crm"},
        },
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"replicas": 0}, "spec.serving.replicas: 0 is less than the minimum of 1"),
        ({"memory": "2GB"}, "spec.serving.resources.memory: '2GB' does not match"),
        ({"tier": "realtime"}, "metadata.labels.tier: 'realtime' is not one of"),
        ({"memory": None}, "memory: the template needs it and the table does not give it"),
        ({"name": "Churn_DE"}, "metadata.name: 'Churn_DE' does not match"),
        ({"version": 2}, "spec.model.version: 2 is not of type 'string'"),
    ],
)
def test_invalid_rows_are_reported(change, message):
    """Each kind of invalid value is reported with the field's path, and not rendered."""
    row = {
        "name": "a-1",
        "version": "1",
        "team": "crm",
        "tier": "batch",
        "replicas": 1,
        "cpu": "500m",
        "memory": "1Gi",
        "drift_check": "off",
        **change,
    }
    result = render_deployments(DEFAULT_TEMPLATE, pd.DataFrame([row]))
    assert result.specs == {} and len(result.errors) == 1
    assert any(m.startswith(message) for m in result.errors[0].messages), result.errors


def test_duplicates_and_missing_names():
    """A repeated name and a row without a name are errors; the first copy is kept."""
    row = {
        "name": "a-1",
        "version": "1",
        "team": "crm",
        "tier": "batch",
        "replicas": 1,
        "cpu": 1,
        "memory": "1Gi",
        "drift_check": "off",
    }
    result = render_deployments(DEFAULT_TEMPLATE, [row, dict(row), {**row, "name": None}])
    assert list(result.specs) == ["a-1"]
    assert [(e.model, e.row) for e in result.errors] == [("a-1", 1), ("row 2", 2)]
    assert result.errors[0].messages[0] == "name: duplicate of row 0"


def test_a_value_cannot_change_the_structure():
    """Values are substituted after parsing: YAML in a value stays a string."""
    template = "metadata:\n  note: ${note}\n"
    result = render_deployments(
        template, [{"name": "x", "note": "a: b\nc: [1, 2]"}], schema={"type": "object"}
    )
    assert result.specs["x"] == {"metadata": {"note": "a: b\nc: [1, 2]"}}


def test_bad_templates_and_tables():
    """A template that is not a mapping, a malformed placeholder, or a bad table: errors."""
    with pytest.raises(ValueError, match="template must be a YAML mapping"):
        render_deployments("- a\n- b\n", [])
    with pytest.raises(ValueError, match="malformed placeholder"):
        render_deployments("name: ${na me}\n", [])
    with pytest.raises(TypeError, match="models must be a DataFrame or a list of mappings"):
        render_deployments(DEFAULT_TEMPLATE, "churn")


def test_model_table_is_seeded_and_validated():
    """Same seed same table; the invalid share is honoured; bad arguments name themselves."""
    a, b = make_model_table(50, random_state=1), make_model_table(50, random_state=1)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert a.invalid == b.invalid and len(a.invalid) == 2
    assert not make_model_table(50, random_state=2).table.equals(a.table)
    assert make_model_table(10, invalid_share=0.0, random_state=0).invalid == ()
    assert a.table["name"].is_unique
    with pytest.raises(ValueError, match="n_models must be an integer >= 1"):
        make_model_table(0)
    with pytest.raises(ValueError, match="invalid_share must be a number in"):
        make_model_table(10, invalid_share=2)
