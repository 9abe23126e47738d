# Wrong: no gate: the candidate is always deployed, whatever its held-out error.
def retrain_with_gate(old_model, history, recent, holdout_days=7):
    dates = sorted(recent["date"].unique())
    in_holdout = recent["date"].isin(dates[-holdout_days:])
    train = pd.concat([history, recent[~in_holdout]])
    holdout = recent[in_holdout]
    candidate = build_forecaster().fit(train[list(FEATURES)], train[TARGET])
    old_mae = mae(holdout[TARGET], old_model.predict(holdout[list(FEATURES)]))
    new_mae = mae(holdout[TARGET], candidate.predict(holdout[list(FEATURES)]))
    return candidate, {"old_mae": old_mae, "new_mae": new_mae, "accepted": True}
