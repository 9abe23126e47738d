# Wrong: the gate scores both models on the candidate's own training rows (leakage), not held-out days.
def retrain_with_gate(old_model, history, recent, holdout_days=7):
    train = pd.concat([history, recent])
    candidate = build_forecaster().fit(train[list(FEATURES)], train[TARGET])
    old_mae = mae(train[TARGET], old_model.predict(train[list(FEATURES)]))
    new_mae = mae(train[TARGET], candidate.predict(train[list(FEATURES)]))
    accepted = bool(new_mae < old_mae)
    return (candidate if accepted else old_model), {"old_mae": old_mae, "new_mae": new_mae,
                                                   "accepted": accepted}
