# Wrong: load_checked loads the model without comparing its hash with the metadata.
from datetime import UTC, datetime
from importlib.metadata import version

import skops.io as sio


def sha256_of(path):
    """SHA-256 of a file's bytes, as 64 hex digits."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def package(model, folder, *, X, y, metrics):
    """Save the model with skops and write metadata.json; return the metadata."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    model_path = folder / "model.skops"
    sio.dump(model, model_path)
    metadata = {
        "created_at": datetime.now(UTC).isoformat(),
        "model_sha256": sha256_of(model_path),
        "training_data_sha256": hash_training_data((X, y))[0],
        "features": [str(column) for column in X.columns],
        "metrics": {name: float(value) for name, value in metrics.items()},
        "libraries": {name: version(name) for name in ("scikit-learn", "skops", "numpy", "pandas")},
    }
    (folder / "metadata.json").write_text(json.dumps(metadata, indent=2))
    return metadata


def load_checked(folder):
    """Load the model only if model.skops matches the recorded SHA-256."""
    model_path = Path(folder) / "model.skops"
    return sio.load(model_path, trusted=sio.get_untrusted_types(file=model_path))
