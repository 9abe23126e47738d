"""The local model registry: versions, stages, rollback, and surviving a killed writer."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pandas as pd
import pytest
from sklearn.dummy import DummyClassifier

from interviewlab.artifacts import (
    ArtifactError,
    ModelRegistry,
    RegistryError,
    package_model,
)

X = pd.DataFrame({"tenure": [1, 30, 5, 40, 12, 60]})
Y = [1, 0, 1, 0, 1, 0]


def make_artifact(folder, version, name="churn", strategy="prior"):
    model = DummyClassifier(strategy=strategy).fit(X, Y)
    return package_model(
        model,
        folder / f"{name}-{version}",
        training_data=X,
        metrics={"auc": 0.5},
        name=name,
        version=version,
    )


@pytest.fixture
def registry(tmp_path):
    registry = ModelRegistry(tmp_path / "registry")
    for version in ("1.0.0", "1.1.0", "2.0.0"):
        registry.register(make_artifact(tmp_path / "build", version).path)
    return registry


def test_register_and_list_versions(registry, tmp_path):
    """Versions are listed in registration order with their pinned hashes."""
    versions = registry.versions("churn")
    assert [v.version for v in versions] == ["1.0.0", "1.1.0", "2.0.0"]
    assert all(v.stages == () and v.metrics == {"auc": 0.5} for v in versions)
    assert versions[0].path == tmp_path / "registry" / "models" / "churn" / "1.0.0"
    assert registry.names() == ["churn"]
    assert [r["event"] for r in registry.history("churn")] == ["register"] * 3


def test_promote_and_roll_back(registry):
    """Promotions stack per stage; rollback returns to the previous version."""
    registry.promote("churn", "1.0.0", "staging")
    registry.promote("churn", "1.0.0", "production")
    registry.promote("churn", "1.1.0", "staging")
    registry.promote("churn", "1.1.0", "production")
    registry.promote("churn", "2.0.0", "production")
    assert registry.current("churn", "production") == "2.0.0"
    assert registry.rollback("churn") == "1.1.0"
    assert registry.rollback("churn") == "1.0.0"
    assert registry.current("churn", "staging") == "1.1.0"
    assert [(v.version, v.stages) for v in registry.versions("churn")] == [
        ("1.0.0", ("production",)),
        ("1.1.0", ("staging",)),
        ("2.0.0", ()),
    ]
    with pytest.raises(RegistryError, match="nothing to roll back to"):
        registry.rollback("churn")


def test_refusals(registry, tmp_path):
    """Unknown models, versions and stages, duplicates and re-promotions are refused."""
    with pytest.raises(RegistryError, match="already registered"):
        registry.register(make_artifact(tmp_path / "again", "1.0.0").path)
    with pytest.raises(RegistryError, match=r"no registered version '9\.9'"):
        registry.promote("churn", "9.9", "production")
    with pytest.raises(RegistryError, match="no model named 'fraud'"):
        registry.versions("fraud")
    with pytest.raises(ValueError, match="stage must be one of 'staging', 'production'"):
        registry.promote("churn", "1.0.0", "prod")
    registry.promote("churn", "1.0.0", "production")
    with pytest.raises(RegistryError, match="already in production"):
        registry.promote("churn", "1.0.0", "production")


def test_load_checks_the_pinned_hashes(registry):
    """load() verifies the registered copy; a tampered copy is refused, naming the file."""
    registry.promote("churn", "1.1.0", "production")
    model = registry.load("churn")
    assert model.predict(X).tolist() == [0] * 6
    with pytest.raises(RegistryError, match="no version of 'churn' is in staging"):
        registry.load("churn", stage="staging")
    path = registry.versions("churn")[1].path / "model.skops"
    path.write_bytes(path.read_bytes() + b"\0")
    with pytest.raises(ArtifactError, match=r"model.skops does not match its recorded sha256"):
        registry.load("churn", version="1.1.0")


def test_a_tampered_artifact_is_not_registered(tmp_path):
    """register() verifies the artifact first."""
    artifact = make_artifact(tmp_path, "3.0.0")
    (artifact.path / "metadata.json").write_text("{}")
    registry = ModelRegistry(tmp_path / "registry")
    with pytest.raises(ArtifactError, match=r"metadata\.json does not match"):
        registry.register(artifact.path)
    assert registry.records() == []


def test_log_lines_are_checksummed(registry):
    """Each log line carries the SHA-256 of its record; an edited line is skipped."""
    lines = registry.log_path.read_text().splitlines()
    entry = json.loads(lines[1])
    assert set(entry) == {"record", "sha256"}
    entry["record"]["version"] = "6.6.6"
    lines[1] = json.dumps(entry)
    registry.log_path.write_text("\n".join(lines) + "\n")
    assert [v.version for v in registry.versions("churn")] == ["1.0.0", "2.0.0"]
    assert registry.skipped_lines == [2]


def test_torn_tail_is_ignored_then_sealed(registry):
    """A half-written last line is skipped; the next write seals it and the log stays valid."""
    with open(registry.log_path, "ab") as handle:
        handle.write(b'{"record": {"event": "promote", "name": "ch')
    assert [v.version for v in registry.versions("churn")] == ["1.0.0", "1.1.0", "2.0.0"]
    assert registry.skipped_lines == [4]
    registry.promote("churn", "2.0.0", "production")
    assert registry.current("churn", "production") == "2.0.0"
    assert registry.skipped_lines == [4]
    assert registry.log_path.read_bytes().count(b"\n") == 5


WRITER = textwrap.dedent("""
    import sys, time
    from interviewlab.artifacts import ModelRegistry, _registry

    registry = ModelRegistry(sys.argv[1])
    original = _registry._write_all

    def torn_write(fd, data):
        # Write half the record, say so, and hang: the parent kills us here.
        original(fd, data[: len(data) // 2])
        print("HALF", flush=True)
        time.sleep(120)
        original(fd, data[len(data) // 2:])

    _registry._write_all = torn_write
    registry.promote("churn", "2.0.0", "production")
""")


def test_writer_killed_mid_write_loses_nothing(registry):
    """SIGKILL in the middle of a log write: readable, no earlier version lost, writable."""
    registry.promote("churn", "1.0.0", "production")
    before = registry.log_path.read_bytes()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(registry.root)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline().strip() == "HALF"
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    torn = registry.log_path.read_bytes()
    assert torn.startswith(before) and len(torn) > len(before) and not torn.endswith(b"\n")

    fresh = ModelRegistry(registry.root)
    assert [v.version for v in fresh.versions("churn")] == ["1.0.0", "1.1.0", "2.0.0"]
    assert fresh.current("churn", "production") == "1.0.0"
    assert fresh.skipped_lines == [5]
    fresh.promote("churn", "2.0.0", "production")  # the lock died with the writer
    assert fresh.current("churn", "production") == "2.0.0"
    assert fresh.rollback("churn") == "1.0.0"
    assert fresh.load("churn").predict(X).shape == (6,)


REGISTERING_WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    import pandas as pd
    from sklearn.dummy import DummyClassifier
    from interviewlab.artifacts import ModelRegistry, package_model

    root, build = Path(sys.argv[1]), Path(sys.argv[2])
    registry = ModelRegistry(root)
    X = pd.DataFrame({"tenure": [1, 30, 5, 40]})
    model = DummyClassifier().fit(X, [1, 0, 1, 0])
    for i in range(1000):
        art = package_model(model, build / f"v{i}", training_data=X, metrics={"auc": 0.5},
                            name="fraud", version=f"0.{i}")
        registry.register(art.path)
        print(i, flush=True)
""")


def test_writer_killed_during_registrations(tmp_path):
    """Killing a writer that registers in a loop keeps every version it reported done."""
    root = tmp_path / "registry"
    writer = subprocess.Popen(
        [sys.executable, "-c", REGISTERING_WRITER, str(root), str(tmp_path / "build")],
        stdout=subprocess.PIPE,
        text=True,
    )
    done = []
    try:
        while len(done) < 3:
            done.append(int(writer.stdout.readline()))
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.wait(timeout=60)
    registry = ModelRegistry(root)
    versions = [v.version for v in registry.versions("fraud")]
    assert versions[: len(done)] == [f"0.{i}" for i in done]
    for version in versions:
        registry.load("fraud", version=version)
    registry.register(make_artifact(tmp_path / "after", "9.0", name="fraud").path)
    assert registry.versions("fraud")[-1].version == "9.0"
    assert not (root / ".tmp").exists()
