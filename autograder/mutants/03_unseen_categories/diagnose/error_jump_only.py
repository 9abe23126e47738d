# Wrong: judges from the error alone: a day-to-day jump of more than 2x is called an incident.
def diagnose(train, serving, daily_error):
    errors = daily_error.sort_index()
    jumps = errors / errors.shift(1)
    if (jumps > 2).any():
        return {"kind": "incident", "start": pd.Timestamp(jumps.index[jumps > 2][0])}
    ratio = errors.iloc[-7:].mean() / errors.iloc[:7].mean()
    return {"kind": "drift" if ratio >= 2 else "stable", "start": None}
