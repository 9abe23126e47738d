# Wrong: model_sha256 is the hash of pickle.dumps(model), not of the file that was written.
import pickle
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
    sio.dump(model, folder / "model.skops")
    metadata = {
        "created_at": datetime.now(UTC).isoformat(),
        "model_sha256": hashlib.sha256(pickle.dumps(model)).hexdigest(),
        "training_data_sha256": hash_training_data((X, y))[0],
        "features": [str(column) for column in X.columns],
        "metrics": {name: float(value) for name, value in metrics.items()},
        "libraries": {name: version(name) for name in ("scikit-learn", "skops", "numpy", "pandas")},
    }
    (folder / "metadata.json").write_text(json.dumps(metadata, indent=2))
    return metadata


def load_checked(folder):
    """Load the model only if model.skops matches the recorded SHA-256."""
    folder = Path(folder)
    metadata = json.loads((folder / "metadata.json").read_text())
    model_path = folder / "model.skops"
    if not model_path.is_file():
        raise ValueError(f"{model_path} is missing")
    actual = sha256_of(model_path)
    if actual != metadata["model_sha256"]:
        raise ValueError(f"{model_path} does not match its recorded sha256: it was changed")
    return sio.load(model_path, trusted=sio.get_untrusted_types(file=model_path))

