# Wrong: the candidate is trained on the old history only, so it never learns the new flavours.
def retrain_with_gate(old_model, history, recent, holdout_days=7):
    dates = sorted(recent["date"].unique())
    holdout = recent[recent["date"].isin(dates[-holdout_days:])]
    candidate = build_forecaster().fit(history[list(FEATURES)], history[TARGET])
    old_mae = mae(holdout[TARGET], old_model.predict(holdout[list(FEATURES)]))
    new_mae = mae(holdout[TARGET], candidate.predict(holdout[list(FEATURES)]))
    accepted = bool(new_mae < old_mae)
    return (candidate if accepted else old_model), {"old_mae": old_mae, "new_mae": new_mae,
                                                   "accepted": accepted}
