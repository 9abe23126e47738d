# Wrong: calls drift at a 1.2x error increase instead of 2x, so ordinary noise becomes "drift".
def diagnose(train, serving, daily_error):
    domains = learn_domains(train)
    for date in sorted(serving["date"].unique()):
        if len(unseen_rows(domains, serving[serving["date"] == date])):
            return {"kind": "incident", "start": pd.Timestamp(date)}
    errors = daily_error.sort_index()
    ratio = errors.iloc[-7:].mean() / errors.iloc[:7].mean()
    return {"kind": "drift" if ratio >= 1.2 else "stable", "start": None}
