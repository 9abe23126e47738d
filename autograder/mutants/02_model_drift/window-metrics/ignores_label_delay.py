# Wrong: ignores the label delay, as if today's labels were already known.
def labelled_window(fleet, model, today, window=3, label_delay=1):
    last = today
    if last < 0:
        return None
    batches = [fleet.batch(model, day) for day in range(max(0, last - window + 1), last + 1)]
    y = np.concatenate([b.y for b in batches])
    pred = np.concatenate([b.y_pred for b in batches])
    if fleet.spec(model).task == "classification":
        score = np.concatenate([b.y_score for b in batches])
        p, r, f, _ = metrics.precision_recall_fscore_support(
            y, pred, average="binary", zero_division=0
        )
        auc = metrics.roc_auc_score(y, score) if 0 < y.sum() < y.size else float("nan")
        return {"precision": float(p), "recall": float(r), "f1": float(f), "roc_auc": float(auc)}
    return {
        "rmse": float(np.sqrt(metrics.mean_squared_error(y, pred))),
        "mae": float(metrics.mean_absolute_error(y, pred)),
        "r2": float(metrics.r2_score(y, pred)),
    }
