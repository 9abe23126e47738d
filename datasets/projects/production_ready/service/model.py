"""Load the model safely: skops format, an allow-list of types and a hash check."""

import hashlib
import json
from pathlib import Path

import skops.io as sio

MODELS = Path(__file__).resolve().parents[1] / "models"


def load_model(name="sales_model"):
    meta = json.loads((MODELS / f"{name}.json").read_text())
    blob = (MODELS / f"{name}.skops").read_bytes()
    if hashlib.sha256(blob).hexdigest() != meta["sha256"]:
        raise RuntimeError(f"{name}.skops does not match the hash in its metadata")
    model = sio.loads(blob, trusted=meta["trusted_types"])
    return model, meta["model_version"]
