"""A local model registry in a folder: register, list versions, promote, roll back.

Layout::

    registry/
        registry.log            append-only event log, one JSON object per line
        models/<name>/<version>/ verified copies of the artifacts
        .lock                   serialises writers (fcntl.flock)

The log is the only source of truth; the current stage of a model is found by replaying it.

Crash safety
------------
- An artifact is copied into a temporary folder, checked, then renamed into place (an atomic
  rename): ``models/`` never holds half a copy. A copy that is not in the log (its writer died
  before logging it) is ignored and replaced by the next registration of that version.
- A log record is written with one ``write`` on a file opened in append mode and fsynced before
  the call returns. Each line carries the SHA-256 of its record, so a line torn by a crash
  (power loss, a killed process) is recognised and skipped; the next writer first ends the torn
  line with a newline, so the log stays append-only and every earlier record stays readable.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from interviewlab._validation import check_choice
from interviewlab.artifacts._package import (
    Artifact,
    _fsync_dir,
    load_model,
    verify_artifact,
)

STAGES = ("staging", "production")
LOG_FILE = "registry.log"


class RegistryError(ValueError):
    """An operation the registry refuses (unknown version, duplicate, nothing to roll back)."""


@dataclass(frozen=True)
class ModelVersion:
    """One registered version of a model.

    Attributes
    ----------
    name, version : str
    registered_at : str
        ISO time of registration (UTC).
    manifest_sha256, model_sha256 : str
        The hashes pinned at registration.
    metrics : dict
    stages : tuple of str
        The stages this version currently holds.
    path : pathlib.Path
        Its folder inside the registry.
    """

    name: str
    version: str
    registered_at: str
    manifest_sha256: str
    model_sha256: str
    metrics: dict
    stages: tuple[str, ...]
    path: Path


class ModelRegistry:
    """A model registry kept in ``root`` (created if needed).

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> from sklearn.dummy import DummyClassifier
    >>> from interviewlab.artifacts import package_model
    >>> X, y = pd.DataFrame({"tenure": [1, 30, 5, 40]}), [1, 0, 1, 0]
    >>> tmp = tempfile.TemporaryDirectory()
    >>> registry = ModelRegistry(f"{tmp.name}/registry")
    >>> for version in ("1.0.0", "1.1.0"):
    ...     art = package_model(DummyClassifier().fit(X, y), f"{tmp.name}/churn-{version}",
    ...                         training_data=X, metrics={"auc": 0.5}, name="churn",
    ...                         version=version)
    ...     _ = registry.register(art.path)
    >>> registry.promote("churn", "1.0.0", "production")
    >>> registry.promote("churn", "1.1.0", "production")
    >>> registry.current("churn", "production")
    '1.1.0'
    >>> registry.rollback("churn", "production")
    '1.0.0'
    >>> [(v.version, v.stages) for v in registry.versions("churn")]
    [('1.0.0', ('production',)), ('1.1.0', ())]
    >>> tmp.cleanup()
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "models").mkdir(exist_ok=True)
        self.log_path = self.root / LOG_FILE
        self.skipped_lines: list[int] = []
        """Line numbers of damaged log lines skipped by the last read (a torn write)."""

    # ------------------------------------------------------------------------------ reading
    def records(self) -> list[dict]:
        """Every intact record of the log, in order (damaged lines are skipped and noted)."""
        self.skipped_lines = []
        if not self.log_path.exists():
            return []
        records = []
        with open(self.log_path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                record = _decode(raw)
                if record is None:
                    if raw.strip():
                        self.skipped_lines.append(number)
                else:
                    records.append(record)
        return records

    def _state(self) -> dict:
        state: dict = {}
        for record in self.records():
            model = state.setdefault(record["name"], {"versions": {}, "stages": {}})
            event = record["event"]
            if event == "register":
                model["versions"][record["version"]] = record
            elif event == "promote":
                model["stages"].setdefault(record["stage"], []).append(record["version"])
            elif event == "rollback":
                stack = model["stages"].get(record["stage"], [])
                if stack:
                    stack.pop()
        return state

    def names(self) -> list[str]:
        """Registered model names, sorted."""
        return sorted(name for name, model in self._state().items() if model["versions"])

    def versions(self, name: str) -> list[ModelVersion]:
        """Every registered version of ``name``, in registration order."""
        model = self._model(self._state(), name)
        current = {stage: stack[-1] for stage, stack in model["stages"].items() if stack}
        return [
            ModelVersion(
                name=name,
                version=version,
                registered_at=record["time"],
                manifest_sha256=record["manifest_sha256"],
                model_sha256=record["model_sha256"],
                metrics=record.get("metrics", {}),
                stages=tuple(s for s in STAGES if current.get(s) == version),
                path=self._path(name, version),
            )
            for version, record in model["versions"].items()
        ]

    def current(self, name: str, stage: str) -> str | None:
        """The version of ``name`` now in ``stage``, or None."""
        stage = check_choice("stage", stage, STAGES)
        stack = self._model(self._state(), name)["stages"].get(stage, [])
        return stack[-1] if stack else None

    def history(self, name: str | None = None) -> list[dict]:
        """The log records (of one model, or all), oldest first."""
        return [r for r in self.records() if name is None or r["name"] == name]

    def load(self, name: str, *, version: str | None = None, stage: str | None = None):
        """Load a registered model, checking it against the hashes pinned at registration.

        Give ``version`` or ``stage`` (default: the production version).
        """
        if version is None:
            version = self.current(name, stage or "production")
            if version is None:
                raise RegistryError(f"no version of {name!r} is in {stage or 'production'}")
        record = self._version_record(self._state(), name, version)
        return load_model(
            self._path(name, version), expected_manifest_sha256=record["manifest_sha256"]
        )

    # ------------------------------------------------------------------------------ writing
    def register(self, artifact_path: str | Path) -> ModelVersion:
        """Copy a packaged artifact into the registry and log it.

        Raises
        ------
        ArtifactError
            The artifact is incomplete or altered.
        RegistryError
            This name and version are already registered.
        """
        artifact = verify_artifact(artifact_path)
        with self._lock():
            state = self._state()
            if artifact.version in state.get(artifact.name, {}).get("versions", {}):
                raise RegistryError(
                    f"{artifact.name} {artifact.version} is already registered; "
                    "versions are immutable, package a new version"
                )
            target = self._path(artifact.name, artifact.version)
            copy = self._copy_in(artifact, target)
            self._append(
                {
                    "event": "register",
                    "name": artifact.name,
                    "version": artifact.version,
                    "manifest_sha256": copy.manifest_sha256,
                    "model_sha256": copy.model_sha256,
                    "metrics": artifact.metadata["metrics"],
                }
            )
        return next(v for v in self.versions(artifact.name) if v.version == artifact.version)

    def promote(self, name: str, version: str, stage: str) -> None:
        """Put ``version`` of ``name`` in ``stage`` ("staging" or "production")."""
        stage = check_choice("stage", stage, STAGES)
        with self._lock():
            state = self._state()
            self._version_record(state, name, version)
            stack = state[name]["stages"].get(stage, [])
            if stack and stack[-1] == version:
                raise RegistryError(f"{name} {version} is already in {stage}")
            self._append(
                {
                    "event": "promote",
                    "name": name,
                    "version": version,
                    "stage": stage,
                    "previous": stack[-1] if stack else None,
                }
            )

    def rollback(self, name: str, stage: str = "production") -> str:
        """Return ``stage`` to the version it held before the last promotion; give it back."""
        stage = check_choice("stage", stage, STAGES)
        with self._lock():
            state = self._state()
            stack = self._model(state, name)["stages"].get(stage, [])
            if len(stack) < 2:
                raise RegistryError(
                    f"nothing to roll back to: {name} has had {len(stack)} version(s) in {stage}"
                )
            self._append(
                {
                    "event": "rollback",
                    "name": name,
                    "stage": stage,
                    "version": stack[-2],
                    "from": stack[-1],
                }
            )
            return stack[-2]

    # ------------------------------------------------------------------------------ internals
    def _path(self, name: str, version: str) -> Path:
        return self.root / "models" / name / version

    @staticmethod
    def _model(state: dict, name: str) -> dict:
        if name not in state or not state[name]["versions"]:
            raise RegistryError(f"no model named {name!r} in the registry")
        return state[name]

    def _version_record(self, state: dict, name: str, version: str) -> dict:
        versions = self._model(state, name)["versions"]
        if version not in versions:
            raise RegistryError(
                f"{name} has no registered version {version!r} (registered: {', '.join(versions)})"
            )
        return versions[version]

    def _copy_in(self, artifact: Artifact, target: Path) -> Artifact:
        tmp_root = self.root / ".tmp"
        if tmp_root.exists():  # left by writers that died; we hold the lock
            shutil.rmtree(tmp_root, ignore_errors=True)
        tmp_root.mkdir()
        staging = tmp_root / uuid.uuid4().hex
        shutil.copytree(artifact.path, staging)
        for file in staging.iterdir():
            with open(file, "rb") as handle:
                os.fsync(handle.fileno())
        copy = verify_artifact(staging, expected_manifest_sha256=artifact.manifest_sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():  # an unlogged copy from a writer that died: replace it
            shutil.rmtree(target)
        os.rename(staging, target)
        _fsync_dir(target.parent)
        shutil.rmtree(tmp_root, ignore_errors=True)
        return Artifact(target, copy.metadata, copy.manifest_sha256)

    def _append(self, record: dict) -> None:
        record = {"time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"), **record}
        line = _encode(record)
        new = not self.log_path.exists()
        fd = os.open(self.log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            size = os.fstat(fd).st_size
            if size:
                with open(self.log_path, "rb") as handle:
                    handle.seek(size - 1)
                    if handle.read(1) != b"\n":
                        line = b"\n" + line  # seal a line torn by a crash
            _write_all(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
        if new:
            _fsync_dir(self.root)

    @contextlib.contextmanager
    def _lock(self):
        try:
            import fcntl
        except ImportError:  # Windows: single writer assumed
            yield
            return
        fd = os.open(self.root / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _encode(record: dict) -> bytes:
    body = json.dumps(record, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(body.encode()).hexdigest()
    return (
        json.dumps({"record": record, "sha256": digest}, sort_keys=True, separators=(",", ":"))
        + "\n"
    ).encode()


def _decode(raw: bytes) -> dict | None:
    """The record of a log line, or None if the line is torn or altered."""
    if not raw.endswith(b"\n"):
        return None
    try:
        entry = json.loads(raw)
        record = entry["record"]
        body = json.dumps(record, sort_keys=True, separators=(",", ":"))
        if hashlib.sha256(body.encode()).hexdigest() != entry["sha256"]:
            return None
        if not {"event", "name"} <= set(record):
            return None
        return record
    except (ValueError, KeyError, TypeError):
        return None


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte (``os.write`` may write fewer than asked)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
