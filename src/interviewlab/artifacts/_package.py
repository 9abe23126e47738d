"""``package_model`` and ``load_model``: a model saved with skops, its metadata and hashes.

An artifact is a folder::

    churn-1.4.0/
        model.skops      the model, saved with skops (loading it runs no code)
        metadata.json    name, version, creation time, hashes, feature schema, metrics, versions
        SHA256SUMS       the SHA-256 of model.skops and metadata.json (``sha256sum -c`` format)

``load_model`` checks every hash before it deserialises anything and refuses an artifact with
a missing or altered file, naming the file. The hashes catch a swapped file or an edited metric;
against someone who can rewrite every file, pin the hash of ``SHA256SUMS`` elsewhere
(:class:`~interviewlab.artifacts.ModelRegistry` does).
"""

from __future__ import annotations

import json
import math
import os
import platform
import re
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata as importlib_metadata
from pathlib import Path

from interviewlab.artifacts._hashing import feature_schema, hash_training_data, sha256_file

FORMAT = "interviewlab-artifact/1"
MODEL_FILE = "model.skops"
METADATA_FILE = "metadata.json"
MANIFEST_FILE = "SHA256SUMS"
NAME_PATTERN = r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"
VERSION_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$"
LIBRARIES = ("interviewlab", "scikit-learn", "numpy", "scipy", "pandas", "skops")

METADATA_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "interviewlab model artifact metadata",
    "type": "object",
    "required": [
        "format",
        "name",
        "version",
        "created_at",
        "model",
        "training_data",
        "feature_schema",
        "metrics",
        "libraries",
    ],
    "properties": {
        "format": {"const": FORMAT},
        "name": {"type": "string", "pattern": NAME_PATTERN},
        "version": {"type": "string", "pattern": VERSION_PATTERN},
        "description": {"type": "string"},
        "created_at": {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d"},
        "model": {
            "type": "object",
            "required": ["file", "format", "sha256", "class", "trusted_types"],
            "properties": {
                "file": {"const": MODEL_FILE},
                "format": {"const": "skops"},
                "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "class": {"type": "string", "minLength": 1},
                "trusted_types": {"type": "array", "items": {"type": "string"}},
            },
        },
        "training_data": {
            "type": "object",
            "required": ["sha256", "kind", "rows"],
            "properties": {
                "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "kind": {"type": "string"},
                "rows": {"type": "integer", "minimum": 1},
            },
        },
        "feature_schema": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "dtype"],
                "properties": {"name": {"type": "string"}, "dtype": {"type": "string"}},
            },
        },
        "metrics": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {"type": "number"},
        },
        "libraries": {
            "type": "object",
            "required": ["python", "scikit-learn", "skops"],
            "additionalProperties": {"type": "string"},
        },
    },
}


class ArtifactError(ValueError):
    """An artifact folder is incomplete, altered or invalid; the message names the file."""


@dataclass(frozen=True)
class Artifact:
    """A packaged model on disk.

    Attributes
    ----------
    path : pathlib.Path
        The artifact folder.
    metadata : dict
        The content of ``metadata.json``.
    manifest_sha256 : str
        SHA-256 of ``SHA256SUMS``: one value that pins every file of the artifact.
    """

    path: Path
    metadata: dict
    manifest_sha256: str

    @property
    def name(self) -> str:
        return self.metadata["name"]

    @property
    def version(self) -> str:
        return self.metadata["version"]

    @property
    def model_sha256(self) -> str:
        return self.metadata["model"]["sha256"]


