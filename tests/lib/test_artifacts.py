"""package_model, verify_artifact, load_model and the hashing behind them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression

from interviewlab.artifacts import (
    ArtifactError,
    feature_schema,
    hash_training_data,
    load_model,
    package_model,
    sha256_file,
    verify_artifact,
)

WHEN = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(
        {
            "tenure": rng.integers(1, 72, 120),
            "monthly_charges": rng.normal(70, 20, 120).round(2),
            "contract": rng.choice(["monthly", "yearly"], 120),
        }
    )
    y = (X["tenure"] < 20).astype(int)
    return X, y


@pytest.fixture(scope="module")
def model(data):
    X, y = data
    return RandomForestClassifier(n_estimators=5, random_state=0).fit(
        X[["tenure", "monthly_charges"]], y
    )


@pytest.fixture
def artifact(tmp_path, data, model):
    X, y = data
    return package_model(
        model,
        tmp_path / "churn-1.0.0",
        training_data=(X, y),
        metrics={"roc_auc": 0.91, "recall": 0.8},
        name="churn",
        version="1.0.0",
        created_at=WHEN,
        description="test model",
    )


def test_artifact_folder_and_metadata(artifact, data, model):
    """The folder holds model.skops, metadata.json and SHA256SUMS; metadata is complete."""
    X, y = data
    assert sorted(p.name for p in artifact.path.iterdir()) == [
        "SHA256SUMS",
        "metadata.json",
        "model.skops",
    ]
    meta = json.loads((artifact.path / "metadata.json").read_text())
    assert meta == artifact.metadata
    assert meta["name"] == "churn" and meta["version"] == "1.0.0"
    assert meta["created_at"] == "2026-11-28T09:30:00Z"
    assert meta["model"]["sha256"] == sha256_file(artifact.path / "model.skops")
    assert meta["model"]["class"] == "sklearn.ensemble._forest.RandomForestClassifier"
    assert meta["model"]["trusted_types"] == ["sklearn.tree._tree.Tree"]
    assert meta["training_data"]["sha256"] == hash_training_data((X, y))[0]
    assert meta["training_data"]["rows"] == 120
    assert [f["name"] for f in meta["feature_schema"]] == ["tenure", "monthly_charges"]
    assert meta["metrics"] == {"roc_auc": 0.91, "recall": 0.8}
    assert {"python", "scikit-learn", "numpy", "pandas", "skops"} <= set(meta["libraries"])
    manifest = (artifact.path / "SHA256SUMS").read_text().splitlines()
    assert manifest[0] == f"{meta['model']['sha256']}  model.skops"
    assert artifact.manifest_sha256 == sha256_file(artifact.path / "SHA256SUMS")


def test_round_trip_predictions(artifact, data, model):
    """The loaded model predicts exactly what the packaged one did."""
    X, _ = data
    loaded = load_model(artifact.path)
    features = X[["tenure", "monthly_charges"]]
    np.testing.assert_array_equal(loaded.predict_proba(features), model.predict_proba(features))


def test_no_temporary_folder_is_left(artifact):
    """Packaging writes beside the target and renames: no .tmp folder remains."""
    assert [p.name for p in artifact.path.parent.iterdir()] == ["churn-1.0.0"]


@pytest.mark.parametrize("file", ["model.skops", "metadata.json", "SHA256SUMS"])
def test_missing_file_is_refused_naming_it(artifact, file):
    """A missing file: load_model raises ArtifactError naming that file."""
    (artifact.path / file).unlink()
    with pytest.raises(ArtifactError, match=rf"{file} is missing"):
        load_model(artifact.path)


def test_altered_model_is_refused_naming_it(artifact):
    """One flipped byte in model.skops: refused before anything is deserialised."""
    path = artifact.path / "model.skops"
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(ArtifactError) as info:
        load_model(artifact.path)
    assert str(info.value).startswith(f"{path} does not match its recorded sha256")


def test_edited_metric_is_refused(artifact):
    """Inflating a metric in metadata.json is caught by the manifest."""
    path = artifact.path / "metadata.json"
    meta = json.loads(path.read_text())
    meta["metrics"]["roc_auc"] = 0.99
    path.write_text(json.dumps(meta, indent=2))
    with pytest.raises(ArtifactError, match=r"metadata.json does not match its recorded sha256"):
        verify_artifact(artifact.path)


def test_consistent_rewrite_is_caught_by_a_pinned_manifest(artifact, tmp_path, data):
    """Replacing every file consistently passes the folder's own hashes, not a pinned hash."""
    X, y = data
    other = LogisticRegression().fit(X[["tenure", "monthly_charges"]], y)
    forged = package_model(
        other,
        tmp_path / "forged",
        training_data=(X, y),
        metrics={"roc_auc": 0.99},
        name="churn",
        version="1.0.0",
    )
    pinned = artifact.manifest_sha256
    for file in ("model.skops", "metadata.json", "SHA256SUMS"):
        (artifact.path / file).write_bytes((forged.path / file).read_bytes())
    verify_artifact(artifact.path)
    with pytest.raises(ArtifactError, match=r"SHA256SUMS does not match the pinned sha256"):
        load_model(artifact.path, expected_manifest_sha256=pinned)


