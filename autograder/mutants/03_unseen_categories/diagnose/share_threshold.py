# Wrong: an incident only when at least 5% of a day's rows are unseen; one stray row is ignored.
def diagnose(train, serving, daily_error):
    domains = learn_domains(train)
    for date in sorted(serving["date"].unique()):
        day = serving[serving["date"] == date]
        if len(unseen_rows(domains, day)) / len(day) >= 0.05:
            return {"kind": "incident", "start": pd.Timestamp(date)}
    errors = daily_error.sort_index()
    ratio = errors.iloc[-7:].mean() / errors.iloc[:7].mean()
    return {"kind": "drift" if ratio >= 2 else "stable", "start": None}
