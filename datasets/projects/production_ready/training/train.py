"""Train the forecaster and store it with skops, its hash and its metadata."""

import argparse
import hashlib
import json
import subprocess
from datetime import date
from pathlib import Path

import pandas as pd
import skops.io as sio
from sklearn.ensemble import HistGradientBoostingRegressor


def main(out: Path):
    data = pd.read_csv("data/latest.csv")
    model = HistGradientBoostingRegressor(random_state=0)
    model.fit(pd.get_dummies(data.drop(columns="units_sold")), data["units_sold"])
    blob = sio.dumps(model)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    meta = {
        "model_version": date.today().strftime("%Y.%m.%d"),
        "sha256": hashlib.sha256(blob).hexdigest(),
        "code_commit": commit.strip(),
        "trusted_types": sio.get_untrusted_types(data=blob),
    }
    (out / "sales_model.skops").write_bytes(blob)
    (out / "sales_model.json").write_text(json.dumps(meta, indent=2))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("models"))
    main(parser.parse_args().out)