def test_training_data_check(artifact, data):
    """load_model(training_data=...) refuses other data than the recorded one."""
    X, y = data
    load_model(artifact.path, training_data=(X, y))
    changed = X.copy()
    changed.loc[0, "tenure"] += 1
    with pytest.raises(ArtifactError, match="records other training data"):
        load_model(artifact.path, training_data=(changed, y))


def test_untrusted_types_are_refused(artifact):
    """Passing an empty trust list refuses the tree type the model needs."""
    with pytest.raises(ArtifactError, match=r"needs types that are not trusted"):
        load_model(artifact.path, trusted=[])


def test_invalid_metadata_is_refused(artifact):
    """Metadata that breaks the schema (with a matching manifest) names the field."""
    meta_path = artifact.path / "metadata.json"
    meta = json.loads(meta_path.read_text())
    del meta["feature_schema"]
    meta_path.write_text(json.dumps(meta))
    manifest = artifact.path / "SHA256SUMS"
    manifest.write_text(
        f"{sha256_file(artifact.path / 'model.skops')}  model.skops\n"
        f"{sha256_file(meta_path)}  metadata.json\n"
    )
    with pytest.raises(
        ArtifactError,
        match=r"metadata.json is invalid at top level: "
        r"'feature_schema' is a required property",
    ):
        verify_artifact(artifact.path)


def test_not_a_folder(tmp_path):
    """A path that is not a folder is not an artifact."""
    with pytest.raises(ArtifactError, match="not an artifact folder"):
        verify_artifact(tmp_path / "nope")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "Churn_Model"}, "name must match"),
        ({"version": ""}, "version must match"),
        ({"metrics": {}}, "metrics must be a non-empty dict"),
        ({"metrics": {"auc": float("nan")}}, "finite numbers"),
        ({"metrics": {"auc": "high"}}, "finite numbers"),
        ({"created_at": datetime(2026, 1, 1)}, "timezone-aware"),
    ],
)
def test_bad_arguments(tmp_path, data, model, kwargs, message):
    """Bad name, version, metrics or naive time: ValueError naming the argument."""
    X, y = data
    arguments = {
        "training_data": (X, y),
        "metrics": {"auc": 0.9},
        "name": "churn",
        "version": "1.0.0",
        **kwargs,
    }
    with pytest.raises(ValueError, match=message):
        package_model(model, tmp_path / "a", **arguments)


