# Wrong: calls any input shift benign without checking predictions and performance.
from interviewlab.drift import psi, window_metrics


def evidence(fleet, model):
    spec = fleet.spec(model)
    classifier = spec.task == "classification"
    output = (lambda b: b.y_score) if classifier else (lambda b: b.y_pred)
    ref = fleet.reference(model)
    hold = fleet.holdout(model)
    baseline = window_metrics(hold.y, hold.y_pred, task=spec.task, y_score=hold.y_score)
    feature, prediction, drop = [], [], []
    for day in range(fleet.n_days):
        batch = fleet.batch(model, day)
        feature.append(max(psi(ref.X[:, j], batch.X[:, j]) for j in range(ref.X.shape[1])))
        prediction.append(psi(output(ref), output(batch)))
        today = window_metrics(batch.y, batch.y_pred, task=spec.task, y_score=batch.y_score)
        drop.append(performance_drop(today, baseline, task=spec.task))
    return {
        "feature_psi": float(np.median(feature)),
        "prediction_psi": float(np.median(prediction)),
        "performance_drop": float(np.median(drop)),
    }


def is_benign(ev):
    return bool(ev["feature_psi"] >= 0.25)
