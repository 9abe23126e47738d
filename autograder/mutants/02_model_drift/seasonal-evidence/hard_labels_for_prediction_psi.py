# Wrong: prediction PSI of a classifier computed on the 0/1 labels, not the scores.
from interviewlab.drift import psi, window_metrics


def evidence(fleet, model):
    spec = fleet.spec(model)
    ref = fleet.reference(model)
    hold = fleet.holdout(model)
    baseline = window_metrics(hold.y, hold.y_pred, task=spec.task, y_score=hold.y_score)
    feature, prediction, drop = [], [], []
    for day in range(fleet.n_days):
        batch = fleet.batch(model, day)
        feature.append(max(psi(ref.X[:, j], batch.X[:, j]) for j in range(ref.X.shape[1])))
        prediction.append(psi(ref.y_pred, batch.y_pred, binning="evidently"))
        today = window_metrics(batch.y, batch.y_pred, task=spec.task, y_score=batch.y_score)
        drop.append(performance_drop(today, baseline, task=spec.task))
    return {
        "feature_psi": float(np.median(feature)),
        "prediction_psi": float(np.median(prediction)),
        "performance_drop": float(np.median(drop)),
    }


def is_benign(ev):
    return bool(
        ev["feature_psi"] >= 0.25 and ev["prediction_psi"] < 0.1 and ev["performance_drop"] < 0.1
    )