def package_model(
    model,
    path: str | Path,
    *,
    training_data,
    metrics: dict[str, float],
    name: str,
    version: str,
    features: list[str] | None = None,
    target: str | None = None,
    description: str = "",
    created_at: datetime | None = None,
    overwrite: bool = False,
) -> Artifact:
    """Save a fitted model with skops, its metadata and hashes, in a new artifact folder.

    Parameters
    ----------
    model : estimator
        A fitted scikit-learn compatible model.
    path : str or pathlib.Path
        The artifact folder to create. It is written in a temporary folder beside it and
        renamed into place, so it never exists half written.
    training_data : DataFrame, ndarray, path, or a tuple such as ``(X, y)``
        The data the model was trained on; its SHA-256 goes in the metadata. The feature
        schema comes from its first table (``X``).
    metrics : dict of str to float
        Evaluation metrics, e.g. ``{"roc_auc": 0.84}``; at least one, all finite.
    name : str
        Model name: lowercase letters, digits and dashes (it becomes a deployment name).
    version : str
        Version label, e.g. ``"1.4.0"``.
    features : list of str, optional
        Feature columns, in order. Default: the model's ``feature_names_in_`` if it has them,
        else every column of the table except ``target``.
    target : str, optional
        Target column to leave out of the schema when ``training_data`` is a single table.
    description : str, optional
    created_at : datetime, optional
        Creation time (UTC); default now.
    overwrite : bool, default=False
        Replace an existing folder at ``path``.

    Returns
    -------
    Artifact

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> from datetime import datetime, UTC
    >>> from sklearn.linear_model import LogisticRegression
    >>> X = pd.DataFrame({"tenure": [1, 5, 30, 40], "calls": [4, 3, 0, 1]})
    >>> model = LogisticRegression().fit(X, [1, 1, 0, 0])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     artifact = package_model(model, f"{tmp}/churn", training_data=X,
    ...                              metrics={"accuracy": 1.0}, name="churn", version="1.0.0",
    ...                              created_at=datetime(2026, 11, 28, tzinfo=UTC))
    ...     loaded = load_model(artifact.path)
    >>> artifact.metadata["training_data"]["sha256"][:12], artifact.metadata["created_at"]
    ('da9f89984a56', '2026-11-28T00:00:00Z')
    >>> [f["name"] for f in artifact.metadata["feature_schema"]], loaded.predict(X).tolist()
    (['tenure', 'calls'], [1, 1, 0, 0])
    """
    import skops.io as sio
    from jsonschema import Draft202012Validator

    path = Path(path)
    _check_fitted(model)
    _check_pattern("name", name, NAME_PATTERN)
    _check_pattern("version", version, VERSION_PATTERN)
    metrics = _check_metrics(metrics)
    if created_at is None:
        created_at = datetime.now(UTC)
    elif created_at.tzinfo is None:
        raise ValueError(f"created_at must be timezone-aware (UTC), got {created_at!r}")
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} already exists (pass overwrite=True to replace it)")

    data_sha256, data_info = hash_training_data(training_data)
    table = training_data[0] if isinstance(training_data, (tuple, list)) else training_data
    if isinstance(table, (str, Path)):
        raise TypeError(
            "training_data: give the table itself (or (X, y)) so that the feature "
            "schema can be recorded; a file path alone is not enough"
        )
    if features is None and hasattr(model, "feature_names_in_"):
        features = [str(f) for f in model.feature_names_in_]
    elif features is None and target is not None and hasattr(table, "columns"):
        features = [str(c) for c in table.columns if c != target]
    schema = feature_schema(table, features)

    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.parent / f".{path.name}.tmp-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        sio.dump(model, staging / MODEL_FILE)
        trusted = sorted(sio.get_untrusted_types(file=staging / MODEL_FILE))
        meta = {
            "format": FORMAT,
            "name": name,
            "version": version,
            "description": description,
            "created_at": created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "model": {
                "file": MODEL_FILE,
                "format": "skops",
                "sha256": sha256_file(staging / MODEL_FILE),
                "class": f"{type(model).__module__}.{type(model).__qualname__}",
                "trusted_types": trusted,
            },
            "training_data": {"sha256": data_sha256, **data_info},
            "feature_schema": schema,
            "metrics": metrics,
            "libraries": _library_versions(model),
        }
        errors = sorted(Draft202012Validator(METADATA_SCHEMA).iter_errors(meta), key=str)
        if errors:  # a bug here, or odd input that slipped through the checks above
            raise ValueError(f"metadata would be invalid: {errors[0].message}")
        _write_json(staging / METADATA_FILE, meta)
        manifest = "".join(
            f"{sha256_file(staging / file)}  {file}\n" for file in (MODEL_FILE, METADATA_FILE)
        )
        _write_text(staging / MANIFEST_FILE, manifest)
        _fsync_dir(staging)
        if path.exists():
            shutil.rmtree(path)
        os.rename(staging, path)
        _fsync_dir(path.parent)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return verify_artifact(path)


