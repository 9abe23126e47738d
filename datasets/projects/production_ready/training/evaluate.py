"""Quality gate: the candidate may not be more than a few percent worse than production."""

import argparse
import sys

from sklearn.metrics import mean_absolute_error


def gate(candidate_mae, production_mae, max_mae_ratio):
    return candidate_mae <= max_mae_ratio * production_mae


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-mae-ratio", type=float, default=1.05)
    args = parser.parse_args()
    from service.model import load_model

    candidate, _ = load_model("candidate")
    production, _ = load_model("sales_model")
    holdout = __import__("pandas").read_csv("data/holdout.csv")
    X, y = holdout.drop(columns="units_sold"), holdout["units_sold"]
    ok = gate(mean_absolute_error(y, candidate.predict(X)), mean_absolute_error(y, production.predict(X)),
              args.max_mae_ratio)
    sys.exit(0 if ok else 1)
