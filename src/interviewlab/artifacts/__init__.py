"""Topic 1: model artifacts, a local model registry and templated deployment specs.

:func:`package_model` saves a fitted model with skops together with its metadata (version,
creation time, SHA-256 of the training data and of the model file, feature schema, metrics,
library versions); :func:`load_model` refuses an artifact whose hashes do not match.
:class:`ModelRegistry` keeps versions and stages (staging, production) in a folder with an
append-only log that survives a crash. :func:`render_deployments` writes one deployment spec
per model from a single template and a table of models.
"""

from interviewlab.artifacts._data import ChurnData, make_churn_data
from interviewlab.artifacts._deploy import (
    DEFAULT_TEMPLATE,
    DEPLOYMENT_SCHEMA,
    ModelTable,
    RenderResult,
    SpecError,
    make_model_table,
    render_deployments,
)
from interviewlab.artifacts._hashing import feature_schema, hash_training_data, sha256_file
from interviewlab.artifacts._package import (
    METADATA_SCHEMA,
    Artifact,
    ArtifactError,
    load_model,
    package_model,
    verify_artifact,
)
from interviewlab.artifacts._registry import STAGES, ModelRegistry, ModelVersion, RegistryError

__all__ = [
    "DEFAULT_TEMPLATE",
    "DEPLOYMENT_SCHEMA",
    "METADATA_SCHEMA",
    "STAGES",
    "Artifact",
    "ArtifactError",
    "ChurnData",
    "ModelRegistry",
    "ModelTable",
    "ModelVersion",
    "RegistryError",
    "RenderResult",
    "SpecError",
    "feature_schema",
    "hash_training_data",
    "load_model",
    "make_churn_data",
    "make_model_table",
    "package_model",
    "render_deployments",
    "sha256_file",
    "verify_artifact",
]
