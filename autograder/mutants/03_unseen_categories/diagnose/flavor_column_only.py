# Wrong: looks for new values in the flavor column only; a new store is missed.
def diagnose(train, serving, daily_error):
    known = set(train["flavor"])
    for date in sorted(serving["date"].unique()):
        day = serving[serving["date"] == date]
        if (~day["flavor"].isin(known)).any():
            return {"kind": "incident", "start": pd.Timestamp(date)}
    errors = daily_error.sort_index()
    ratio = errors.iloc[-7:].mean() / errors.iloc[:7].mean()
    return {"kind": "drift" if ratio >= 2 else "stable", "start": None}