def verify_artifact(path: str | Path, *, expected_manifest_sha256: str | None = None) -> Artifact:
    """Check an artifact folder without loading the model: files present, hashes, metadata.

    Parameters
    ----------
    path : str or pathlib.Path
    expected_manifest_sha256 : str, optional
        The SHA-256 that ``SHA256SUMS`` must have (pinned by a registry or a deploy config).

    Returns
    -------
    Artifact

    Raises
    ------
    ArtifactError
        Naming the file that is missing, altered or invalid.
    """
    from jsonschema import Draft202012Validator

    path = Path(path)
    if not path.is_dir():
        raise ArtifactError(f"{path}: not an artifact folder")
    for file in (MANIFEST_FILE, METADATA_FILE, MODEL_FILE):
        if not (path / file).is_file():
            raise ArtifactError(f"{path / file} is missing")
    manifest_sha256 = sha256_file(path / MANIFEST_FILE)
    if expected_manifest_sha256 is not None and manifest_sha256 != expected_manifest_sha256:
        raise ArtifactError(
            f"{path / MANIFEST_FILE} does not match the pinned sha256 "
            f"(expected {expected_manifest_sha256[:12]}…, got {manifest_sha256[:12]}…)"
        )
    listed = _read_manifest(path / MANIFEST_FILE)
    for file in (MODEL_FILE, METADATA_FILE):
        if file not in listed:
            raise ArtifactError(f"{path / MANIFEST_FILE} does not list {file}")
        actual = sha256_file(path / file)
        if actual != listed[file]:
            raise ArtifactError(
                f"{path / file} does not match its recorded sha256 (expected "
                f"{listed[file][:12]}…, got {actual[:12]}…): it was changed after packaging"
            )
    try:
        meta = json.loads((path / METADATA_FILE).read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ArtifactError(f"{path / METADATA_FILE} is not valid JSON: {exc}") from exc
    errors = sorted(Draft202012Validator(METADATA_SCHEMA).iter_errors(meta), key=str)
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "top level"
        raise ArtifactError(f"{path / METADATA_FILE} is invalid at {where}: {errors[0].message}")
    if meta["model"]["sha256"] != listed[MODEL_FILE]:
        raise ArtifactError(
            f"{path / METADATA_FILE} records a model sha256 that differs from {MANIFEST_FILE}"
        )
    return Artifact(path, meta, manifest_sha256)


def load_model(
    path: str | Path,
    *,
    trusted: list[str] | None = None,
    expected_manifest_sha256: str | None = None,
    training_data=None,
):
    """Load a packaged model after checking every hash; refuse an altered artifact.

    Parameters
    ----------
    path : str or pathlib.Path
        The artifact folder.
    trusted : list of str, optional
        Types skops may build beyond its defaults. Default: the ones recorded when the
        artifact was packaged (safe once the hashes match); any other type is refused.
    expected_manifest_sha256 : str, optional
        Pin the whole artifact (see :func:`verify_artifact`).
    training_data : optional
        If given, its SHA-256 must equal the one recorded: the model was trained on it.

    Returns
    -------
    The model.

    Raises
    ------
    ArtifactError
        A file is missing or altered, the metadata is invalid, the training data differ, or
        the model file needs a type that is not trusted. The message names the file.
    """
    import skops.io as sio

    artifact = verify_artifact(path, expected_manifest_sha256=expected_manifest_sha256)
    model_path = artifact.path / MODEL_FILE
    if training_data is not None:
        digest, _ = hash_training_data(training_data)
        if digest != artifact.metadata["training_data"]["sha256"]:
            raise ArtifactError(
                f"{artifact.path / METADATA_FILE} records other training data "
                f"(sha256 {artifact.metadata['training_data']['sha256'][:12]}…, "
                f"given {digest[:12]}…)"
            )
    allowed = set(artifact.metadata["model"]["trusted_types"] if trusted is None else trusted)
    untrusted = sorted(set(sio.get_untrusted_types(file=model_path)) - allowed)
    if untrusted:
        raise ArtifactError(f"{model_path} needs types that are not trusted: {untrusted}")
    return sio.load(model_path, trusted=sorted(allowed))


# ------------------------------------------------------------------------------- helpers


def _check_fitted(model) -> None:
    try:
        from sklearn.base import BaseEstimator
        from sklearn.exceptions import NotFittedError
        from sklearn.utils.validation import check_is_fitted
    except ImportError:  # pragma: no cover - scikit-learn is a dependency
        return
    if isinstance(model, BaseEstimator):
        try:
            check_is_fitted(model)
        except NotFittedError as exc:
            raise ValueError(f"model must be fitted before packaging, got {model!r}") from exc


def _check_pattern(argument: str, value: object, pattern: str) -> None:
    if not isinstance(value, str) or not re.match(pattern, value):
        raise ValueError(f"{argument} must match {pattern}, got {value!r}")


def _check_metrics(metrics: object) -> dict[str, float]:
    if not isinstance(metrics, dict) or not metrics:
        raise ValueError(f"metrics must be a non-empty dict of name to number, got {metrics!r}")
    checked = {}
    for key, value in metrics.items():
        ok = isinstance(key, str) and key and not isinstance(value, bool)
        try:
            number = float(value)
        except (TypeError, ValueError):
            ok = False
        if not ok or not math.isfinite(number):
            raise ValueError(f"metrics must map names to finite numbers, got {key!r}: {value!r}")
        checked[key] = number
    return checked


def _library_versions(model) -> dict[str, str]:
    versions = {"python": platform.python_version()}
    top = type(model).__module__.split(".")[0]
    names = list(LIBRARIES) + ([top] if top not in ("sklearn", "builtins") else [])
    for name in names:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            continue
    return versions


def _read_manifest(path: Path) -> dict[str, str]:
    listed = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        digest, _, file = line.partition("  ")
        if re.fullmatch(r"[0-9a-f]{64}", digest) and file:
            listed[file.strip()] = digest
    if not listed:
        raise ArtifactError(f"{path} lists no file hashes")
    return listed


def _write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _write_json(path: Path, data: dict) -> None:
    _write_text(path, json.dumps(data, indent=2, sort_keys=False) + "\n")


def _fsync_dir(path: Path) -> None:
    """Make a rename or a new file in ``path`` durable (POSIX; a no-op elsewhere)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # e.g. Windows cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
