# Wrong: compares each day with the first serving day instead of the training data.
def diagnose(train, serving, daily_error):
    dates = sorted(serving["date"].unique())
    domains = learn_domains(serving[serving["date"] == dates[0]])
    for date in dates[1:]:
        if len(unseen_rows(domains, serving[serving["date"] == date])):
            return {"kind": "incident", "start": pd.Timestamp(date)}
    errors = daily_error.sort_index()
    ratio = errors.iloc[-7:].mean() / errors.iloc[:7].mean()
    return {"kind": "drift" if ratio >= 2 else "stable", "start": None}
