"""`interviewlab artifacts`, run as a user would."""

from __future__ import annotations

import pandas as pd
from sklearn.dummy import DummyClassifier

from interviewlab.artifacts import make_model_table, package_model
from interviewlab.cli import main


def test_verify_ok_and_tampered(tmp_path, capsys):
    """verify: exit 0 for a good artifact, 1 naming the altered file."""
    X = pd.DataFrame({"tenure": [1, 30, 5, 40]})
    art = package_model(
        DummyClassifier().fit(X, [1, 0, 1, 0]),
        tmp_path / "churn",
        training_data=X,
        metrics={"auc": 0.5},
        name="churn",
        version="1.0",
    )
    assert main(["artifacts", "verify", str(art.path)]) == 0
    assert capsys.readouterr().out.startswith(f"{art.path}: ok (churn 1.0, manifest sha256 ")
    (art.path / "model.skops").write_bytes(b"not a model")
    assert main(["artifacts", "verify", str(art.path)]) == 1
    assert f"{art.path / 'model.skops'} does not match" in capsys.readouterr().err


def test_registry_commands(tmp_path, capsys):
    """registry: register, promote, list, roll back; refusals exit 2."""
    X = pd.DataFrame({"tenure": [1, 30, 5, 40]})
    root = str(tmp_path / "registry")
    for version in ("1.0", "1.1"):
        art = package_model(
            DummyClassifier().fit(X, [1, 0, 1, 0]),
            tmp_path / version,
            training_data=X,
            metrics={"auc": 0.5},
            name="churn",
            version=version,
        )
        assert main(["artifacts", "registry", root, "--register", str(art.path)]) == 0
    assert main(["artifacts", "registry", root, "--promote", "churn", "1.0", "production"]) == 0
    assert main(["artifacts", "registry", root, "--promote", "churn", "1.1", "production"]) == 0
    assert main(["artifacts", "registry", root, "--rollback", "churn", "production"]) == 0
    capsys.readouterr()
    assert main(["artifacts", "registry", root]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" registered")[0] for line in lines] == [
        "churn 1.0 [production]",
        "churn 1.1 [-]",
    ]
    assert main(["artifacts", "registry", root, "--promote", "churn", "7", "production"]) == 2


def test_render_from_csv(tmp_path, capsys):
    """render: one spec per valid row; exit 1 and the reasons when some rows are invalid."""
    models = make_model_table(30, random_state=4)
    csv = tmp_path / "models.csv"
    models.table.to_csv(csv, index=False)
    assert main(["artifacts", "render", str(csv), "--out", str(tmp_path / "specs")]) == 1
    captured = capsys.readouterr()
    assert (
        captured.out.strip() == f"{30 - len(models.invalid)} specs written to "
        f"{tmp_path / 'specs'}, {len(models.invalid)} invalid"
    )
    assert all(name in captured.err for name in models.invalid)
    assert main(["artifacts", "render", str(tmp_path / "missing.csv"), "--out", "x"]) == 2