def test_unfitted_model_and_existing_folder(tmp_path, data, artifact):
    """An unfitted model is refused; an existing folder needs overwrite=True."""
    X, y = data
    with pytest.raises(ValueError, match="must be fitted"):
        package_model(
            LogisticRegression(),
            tmp_path / "b",
            training_data=X,
            metrics={"auc": 0.5},
            name="x",
            version="1",
        )
    fitted = LogisticRegression().fit(X[["tenure"]], y)
    with pytest.raises(FileExistsError, match="already exists"):
        package_model(
            fitted,
            artifact.path,
            training_data=X[["tenure"]],
            metrics={"a": 1},
            name="x",
            version="1",
        )
    replaced = package_model(
        fitted,
        artifact.path,
        training_data=X[["tenure"]],
        metrics={"a": 1},
        name="x",
        version="2",
        overwrite=True,
    )
    assert replaced.version == "2"


def test_feature_schema_from_target_and_arrays():
    """Without feature_names_in_, the schema is the table minus the target, or x0..xn."""
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": ["u", "v"], "flag": [True, False]})
    assert feature_schema(frame) == [
        {"name": "a", "dtype": "float64", "min": 1.0, "max": 2.0},
        {"name": "b", "dtype": "object", "categories": ["u", "v"]},
        {"name": "flag", "dtype": "bool"},
    ]
    assert [f["name"] for f in feature_schema(np.zeros((3, 2)))] == ["x0", "x1"]
    with pytest.raises(ValueError, match=r"features \['z'\] are not columns"):
        feature_schema(frame, ["z"])


def test_hashing_sees_every_change():
    """Values, column names, dtypes, row order and arrays all change the training-data hash."""
    frame = pd.DataFrame({"a": [1, 2, 3], "b": [0.1, 0.2, 0.3]})
    base = hash_training_data(frame)[0]
    variants = [
        frame.assign(b=[0.1, 0.2, 0.30001]),
        frame.rename(columns={"a": "A"}),
        frame.astype({"a": "int32"}),
        frame.iloc[::-1],
    ]
    digests = {hash_training_data(v)[0] for v in variants}
    assert base not in digests and len(digests) == len(variants)
    assert hash_training_data(frame.copy())[0] == base
    array = np.arange(6.0).reshape(3, 2)
    assert hash_training_data(array)[0] != hash_training_data(array.reshape(2, 3))[0]
    with pytest.raises(TypeError, match="training_data must be"):
        hash_training_data({"a": 1})
    with pytest.raises(TypeError, match="arrays of Python objects"):
        hash_training_data(np.array([{}, {}]))


def test_hash_of_a_file(tmp_path):
    """A path is hashed from its bytes."""
    path = tmp_path / "train.csv"
    path.write_text("a,b\n1,2\n")
    digest, info = hash_training_data(path)
    assert digest == sha256_file(path) and info == {"kind": "file", "file": "train.csv", "bytes": 8}


def test_make_churn_data_is_seeded_and_plausible():
    """Same seed same table; churn falls with tenure and rises with support calls."""
    from interviewlab.artifacts import make_churn_data

    a, b = make_churn_data(2000, random_state=3), make_churn_data(2000, random_state=3)
    pd.testing.assert_frame_equal(a.X, b.X)
    pd.testing.assert_series_equal(a.y, b.y)
    assert not a.X.equals(make_churn_data(2000, random_state=4).X)
    assert list(a.X.columns) == [
        "tenure_months",
        "monthly_charges",
        "support_calls",
        "contract_yearly",
        "senior",
    ]
    assert a.y.name == "churned" and 0.05 < a.y.mean() < 0.4
    short = a.y[a.X["tenure_months"] < 12].mean()
    long = a.y[a.X["tenure_months"] > 48].mean()
    assert short > 2 * long
    assert a.y[a.X["support_calls"] >= 3].mean() > a.y[a.X["support_calls"] == 0].mean()
    with pytest.raises(ValueError, match="n_customers must be an integer >= 20, got 5"):
        make_churn_data(5)
